"""Adding an incident: geocoded, validated whole, written atomically, nothing half-written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import files, paths
from geo.adding import AddError, NewIncident, add_incident, date_interval
from geo.files import JOURNAL_NAME, LOCK_NAME, folder_lock, recover
from geo.loading import load_dataset


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the folder but the (empty) lock file."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != LOCK_NAME}


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
    real_replace = os.replace

    def crash_before_journal(src, dst):
        if Path(dst).name == JOURNAL_NAME:
            raise KeyboardInterrupt("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", crash_before_journal)
    with pytest.raises(KeyboardInterrupt):
        add_incident(data_dir, new())
    assert snapshot(data_dir) == before  # nothing committed: originals untouched, no tmp files
    monkeypatch.setattr(files.os, "replace", real_replace)

    # A crash between two renames (incidents written, claims not): the next writer
    # finishes the step, so the incident never stays without its claims.
    done = []

    def crash_after_first(src, dst):
        if Path(dst).name != JOURNAL_NAME and done:
            raise KeyboardInterrupt("power cut")
        if Path(dst).name != JOURNAL_NAME:
            done.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", crash_after_first)
    with pytest.raises(KeyboardInterrupt):
        add_incident(data_dir, new())
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert len(done) == 1 and (data_dir / JOURNAL_NAME).exists()
    with folder_lock(data_dir):
        assert recover(data_dir)
    data = load_dataset(data_dir)
    assert data.problems == []
    assert (data.incidents["incident_id"] == "2026-02-10-kevron").sum() == 1
    assert (data.casualties["incident_id"] == "2026-02-10-kevron").sum() == 1
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".tmp")]
    assert not (data_dir / JOURNAL_NAME).exists()
    with pytest.raises(AddError, match="duplicate"):  # it did land: a retry says so
        add_incident(data_dir, new())


def test_saved_files_keep_their_mode(data_dir: Path) -> None:
    for name in ("incidents.csv", "casualties.csv"):
        (data_dir / name).chmod(0o664)
    add_incident(data_dir, new())
    for name in ("incidents.csv", "casualties.csv"):
        assert (data_dir / name).stat().st_mode & 0o777 == 0o664


def test_concurrent_adds_all_land(data_dir: Path) -> None:
    """Four `geo add` processes at once: each holds the folder's lock in turn."""
    def args(i: int) -> list[str]:
        return [sys.executable, "-m", "geo", "--data-dir", str(data_dir), "add",
                "--id", f"2026-01-0{i}-test", "--date", f"2026-01-0{i}", "--type", "armed_clash",
                "--place", "Mohi Mai district", "--country", "AF", "--location-precision",
                "district", "--side-a", "Unidentified gunmen", "--summary", "Test.",
                "--source-title", "Test", "--source-url", "https://example.org/x",
                "--claim", "group=civilians,killed=1,claimed_by=tajik_authorities"]
    runs = [subprocess.Popen(args(i), cwd=paths.ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for i in range(1, 5)]
    codes = [run.wait(timeout=120) for run in runs]
    assert codes == [0, 0, 0, 0], [run.stderr.read() for run in runs]
    data = load_dataset(data_dir)
    assert data.problems == []
    ids = {f"2026-01-0{i}-test" for i in range(1, 5)}
    assert ids <= set(data.incidents["incident_id"])
    assert (data.casualties["incident_id"].isin(ids)).sum() == 4


def test_a_busy_folder_is_a_clear_error(data_dir: Path) -> None:
    with folder_lock(data_dir), pytest.raises(AddError, match="another process is writing"):
        add_incident(data_dir, new(), wait=0.2)


def test_dates_outside_the_window_are_refused() -> None:
    for date in ("0", "1", "9999-12-31", "1899-05"):
        with pytest.raises(AddError, match=r"1990-01-01 to 2100-12-31|use YYYY"):
            date_interval(date)


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
