"""Places in the reader's script: the gazetteer's Russian name (``name_ru`` of
``places.csv``) of the place an incident is drawn at, of a district polygon's place and of
a province, on the Russian page; elsewhere, and where the gazetteer has none, the place as
the incident's source names it and the areas as their polygons' source spells them."""

from __future__ import annotations

import functools
from functools import cache
from pathlib import Path

import pandas as pd

from geo import paths
from geo.districts import read_districts
from geo.i18n import current
from geo.loading import load_table
from geo.schema import PLACES

#: The languages with a name column in the gazetteer (``name_<lang>``).
NAMED_LANGUAGES = ("ru",)


@cache
def _frame(path: str, version: int) -> pd.DataFrame:
    return load_table(PLACES, Path(path)).frame


def _gazetteer(lang: str) -> pd.DataFrame:
    """The gazetteer's rows with a name in ``lang`` (none where the language has no column
    or the folder no gazetteer), read once per file change."""
    path = paths.DATA_DIR / PLACES.filename
    column = f"name_{lang}"
    if lang not in NAMED_LANGUAGES or not path.exists():
        return pd.DataFrame(columns=[*PLACES.names, column])
    frame = _frame(str(path), path.stat().st_mtime_ns)
    if column not in frame:
        return frame.iloc[:0].assign(**{column: pd.Series(dtype=object)})
    named = frame[column].notna() & (frame[column].astype(str).str.strip() != "")
    return frame[named].rename(columns={column: "local"})


def names(lang: str | None = None) -> dict[str, str]:
    """Place id -> its name in ``lang`` (the language in use), read once per file change."""
    named = _gazetteer(lang or current())
    if "local" not in named:
        return {}
    return dict(zip(named["place_id"].astype(str), named["local"].astype(str), strict=True))


def area_name(country: object, admin1: object, admin2: object = None) -> str:
    """A province (``admin1``) or, with ``admin2``, a district as the page names it in the
    language in use: the gazetteer's name of that district or province where it has one
    (Хатлонская область, Дарвазский район), else as spelled."""
    named = _gazetteer(current())
    if "local" not in named or not isinstance(admin1, str):
        return str(admin2 if isinstance(admin2, str) and admin2 else admin1)
    district = isinstance(admin2, str) and bool(admin2)
    level = named["level"] == ("district" if district else "province")
    match = named[level & (named["country"] == str(country)) & (named["admin1"] == admin1)
                  & ((named["admin2"] == admin2) if district else True)]
    return str(match["local"].iloc[0]) if len(match) else str(admin2 if district else admin1)


def district_names(districts: pd.DataFrame) -> pd.Series:
    """Each district polygon's name (:mod:`geo.districts`) in the language in use: that of
    the gazetteer place it stands for (``place_id``) where it has one, else the polygon's."""
    return districts["place_id"].map(names()).fillna(districts["name"]).astype(str)


@functools.lru_cache(maxsize=8)
def _labels(data_dir: str, lang: str) -> dict[str, str]:
    frame = read_districts(data_dir)
    return {i: f"{n} ({c})" for i, n, c in zip(frame["district_id"], district_names(frame),
                                               frame["country"], strict=True)}


def district_label(district_id: str) -> str:
    """'Shamsiddin Shohin (TJ)' for ``tj-shamsiddin-shohin`` ('Шамсиддин Шохин (TJ)' on the
    Russian page); the id itself when unknown."""
    return _labels(str(paths.DATA_DIR), current()).get(district_id, district_id)


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
