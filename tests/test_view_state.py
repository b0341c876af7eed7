"""URL <-> view state: every field round-trips; every malformed link degrades gracefully."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode

import pytest

from geo.filtering import Filters
from geo.view_state import PARAMS, Context, MapView, ViewState, parse_query, to_query

D = dt.date
CTX = Context(D(2022, 5, 7), D(2026, 1, 31), {"actor": (
    "Tajik Border Troops", "Afghan forces (Taliban)", "A, with comma & ampersand"),
    "district": ("tj-darvoz", "af-shahri-buzurg")},
              frozenset({"2025-12-25-kavo", "2023-04-gbao"}))


def url_round_trip(state: ViewState) -> tuple[ViewState, list[str]]:
    text = urlencode(to_query(state), doseq=True)  # what the address bar holds
    return parse_query(parse_qs(text, keep_blank_values=True), CTX)


FULL = ViewState(
    Filters(start=D(2023, 1, 2), end=D(2025, 6, 30), event_types=("armed_clash", "drone_strike"),
            actors=("Tajik Border Troops", "A, with comma & ampersand"),
            groups=("civilians",), with_casualties=True, precisions=("exact", "district"),
            districts=("tj-darvoz", "af-shahri-buzurg")),
    incident="2025-12-25-kavo", map_view=MapView(37.8561, 70.0991, 9.5), view="districts",
    colour_by="killed", lang="ru", window="3m", step="1y")


def test_every_field_round_trips() -> None:
    back, notices = url_round_trip(FULL)
    assert notices == []
    assert back == FULL


@pytest.mark.parametrize("field", ["event_types", "actors", "groups", "precisions"])
def test_each_list_filter_round_trips_alone(field: str) -> None:
    values = {"event_types": ("infiltration",), "actors": ("Afghan forces (Taliban)",),
              "groups": ("militants", "civilians"), "precisions": ("border",)}[field]
    state = ViewState(Filters(start=CTX.first, end=CTX.last, **{field: values}))
    assert url_round_trip(state) == (state, [])


def test_defaults_are_left_out_but_dates_are_kept() -> None:
    query = to_query(ViewState(Filters(start=CTX.first, end=CTX.last)))
    assert query == {"start": ["2022-05-07"], "end": ["2026-01-31"]}
    assert set(to_query(FULL)) == set(PARAMS)


def test_empty_link_is_the_full_view() -> None:
    state, notices = parse_query({}, CTX)
    assert state == ViewState(Filters(start=CTX.first, end=CTX.last))
    assert notices == []


@pytest.mark.parametrize(("query", "expect", "words"), [
    ({"start": ["2024-02-30"]}, {"start": D(2022, 5, 7)}, "not a date"),
    ({"end": ["yesterday"]}, {"end": D(2026, 1, 31)}, "not a date"),
    ({"start": ["2025-06-01"], "end": ["2024-01-01"]},
     {"start": D(2024, 1, 1), "end": D(2025, 6, 1)}, "swapped"),
    ({"start": ["2019-01-01"], "end": ["2030-01-01"]},
     {"start": D(2022, 5, 7), "end": D(2026, 1, 31)}, "beyond the data"),
    ({"start": ["2030-01-01"], "end": ["2031-01-01"]},
     {"start": D(2022, 5, 7), "end": D(2026, 1, 31)}, "outside the data"),
    ({"type": ["armed_clash", "<script>"]}, {"event_types": ("armed_clash",)}, "no such type"),
    ({"actor": ["Nobody"]}, {"actors": ()}, "no such actor"),
    ({"group": ["aliens"]}, {"groups": ()}, "no such group"),
    ({"precision": ["roughly"]}, {"precisions": ()}, "no such precision"),
    ({"casualties": ["maybe"]}, {"with_casualties": False}, "use 1 or 0"),
])
def test_bad_filter_values_are_ignored_or_clamped(query, expect, words) -> None:
    state, notices = parse_query(query, CTX)
    for name, value in expect.items():
        assert getattr(state.filters, name) == value
    assert len(notices) == 1 and words in notices[0]


@pytest.mark.parametrize(("query", "view", "words"), [
    ({"lat": ["abc"], "lon": ["70"]}, None, "not a number"),
    ({"lat": ["nan"], "lon": ["70"]}, None, "not a number"),
    ({"lat": ["37.5"]}, None, "go together"),
    ({"zoom": ["9"]}, None, "needs lat and lon"),
    ({"lat": ["37.5"], "lon": ["70"], "zoom": ["99"]}, MapView(37.5, 70.0, 14.0), "outside"),
    ({"lat": ["95"], "lon": ["70"], "zoom": ["8"]}, MapView(85.0, 70.0, 8.0), "outside"),
])
def test_bad_map_view(query, view, words) -> None:
    state, notices = parse_query(query, CTX)
    assert state.map_view == view
    assert len(notices) == 1 and words in notices[0]


@pytest.mark.parametrize("incident", ["1999-01-01-nowhere", "../../etc", "x" * 500, ""])
def test_unknown_incident_is_ignored(incident: str) -> None:
    state, notices = parse_query({"incident": [incident], "type": ["infiltration"]}, CTX)
    assert state.incident is None
    assert state.filters.event_types == ("infiltration",)  # the rest of the link applies
    assert len(notices) == 1 and "no such incident" in notices[0]
    assert len(notices[0]) < 120


def test_repeated_single_values_and_unknown_names() -> None:
    state, notices = parse_query({"start": ["2023-01-01", "2024-01-01"], "foo": ["1"],
                                  "utm_source": ["x"]}, CTX)
    assert state.filters.start == D(2023, 1, 1)
    assert len(notices) == 2
    assert any("given 2 times" in n for n in notices)
    assert any("unknown parameter 'foo'" in n for n in notices)


def test_readme_documents_every_parameter() -> None:
    from geo import paths

    readme = (paths.ROOT / "README.md").read_text("utf-8")
    for name in PARAMS:
        assert f"`{name}`" in readme, name


@pytest.mark.parametrize(("query", "words"), [
    ({"view": ["map3d"]}, "Ignored view='map3d'"),
    ({"by": ["deaths"]}, "Ignored by='deaths'"),
    ({"window": ["2w"]}, "Ignored window='2w': use 1m or 3m or 1y or all"),
    ({"step": ["all"]}, "Ignored step='all': use 1m or 3m or 1y"),
    ({"district": ["tj-nowhere"]}, "Ignored district='tj-nowhere': no such district"),
])
def test_a_bad_view_or_district_is_ignored_with_a_notice(query, words) -> None:
    state, notices = parse_query(query, CTX)
    assert (state.view, state.colour_by, state.filters.districts) == ("incidents", "incidents", ())
    assert (state.window, state.step) == ("1m", "1m")
    assert any(words in n for n in notices), notices
