"""ACLED and UCDP GED imports: every mapping, duplicates, malformed rows, the region."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.casualties import incident_readings
from geo.import_acled import import_acled
from geo.import_ucdp import import_ucdp
from geo.importing import in_region, slug, slugs
from geo.loading import LINE
from geo.schema import INCIDENTS

FIXTURES = Path(__file__).parent / "fixtures"
T = pd.Timestamp


def load(name: str, importer):
    return importer((FIXTURES / name).read_bytes(), name)


@pytest.fixture(scope="module")
def acled():
    return load("acled_current.csv", import_acled)


@pytest.fixture(scope="module")
def ucdp():
    return load("ucdp_ged.csv", import_ucdp)


def row(result, incident_id: str) -> pd.Series:
    return result.incidents.set_index("incident_id").loc[incident_id]


def test_acled_tables_have_the_shipped_shape(acled) -> None:
    assert list(acled.incidents.columns[:len(INCIDENTS.names)]) == INCIDENTS.names
    assert (acled.incidents["dataset"] == "ACLED").all()
    assert str(acled.incidents["date_start"].dtype).startswith("datetime64")


@pytest.mark.parametrize(("incident_id", "start", "end", "precision"), [
    ("acled-tjk1001", "2025-12-24", "2025-12-24", "day"),     # time_precision 1
    ("acled-tjk1002", "2025-11-23", "2025-11-29", "week"),    # 2: the date is mid-week
    ("acled-afg2001", "2025-08-01", "2025-08-31", "month"),   # 3: the whole month
])
def test_acled_time_precision(acled, incident_id, start, end, precision) -> None:
    r = row(acled, incident_id)
    assert (r["date_start"], r["date_end"], r["date_precision"]) == (T(start), T(end), precision)


@pytest.mark.parametrize(("incident_id", "precision", "event_type"), [
    ("acled-tjk1001", "exact", "armed_clash"),       # geo_precision 1; Battles
    ("acled-tjk1002", "near", "drone_strike"),       # 2; Air/drone strike
    ("acled-afg2001", "district", "armed_clash"),    # 3
])
def test_acled_geo_precision_and_types(acled, incident_id, precision, event_type) -> None:
    r = row(acled, incident_id)
    assert (r["location_precision"], r["event_type"]) == (precision, event_type)
    assert r["latitude"] > 37


def test_acled_fatalities_are_acled_claims_and_the_newest_duplicate_wins(acled) -> None:
    claims = acled.casualties.set_index("incident_id")
    assert claims.at["acled-tjk1001", "killed"] == 5  # the newer row (5), not the older (4)
    assert claims.at["acled-tjk1001", "claimed_by"] == "ACLED"
    assert row(acled, "acled-tjk1001")["summary"].startswith("Test row: border guards")
    assert any("newer timestamp" in p.message and p.severity == "warning"
               for p in acled.problems)


def test_acled_an_event_in_three_rows_keeps_its_newest_and_names_it() -> None:
    lines = (FIXTURES / "acled_current.csv").read_text("utf-8").splitlines()
    row = lines[1]
    stamps = ["1735000003", "1735000005", "1735000004"]  # the second row is the newest
    raw = "\n".join([lines[0], *(row.rsplit(",", 1)[0] + "," + s for s in stamps)]).encode()
    result = import_acled(raw, "three.csv")
    assert list(result.incidents["incident_id"]) == ["acled-tjk1001"]
    assert int(result.incidents[LINE].iloc[0]) == 3
    warned = {(p.line, p.severity) for p in result.problems}
    assert warned == {(2, "warning"), (4, "warning")}
    assert all("line 3" in p.message for p in result.problems)


def test_acled_unusable_rows_are_reported_with_line_and_field(acled) -> None:
    found = {(p.line, p.field) for p in acled.problems if p.severity == "error"}
    assert (6, "event_type") in found      # a protest
    assert (7, "event_date") in found      # 2025-02-30
    assert (10, "time_precision") in found
    assert (8, "killed") in found          # 'several'
    assert acled.outside_region == 1       # Kyrgyzstan


def test_acled_old_layout() -> None:
    old = load("acled_old.csv", import_acled)
    assert [p for p in old.problems if p.severity == "error"] == []
    r = row(old, "acled-tjk901")
    assert (r["date_start"], r["country"], r["event_type"]) == (T("2022-05-15"), "TJ",
                                                                "armed_clash")
    assert row(old, "acled-afg902")["event_type"] == "cross_border_fire"
    assert row(old, "acled-afg902")["country"] == "AF"


def test_not_an_acled_file() -> None:
    result = import_acled(b"a,b\n1,2\n", "x.csv")
    assert result.incidents.empty
    assert "not an ACLED export" in result.problems[0].message


def test_ucdp_intervals_precision_and_claims(ucdp) -> None:
    kavo = row(ucdp, "ucdp-500001")
    assert (kavo["date_start"], kavo["location_precision"], kavo["dataset"]) == (
        T("2025-12-24"), "exact", "UCDP GED")
    month = row(ucdp, "ucdp-500002")
    assert (month["date_end"], month["date_precision"], month["location_precision"]) == (
        T("2025-08-31"), "month", "district")
    country = row(ucdp, "ucdp-500003")
    assert country["location_precision"] == "border" and pd.isna(country["latitude"])
    per = incident_readings(ucdp.casualties)
    assert (per.at["ucdp-500001", "killed_low"], per.at["ucdp-500001", "killed_best"],
            per.at["ucdp-500001", "killed_high"]) == (5, 5, 7)
    groups = ucdp.casualties[ucdp.casualties["incident_id"] == "ucdp-500001"]
    assert set(groups["group"]) == {"tajik_border_guards", "militants", "all"}
    assert (ucdp.casualties["claimed_by"] == "UCDP").all()


@pytest.mark.parametrize(("incident_id", "location", "dates"), [
    ("ucdp-500007", "near", "day"),        # where_prec 2, date_prec 2 (a few days)
    ("ucdp-500008", "province", "week"),   # where_prec 4, date_prec 3
    ("ucdp-500009", "border", "day"),      # where_prec 5: a linear feature, not placed
    ("ucdp-500002", "district", "month"),  # where_prec 3, date_prec 4
    ("ucdp-500003", "border", "year"),     # where_prec 6 (the country), date_prec 5
    ("ucdp-500001", "exact", "day"),       # where_prec 1, date_prec 1
])
def test_ucdp_every_precision_code(ucdp, incident_id, location, dates) -> None:
    r = row(ucdp, incident_id)
    assert (r["location_precision"], r["date_precision"]) == (location, dates)
    assert pd.isna(r["latitude"]) == (location == "border")


def test_ucdp_unusable_rows(ucdp) -> None:
    found = {(p.line, p.field) for p in ucdp.problems}
    assert (5, "where_prec") in found and (7, "id") in found and (8, "date_start") in found
    assert ucdp.outside_region == 1  # Kabul


def test_region() -> None:
    assert in_region(37.85, 70.12) and not in_region(34.53, 69.17)
    assert not in_region(40.06, 70.82)


@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=12), max_size=20)
       | st.lists(st.text("AZaz09 -_./", max_size=12), min_size=1, max_size=20))
def test_the_ids_of_a_column_are_each_values_slug(values) -> None:
    # Arrow does a column of ASCII text at once; any other text is done as Python lowers it.
    for dtype in (object, pd.StringDtype("pyarrow")):
        assert list(slugs(pd.Series(values, dtype=dtype))) == [slug(v) for v in values]


@pytest.mark.parametrize("chars", [3_000, 5_000])
def test_an_imported_text_is_cut_at_the_schema_limit_only_past_it(chars: int) -> None:
    # Two bytes a letter: 3,000 are 6,000 bytes but within the limit, and kept whole.
    import csv
    import io

    from geo.schema import MAX_TEXT

    rows = list(csv.DictReader(io.StringIO((FIXTURES / "acled_current.csv").read_text("utf-8"))))
    rows[0]["notes"] = "ж" * chars
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows[:1])
    (summary,) = import_acled(out.getvalue().encode("utf-8"), "a.csv").incidents["summary"]
    assert summary == "ж" * min(chars, MAX_TEXT)
