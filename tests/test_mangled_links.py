"""Property tests: no query string, however mangled, breaks the link parser or the page."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from geo.filtering import Filters
from geo.view_state import PARAMS, Context, ViewState, parse_query, to_query
from testkit.pages import APP, opened

CTX = Context(dt.date(2022, 5, 7), dt.date(2026, 1, 31), {"actor": ("Tajik Border Troops",)},
              frozenset({"2025-12-25-kavo"}))
NAMES = st.one_of(st.sampled_from(sorted(PARAMS)), st.text(max_size=12))
VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["2025-02-30", "2030-01-01", "-1", "1e309", "nan", "inf", "0x10",
                     "<script>alert(1)</script>", "javascript:alert(1)", "%00", "‮evil",
                     "2025-12-25-kavo", "armed_clash", "..", "9" * 400, "", " "]),
    st.dates().map(dt.date.isoformat),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
QUERIES = st.dictionaries(NAMES, st.lists(VALUES, min_size=1, max_size=3), max_size=8)


@given(QUERIES)
@settings(max_examples=400, deadline=None)
def test_the_parser_never_raises_and_keeps_the_state_valid(query) -> None:
    state, notices = parse_query(query, CTX)
    f = state.filters
    assert CTX.first <= f.start <= f.end <= CTX.last
    assert state.incident in (None, "2025-12-25-kavo")
    if state.map_view is not None:
        assert -85 <= state.map_view.lat <= 85 and 4 <= state.map_view.zoom <= 14
    assert all(isinstance(n, str) and len(n) < 400 for n in notices)
    # What it keeps is a clean link that parses back to itself with nothing to say.
    again, quiet = parse_query(to_query(state), CTX)
    assert again == state and quiet == []


@given(st.text(alphabet=string.printable, max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_raw_query_string(raw: str) -> None:
    from urllib.parse import parse_qs

    state, _ = parse_query(parse_qs(raw, keep_blank_values=True), CTX)
    assert isinstance(state, ViewState) and isinstance(state.filters, Filters)


@given(QUERIES)
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_the_page_always_renders(query) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    for name, values in query.items():
        at.query_params[name] = values
    opened(at)
    assert not at.exception
    assert not at.error  # not even the friendly error
    assert at.metric[0].value.endswith("of 13")
