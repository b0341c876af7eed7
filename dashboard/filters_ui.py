"""The sidebar: date range with presets, the other filters, a reset; the filters in effect.

The filters in effect are read first (:func:`in_effect`), the widgets drawn after the map
(:func:`sidebar`). On a page open they come one run later (:func:`waiting_sidebar`): the
browser loads and renders the code of each widget kind the first time it is sent, and with
the filters in the same run the first markers came later at any data size (figures in
``bench/RESULTS.md``). The filters in effect are the same either way: the link's, or the
defaults, held in the session state under the widgets' keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import playback_ui
from geo.dates import slider_bounds
from geo.filtering import FILTERS, Filters, FilterSpec, date_bounds
from geo.i18n import N_, _, date_text

# Widget keys of the dates; every other filter's widget is keyed by its URL parameter
# (geo.filtering.FILTERS).
KEYS = {"dates": "dates", "preset": "preset"}
# Preset keys: the English names (kept in the session state and matched by the link's
# dates); the pills show them translated.
ALL = N_("All dates")
LAST_12 = N_("Last 12 months")


def presets(first: dt.date, last: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """Named ranges: all, the last 12 months of data, and each year."""
    named = {ALL: (first, last),
             LAST_12: (max(first, (pd.Timestamp(last) - pd.DateOffset(months=12)).date()
                           + dt.timedelta(days=1)), last)}
    for year in range(last.year, first.year - 1, -1):
        named[str(year)] = (max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)))
    return named


def defaults(incidents: pd.DataFrame) -> dict[str, Any]:
    """The widget values of the unfiltered view."""
    return {KEYS["dates"]: date_bounds(incidents), KEYS["preset"]: ALL,
            **{spec.param: widget_value(spec.default) for spec in FILTERS}}


def widget_value(value: bool | tuple[str, ...]) -> bool | list[str]:
    """A filter's value as its widget holds it (a multiselect holds a list)."""
    return value if isinstance(value, bool) else list(value)


_SET_BY_PAGE = "_widgets_set_by_page"


def set_held(values: dict[str, Any]) -> None:
    """Set widgets' values from the page (a callback), noting whether any changed.

    The browser sends every widget's value with each request, and the values it last had
    win. A widget the page changed is sent to the browser after the map (:func:`sidebar`),
    but the map, refitted to the new filters, reports its view as soon as it is drawn: that
    request would carry the widgets' old values and undo the change (a slider move turned
    back by the "All dates" preset it had just cleared). So a run after such a change
    draws the filters before the map (:func:`drawn_first`).
    """
    state = st.session_state
    if any(state.get(key) != value for key, value in values.items()):
        changed_by_page()
    state.update(values)


def changed_by_page() -> None:
    """Note that a callback changed (or cleared) widgets' values: see :func:`set_held`."""
    st.session_state[_SET_BY_PAGE] = True


def drawn_first() -> bool:
    """Whether this run draws the filters before the map: a callback of this run changed a
    widget's value (:func:`set_held`). Read once a run, before the map."""
    return bool(st.session_state.pop(_SET_BY_PAGE, False))


def reset(values: dict[str, Any]) -> None:
    """Callback: every filter back to its default (``values``: :func:`defaults`; a
    callback holds these, not the table: a session's last callbacks outlive its end)."""
    set_held(values)


def _apply_preset(named: dict[str, tuple[dt.date, dt.date]]) -> None:
    choice = st.session_state.get(KEYS["preset"])
    if choice in named:
        set_held({KEYS["dates"]: named[choice]})


def matching_preset(bounds: tuple[dt.date, dt.date],
                    dates: tuple[dt.date, dt.date]) -> str | None:
    """The preset whose range these dates are, if any (presets of data spanning ``bounds``)."""
    return _preset_of(presets(*bounds), dates)


def _preset_of(named: dict[str, tuple[dt.date, dt.date]],
               dates: tuple[dt.date, dt.date]) -> str | None:
    return next((name for name, rng in named.items() if rng == tuple(dates)), None)


def _sync_preset(named: dict[str, tuple[dt.date, dt.date]]) -> None:
    set_held({KEYS["preset"]: _preset_of(named, st.session_state.get(KEYS["dates"], ()))})


