"""A problem found in an input file: which file, line and field, and what is wrong.

A problem is made once per load, and a load is shared by readers of every language: what is
wrong is kept as a :class:`geo.i18n.Message` (an English template marked with ``N_`` and its
values) and put in words where it is shown: :meth:`Problem.text` in the reader's language,
``str()`` in English (the CLI, ``python -m geo validate``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from geo.i18n import N_, Message, _

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding. An ``error`` row is left out of the typed table; a ``warning`` is not.

    ``what``: a :class:`~geo.i18n.Message`, or a template with no fields (``N_("...")``),
    kept as a message."""

    file: str
    line: int | None
    field: str | None
    what: Message
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if isinstance(self.what, str):
            object.__setattr__(self, "what", Message(self.what))

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return str(self.what)

    def text(self) -> str:
        """The whole problem in the language in use (what the page shows)."""
        return self.render(english=False)

    def render(self, *, english: bool) -> str:
        """'file, line 3: field: what is wrong (warning)', in English or the language in use."""
        def words(template: str) -> str:
            return template if english else _(template)

        where = self.file if self.line is None else words(N_("{file}, line {line}")).format(
            file=self.file, line=self.line)
        what = f"{self.field}: " if self.field else ""
        warning = words(N_(" (warning)")) if self.severity == "warning" else ""
        return f"{where}: {what}{self.what.render(english=english)}{warning}"

    def __str__(self) -> str:
        return self.render(english=True)


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are errors."""
    return [p for p in problems if p.severity == "error"]
