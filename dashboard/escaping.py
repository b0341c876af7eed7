"""The one place text is made safe for HTML, popups, tooltips and labels.

folium and its popup/tooltip templates insert text as HTML, and some of it inside
JavaScript template literals, so besides HTML escaping the characters that break or run
JavaScript there (backtick, backslash, dollar) become entities too. Braces become entities
as well: branca compiles each rendered element's output again as a Jinja template, so a
"{{ … }}" in incident text would otherwise run as template code on the server.
"""

from __future__ import annotations

import html
import re

import pandas as pd

_JS_SPECIAL = str.maketrans({"`": "&#96;", "\\": "&#92;", "$": "&#36;", "{": "&#123;",
                             "}": "&#125;"})
_HTTP_URL = re.compile(r"^https?://[^\s\"'<>`\\]+$", re.IGNORECASE)


def escape(text: object) -> str:
    """HTML-escape any value (``None`` and NA become empty) for use in map HTML."""
    if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=True).translate(_JS_SPECIAL)


def safe_url(url: object) -> str | None:
    """The URL if it is a plain http(s) address, else ``None`` (no ``javascript:``)."""
    if not isinstance(url, str) or not _HTTP_URL.match(url.strip()):
        return None
    return url.strip()


def link(url: object, label: object) -> str:
    """An escaped link that opens in a new tab, or the escaped label alone for a bad URL."""
    href = safe_url(url)
    if href is None:
        return escape(label)
    return (f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer">'
            f"{escape(label)}</a>")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~=])")
#: U+2060 WORD JOINER: invisible, and no word character. Streamlit's Markdown links bare
#: "www." and "http://" addresses and e-mail addresses in text *after* parsing (GFM autolink
#: literals), and turns ":shortcode:" and ":material/icon:" into emoji and icons, so
#: backslash escapes cannot stop them: a joiner after each ":" and "@" and inside "www."
#: breaks every one of these patterns and shows the same text.
_JOINER = "\u2060"
_AUTOLINK_PARTS = re.compile(r"(?<=[:@])|(?<=www)(?=\.)", re.IGNORECASE)


def md(text: object) -> str:
    """Data text made literal for Markdown (st.markdown, captions, alerts, labels): no
    emphasis, links, autolinked addresses, HTML, LaTeX, emoji or icon codes from data."""
    if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    inert = _AUTOLINK_PARTS.sub(_JOINER, str(text))
    return _MD_SPECIAL.sub(r"\\\1", inert).replace("\n", "  \n")


def md_link(url: object, label: object) -> str:
    """A markdown link for an http(s) URL, else the literal label."""
    href = safe_url(url)
    if href is None:
        return md(label)
    return f"[{md(label)}]({href.replace(')', '%29').replace('(', '%28')})"
