"""Shared fixtures: a private copy of the shipped data that a test may break."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from geo import paths

SHIPPED = paths.ROOT / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def edit_rows(data_dir: Path) -> Callable[..., Path]:
    """Change one row of a data file: ``edit_rows("incidents.csv", 0, date_end="x")``."""

    def edit(filename: str, index: int, **changes: str) -> Path:
        path = data_dir / filename
        rows = read_csv(path)
        rows[index].update(changes)
        write_csv(path, rows)
        return path

    return edit
