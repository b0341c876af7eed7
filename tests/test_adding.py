"""Adding an incident: geocoded, validated whole, written atomically, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import adding, paths
from geo.adding import AddError, NewIncident, add_incident, date_interval
from geo.loading import load_dataset


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def new(**changes) -> NewIncident:
    base = dict(incident_id="2026-02-10-kevron", date="2026-02-10", event_type="infiltration",
                place="Kevron", country="TJ", location_precision="district",
                side_a="Militants from Afghanistan", summary="A test incident.",
                source_title="Test source", source_url="https://example.org/report",
                claims=[{"group": "militants", "killed": "2", "claimed_by": "tajik_authorities"}])
    base.update(changes)
    return NewIncident(**base)


def test_date_forms() -> None:
    assert date_interval("2026-01") == ("2026-01-01", "2026-01-31", "month")
    assert date_interval("2024") == ("2024-01-01", "2024-12-31", "year")
    assert date_interval("2025-11-17", "2025-11-18") == ("2025-11-17", "2025-11-18", "day")
    with pytest.raises(AddError):
        date_interval("17/11/2025")


def test_adds_a_geocoded_validated_incident(data_dir: Path) -> None:
    saved = add_incident(data_dir, new())
    assert "placed at Darvoz District" in saved["geocoded_to"]
    data = load_dataset(data_dir)
    assert data.problems == []
    assert "2026-02-10-kevron" in set(data.incidents["incident_id"])
    assert len(data.casualties[data.casualties["incident_id"] == "2026-02-10-kevron"]) == 1
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("changes", "words"), [
    ({"place": "Atlantis"}, "not in the gazetteer"),
    ({"source_url": "javascript:alert(1)"}, "source_url"),
    ({"incident_id": "2025-12-25-kavo"}, "duplicate"),
    ({"claims": [{"group": "militants", "killed": "-1", "claimed_by": "tajik_authorities"}]},
     "killed"),
    ({"event_type": "skirmish"}, "event_type"),
])
def test_invalid_input_writes_nothing(data_dir: Path, changes, words: str) -> None:
    before = snapshot(data_dir)
    with pytest.raises(AddError, match=words):
        add_incident(data_dir, new(**changes))
    assert snapshot(data_dir) == before


def test_a_new_place_from_an_online_lookup(data_dir: Path) -> None:
    place = {"place_id": "new-post", "name": "New Post", "country": "TJ", "admin1": "Khatlon",
             "level": "village", "lat": "37.8", "lon": "70.1", "point_kind": "point",
             "radius_km": "2", "coord_source": "Nominatim (test)"}
    add_incident(data_dir, new(place="New Post", location_precision="exact"), place)
    data = load_dataset(data_dir)
    assert data.problems == [] and "new-post" in set(data.places["place_id"])


def test_an_interrupted_save_leaves_the_data_intact(data_dir: Path, monkeypatch) -> None:
    before = snapshot(data_dir)
    calls = []
    real_replace = os.replace

    def crash_on_write(src, dst):
        calls.append(dst)
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(adding.os, "replace", crash_on_write)
    with pytest.raises(KeyboardInterrupt):
        add_incident(data_dir, new())
    assert calls  # it got as far as replacing a file
    assert snapshot(data_dir) == before  # ...and the originals are untouched, no temp files
    monkeypatch.setattr(adding.os, "replace", real_replace)

    # A crash between two renames (incidents written, claims not) still leaves valid data.
    done = []

    def crash_after_first(src, dst):
        if done:
            raise KeyboardInterrupt("power cut")
        done.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(adding.os, "replace", crash_after_first)
    with pytest.raises(KeyboardInterrupt):
        add_incident(data_dir, new())
    assert Path(done[0]).name == "incidents.csv"
    assert load_dataset(data_dir).problems == []
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]


def test_the_add_command(data_dir: Path) -> None:
    args = [sys.executable, "-m", "geo", "--data-dir", str(data_dir), "add",
            "--id", "2026-01-mohi-mai", "--date", "2026-01", "--type", "cross_border_fire",
            "--place", "Mohi Mai district", "--country", "AF", "--location-precision",
            "district", "--side-a", "Unidentified gunmen", "--summary", "Test.",
            "--source-title", "Test", "--source-url", "https://example.org/x",
            "--claim",
            "group=civilians,killed=1,injured=2,claimed_by=tajik_authorities,nationality=CN"]
    result = subprocess.run(args, capture_output=True, text=True, cwd=paths.ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2026-01-01…2026-01-31, month" in result.stdout
    unknown = subprocess.run([*args[:13], "Nowhere", *args[14:]], capture_output=True,
                             text=True, cwd=paths.ROOT, timeout=60)
    assert unknown.returncode == 1 and "--online" in unknown.stderr


def test_online_lookup_without_network_fails_fast_and_writes_nothing(data_dir: Path,
                                                                     tmp_path: Path) -> None:
    before = snapshot(data_dir)
    args = [sys.executable, "-m", "geo", "--data-dir", str(data_dir), "add",
            "--id", "2026-03-01-x", "--date", "2026-03-01", "--type", "armed_clash",
            "--place", "Some unlisted village", "--country", "TJ", "--location-precision",
            "exact", "--side-a", "A", "--summary", "Test.", "--source-title", "T",
            "--source-url", "https://example.org/x", "--online", "--add-place"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run(args, capture_output=True, text=True, cwd=paths.ROOT, timeout=60,
                            env=env)
    assert result.returncode == 3 and "unavailable" in result.stderr
    assert snapshot(data_dir) == before
