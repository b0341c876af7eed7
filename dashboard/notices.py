"""What the page says about the data's problems: a file's unusable rows, an unusable file."""

from __future__ import annotations

import streamlit as st

from dashboard.escaping import md
from geo.export import problems_csv
from geo.i18n import _, ngettext, number
from geo.problems import Problem, errors


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 data error', '3 data errors' (English: the page's notices word their counts with
    :func:`geo.i18n.ngettext`)."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


#: Problems listed in the page's box; all of them are in its download.
LISTED = 200


def problems_notice(problems: list[Problem], listed: bool = True) -> None:
    """Every problem of the data in one foldable box (open when rows were left out), each
    message whole on its own line: file, line, field and what is wrong.

    Not ``listed`` (a page's first run, :mod:`dashboard.map_first`): the box with its counts
    only; its listing comes with the next run. The listing is a code block, whose highlighter
    is the heaviest code the browser would otherwise load and run before the map's frame
    (about 0.4 s of a 2-core machine's open, measured with Chromium's profiler)."""
    bad = errors(problems)
    warnings = len(problems) - len(bad)
    errors_text = ngettext("{n} data error", "{n} data errors", len(bad))
    warnings_text = ngettext("{n} warning", "{n} warnings", warnings)
    title = "⚠️ " + errors_text.format(n=number(len(bad))) + ", " + warnings_text.format(
        n=number(warnings))
    if bad:
        title += _(": rows with errors are left out")
    with st.expander(title, expanded=bool(bad)):
        if not listed:
            st.caption(_("Listing the problems…"))
            return
        # A large upload can have tens of thousands: the box lists the first ones (errors
        # first: their rows are left out), and the download holds every one.
        first = problems if len(problems) <= LISTED else sorted(
            problems, key=lambda p: p.severity != "error")[:LISTED]
        st.code("\n".join(p.text() for p in first), language=None, wrap_lines=True)
        if len(problems) > LISTED:
            st.caption(_("The first {listed} of {total} problems are listed here; the file "
                         "below holds all of them.").format(listed=number(LISTED),
                                                           total=number(len(problems))))
            st.download_button(_("All problems (CSV)"), lambda: problems_csv(problems),
                               "problems.csv", "text/csv", on_click="ignore",
                               icon=":material/download:")


def unusable_file(name: str, problems: list[Problem]) -> None:
    """An uploaded file from which no incident could be read: why, and that the shipped
    data is shown instead."""
    st.error(_("No incidents could be read from {name}, so the shipped data is shown. "
               "Is it an ACLED or UCDP GED export (CSV)?").format(name=md(name)), icon="📄")
    why = ngettext("{n} problem", "{n} problems", len(problems)).format(
        n=number(len(problems)))
    with st.expander(_("Why: {problems}").format(problems=why), expanded=True):
        st.code("\n".join(p.text() for p in problems) or _("(no rows)"), language=None,
                wrap_lines=True)
