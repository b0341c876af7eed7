"""Shared fixtures: a private copy of the shipped data that a test may break; the page as
AppTest opens it."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths

SHIPPED = paths.ROOT / "data"
APP = str(paths.ROOT / "dashboard" / "app.py")


def opened(at: AppTest) -> AppTest:
    """The page as a viewer has it once open: a session's first run draws what is above and
    beside the map (``dashboard.map_first``); the next run, which in a browser the map's first
    report starts, draws the rest."""
    at.run()
    at.run()
    return at


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
