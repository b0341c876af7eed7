"""Time playback's controls: play/pause (Space), window and step, and the timer.

Each step is a real rerun of the whole page: a fragment with a timer
(``st.fragment(run_every=...)``), drawn only while playing, asks for it; the page's run then
moves the date range one step (:func:`advance`, before the date slider is drawn) and the
map, headline, chart and table follow as for any slider move. Streamlit queues a timer's
fragment run behind a page run still going, so a slow step delays the next one rather than
cutting it short. A date range changed by hand (slider, preset, brushing) stops playing.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.playback import LABELS, STEPS, WINDOWS, Range, next_window, play_from

PLAYING_KEY = "_playing"
WINDOW_KEY, STEP_KEY, BUTTON_KEY = "play_window", "play_step", "play_button"
_SHOWN = "_play_shown"  # the window playing last set: any other range was set by hand
_TICK = "_play_tick"  # set by the timer's run: the next page run moves one step
_DRAWN = "_play_ticker_drawn"

#: Seconds between steps while playing, when a page run takes less.
STEP_SECONDS = 0.4

SetDates = Callable[[Range], None]


def current() -> tuple[str, str]:
    """The chosen window and step (their link values)."""
    state = st.session_state
    window, step = state.get(WINDOW_KEY), state.get(STEP_KEY)
    return (window if window in WINDOWS else next(iter(WINDOWS)),
            step if step in STEPS else next(iter(STEPS)))


def playing() -> bool:
    """Whether playback is on."""
    return bool(st.session_state.get(PLAYING_KEY))


def _show(window: Range, set_dates: SetDates) -> None:
    st.session_state[_SHOWN] = window
    set_dates(window)


def advance(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Before the date slider: if the timer asked for a step, move ``dates`` one step (or
    stop at the end); stop if the range is no longer the one playing set."""
    state = st.session_state
    tick = state.pop(_TICK, False)
    if not playing():
        return
    if tuple(dates) != state.get(_SHOWN):
        state[PLAYING_KEY] = False  # the user chose other dates
        return
    if tick:
        step = next_window(tuple(dates), *current(), bounds)
        if step is None:
            state[PLAYING_KEY] = False
        else:
            _show(step, set_dates)


def _toggle(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Button callback: pause, or play from the next step (from the start at the end)."""
    if playing():
        st.session_state[PLAYING_KEY] = False
        return
    st.session_state[PLAYING_KEY] = True
    _show(play_from(tuple(dates), *current(), bounds), set_dates)


@st.fragment(run_every=STEP_SECONDS)
def _ticker() -> None:
    """The timer: drawn by the page's run (which clears the flag), its own timed runs ask
    for the next step with a run of the whole page."""
    if st.session_state.pop(_DRAWN, False):
        return
    st.session_state[_TICK] = True
    st.rerun(scope="app")


def controls(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Play/pause, window and step (after the date slider)."""
    on = playing()
    st.button("Pause" if on else "Play", key=BUTTON_KEY, on_click=_toggle,
              args=(bounds, dates, set_dates), shortcut="Space",
              icon=":material/pause:" if on else ":material/play_arrow:", width="stretch",
              help="Steps the date range through the whole period; map, figures, chart "
                   "and table follow each step. Space plays and pauses.")
    left, right = st.columns(2)
    left.selectbox("Window", list(WINDOWS), key=WINDOW_KEY, format_func=LABELS.get,
                   help="How much each step shows: a month, three, a year, or everything "
                        "from the start (cumulative).")
    right.selectbox("Step", list(STEPS), key=STEP_KEY, format_func=LABELS.get,
                    help="How far each step moves the window.")
    if on:
        st.session_state[_DRAWN] = True
        _ticker()
