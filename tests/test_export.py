"""Exports: exactly what is shown, loadable in pandas and GIS, formulas neutralised."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from geo.casualties import by_claimant, by_group
from geo.export import export_frame, neutralise_formula, to_csv, to_geojson, to_geojson_bytes
from geo.filtering import Filters, apply_filters
from geo.loading import load_table
from geo.pipeline import load_incident_data
from geo.schema import INCIDENTS
from geo.timeline import monthly
from testkit.pages import FROZEN


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def test_csv_reloads_to_the_same_rows(data, tmp_path) -> None:
    shown, claims = apply_filters(data.incidents, data.casualties,
                                  Filters(event_types=("infiltration", "armed_clash")))
    path = tmp_path / "export.csv"
    path.write_bytes(to_csv(shown, claims))
    again = load_table(INCIDENTS, path)
    assert all(p.severity == "warning" for p in again.problems)  # only the extra columns
    for column in INCIDENTS.names:
        left = shown[column].reset_index(drop=True)
        right = again.frame[column]
        if column in ("latitude", "longitude"):
            continue  # the export fills in the geocoded point
        assert left.astype(str).tolist() == right.astype(str).tolist(), column
    plain = pd.read_csv(io.BytesIO(to_csv(shown, claims)))
    assert len(plain) == len(shown)
    assert plain["distance_to_border_km"].notna().all()


def test_csv_carries_readings_and_claims(data) -> None:
    frame = export_frame(data.incidents, data.casualties).set_index("incident_id")
    assert frame.at["2025-12-25-kavo", "killed_best"] == 5
    assert "tajik_border_guards (TJ): 2 killed per tajik_authorities" in frame.at["2025-12-25-kavo",
                                                                           "claims"]
    assert frame.at["2025-10-26-shahri-buzurg", "claims"] == ""


def test_formula_cells_are_neutralised(data) -> None:
    assert neutralise_formula("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_formula("plain") == "plain" and neutralise_formula(3.5) == 3.5
    incidents = data.incidents.copy()
    incidents["summary"] = incidents["summary"].astype(object)
    incidents.loc[0, "summary"] = "=1+1"
    assert "'=1+1" in to_csv(incidents, data.casualties).decode()


def test_geojson_is_valid_and_keeps_unmapped_rows(data) -> None:
    collection = json.loads(to_geojson_bytes(data.incidents, data.casualties))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 13
    nulls = [f for f in collection["features"] if f["geometry"] is None]
    assert {f["id"] for f in nulls} == {"2023-10-20-border-posts", "2025-12-24-border-posts"}
    kavo = next(f for f in to_geojson(data.incidents, data.casualties)["features"]
                if f["id"] == "2025-12-25-kavo")
    lon, lat = kavo["geometry"]["coordinates"]
    assert (lat, lon) == pytest.approx((37.8561, 70.0991))
    assert kavo["properties"]["date_start"] == "2025-12-25"
    assert len(kavo["properties"]["claims"]) == 2
    assert kavo["properties"]["claims"][0]["claimed_by"] == "tajik_authorities"


def test_breakdowns(data) -> None:
    groups = by_group(data.casualties)
    assert groups.loc["civilians", "killed_best"] == 6
    assert groups.loc["militants", "killed_best"] == 12
    claimants = by_claimant(data.casualties)
    assert claimants.loc["tajik_authorities", "killed"] == 19
    assert claimants.loc["international_media", "incidents"] == 2


def test_monthly_timeline(data) -> None:
    months = monthly(data.incidents, data.casualties)
    assert months["incidents"].sum() == 13
    jan = months[months["month"] == pd.Timestamp("2026-01-01")].iloc[0]
    assert (jan["date_precision"], jan["incidents"], jan["killed"]) == ("month", 1, 4)
    assert monthly(data.incidents.iloc[0:0], data.casualties).empty


def test_exports_of_incidents_without_claims(data) -> None:
    shown, claims = apply_filters(data.incidents, data.casualties, Filters(precisions=("border",)))
    assert claims.empty
    frame = pd.read_csv(io.BytesIO(to_csv(shown, claims)))
    assert len(frame) == 2 and frame["killed_best"].isna().all()
    assert len(to_geojson(shown, claims)["features"]) == 2


def test_problems_csv_holds_every_problem_with_formulas_neutralised() -> None:
    import csv
    import io

    from geo.export import problems_csv
    from geo.i18n import N_, lazy
    from geo.problems import Problem

    problems = [Problem("a.csv", 3, "place", lazy(N_("{place!r} ({country}): {failure}; kept "
                                                     "without a point"), place="=HYPERLINK(1)",
                                                  country="TJ", failure="x")),
                Problem("a.csv", None, None, N_("the file is empty"), "warning")]
    rows = list(csv.DictReader(io.StringIO(problems_csv(problems))))
    assert [(r["file"], r["line"], r["field"], r["severity"]) for r in rows] == [
        ("a.csv", "3", "place", "error"), ("a.csv", "", "", "warning")]
    assert rows[0]["message"].startswith("'=HYPERLINK(1)' (TJ)")  # as the page words it
    assert rows[1]["message"] == "the file is empty"
    formula = Problem("=cmd|' /C calc'!A0", 1, None, N_("the file is empty"))
    assert list(csv.reader(io.StringIO(problems_csv([formula]))))[1][0].startswith("'=")
