"""The gazetteer: places on both sides of the border, looked up by any name or spelling."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo import paths
from geo.loading import load_table
from geo.problems import Problem
from geo.schema import PLACES

# Words that describe a place's kind rather than name it: "Darvaz district" is "Darvaz".
_GENERIC = {
    "district", "province", "region", "village", "county", "area", "town", "oblast",
    "rayon", "nohiya", "nohiyai", "uezd", "wuleswali", "border", "crossing", "bcp",
    "autonomous", "of", "the",
}
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf'`´]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/.,;:()]+")


def normalize(name: str) -> str:
    """Fold case, accents, apostrophes, dashes and spacing so spellings compare equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped.casefold())
    return _SEPARATORS.sub(" ", stripped).strip()


def core_name(name: str) -> str:
    """The normalized name without generic words such as 'district' or 'village'."""
    words = [w for w in normalize(name).split() if w not in _GENERIC]
    return " ".join(words)


@dataclass(frozen=True)
class Match:
    """A gazetteer entry matched by a query, and the entry that gives its point."""

    place: pd.Series  # the named place
    located_at: pd.Series  # itself, or the area it lies within when it has no point
    matched: str  # the name or alias that matched


class Gazetteer:
    """Places indexed by every normalized name and alias."""

    def __init__(self, places: pd.DataFrame):
        self.places = places.set_index("place_id", drop=False)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._core: dict[str, set[str]] = defaultdict(set)
        self._label: dict[tuple[str, str], str] = {}
        for place_id, name, aliases in zip(
            self.places["place_id"], self.places["name"], self.places["aliases"], strict=True
        ):
            for label in [name, *[a for a in str(aliases).split(";") if a.strip()]]:
                label = label.strip()
                for index, key in ((self._exact, normalize(label)), (self._core, core_name(label))):
                    if key:
                        index[key].add(place_id)
                        self._label.setdefault((place_id, key), label)

    @classmethod
    def from_csv(cls, path: Path | str | None = None) -> tuple[Gazetteer, list[Problem]]:
        """Load and validate ``places.csv``; invalid rows are reported, not indexed."""
        loaded = load_table(PLACES, Path(path) if path else paths.DATA_DIR / PLACES.filename)
        return cls(loaded.frame), loaded.problems

    def names(self) -> list[str]:
        """Every normalized name and alias the gazetteer knows (see :func:`normalize`)."""
        return list(self._exact)

    def named(self, key: str) -> list[str]:
        """The place_ids with this normalized name or alias, sorted."""
        return sorted(self._exact.get(key, ()))

    def lookup(self, query: str, country: str | list[str] | None = None) -> list[Match]:
        """Every place the query may name, narrowed to the given country code(s).

        Exact names win over names that only agree once 'district', 'village' and the like
        are dropped.
        """
        countries = {country} if isinstance(country, str) else set(country or [])
        countries = {c.upper() for c in countries}
        for index, key in ((self._exact, normalize(query)), (self._core, core_name(query))):
            ids = sorted(index.get(key, ()))
            if countries:
                ids = [i for i in ids if self.places.at[i, "country"] in countries]
            if ids:
                return [Match(self.places.loc[i], self.locate(i), self._label[(i, key)])
                        for i in ids]
        return []

    def locate(self, place_id: str) -> pd.Series:
        """The entry whose point stands for this place, following ``within`` links."""
        seen: set[str] = set()
        row = self.places.loc[place_id]
        while pd.isna(row["lat"]) and row["within"] in self.places.index and place_id not in seen:
            seen.add(place_id)
            place_id = str(row["within"])
            row = self.places.loc[place_id]
        return row
