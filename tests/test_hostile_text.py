"""A corpus of hostile strings through every escaping path (the browser checks are in
tests/browser/test_map_page.py)."""

from __future__ import annotations

import re

import pytest

from dashboard.escaping import escape, md
from dashboard.popups import popup_html, tooltip_texts
from geo.export import neutralise_formula
from tests.hostile import CORPUS


@pytest.mark.parametrize("text", CORPUS)
def test_html_escaping_leaves_nothing_active(text: str) -> None:
    out = escape(text)
    assert not re.search(r"[<>\"'`$\\]", out)
    assert "javascript:" not in out or "&" in out or "<a" not in out


@pytest.mark.parametrize("text", CORPUS)
def test_markdown_escaping_leaves_no_markup(text: str) -> None:
    out = md(text)
    # Every character Markdown (or Streamlit's LaTeX and HTML) would act on is escaped.
    assert not re.search(r"(?<!\\)[*_\[\]()$<>#`]", out.replace("\\\\", ""))


@pytest.mark.parametrize("text", CORPUS)
def test_popup_and_tooltip_carry_the_text_only_escaped(text: str) -> None:
    import pandas as pd

    incident = {"incident_id": "x", "date_start": pd.Timestamp("2025-01-01"),
                "date_end": pd.Timestamp("2025-01-01"), "date_precision": "day",
                "event_type": "armed_clash", "place": text, "country": "TJ",
                "location_precision": "exact", "latitude": 38.0, "longitude": 70.0,
                "uncertainty_km": 0.0, "point_kind": "source", "geocode_note": None,
                "side_a": text, "side_b": text, "summary": text, "source_title": text,
                "source_url": "javascript:alert(1)", "more_sources": text}
    claims = pd.DataFrame(columns=["incident_id", "group", "nationality", "killed", "injured",
                                   "claimed_by", "notes"])
    tooltip = tooltip_texts(pd.DataFrame([incident])).iloc[0]
    for html in (popup_html(incident, claims), tooltip):
        assert "<img" not in html and "<script" not in html and "<svg" not in html
        assert not re.search(r'href="(?!https?://)', html)  # links are http(s) or nothing
        assert "`" not in html and "${" not in html


def test_formula_cells() -> None:
    assert neutralise_formula(CORPUS[11]).startswith("'=")


@pytest.mark.parametrize("text", ["www.evil-login.example", "WWW.Evil.example/x",
                                  "verify@evil-login.example", "http://evil.example/a",
                                  "mailto:x@evil.example", ":material/home:", ":smile:",
                                  ":red[text]"])
def test_markdown_escaping_breaks_autolinks_and_shortcodes(text: str) -> None:
    """Streamlit links www./http:// addresses and e-mail addresses and draws :shortcodes:
    after parsing (checked in Chromium by tests/browser/test_inert_text.py): md() must leave
    none of those patterns once its escapes are read, yet show the same characters."""
    shown = re.sub(r"\\(.)", r"\1", md(text))
    assert shown.replace("\u2060", "") == text
    assert not re.search(r"(?i)www\.|https?://|mailto:\w|[\w.+-]@\w|:[\w/-]+:", shown)
