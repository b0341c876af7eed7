"""Where the shipped data lives (overridable with BIM_DATA_DIR for tests and deployments)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("BIM_DATA_DIR", ROOT / "data"))
BORDER_FILE = "border.geojson"
COUNTRIES_FILE = "countries.geojson"
CONTEXT_FILE = "conflict.json"
