"""Incidents grouped into map markers, and the synthetic tables the benchmark uses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bench.synthetic import synthetic_tables, write_dataset
from geo.pipeline import load_incident_data
from geo.points import STACK_PREFIX, PointIndex, at_point, map_points
from geo.problems import errors
from testkit.pages import FROZEN


def test_markers_of_a_subset_count_only_that_subset() -> None:
    incidents = load_incident_data(FROZEN).incidents.reset_index(drop=True)
    index = PointIndex.of(incidents)
    every = index.markers(np.arange(len(incidents)))
    assert every["n"].sum() == incidents["latitude"].notna().sum()
    darvoz = incidents.index[incidents["admin2"] == "Darvoz"].to_numpy()
    (one,) = index.markers(darvoz[:1]).itertuples(index=False)
    assert one.n == 1 and one.key == incidents.loc[darvoz[0], "incident_id"]
    both = index.markers(darvoz)
    assert list(both["n"]) == [len(darvoz)] and both["key"][0].startswith(STACK_PREFIX)
    assert set(at_point(incidents, both["key"][0])["incident_id"]) == set(
        incidents.loc[darvoz, "incident_id"])


def test_a_stack_of_several_types_has_none_and_keeps_its_dates() -> None:
    incidents = load_incident_data(FROZEN).incidents
    points = map_points(incidents).set_index("key")
    stack = points.loc["@37.85610,70.09910,area"]  # Shamsiddin Shohin: 4 incidents
    assert stack["n"] == 4 and stack["event_type"] is None
    assert (stack["first"], stack["last"]) == (pd.Timestamp("2024-11-17"),
                                               pd.Timestamp("2026-01-31"))
    assert at_point(incidents, "@not,a,key").empty


def test_synthetic_tables_are_marked_and_load_without_problems(tmp_path) -> None:
    places = load_incident_data(FROZEN).places
    incidents, claims = synthetic_tables(500, places)
    assert incidents["incident_id"].str.startswith("synthetic-").all()
    assert incidents["source_title"].str.contains("SYNTHETIC").all()
    assert set(incidents["location_precision"]) == {"exact", "near", "district", "province",
                                                    "border"}
    assert claims["incident_id"].isin(incidents["incident_id"]).all()
    data = load_incident_data(write_dataset(500, tmp_path / "synthetic"))
    # Invented points may fall across a district line from the place they are near: a
    # warning each (kept, said), never an error.
    assert errors(data.problems) == [] and len(data.incidents) == 500
    mappable = data.incidents["location_precision"] != "border"
    assert data.incidents.loc[mappable, "latitude"].notna().all()
    again, _ = synthetic_tables(500, places)
    pd.testing.assert_frame_equal(incidents, again)  # seeded: the same every time
