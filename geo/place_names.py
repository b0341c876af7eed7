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
def _named(path: str, version: int, lang: str) -> tuple[dict[str, str],
                                                        dict[tuple[str, str, str], str]]:
    """Place id -> name in ``lang``, and (country, province, district or '') -> the name of
    that district or province in ``lang``, of the gazetteer rows that have one."""
    frame = load_table(PLACES, Path(path)).frame
    column = f"name_{lang}"
    if column not in frame:
        return {}, {}
    named = frame[frame[column].notna() & (frame[column].astype(str).str.strip() != "")]
    by_id = dict(zip(named["place_id"].astype(str), named[column].astype(str), strict=True))
    areas = named[named["level"].isin(["district", "province"])]
    by_area = {(str(c), str(a1), str(a2) if level == "district" else ""): str(name)
               for c, a1, a2, level, name in zip(areas["country"], areas["admin1"],
                                                 areas["admin2"].fillna(""), areas["level"],
                                                 areas[column], strict=True)}
    return by_id, by_area


def _gazetteer(lang: str) -> tuple[dict[str, str], dict[tuple[str, str, str], str]]:
    """:func:`_named` of the data folder's gazetteer, read once per file change (nothing for
    a language with no name column, or a folder with no gazetteer)."""
    path = paths.DATA_DIR / PLACES.filename
    if lang not in NAMED_LANGUAGES or not path.exists():
        return {}, {}
    return _named(str(path), path.stat().st_mtime_ns, lang)


def names(lang: str | None = None) -> dict[str, str]:
    """Place id -> its name in ``lang`` (the language in use), read once per file change."""
    return _gazetteer(lang or current())[0]


def area_name(country: object, admin1: object, admin2: object = None) -> str:
    """A province (``admin1``) or, with ``admin2``, a district as the page names it in the
    language in use: the gazetteer's name of that district or province where it has one
    (Хатлонская область, Дарвазский район), else as spelled."""
    district = str(admin2) if isinstance(admin2, str) and admin2 else ""
    spelled = district or str(admin1)
    return _gazetteer(current())[1].get((str(country), str(admin1), district), spelled)


def district_names(districts: pd.DataFrame) -> pd.Series:
    """Each district polygon's name (:mod:`geo.districts`) in the language in use: that of
    the gazetteer place it stands for (``place_id``) where it has one, else the polygon's."""
    local = districts["place_id"].astype(str).map(names())
    return local.where(local.notna(), districts["name"]).astype(str)


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
