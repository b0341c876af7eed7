"""Shared fixtures: a private copy of the shipped data that a test may break (helpers shared
with the benchmarks are in :mod:`testkit`)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from testkit.pages import SHIPPED, read_csv, write_csv


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED, target)
    return target


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
