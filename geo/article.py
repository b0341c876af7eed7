"""Read a Wikipedia-style article's timeline and propose the entries the table lacks.

It proposes; a person confirms. Each ``== Timeline ==`` paragraph that starts "On 15 May
2022, …" (a day) or "In January 2026, …" (a month) becomes an entry with its dates, the
gazetteer places it names, and the killed and wounded it states ("three militants were
killed", "one other was wounded"), next to the paragraph itself for the reviewer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from geo.dates import period
from geo.gazetteer import Gazetteer, normalize

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "dozens": None}
_NUM = r"(\d+|" + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an", "dozens")) + r")"
_DAY = re.compile(r"^On (\d{1,2}) ([A-Z][a-z]+) (\d{4}),")
_MONTH = re.compile(r"^In ([A-Z][a-z]+) (\d{4}),")
_YEAR = re.compile(r"^In (\d{4}),")
_HURT = {"killed": "killed", "dead": "killed", "deaths": "killed", "wounded": "injured",
         "injured": "injured"}
GROUP_WORDS = (
    ("militants", ("militant", "insurgent", "terrorist", "intruder", "gunmen", "infiltrator")),
    ("tajik_border_guards", ("border guard", "tajikistani soldier", "tajik soldier", "soldier")),
    ("afghan_forces", ("taliban", "afghan fighter", "fighter")),
    ("civilians", ("chinese", "national", "civilian", "worker", "citizen")),
)


@dataclass
class Casualty:
    """A figure the paragraph states."""

    group: str
    killed: int | None = None
    injured: int | None = None


@dataclass
class Entry:
    """One timeline paragraph, read."""

    date_start: dt.date
    date_end: dt.date
    date_precision: str
    paragraph: str
    places: list[dict[str, str]] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)


def timeline_paragraphs(text: str) -> list[str]:
    """The paragraphs of the ``== Timeline ==`` section (year headings left out)."""
    match = re.search(r"^==\s*Timeline\s*==\s*$", text, re.M)
    if not match:
        return []
    section = text[match.end():]
    end = re.search(r"^==[^=].*==\s*$", section, re.M)
    section = section[: end.start()] if end else section
    return [line.strip() for line in section.splitlines()
            if line.strip() and not line.strip().startswith("=")]


def entry_dates(paragraph: str) -> tuple[dt.date, dt.date, str] | None:
    """The date interval a paragraph opens with, and its precision."""
    try:  # "31 February" or a year 0000: not a date, not an entry
        if m := _DAY.match(paragraph):
            day = dt.date(int(m.group(3)), MONTHS.get(m.group(2).lower()) or 0, int(m.group(1)))
            return day, day, "day"
        if (m := _MONTH.match(paragraph)) and (month := MONTHS.get(m.group(1).lower())):
            return (*period(int(m.group(2)), month), "month")
        if m := _YEAR.match(paragraph):
            return (*period(int(m.group(1))), "year")
    except ValueError:
        return None
    return None


def _number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _group(words: str, previous: str | None) -> str:
    lowered = words.lower()
    if previous and re.search(r"\bother", lowered):
        return previous
    for group, keys in GROUP_WORDS:
        if any(k in lowered for k in keys):
            return group
    return previous or "unknown"


def casualties(paragraph: str) -> list[Casualty]:
    """Killed and wounded stated in a paragraph, by group."""
    found: dict[str, Casualty] = {}
    last: str | None = None
    patterns = [
        # "three militants were killed", "one other was wounded", "two guards killed"
        re.compile(rf"\b{_NUM}\s+((?:[A-Za-z-]+\s+){{0,4}}?)(?:were\s+|was\s+)?"
                   r"(killed|wounded|injured|dead)\b", re.I),
        # "killed four militants", "the deaths of three militants and two border guards"
        re.compile(rf"\b(killed|wounded|injured|deaths of)\s+{_NUM}\s+((?:[A-Za-z-]+\s*){{1,3}})",
                   re.I),
        re.compile(rf"\band\s+{_NUM}\s+((?:[A-Za-z-]+\s+){{0,3}}?)(?:were\s+)?"
                   r"(injured|wounded|killed)\b", re.I),
    ]
    hits: list[tuple[int, int, str, str]] = []
    for i, pattern in enumerate(patterns):
        for m in pattern.finditer(paragraph):
            if i == 1:
                verb, n, who = m.group(1), m.group(2), m.group(3)
            else:
                n, who, verb = m.group(1), m.group(2), m.group(3)
            value = _number(n)
            if value is not None:
                hits.append((m.start(), value, who, verb.lower()))
    # "deaths of three militants and two border guards": the second count after "and".
    for m in re.finditer(rf"deaths of\s+{_NUM}\s+[A-Za-z-]+(?:\s+[A-Za-z-]+)*?\s+and\s+{_NUM}"
                         r"\s+((?:[A-Za-z-]+\s*){1,3})", paragraph, re.I):
        value = _number(m.group(2))
        if value is not None:
            hits.append((m.start(2), value, m.group(3), "deaths"))
    seen: set[tuple[int, str]] = set()
    for start, value, who, verb in sorted(hits):
        measure = _HURT["deaths" if verb.startswith("deaths") else verb]
        key = (start, measure)
        if key in seen:
            continue
        seen.add(key)
        group = _group(who, last)
        last = group
        claim = found.setdefault(group, Casualty(group))
        if getattr(claim, measure) is None:
            setattr(claim, measure, value)
    return list(found.values())


_IN_COUNTRY = re.compile(
    r"\bin (?:(?:north|south|east|west)(?:ern|east|west)?(?:ern)? )?(Tajikistan|Afghanistan)\b")
_COUNTRY_CODES = {"Tajikistan": "TJ", "Afghanistan": "AF"}


def context_country(paragraph: str) -> str | None:
    """The country a paragraph says its events are in ("… in southern Tajikistan"), if it
    names exactly one that way."""
    named = {_COUNTRY_CODES[m] for m in _IN_COUNTRY.findall(paragraph)}
    return named.pop() if len(named) == 1 else None


def places(paragraph: str, gazetteer: Gazetteer) -> list[dict[str, str]]:
    """Gazetteer places a paragraph names (longest names first, each place once). A name of
    places on both sides ("Darvaz") keeps only those of the paragraph's country, where it
    says which (:func:`context_country`)."""
    text = f" {normalize(paragraph)} "
    country = context_country(paragraph)
    # "the Panj River" names the river, not Panj district.
    keys = [k for k in gazetteer.names()
            if len(k) >= 4 and text.count(f" {k} ") > text.count(f" {k} river ")]
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for key in sorted(keys, key=len, reverse=True):
        ids = gazetteer.named(key)
        countries = {str(gazetteer.places.at[i, "country"]) for i in ids}
        if country in countries and len(countries) > 1:
            ids = [i for i in ids if gazetteer.places.at[i, "country"] == country]
        for place_id in ids:
            row = gazetteer.places.loc[place_id]
            if place_id not in seen:
                seen.add(place_id)
                out.append({"place_id": place_id, "name": str(row["name"]),
                            "country": str(row["country"]), "level": str(row["level"])})
    return out


def read_timeline(text: str, gazetteer: Gazetteer) -> list[Entry]:
    """Every dated timeline paragraph of an article."""
    entries = []
    for paragraph in timeline_paragraphs(text):
        dates = entry_dates(paragraph)
        if dates is None:
            continue
        entries.append(Entry(*dates, paragraph=paragraph, places=places(paragraph, gazetteer),
                             casualties=casualties(paragraph)))
    return entries


#: Days a report may come after the event it reports (an announcement, a timeline's date).
REPORT_LAG_DAYS = 1


def covers(incidents: pd.DataFrame, start: dt.date, end: dt.date) -> pd.Series:
    """A mask of the incidents an entry dated [start, end] is about: those whose span, from
    the event's first day to its first report (``reported``, else its last day) and
    :data:`REPORT_LAG_DAYS` more, overlaps the entry's. An article often dates an event by
    its announcement; "January 2026" covers any incident of that January."""
    last = incidents["date_end"]
    if "reported" in incidents:
        last = incidents["reported"].where(incidents["reported"] > last, last)
    lag = pd.Timedelta(days=REPORT_LAG_DAYS)
    return (incidents["date_start"] <= pd.Timestamp(end)) & (last + lag >= pd.Timestamp(start))


def _areas(place: pd.Series, *, whole: bool) -> set[tuple[str, str]]:
    """(country, district) and (country, "province:" + province) of a gazetteer place; of a
    province, or unless ``whole``, only the narrowest of the two."""
    country, district = str(place["country"]), place["admin2"]
    province = (country, f"province:{place['admin1']}")
    if not isinstance(district, str) or not district:
        return {province}
    return {(country, district), province} if whole else {(country, district)}


def _about(row: pd.Series, gazetteer: Gazetteer, wanted: set[tuple[str, str]],
           keys: list[str]) -> bool:
    """Whether an incident is placed in one of the ``wanted`` areas, or its texts name one of
    the places (normalized ``keys``, space-padded)."""
    if any(_areas(m.place, whole=True) & wanted
           for m in gazetteer.lookup(str(row["place"]), str(row["country"]))):
        return True
    text = f" {normalize(' '.join(str(row.get(c) or '') for c in _TEXT))} "
    return any(k in text for k in keys)


def missing_from(entries: list[Entry], incidents: pd.DataFrame,
                 gazetteer: Gazetteer | None = None) -> list[Entry]:
    """The entries no incident of the table covers (:func:`covers`). With a gazetteer, an
    entry that names places is covered only by an incident placed in one of their districts
    (for a province it names, anywhere in it), or whose place, summary or notes name one of
    them (fire from one side lands on the other)."""
    missing = []
    for entry in entries:
        near = incidents[covers(incidents, entry.date_start, entry.date_end)]
        if gazetteer is not None and entry.places and len(near):
            ids = {p["place_id"] for p in entry.places}
            wanted = set().union(*(_areas(gazetteer.places.loc[i], whole=False) for i in ids))
            keys = [f" {k} " for k in gazetteer.names() if ids & set(gazetteer.named(k))]
            near = near[[_about(row, gazetteer, wanted, keys) for _, row in near.iterrows()]]
        if near.empty:
            missing.append(entry)
    return missing


_TEXT = ("place", "summary", "notes")
