"""An incident's summary in the reader's language where the data has it (a ``summary_<lang>``
column), else in the language it was written in (English), marked as such."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.i18n import DEFAULT, _, current


def summary_of(incident: Mapping[str, Any]) -> tuple[str, str | None]:
    """The summary to show, and the mark to put before it (``None``: in the page's language).

    A row's ``summary_ru`` (when the table has one and it is filled) is shown on the Russian
    page; otherwise the English summary, marked "In English" there.
    """
    lang = current()
    english = str(incident.get("summary") or "")
    if lang == DEFAULT:
        return english, None
    own = incident.get(f"summary_{lang}")
    if isinstance(own, str) and own.strip():
        return own, None
    return english, (_("In English:") if english else None)
