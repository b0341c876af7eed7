"""A problem found in an input file: which file, line and field, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding. An ``error`` row is left out of the typed table; a ``warning`` is not."""

    file: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        what = f"{self.field}: " if self.field else ""
        return f"{where}: {what}{self.message}" + (
            " (warning)" if self.severity == "warning" else ""
        )


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors."""
    return [p for p in problems if p.severity == "error"]
