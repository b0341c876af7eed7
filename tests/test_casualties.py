"""Claims arithmetic: contradicting claims give low/best/high, never a sum."""

from __future__ import annotations

import pandas as pd

from geo.casualties import group_readings, incident_readings, totals
from geo.loading import load_dataset
from testkit.pages import SHIPPED


def claims(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["incident_id", "group", "nationality", "killed",
                                        "injured", "claimed_by"])
    for c in ("killed", "injured"):
        frame[c] = frame[c].astype("Int64")
    return frame


def test_contradicting_claims_are_a_range_not_a_sum() -> None:
    frame = claims(("a", "militants", "", 3, None, "Tajikistan"),
                   ("a", "militants", "", 1, None, "Afghanistan"),
                   ("a", "militants", "", 1, None, "media"))
    (row,) = group_readings(frame).to_dict("records")
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (1, 1, 3)
    assert row["claimants"] == "Afghanistan, Tajikistan, media"
    assert totals(frame, ["a"])["killed_high"] == 3  # not 5


def test_a_tie_takes_the_lower_figure() -> None:
    frame = claims(("a", "civilians", "CN", 2, 1, "Tajikistan"),
                   ("a", "civilians", "CN", 4, None, "media"))
    per = incident_readings(frame).loc["a"]
    assert (per["killed_low"], per["killed_best"], per["killed_high"]) == (2, 2, 4)
    assert (per["injured_low"], per["injured_best"], per["injured_high"]) == (1, 1, 1)


def test_different_groups_and_incidents_add_up() -> None:
    frame = claims(("a", "militants", "", 3, None, "Tajikistan"),
                   ("a", "tajik_border_guards", "TJ", 2, None, "Tajikistan"),
                   ("b", "civilians", "CN", 1, 4, "media"),
                   ("b", "civilians", "TJ", 0, 1, "media"))
    assert totals(frame, ["a", "b"])["killed_best"] == 6
    assert totals(frame, ["b"])["injured_best"] == 5
    assert totals(frame, [])["killed_best"] == 0


def test_shipped_claims_match_the_article() -> None:
    data = load_dataset(SHIPPED)
    per = incident_readings(data.casualties)
    assert per.loc["2025-08-24-dovang", "killed_best"] == 1       # Afghan media, and YJC
    assert per.loc["2025-08-24-dovang", "injured_best"] == 4
    # 3 militants per the GKNB, 2 per Hasht-e Subh (the lower on a tie), + 2 guards.
    assert per.loc["2025-12-25-kavo", ["killed_low", "killed_high"]].tolist() == [4, 5]
    in_article = per.loc[["2025-11-26-shamsiddin-shohin", "2025-11-30-shodak"]]
    # The infobox: 5 Chinese civilians killed and 3 wounded in Tajikistan.
    assert (in_article["killed_best"].sum(), in_article["injured_best"].sum()) == (5, 3)


def test_a_claimants_range_and_totals() -> None:
    frame = claims(("u", "militants", "", 3, None, "UCDP"),
                   ("u", "tajik_border_guards", "", 2, None, "UCDP"),
                   ("u", "all", "", 4, None, "UCDP"),
                   ("u", "all", "", 9, None, "UCDP"))
    frame["estimate"] = ["best", "best", "low", "high"]
    per = incident_readings(frame).loc["u"]
    assert (per["killed_low"], per["killed_best"], per["killed_high"]) == (4, 5, 9)
    only_total = claims(("t", "all", "", 1, None, "UCDP"), ("t", "all", "", 2, None, "UCDP"),
                        ("t", "all", "", 6, None, "UCDP"))
    only_total["estimate"] = ["low", "best", "high"]
    per = incident_readings(only_total).loc["t"]
    assert (per["killed_low"], per["killed_best"], per["killed_high"]) == (1, 2, 6)


def test_totals_from_precomputed_incident_readings_are_the_same() -> None:
    from geo.pipeline import load_incident_data
    from testkit.pages import FROZEN

    data = load_incident_data(FROZEN)
    groups = group_readings(data.casualties)
    per = incident_readings(groups=groups)
    ids = list(data.incidents["incident_id"])
    for subset in (ids, ids[::2], ids[1:4], []):
        assert totals(None, subset, per=per) == totals(None, subset, groups=groups)


def test_claimants_per_incident_are_sorted_and_joined_as_for_groups() -> None:
    from geo.casualties import _claimants, claimants_per_incident
    from geo.pipeline import load_incident_data
    from testkit.pages import FROZEN

    claims = load_incident_data(FROZEN).casualties
    expected = {str(k): v for k, v in _claimants(claims, ["incident_id"]).to_dict().items()}
    assert claimants_per_incident(claims).to_dict() == expected
    assert any(", " in v for v in expected.values())  # some incident has several claimants
