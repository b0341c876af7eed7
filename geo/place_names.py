"""Places in the reader's script: the gazetteer's Russian name (``name_ru`` of
``places.csv``) of the place an incident is drawn at, on the Russian page; elsewhere, and
where the gazetteer has none, the place as the incident's source names it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from geo import paths
from geo.i18n import current
from geo.loading import load_table
from geo.schema import PLACES

#: The languages with a name column in the gazetteer (``name_<lang>``).
NAMED_LANGUAGES = ("ru",)


@cache
def _names(path: str, version: int, lang: str) -> dict[str, str]:
    frame = load_table(PLACES, Path(path)).frame
    column = f"name_{lang}"
    if column not in frame:
        return {}
    named = frame[frame[column].notna() & (frame[column].astype(str).str.strip() != "")]
    return dict(zip(named["place_id"].astype(str), named[column].astype(str), strict=True))


def names(lang: str | None = None) -> dict[str, str]:
    """Place id -> its name in ``lang`` (the language in use), read once per file change."""
    lang = lang or current()
    path = paths.DATA_DIR / PLACES.filename
    if lang not in NAMED_LANGUAGES or not path.exists():
        return {}
    return _names(str(path), path.stat().st_mtime_ns, lang)


def local_place(place: object, place_id: object) -> str:
    """One incident's place as the page shows it in the language in use."""
    return names().get(str(place_id), str(place))


def local_places(incidents: pd.DataFrame) -> pd.Series:
    """:func:`local_place` of every row (``place``, ``place_id``)."""
    place = incidents["place"].astype(str)
    named = names()
    if not named or "place_id" not in incidents:
        return place
    return incidents["place_id"].map(named).fillna(place).astype(str)
