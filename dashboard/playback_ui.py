"""Time playback's controls: play/pause (Space), window and step, and the timer.

Each step is a real rerun of the whole page: a fragment with a timer
(``st.fragment(run_every=...)``), drawn only while playing, asks for it; the page's run then
moves the date range one step (:func:`advance`, before the date slider is drawn) and the
map, headline, chart and table follow as for any slider move. Streamlit queues a timer's
fragment run behind a page run still going, so a slow step delays the next one rather than
cutting it short. A date range changed by hand (slider, preset, brushing) stops playing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from geo.i18n import _
from geo.playback import LABELS, STEPS, WINDOWS, Range, next_window, play_from

PLAYING_KEY = "_playing"
WINDOW_KEY, STEP_KEY, BUTTON_KEY = "play_window", "play_step", "play_button"
_SHOWN = "_play_shown"  # the windows playing set, the last one last
_TICK = "_play_tick"  # set by the timer's run: the next page run moves one step
_DRAWN = "_play_ticker_drawn"

#: How often the timer asks for a step while playing, in seconds; a step comes no sooner
#: than :data:`STEP_SECONDS` after the one before (a page run that takes longer makes the
#: steps that much slower).
TIMER_SECONDS = 0.1
STEP_SECONDS = 0.35
_LAST_STEP = "_play_last_step"  # when the last step was taken (time.monotonic())

SetDates = Callable[[Range], None]

#: Space plays and pauses, unless it is meant for what has the focus: a field, a button,
#: a link, a slider, the table (Streamlit's own shortcuts skip fields only, so Space on a
#: focused button would both press it and toggle playback). Installed once per page.
SPACE_SCRIPT = """<script>
(() => {
  if (window.__bimSpace) return;
  window.__bimSpace = true;
  const own = 'input, textarea, select, button, a[href], [contenteditable="true"], '
    + '[role="button"], [role="slider"], [role="checkbox"], [role="switch"], '
    + '[role="option"], [role="combobox"], [role="listbox"], [role="menuitem"], '
    + '[role="tab"], [role="radio"], [role="grid"], iframe';
  document.addEventListener('keydown', (e) => {
    if (e.key !== ' ' || e.repeat || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
    const t = e.target;
    if (t && t.closest && t.closest(own)) return;
    const b = document.querySelector('.st-key-play_button button');
    if (b) { e.preventDefault(); b.click(); }
  });
})();
</script>"""


def current() -> tuple[str, str]:
    """The chosen window and step (their link values)."""
    state = st.session_state
    window, step = state.get(WINDOW_KEY), state.get(STEP_KEY)
    return (window if window in WINDOWS else next(iter(WINDOWS)),
            step if step in STEPS else next(iter(STEPS)))


def playing() -> bool:
    """Whether playback is on."""
    return bool(st.session_state.get(PLAYING_KEY))


def _show(window: Range, set_dates: SetDates, shown: list[Range] | None = None) -> None:
    """Set the dates to ``window``, the last of the windows played (``shown``: those before
    it, by default the ones played so far)."""
    shown = st.session_state.get(_SHOWN, []) if shown is None else shown
    st.session_state[_SHOWN] = [*shown[-(_RECENT - 1):], window]
    st.session_state[_LAST_STEP] = time.monotonic()
    set_dates(window)


#: How many of the last windows played count as "sent by the browser before it had the
#: latest step" rather than as chosen by hand.
_RECENT = 8


def advance(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Before the date slider: if the timer asked for a step, move the range one step from
    the last window played (or stop at the end); stop if the user chose other dates.

    A request from the browser carries the slider's value as the browser last had it: a
    timer run asked for while the previous step was still on its way brings back an earlier
    window. That is not a choice: playing goes on from the last window it set.
    """
    state = st.session_state
    tick = state.pop(_TICK, False)
    if not playing():
        return
    shown = state.get(_SHOWN) or [tuple(dates)]
    if not _sent_before(tuple(dates), shown):
        state[PLAYING_KEY] = False  # the user chose other dates
        return
    if tuple(dates) != shown[-1]:
        set_dates(shown[-1])
    if tick:
        step = next_window(shown[-1], *current(), bounds)
        if step is None:
            state[PLAYING_KEY] = False
        else:
            _show(step, set_dates)


def _sent_before(dates: Range, shown: list[Range]) -> bool:
    """Whether a request's dates are the browser's stale copy of a recent window: one of
    them, or the start of one with the end of another (a slow browser sends its slider
    between updating the two handles)."""
    return dates in shown or (dates[0] in {w[0] for w in shown}
                              and dates[1] in {w[1] for w in shown})


def _toggle(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Button callback: pause, or play from the next step (from the start at the end)."""
    if playing():
        st.session_state[PLAYING_KEY] = False
        if shown := st.session_state.get(_SHOWN):
            set_dates(shown[-1])  # the click may carry the step before
        return
    st.session_state[PLAYING_KEY] = True
    # The window the click left counts as played: the browser's next request may carry it.
    _show(play_from(tuple(dates), *current(), bounds), set_dates, shown=[tuple(dates)])


@st.fragment(run_every=TIMER_SECONDS)
def _ticker() -> None:
    """The timer: drawn by the page's run (which clears the flag), its own timed runs ask
    for the next step with a run of the whole page, waiting for the rest of
    :data:`STEP_SECONDS` if the last step was sooner."""
    if st.session_state.pop(_DRAWN, False):
        return
    since = time.monotonic() - st.session_state.get(_LAST_STEP, 0.0)
    if since < STEP_SECONDS:
        time.sleep(STEP_SECONDS - since)
    st.session_state[_TICK] = True
    st.rerun(scope="app")


def _label(value: str) -> str:
    return {"1m": _("1 month"), "3m": _("3 months"), "1y": _("1 year"),
            "all": _("Cumulative")}.get(value, LABELS.get(value, value))


def controls(bounds: Range, dates: Range, set_dates: SetDates) -> None:
    """Play/pause, window and step (after the date slider)."""
    on = playing()
    st.button(_("Pause") if on else _("Play"), key=BUTTON_KEY, on_click=_toggle,
              args=(bounds, dates, set_dates),
              icon=":material/pause:" if on else ":material/play_arrow:", width="stretch",
              help=_("Steps the date range through the whole period; map, figures, chart "
                     "and table follow each step. Space plays and pauses (when the focus is "
                     "not on a field or another control)."))
    st.html(SPACE_SCRIPT, unsafe_allow_javascript=True)
    left, right = st.columns(2)
    left.selectbox(_("Window"), list(WINDOWS), key=WINDOW_KEY, format_func=_label,
                   help=_("How much each step shows: a month, three, a year, or everything "
                          "from the start (cumulative)."))
    right.selectbox(_("Step"), list(STEPS), key=STEP_KEY, format_func=_label,
                    help=_("How far each step moves the window."))
    if on:
        st.session_state[_DRAWN] = True
        _ticker()
