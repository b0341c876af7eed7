"""The timeline on the page: the chart (:mod:`dashboard.chart`) and its brush, which sets
the date range (the slider and the link follow, as for a slider move)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.chart import BRUSH, timeline_chart
from dashboard.filters_ui import KEYS, matching_preset, set_held
from geo.i18n import _
from geo.timeline import brushed_range

CHART_KEY = "timeline"
#: Vega draws the brush as two unnamed "graphics-symbol" rectangles in each chart, which a
#: screen reader would announce as images without a name (axe: svg-img-alt): they are
#: decoration (the range is in the slider and the caption), so they are hidden from it.
BRUSH_ARIA_SCRIPT = """<script>
(() => {
  if (window.__bimBrushAria) return;
  window.__bimBrushAria = true;
  const hide = () => document.querySelectorAll(
    '[data-testid="stVegaLiteChart"] g[class*="_brush"]:not([aria-hidden])')
    .forEach((g) => g.setAttribute('aria-hidden', 'true'));
  new MutationObserver(hide).observe(document.body, {childList: true, subtree: true});
  hide();
})();
</script>"""


def on_brush(bounds: tuple[dt.date, dt.date]) -> None:
    """Chart callback: a brush across the chart chooses the date range it covers. (It holds
    the data's bounds, not its table: a session's last callbacks outlive its end.)"""
    event = st.session_state.get(CHART_KEY)
    selection = (event or {}).get("selection", {}) if isinstance(event, dict) else \
        getattr(event, "selection", {})
    chosen = brushed_range((selection or {}).get(BRUSH) or {}, bounds)
    if chosen is not None:
        set_held({KEYS["dates"]: chosen, KEYS["preset"]: matching_preset(bounds, chosen)})


def timeline(months: pd.DataFrame, bounds: tuple[dt.date, dt.date],
             selected: tuple[dt.date, dt.date]) -> None:
    """The chart of ``months`` over ``bounds``, ``selected`` shaded; brushing sets the range."""
    st.vega_lite_chart(spec=timeline_chart(months, bounds, selected), width="stretch",
                       key=CHART_KEY, on_select=partial(on_brush, bounds),
                       selection_mode=BRUSH)
    st.html(BRUSH_ARIA_SCRIPT, unsafe_allow_javascript=True)
    st.caption(_("Incidents and deaths per month for every filter but the dates; the shaded "
                 "band is the chosen date range: drag across the chart to choose another. "
                 "Light bars: incidents dated only to the month."))
