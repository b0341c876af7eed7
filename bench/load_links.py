"""The links the viewers of :mod:`bench.load` open, and what each must show."""

from __future__ import annotations

from urllib.parse import urlencode

from geo.filtering import FILTERS, apply_filters
from geo.pipeline import load_incident_data
from geo.view_state import Context, context_of, parse_query

#: Links beside those of each filter (:func:`links`).
FIXED_LINKS = [
    {}, {"start": ["2025-01-01"], "end": ["2025-12-31"]},
    {"incident": ["2025-12-25-kavo"], "type": ["infiltration"]},
    {"type": ["bogus"], "start": ["2025-13-01"]},  # a mangled link still renders
]


def links(context: Context) -> list[dict[str, list[str]]]:
    """The links viewers open: :data:`FIXED_LINKS`, and for every filter one link setting
    it (its first value, and its first two), the second from 2024 on."""
    out = list(FIXED_LINKS)
    for spec in FILTERS:
        if spec.flag:
            out.append({spec.param: ["1"]})
            continue
        values = list(context.allowed(spec))
        out += [{spec.param: values[:1]}, {spec.param: values[:2], "start": ["2024-01-01"]}]
    return out


def expected_counts() -> dict[str, int]:
    """What each link must show, computed by the core."""
    data = load_incident_data()
    context = context_of(data.incidents)
    out = {}
    for link in links(context):
        state, _ = parse_query(link, context)
        shown, _ = apply_filters(data.incidents, data.casualties, state.filters)
        out[urlencode(link, doseq=True)] = len(shown)
    return out
