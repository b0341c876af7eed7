"""Load, validate and geocode the shipped data in one call (used by the page and the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo import paths
from geo.gazetteer import Gazetteer
from geo.geocoder import GazetteerGeocoder
from geo.incident_table import geocode_incidents
from geo.loading import load_dataset
from geo.online import GazetteerThenOnline, OnlineGeocoder
from geo.problems import Problem
from geo.schema import INCIDENTS


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
