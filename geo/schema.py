"""The data model, declared once.

Every loader, importer, filter and export reads its columns, types and allowed values from
here. ``data/README.md`` documents the same model for people editing the CSV files; a test
checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from geo.i18n import N_

Kind = Literal["id", "text", "date", "int", "float", "choice", "url", "urls"]


@dataclass(frozen=True)
class Column:
    """One column of a shipped CSV file."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""
    #: Values of a choice that earlier versions of the data used, and what they became.
    former: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableSpec:
    """A CSV file's columns, its key and the columns it refers to elsewhere."""

    name: str
    filename: str
    columns: tuple[Column, ...]
    key: str | None = None
    doc: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


# --- Vocabularies: value -> human label -------------------------------------------------

#: Vocabularies map each value to its short label, the one every view shows; a ``*_MEANINGS``
#: dict says what a value means where a label is too short (the About panel, data/README.md).
DATE_PRECISIONS: dict[str, str] = {
    "day": N_("Day"),
    "week": N_("Week"),
    "month": N_("Month only"),
    "year": N_("Year only"),
}

EVENT_TYPES: dict[str, str] = {
    "armed_clash": N_("Armed clash"),
    "cross_border_fire": N_("Cross-border fire"),
    "drone_strike": N_("Drone strike"),
    "armed_attack": N_("Armed attack"),
    "infiltration": N_("Infiltration"),
    "smuggling": N_("Smuggling crossing"),
    "militarization": N_("Militarization"),
}

EVENT_TYPE_MEANINGS: dict[str, str] = {
    "armed_clash": "an exchange of fire between armed forces of the two sides",
    "cross_border_fire": "fire or projectiles across the border",
    "drone_strike": "an attack by drone",
    "armed_attack": "an attack by an armed group on people or a site (e.g. a workers' camp)",
    "infiltration": "an armed crossing by militants, intercepted",
    "smuggling": "a smuggling crossing intercepted, with or without an exchange of fire",
    "militarization": "new posts, bases or deployments",
}

LOCATION_PRECISIONS: dict[str, str] = {
    "exact": N_("Exact point"),
    "near": N_("Near a place"),
    "district": N_("District only"),
    "province": N_("Province only"),
    "border": N_("Along the border"),
}

LOCATION_PRECISION_MEANINGS: dict[str, str] = {
    "exact": N_("exact point given by the source"),
    "near": N_("near the named place"),
    "district": N_("somewhere in the district"),
    "province": N_("somewhere in the province"),
    "border": N_("only 'along the border': not mappable"),
}

#: Nominal uncertainty radius (km) for each location precision; a place's own extent is
#: used when it is larger. ``border`` has no point at all.
PRECISION_RADIUS_KM: dict[str, float | None] = {
    "exact": 0.0,
    "near": 5.0,
    "district": 15.0,
    "province": 50.0,
    "border": None,
}

COUNTRIES: dict[str, str] = {"AF": N_("Afghanistan"), "TJ": N_("Tajikistan")}

CASUALTY_GROUPS: dict[str, str] = {
    "afghan_forces": N_("Afghan forces"),
    "tajik_border_guards": N_("Tajik border guards"),
    "militants": N_("Militants"),
    "smugglers": N_("Smugglers"),
    "civilians": N_("Civilians"),
    "unknown": N_("Unknown"),
    "all": N_("All groups (a total)"),
}

ESTIMATES: dict[str, str] = {
    "low": "the claimant's low estimate",
    "best": "the claimant's best estimate",
    "high": "the claimant's high estimate",
}

#: Who speaks: a government apart from its country's press, and datasets apart from both.
CLAIMANTS: dict[str, str] = {
    "tajik_authorities": N_("Tajik authorities"),
    "tajik_media": N_("Tajik media"),
    "afghan_authorities": N_("Afghan (Taliban) authorities"),
    "afghan_media": N_("Afghan media"),
    "chinese_authorities": N_("Chinese authorities"),
    "international_media": N_("International media"),
    "ACLED": N_("ACLED"),
    "UCDP": N_("UCDP"),
    "unattributed": N_("Unattributed"),
}

#: The claimants of earlier versions of the data, and what they became (a data folder still
#: using them gets a message naming the new value).
FORMER_CLAIMANTS: dict[str, str] = {
    "Tajikistan": "tajik_authorities",
    "Afghanistan": "afghan_authorities or afghan_media",
    "China": "chinese_authorities",
    "media": "tajik_media, afghan_media or international_media",
}

PLACE_LEVELS: dict[str, str] = {
    "village": "village or town",
    "district": "district",
    "province": "province",
    "crossing": "border crossing",
}

POINT_KINDS: dict[str, str] = {
    "centroid": N_("centre of the area's polygon"),
    "seat": N_("administrative seat (no licence-clean centroid known)"),
    "point": N_("the place's own point"),
    "derived": N_("derived point (see source)"),
}

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: A count (killed, injured, deaths): ASCII digits only, as every number parser needs.
WHOLE_NUMBER = r"[0-9]{1,9}"
#: The longest text a cell may hold.
MAX_TEXT = 4000

#: The dates any table may hold, wherever they come from (CSV, an upload, ``geo add``): far
#: wider than the conflict, narrow enough for the date slider and date arithmetic.
DATE_WINDOW: tuple[dt.date, dt.date] = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))

