"""The command line: validate, geocode, table."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from geo import paths


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=120)


def test_validate_passes_on_shipped_data() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stdout


def test_validate_fails_on_a_bad_file(edit_rows, data_dir: Path) -> None:
    edit_rows("incidents.csv", 2, date_start="2025-02-30")
    result = run("--data-dir", str(data_dir), "validate")
    assert result.returncode == 1
    assert "incidents.csv, line 4: date_start: not a real date" in result.stderr


def test_geocode_prints_json() -> None:
    result = run("geocode", "Darvaz district", "--country", "TJ")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["name"] == "Darvoz District" and found["country"] == "TJ"
    assert found["admin1"] == "Gorno-Badakhshan" and found["level"] == "district"
    assert abs(found["latitude"] - 38.49) < 0.01 and abs(found["longitude"] - 70.72) < 0.01


def test_geocode_errors_are_clear() -> None:
    ambiguous = run("geocode", "Darvaz district")
    assert ambiguous.returncode == 2 and "ambiguous" in ambiguous.stderr
    unknown = run("geocode", "Atlantis")
    assert unknown.returncode == 1 and "not in the gazetteer" in unknown.stderr


def test_table_prints_the_geocoded_csv() -> None:
    result = run("table")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 13
    for column in ("incident_id", "latitude", "longitude", "location_precision",
                   "distance_to_border_km", "admin1", "admin2"):
        assert column in rows[0]
    dovang = next(r for r in rows if r["incident_id"] == "2025-08-24-dovang")
    assert dovang["admin2"] == "Shahri Buzurg" and float(dovang["distance_to_border_km"]) > 0
    assert dovang["date_start"] == "2025-08-24"
