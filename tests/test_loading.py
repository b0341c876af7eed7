"""Loading and validation: every bad-input case names file, line and field; valid rows load."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geo.loading import load_dataset, load_table
from geo.problems import errors
from geo.schema import CASUALTIES, INCIDENTS, PLACES
from testkit.pages import FROZEN, read_csv


def test_shipped_data_loads_without_problems() -> None:
    data = load_dataset(FROZEN)
    assert data.problems == []
    assert len(data.incidents) == len(read_csv(FROZEN / "incidents.csv"))
    assert len(data.casualties) == len(read_csv(FROZEN / "casualties.csv"))
    assert len(data.places) == len(read_csv(FROZEN / "places.csv"))


def test_types_are_declared_by_the_schema() -> None:
    frame = load_dataset(FROZEN).incidents
    assert pd.api.types.is_datetime64_any_dtype(frame["date_start"])
    assert isinstance(frame["event_type"].dtype, pd.CategoricalDtype)
    assert list(frame["event_type"].cat.categories) == list(INCIDENTS.column("event_type").choices)
    claims = load_dataset(FROZEN).casualties
    assert str(claims["killed"].dtype) == "Int64"


# (changes to row 3 = line 5, field reported, words the message must contain)
BAD_INCIDENT_VALUES = [
    ({"date_start": "2025-02-30"}, "date_start", "not a real date"),
    ({"date_end": "26/11/2025"}, "date_end", "not a real date"),
    ({"date_end": "2000-01-01"}, "date_end", "before date_start"),
    ({"event_type": "skirmish"}, "event_type", "must be one of"),
    ({"location_precision": "roughly"}, "location_precision", "must be one of"),
    ({"date_precision": "decade"}, "date_precision", "must be one of"),
    ({"country": "UZ"}, "country", "must be one of"),
    ({"summary": ""}, "summary", "required value is empty"),
    ({"incident_id": "Not A Slug"}, "incident_id", "slug"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "http(s)"),
    ({"latitude": "91", "longitude": "70"}, "latitude", "from -90 to 90"),
    ({"latitude": "38.1"}, "longitude", "is empty but latitude is given"),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD_INCIDENT_VALUES)
def test_bad_incident_value_is_reported_and_other_rows_load(
        edit_rows, changes: dict[str, str], field: str, words: str) -> None:
    path = edit_rows("incidents.csv", 3, **changes)
    total = len(read_csv(path))
    loaded = load_table(INCIDENTS, path)
    (problem,) = errors(loaded.problems)
    assert (problem.file, problem.line, problem.field) == (str(path), 5, field)
    assert words in problem.message
    assert len(loaded.frame) == total - 1
    assert f"{path}, line 5: {field}: " in str(problem)


@pytest.mark.parametrize(("value", "words"), [("-1", "whole number"), ("3.5", "whole number"),
                                              ("several", "whole number")])
def test_bad_casualty_count(edit_rows, value: str, words: str) -> None:
    path = edit_rows("casualties.csv", 0, killed=value)
    loaded = load_table(CASUALTIES, path)
    (problem,) = errors(loaded.problems)
    assert (problem.line, problem.field) == (2, "killed")
    assert words in problem.message and repr(value) in problem.message


def test_casualty_for_unknown_incident(edit_rows, data_dir: Path) -> None:
    edit_rows("casualties.csv", 1, incident_id="1999-01-01-nowhere")
    data = load_dataset(data_dir)
    (problem,) = data.problems
    assert (problem.file, problem.line, problem.field) == (
        "casualties.csv", 3, "incident_id")
    assert "1999-01-01-nowhere" in problem.message
    assert len(data.casualties) == len(read_csv(data_dir / "casualties.csv")) - 1


def test_claims_of_an_invalid_incident_are_reported_too(edit_rows, data_dir: Path) -> None:
    rows = read_csv(data_dir / "incidents.csv")
    index = next(i for i, r in enumerate(rows) if r["incident_id"] == "2025-12-25-kavo")
    edit_rows("incidents.csv", index, date_start="2025-13-01")
    data = load_dataset(data_dir)
    orphaned = [p for p in data.problems if p.file.endswith("casualties.csv")]
    assert len(orphaned) == 2 and all("2025-12-25-kavo" in p.message for p in orphaned)


def test_duplicate_id_names_the_first_line(edit_rows, data_dir: Path) -> None:
    first = read_csv(data_dir / "incidents.csv")[0]["incident_id"]
    path = edit_rows("incidents.csv", 4, incident_id=first)
    (problem,) = errors(load_table(INCIDENTS, path).problems)
    assert (problem.line, problem.field) == (6, "incident_id")
    assert "first used on line 2" in problem.message


def test_missing_required_column(data_dir: Path) -> None:
    path = data_dir / "incidents.csv"
    lines = path.read_text("utf-8").splitlines()
    lines[0] = lines[0].replace("event_type", "kind")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    loaded = load_table(INCIDENTS, path)
    assert any(p.field == "event_type" and "missing" in p.message and p.line == 1
               for p in loaded.problems)
    assert loaded.frame.empty


def test_extra_column_is_a_warning_and_rows_still_load(data_dir: Path) -> None:
    path = data_dir / "places.csv"
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",elevation", *[ln + ",1" for ln in lines[1:]]]) + "\n",
                    "utf-8")
    loaded = load_table(PLACES, path)
    assert [p.severity for p in loaded.problems] == ["warning"]
    assert len(loaded.frame) == len(lines) - 1


def test_bom_and_quoted_newlines_keep_line_numbers(data_dir: Path) -> None:
    path = data_dir / "incidents.csv"
    rows = read_csv(path)
    text = path.read_text("utf-8")
    # A summary with a newline inside quotes shifts every later row by one line.
    summary = rows[0]["summary"]
    quoted = f'"{summary}"' if f'"{summary}"' in text else summary
    text = text.replace(quoted, f'"{summary}\nsecond line"', 1)
    text = text.replace(rows[2]["date_end"] + ",month", "2023-03-01,month", 1)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    loaded = load_table(INCIDENTS, path)
    (problem,) = errors(loaded.problems)
    assert (problem.line, problem.field) == (5, "date_end")
    assert "second line" in loaded.frame.loc[0, "summary"]


def test_wrong_encoding_and_field_count(data_dir: Path) -> None:
    path = data_dir / "casualties.csv"
    raw = path.read_bytes().splitlines()
    raw[2] = raw[2] + b",extra"
    raw[3] = raw[3].replace(b"international_media", "médïa".encode("latin-1"))
    path.write_bytes(b"\n".join(raw) + b"\n")
    problems = load_table(CASUALTIES, path).problems
    messages = {(p.line, p.field): p.message for p in problems}
    assert "UTF-8" in messages[(4, None)]
    assert "fields" in messages[(3, None)]
    assert (4, "claimed_by") in messages


def test_empty_file(data_dir: Path) -> None:
    path = data_dir / "incidents.csv"
    path.write_text("", "utf-8")
    (problem,) = load_table(INCIDENTS, path).problems
    assert "empty" in problem.message


def test_place_without_point_needs_within(edit_rows, data_dir: Path) -> None:
    rows = read_csv(data_dir / "places.csv")
    index = next(i for i, r in enumerate(rows) if r["place_id"] == "dovang")
    path = edit_rows("places.csv", index, within="")
    (problem,) = errors(load_table(PLACES, path).problems)
    assert (problem.line, problem.field) == (index + 2, "within")


def test_loading_reports_its_progress_in_stages() -> None:
    from geo.pipeline import load_incident_data

    seen: list[tuple[float, str]] = []
    data = load_incident_data(progress=lambda fraction, text: seen.append((fraction, str(text))))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and len(seen) >= 3
    assert any(f"{len(data.incidents):,} incidents" in text for _, text in seen)


def test_a_former_claimant_is_told_what_it_became(data_dir: Path) -> None:
    path = data_dir / "casualties.csv"
    path.write_text(path.read_text("utf-8").replace("tajik_authorities", "Tajikistan", 1),
                    "utf-8")
    (problem,) = errors(load_table(CASUALTIES, path).problems)
    assert problem.field == "claimed_by" and problem.line == 2
    assert "'Tajikistan' is now tajik_authorities" in problem.message


def test_a_report_before_the_event_is_a_problem(edit_rows) -> None:
    path = edit_rows("incidents.csv", 0, reported="2000-01-01")
    (problem,) = errors(load_table(INCIDENTS, path).problems)
    assert (problem.line, problem.field) == (2, "reported")
