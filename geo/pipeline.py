"""Load, validate and geocode the shipped data in one call (used by the page and the CLI)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import paths
from geo.casualties import group_readings
from geo.districts import read_districts
from geo.gazetteer import Gazetteer
from geo.geocoder import AmbiguousPlace, GazetteerGeocoder
from geo.i18n import N_, Message, Number, lazy
from geo.incident_table import geocode_incidents
from geo.loading import empty_table, load_dataset
from geo.online import GazetteerThenOnline, OnlineGeocoder
from geo.problems import Problem
from geo.schema import CASUALTIES, INCIDENTS


@dataclass
class IncidentData:
    """The geocoded incident table, its casualty claims and gazetteer, and every problem.

    ``readings`` are the claims' low/best/high per incident and group
    (:func:`geo.casualties.group_readings`), computed once here so that views of any subset
    only select and add.
    """

    incidents: pd.DataFrame
    casualties: pd.DataFrame
    places: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    readings: pd.DataFrame | None = None
    #: Identifies this load (for caches of views derived from it).
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    #: The measures ("killed", "injured") this dataset records at all (see :meth:`records`).
    recorded: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.readings is None:
            self.readings = group_readings(self.casualties)
        # Once per load, not on every page run that asks.
        self.recorded = frozenset(m for m in ("killed", "injured") if not len(self.casualties)
                                  or bool(self.casualties[m].notna().any()))

    def records(self, measure: str) -> bool:
        """Whether this dataset records ``measure`` ("killed", "injured") at all: an ACLED
        or UCDP export has no injuries, which the page then calls "not recorded", not 0."""
        return measure in self.recorded


#: Reports how far a load has come: (fraction done, what it is doing). The load runs where
#: the reader's language is unknown (a worker thread, a cache shared by every session): what
#: it is doing is a message, put in words by whoever draws it.
Progress = Callable[[float, Message], None]


#: The progress reported when the rows have been read and checked and placing them begins.
PLACING = 0.6
#: The progress reported when the rows are placed: what is left is small.
CLAIMS = 0.9


def _quiet(fraction: float, text: Message) -> None:
    """No progress display."""


def load_incident_data(data_dir: Path | str | None = None,
                       online: OnlineGeocoder | None = None,
                       progress: Progress = _quiet) -> IncidentData:
    """Everything the page shows, from a data folder (the shipped one by default)."""
    folder = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    progress(0.0, Message(N_("Reading and checking the data files…")))
    data = load_dataset(folder)
    progress(PLACING, _placing(len(data.incidents)))
    geocoder = GazetteerGeocoder(Gazetteer(data.places))
    chain = GazetteerThenOnline(geocoder, online) if online is not None else geocoder
    table = geocode_incidents(data.incidents, chain, INCIDENTS.filename,
                              read_districts(folder))
    progress(CLAIMS, _claims(len(data.casualties)))
    return IncidentData(by_date(table.frame), data.casualties, data.places,
                        data.problems + table.problems)


def _placing(n: int) -> Message:
    return lazy(N_("Placing {n} incidents with the gazetteer…"), n=Number(n))


def _claims(n: int) -> Message:
    return lazy(N_("Reading {n} casualty claims…"), n=Number(n))


def by_date(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents in date order (then by id), as every view lists them, whatever order the
    file had (an ACLED export comes newest first)."""
    return incidents.sort_values(["date_start", "date_end", "incident_id"],
                                 kind="stable").reset_index(drop=True)


def load_imported(raw: bytes, name: str, places: pd.DataFrame | None = None,
                  progress: Progress = _quiet) -> IncidentData:
    """An uploaded ACLED or UCDP GED export, recognised by its columns, geocoded like the
    shipped data (the gazetteer adds admin areas where it knows the place)."""
    from geo.import_acled import import_acled
    from geo.import_ucdp import import_ucdp
    from geo.importing import REGION

    header = raw[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    columns = {c.strip().strip('"') for c in header[0].split(",")} if header else set()
    progress(0.0, Message(N_("Reading and checking the file…")))
    if "event_id_cnty" in columns:
        result = import_acled(raw, name)
    elif {"where_prec", "date_prec"} <= columns:
        result = import_ucdp(raw, name)
    else:
        wrong = Problem(name, 1, None, N_("not an ACLED or UCDP GED CSV export: expected "
                                          "ACLED's event_id_cnty column or UCDP's where_prec "
                                          "and date_prec columns"))
        return IncidentData(empty_table(INCIDENTS), empty_table(CASUALTIES), pd.DataFrame(),
                            [wrong])
    if places is None:
        places = load_dataset(paths.DATA_DIR).places
    progress(PLACING, _placing(len(result.incidents)))
    geocoder = GazetteerGeocoder(Gazetteer(places))
    table = geocode_incidents(result.incidents, _QuietGeocoder(geocoder), name,
                              read_districts(paths.DATA_DIR))
    progress(CLAIMS, _claims(len(result.casualties)))
    problems = list(result.problems)
    if result.outside_region:
        problems.append(Problem(name, None, None, lazy(
            N_("{n} rows lie outside the border region (lat {south}–{north}, lon {west}–{east}) "
               "or outside Afghanistan and Tajikistan, and were not loaded"),
            n=result.outside_region, **REGION), "warning"))
    return IncidentData(by_date(table.frame), result.casualties, places,
                        problems + table.problems)


class _QuietGeocoder:
    """Imported rows carry their own points: an unknown place name is not a problem."""

    def __init__(self, inner: GazetteerGeocoder):
        self.inner = inner

    def geocode(self, query: str, *, exactly_one: bool = True,
                country_codes: str | None = None):
        try:
            return self.inner.geocode(query, exactly_one=exactly_one,
                                      country_codes=country_codes)
        except AmbiguousPlace:
            return None