# --- Tables ----------------------------------------------------------------------------

INCIDENTS = TableSpec(
    name="incidents",
    filename="incidents.csv",
    key="incident_id",
    doc="One row per incident.",
    columns=(
        Column("incident_id", "id", True, doc="Stable unique slug, e.g. 2025-08-24-dovang."),
        Column("date_start", "date", True, doc="First day the incident may have happened."),
        Column("date_end", "date", True, doc="Last day it may have happened (>= date_start)."),
        Column("date_precision", "choice", True, tuple(DATE_PRECISIONS),
               doc="How precisely the source dates it."),
        Column("reported", "date",
               doc="Day of the first public report (the dates above are the event's)."),
        Column("event_type", "choice", True, tuple(EVENT_TYPES), doc="What happened."),
        Column("place", "text", True, doc="The place as the source names it."),
        Column("country", "choice", True, tuple(COUNTRIES), doc="ISO2 of where it happened."),
        Column("location_precision", "choice", True, tuple(LOCATION_PRECISIONS),
               doc="How precisely the source places it."),
        Column("latitude", "float", minimum=-90, maximum=90,
               doc="Optional point given by a source; overrides the gazetteer."),
        Column("longitude", "float", minimum=-180, maximum=180,
               doc="Optional point given by a source; overrides the gazetteer."),
        Column("side_a", "text", True, doc="First actor."),
        Column("side_b", "text", doc="Second actor, if any."),
        Column("summary", "text", True, doc="Short summary in our own words."),
        Column("summary_ru", "text",
               doc="The summary in Russian, where translated: the Russian page shows it "
                   "(blank: the English summary, marked as English)."),
        Column("source_title", "text", True, doc="Title of the main source."),
        Column("source_url", "url", True, doc="http(s) address of the main source."),
        Column("more_sources", "urls", doc="Further http(s) sources, separated by spaces."),
        Column("notes", "text", doc="Where sources disagree, and other detail."),
        Column("dataset", "text",
               doc="Where the row comes from: blank for this table, e.g. ACLED or UCDP GED."),
        Column("source_admin1", "text",
               doc="The province as the row's source names it (ACLED admin1, UCDP adm_1)."),
        Column("source_admin2", "text",
               doc="The district as the row's source names it (ACLED admin2, UCDP adm_2): "
                   "checked against the district polygon its point lies in."),
    ),
)

CASUALTIES = TableSpec(
    name="casualties",
    filename="casualties.csv",
    doc="One row per casualty claim: contested figures are several rows, never summed.",
    extra={"incident_id": "incidents"},
    columns=(
        Column("incident_id", "id", True, doc="The incident the claim is about."),
        Column("group", "choice", True, tuple(CASUALTY_GROUPS), doc="Who was hurt."),
        Column("nationality", "text", doc="ISO2 nationality where stated."),
        Column("killed", "int", minimum=0, doc="Killed, per this claim (blank: not stated)."),
        Column("injured", "int", minimum=0, doc="Injured, per this claim (blank: not stated)."),
        Column("claimed_by", "choice", True, tuple(CLAIMANTS), doc="Who makes the claim.",
               former=FORMER_CLAIMANTS),
        Column("estimate", "choice", choices=tuple(ESTIMATES),
               doc="For a claimant giving a range: which end this row is (blank: one figure)."),
        Column("notes", "text", doc="Which outlet, and other detail."),
    ),
)

PLACES = TableSpec(
    name="places",
    filename="places.csv",
    key="place_id",
    doc="The gazetteer: places on both sides of the border.",
    columns=(
        Column("place_id", "id", True, doc="Stable unique slug."),
        Column("name", "text", True, doc="Preferred name."),
        Column("aliases", "text", doc="Other names and spellings, separated by ';'."),
        Column("country", "choice", True, tuple(COUNTRIES), doc="ISO2."),
        Column("admin1", "text", True, doc="Province."),
        Column("admin2", "text", doc="District (blank for provinces)."),
        Column("level", "choice", True, tuple(PLACE_LEVELS), doc="Kind of place."),
        Column("lat", "float", minimum=-90, maximum=90, doc="Latitude (WGS84)."),
        Column("lon", "float", minimum=-180, maximum=180, doc="Longitude (WGS84)."),
        Column("point_kind", "choice", choices=tuple(POINT_KINDS),
               doc="What the point stands for."),
        Column("radius_km", "float", minimum=0, doc="Approximate extent of the area."),
        Column("within", "id",
               doc="For a place with no known point: the place it is placed at."),
        Column("coord_source", "text", True, doc="Source (and licence) of the coordinate."),
        Column("notes", "text", doc="Traps, renamings, caveats."),
        Column("name_ru", "text",
               doc="The Russian name the Russian page shows (one of the aliases)."),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (INCIDENTS, CASUALTIES, PLACES)}

#: Columns the geocoder adds to the incident table.
GEOCODED_COLUMNS: tuple[str, ...] = (
    "latitude",
    "longitude",
    "place_id",
    "place_name",
    "admin1",
    "admin2",
    "point_kind",
    "uncertainty_km",
    "distance_to_border_km",
    "geocode_note",
    "district_id",  # the polygon of data/districts.geojson it is placed in (geo.districts)
)