def _choose(spec: FilterSpec, options: tuple[str, ...]) -> None:
    st.multiselect(_(spec.label), list(options), key=spec.param,
                   format_func=spec.label_of, placeholder=_(spec.placeholder),
                   help=_(spec.help) if spec.help else None)


def _toggle(spec: FilterSpec, _options: tuple[str, ...]) -> None:
    st.toggle(_(spec.label), key=spec.param, help=_(spec.help) if spec.help else None)


#: Each filter's widget, by URL parameter (called with the filter and its options).
WIDGETS: dict[str, Callable[[FilterSpec, tuple[str, ...]], None]] = {
    "type": _choose, "actor": _choose, "group": _choose, "casualties": _toggle,
    "precision": _choose, "district": _choose}
assert set(WIDGETS) == {spec.param for spec in FILTERS}, "every filter needs its widget"

WAITING = N_("Loading the filters…")


def _set_defaults(incidents: pd.DataFrame) -> None:
    """The defaults under the widgets' keys where none is set yet (no link, first run)."""
    for key, value in defaults(incidents).items():
        st.session_state.setdefault(key, value)


def _in_effect() -> Filters:
    """The filters the widgets' keys hold."""
    state = st.session_state
    start, end = state[KEYS["dates"]]
    return Filters(start=start, end=end, **{  # type: ignore[arg-type]
        spec.field: bool(state[spec.param]) if spec.flag else tuple(state[spec.param])
        for spec in FILTERS})


def _date_setter(named: dict[str, tuple[dt.date, dt.date]], noted: bool = True) -> Callable[
        [tuple[dt.date, dt.date]], None]:
    # A playback step (noted=False) keeps the filters after the map: the map holds its view
    # while playing, so no report of it can carry the slider's old value.
    def set_dates(dates: tuple[dt.date, dt.date]) -> None:
        values = {KEYS["dates"]: dates, KEYS["preset"]: _preset_of(named, dates)}
        if noted:
            set_held(values)
        else:
            st.session_state.update(values)

    return set_dates


def in_effect(incidents: pd.DataFrame) -> Filters:
    """The filters of this run, read before anything is drawn: the link's or the widgets'
    values (the defaults where none is set), the dates a step on while playback plays. The
    widgets are drawn after the map (:func:`sidebar`): a widget's new value is in the
    session state when its run starts, and the map's message leaves first."""
    first, last = date_bounds(incidents)
    _set_defaults(incidents)
    playback_ui.advance((first, last), st.session_state[KEYS["dates"]],
                        _date_setter(presets(first, last), noted=False))
    return _in_effect()


def waiting_sidebar() -> None:
    """On a page's first run: a note where the filters' widgets will be."""
    with st.sidebar:
        st.header(_("Filters"))
        st.caption(_(WAITING))


def sidebar(incidents: pd.DataFrame, options: dict[str, tuple[str, ...]]) -> None:
    """Draw the filters in the sidebar, holding what :func:`in_effect` read (``options``:
    each filter's values by URL parameter, :func:`dashboard.data.filter_options`)."""
    first, last = date_bounds(incidents)
    named = presets(first, last)
    with st.sidebar:
        st.header(_("Filters"))
        st.pills(_("Date presets"), list(named), key=KEYS["preset"], on_change=_apply_preset,
                 args=(named,), label_visibility="collapsed", format_func=_)
        if slider_bounds(first, last) is None:
            # A slider needs two days; the whole dataset is one (its range stays that day).
            st.caption(_("Every incident is dated {date}.").format(
                date=date_text(first, "d MMMM y")))
        else:
            st.slider(
                _("Date range"), min_value=first, max_value=last, format="YYYY-MM-DD",
                key=KEYS["dates"], on_change=_sync_preset, args=(named,),
                help=_("Shows every incident whose date interval overlaps the range; an "
                       "incident known only to the month counts for any day in it."))
            playback_ui.controls((first, last), st.session_state[KEYS["dates"]],
                                 _date_setter(named))
        for spec in FILTERS:
            WIDGETS[spec.param](spec, options[spec.param])
        st.button(_("Reset filters"), on_click=reset, args=(defaults(incidents),), width="stretch")
