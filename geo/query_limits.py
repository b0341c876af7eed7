"""What a link loses before the parser sees it: Streamlit reads at most 1,000 query
parameters and drops the rest without a word, so a link that reaches the limit is said to
have been cut (a helper beside :mod:`geo.view_state`, whose parser cannot see the drop)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from geo.i18n import _, number

#: Query parameters Streamlit passes to the page; any beyond are dropped before it runs.
MAX_QUERY_FIELDS = 1000


def truncation_notice(query: Mapping[str, Sequence[str]]) -> str | None:
    """A notice for a link that may have been cut at :data:`MAX_QUERY_FIELDS`, else None.

    ``query`` is the link as the page received it (name → values), e.g.
    ``{name: st.query_params.get_all(name) for name in st.query_params}``.
    """
    count = sum(len(values) for values in query.values())
    if count < MAX_QUERY_FIELDS:
        return None
    return _("The link has {n} parameters or more; only the first {n} were read, so part "
             "of it may be missing.").format(n=number(MAX_QUERY_FIELDS))
