"""Every filter, the neighbours lookup, and the date presets."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.filters_ui import presets
from geo.filtering import Filters, actor_options, apply_filters, filter_mask, same_district
from geo.pipeline import load_incident_data
from testkit.pages import FROZEN


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


def ids(data, **kwargs) -> set[str]:
    shown, claims = apply_filters(data.incidents, data.casualties, Filters(**kwargs))
    assert set(claims["incident_id"]) <= set(shown["incident_id"])
    return set(shown["incident_id"])


def test_no_filter_keeps_everything(data) -> None:
    assert len(ids(data)) == 13
    assert Filters().is_default() and Filters(start=dt.date(2023, 1, 1)).is_default()
    assert not Filters(with_casualties=True).is_default()


def test_event_type(data) -> None:
    assert ids(data, event_types=("drone_strike",)) == {"2025-11-26-shamsiddin-shohin"}
    assert len(ids(data, event_types=("armed_clash", "militarization"))) == 5


def test_actor_matches_either_side(data) -> None:
    both = ids(data, actors=("Afghan forces (Taliban)",))
    assert both == {"2022-05-15-panji-poyon", "2025-08-24-dovang", "2025-10-26-shahri-buzurg"}
    assert actor_options(data.incidents)[0] in ("Tajik Border Troops", "Afghan forces (Taliban)")


def test_casualty_group(data) -> None:
    assert ids(data, groups=("tajik_border_guards",)) == {"2025-12-25-kavo"}
    assert ids(data, groups=("civilians",)) == {
        "2024-11-18-zarbuz", "2025-11-26-shamsiddin-shohin", "2025-11-30-shodak"}


def test_with_casualties_only(data) -> None:
    hurt = ids(data, with_casualties=True)
    assert len(hurt) == 8
    assert "2025-10-26-shahri-buzurg" not in hurt  # figures unconfirmed: no claim


def test_location_precision(data) -> None:
    assert ids(data, precisions=("border",)) == {"2023-10-20-border-posts",
                                                 "2025-12-24-border-posts"}
    no_province = ids(data, precisions=("exact", "near", "district"))
    assert "2023-04-gbao" not in no_province and len(no_province) == 10


def test_filters_combine_and_dates_can_be_left_out(data) -> None:
    f = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                event_types=("infiltration",))
    assert ids(data, **vars(f)) == {"2025-12-25-kavo"}
    undated = data.incidents[filter_mask(data.incidents, data.casualties, f, dates=False)]
    assert len(undated) == 4


def test_same_district(data) -> None:
    near = same_district(data.incidents, "2025-12-25-kavo")
    assert set(near["incident_id"]) == {"2024-11-18-zarbuz", "2025-11-26-shamsiddin-shohin",
                                        "2026-01-shamsiddin-shohin"}
    assert same_district(data.incidents, "2023-10-20-border-posts").empty


def test_presets() -> None:
    named = presets(dt.date(2022, 5, 7), dt.date(2026, 1, 31))
    assert named["All dates"] == (dt.date(2022, 5, 7), dt.date(2026, 1, 31))
    assert named["Last 12 months"] == (dt.date(2025, 2, 1), dt.date(2026, 1, 31))
    assert named["2022"] == (dt.date(2022, 5, 7), dt.date(2022, 12, 31))
    assert named["2026"] == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert list(named)[2:] == ["2026", "2025", "2024", "2023", "2022"]
