"""The shipped data and the page as the tests and benchmarks open them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from geo import paths

SHIPPED = paths.ROOT / "data"
APP = str(paths.ROOT / "dashboard" / "app.py")

# The incident layer's call, as the map's script or streamlit-folium's layer string holds it.
_LAYER_CALL = re.compile(r"L\.bim\.incidentLayer\([^,]+, [^,]+, (\{.*?\}), \{")


def layer_json(script: str) -> dict[str, Any]:
    """The data the incident layer draws from, out of a rendered map or layer script."""
    match = _LAYER_CALL.search(script)
    if match is None:
        raise AssertionError("no incident layer in this script")
    return json.loads(match.group(1))


def opened(at: AppTest) -> AppTest:
    """The page as a viewer has it once open: a session's first run draws what is above and
    beside the map (``dashboard.map_first``); the next run, which in a browser the map's first
    report starts, draws the rest."""
    at.run()
    at.run()
    return at


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file as dicts of text."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows (dicts of text, the first row's keys as the header)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
