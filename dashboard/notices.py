"""What the page says about the data's problems: a file's unusable rows, an unusable file."""

from __future__ import annotations

import streamlit as st

from dashboard.escaping import md
from geo.problems import Problem, errors


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 data error', '3 data errors'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def problems_notice(problems: list[Problem]) -> None:
    """Every problem of the data in one foldable box (open when rows were left out), each
    message whole on its own line: file, line, field and what is wrong."""
    bad = errors(problems)
    title = f"⚠️ {plural(len(bad), 'data error')}, {plural(len(problems) - len(bad), 'warning')}"
    if bad:
        title += ": rows with errors are left out"
    with st.expander(title, expanded=bool(bad)):
        st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def unusable_file(name: str, problems: list[Problem]) -> None:
    """An uploaded file from which no incident could be read: why, and that the shipped
    data is shown instead."""
    st.error(f"No incidents could be read from {md(name)}, so the shipped data is shown. "
             "Is it an ACLED or UCDP GED export (CSV)?", icon="📄")
    with st.expander(f"Why: {plural(len(problems), 'problem')}", expanded=True):
        st.code("\n".join(str(p) for p in problems) or "(no rows)", language=None,
                wrap_lines=True)
