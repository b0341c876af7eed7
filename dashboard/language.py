"""The page's language: from the link's ``lang=``, else the browser's; a switch in the
sidebar. The choice lives in the session state under :data:`KEY` (the link writes it)."""

from __future__ import annotations

import streamlit as st

from geo import i18n
from geo.i18n import _

KEY = "lang"


def _browser() -> str:
    """Our language the browser prefers: its locale, else its Accept-Language header."""
    locale = st.context.locale
    if locale and i18n.preferred(locale) != i18n.DEFAULT:
        return i18n.preferred(locale)
    return i18n.preferred(st.context.headers.get("Accept-Language"))


def choose() -> str:
    """Set this run's language and return it: the session's choice; on a session's first
    run, the link's (an unknown one: English; url_sync says so) or the browser's."""
    lang = st.session_state.get(KEY)
    if lang not in i18n.LANGUAGES:
        raw = st.query_params.get_all("lang")
        lang = i18n.from_link(raw[0])[0] if raw else _browser()
        st.session_state[KEY] = lang
    i18n.use(lang)
    return lang


def switch() -> None:
    """The language switch at the top of the sidebar (each language named in itself)."""
    with st.sidebar:
        st.segmented_control(_("Language"), list(i18n.LANGUAGES), key=KEY,
                             format_func=i18n.LANGUAGES.get, label_visibility="collapsed")
