"""Shared fixtures: a private copy of the shipped data that a test may break (helpers shared
with the benchmarks are in :mod:`testkit`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

# Before anything reads geo.paths: the page and the core default to the frozen test data, so
# that a data update changes no test's figures (tests of data/ itself name SHIPPED).
os.environ.setdefault("BIM_DATA_DIR", os.path.join(os.path.dirname(__file__), "fixtures",
                                                   "frozen-data"))

from testkit.pages import FROZEN, read_csv, write_csv


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the test data folder."""
    target = tmp_path / "data"
    shutil.copytree(FROZEN, target)
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


@pytest.fixture
def bad_date_data(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The page's data folder: the test data with a date that does not exist (line 5's
    date_start is 2023-09-31), so the page lists a data problem."""
    path = data_dir / "incidents.csv"
    text = path.read_text("utf-8")
    path.write_text(text.replace("2023-09-06,2023-09-06", "2023-09-31,2023-09-06"), "utf-8")
    from geo import paths
    monkeypatch.setenv("BIM_DATA_DIR", str(data_dir))
    monkeypatch.setattr(paths, "DATA_DIR", data_dir)
    return data_dir


@pytest.fixture(autouse=True)
def _no_parse_child_ahead():
    """No test is given a parse child another test started ahead (for its interpreter and
    data folder), and none is left waiting after it."""
    from dashboard import parse_worker

    parse_worker.stand_down()
    yield
    parse_worker.stand_down()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """How ``make test`` shares the tests between two workers (pytest-xdist's ``loadgroup``):
    the browser tests, which share one app and one Chromium and are the ones most timing
    matters to, all on one worker; every other file on either, whole (its module fixtures
    are made once)."""
    for item in items:
        path = Path(str(item.fspath))
        group = "browser" if path.parent.name == "browser" else path.stem
        item.add_marker(pytest.mark.xdist_group(group))
