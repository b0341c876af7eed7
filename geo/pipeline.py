"""Load, validate and geocode the shipped data in one call (used by the page and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import paths
from geo.gazetteer import Gazetteer
from geo.geocoder import AmbiguousPlace, GazetteerGeocoder
from geo.incident_table import geocode_incidents
from geo.loading import empty_table, load_dataset
from geo.online import GazetteerThenOnline, OnlineGeocoder
from geo.problems import Problem
from geo.schema import CASUALTIES, INCIDENTS


@dataclass
class IncidentData:
    """The geocoded incident table, its casualty claims and gazetteer, and every problem."""

    incidents: pd.DataFrame
    casualties: pd.DataFrame
    places: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def load_incident_data(data_dir: Path | str | None = None,
                       online: OnlineGeocoder | None = None) -> IncidentData:
    """Everything the page shows, from a data folder (the shipped one by default)."""
    folder = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    data = load_dataset(folder)
    geocoder = GazetteerGeocoder(Gazetteer(data.places))
    chain = GazetteerThenOnline(geocoder, online) if online is not None else geocoder
    table = geocode_incidents(data.incidents, chain, str(folder / INCIDENTS.filename))
    return IncidentData(table.frame, data.casualties, data.places,
                        data.problems + table.problems)


def load_imported(raw: bytes, name: str, places: pd.DataFrame | None = None) -> IncidentData:
    """An uploaded ACLED or UCDP GED export, recognised by its columns, geocoded like the
    shipped data (the gazetteer adds admin areas where it knows the place)."""
    from geo.import_acled import import_acled
    from geo.import_ucdp import import_ucdp
    from geo.importing import REGION

    header = raw[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    columns = {c.strip().strip('"') for c in header[0].split(",")} if header else set()
    if "event_id_cnty" in columns:
        result = import_acled(raw, name)
    elif {"where_prec", "date_prec"} <= columns:
        result = import_ucdp(raw, name)
    else:
        wrong = Problem(name, 1, None, "not an ACLED or UCDP GED CSV export: expected ACLED's "
                        "event_id_cnty column or UCDP's where_prec and date_prec columns")
        return IncidentData(empty_table(INCIDENTS), empty_table(CASUALTIES), pd.DataFrame(),
                            [wrong])
    if places is None:
        places = load_dataset(paths.DATA_DIR).places
    geocoder = GazetteerGeocoder(Gazetteer(places))
    table = geocode_incidents(result.incidents, _QuietGeocoder(geocoder), name)
    problems = list(result.problems)
    if result.outside_region:
        problems.append(Problem(name, None, None, f"{result.outside_region} rows lie outside "
                                f"the border region (lat {REGION['south']}–{REGION['north']}, "
                                f"lon {REGION['west']}–{REGION['east']}) or outside "
                                "Afghanistan and Tajikistan, and were not loaded", "warning"))
    return IncidentData(table.frame, result.casualties, places, problems + table.problems)


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
