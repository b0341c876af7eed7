"""Command line: ``python -m geo validate | geocode | table | add | article``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from geo import paths
from geo.adding import AddError, NewIncident, add_incident
from geo.article import missing_from, read_timeline
from geo.csvread import encoding_problem
from geo.export import table_csv
from geo.files import FolderBusy, folder_lock, recover
from geo.gazetteer import Gazetteer
from geo.geocoder import AmbiguousPlace, GazetteerGeocoder
from geo.importing import slug
from geo.loading import load_dataset
from geo.online import ATTRIBUTION, GazetteerThenOnline, OnlineGeocoder, OnlineGeocodingUnavailable
from geo.pipeline import load_incident_data
from geo.problems import errors
from geo.schema import COUNTRIES, EVENT_TYPES, LOCATION_PRECISIONS


def _validate(args: argparse.Namespace) -> int:
    folder = Path(args.data_dir) if args.data_dir else paths.DATA_DIR
    try:
        with folder_lock(folder, wait=10):
            if recover(folder):
                print("finished an add that was interrupted while saving", file=sys.stderr)
    except (FolderBusy, OSError) as exc:  # a read-only folder can still be checked
        print(f"note: {exc}", file=sys.stderr)
    data = load_incident_data(folder)
    for problem in data.problems:
        print(problem, file=sys.stderr)
    bad = errors(data.problems)
    print(f"{len(data.incidents)} incidents, {len(data.casualties)} casualty claims, "
          f"{len(data.places)} places loaded; {len(bad)} errors, "
          f"{len(data.problems) - len(bad)} warnings")
    return 1 if data.problems else 0


def _geocode(args: argparse.Namespace) -> int:
    folder = Path(args.data_dir) if args.data_dir else None
    gazetteer, problems = Gazetteer.from_csv(folder / "places.csv" if folder else None)
    for problem in problems:
        print(problem, file=sys.stderr)
    geocoder = GazetteerGeocoder(gazetteer)
    chain = GazetteerThenOnline(geocoder, OnlineGeocoder()) if args.online else geocoder
    try:
        found = chain.geocode(args.name, exactly_one=True, country_codes=args.country)
    except AmbiguousPlace as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OnlineGeocodingUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    if found is None:
        hint = "" if args.online else " (try --online to ask Nominatim)"
        print(f"error: {args.name!r} is not in the gazetteer{hint}", file=sys.stderr)
        return 1
    raw = found.raw
    print(json.dumps({
        "name": raw["name"], "matched": raw["matched"], "country": raw["country"],
        "admin1": raw["admin1"], "admin2": raw["admin2"], "level": raw["level"],
        "latitude": found.latitude, "longitude": found.longitude,
        "point_kind": raw["point_kind"], "located_at": raw["located_at"],
        "radius_km": raw["radius_km"], "address": found.address, "source": raw["coord_source"],
    }, ensure_ascii=False, indent=2))
    return 0


def _table(args: argparse.Namespace) -> int:
    data = load_incident_data(args.data_dir)
    for problem in data.problems:
        print(problem, file=sys.stderr)
    sys.stdout.write(table_csv(data.incidents))
    return 0


def _parse_claim(text: str) -> dict[str, str]:
    claim = dict(part.split("=", 1) for part in text.split(",") if "=" in part)
    unknown = set(claim) - {"group", "nationality", "killed", "injured", "claimed_by",
                            "estimate", "notes"}
    if unknown or "group" not in claim or "claimed_by" not in claim:
        raise argparse.ArgumentTypeError(
            "a claim is group=…,killed=…,injured=…,claimed_by=…[,nationality=…,notes=…]")
    return claim


def _new_place(args: argparse.Namespace, found) -> dict[str, str]:
    return {"place_id": slug(args.place), "name": args.place, "aliases": "",
            "country": args.country.upper(), "admin1": args.admin1 or "unknown",
            "admin2": "", "level": "village", "lat": f"{found.latitude:.5f}",
            "lon": f"{found.longitude:.5f}", "point_kind": "point", "radius_km": "2",
            "within": "", "coord_source": f"{ATTRIBUTION}; query {args.place!r} on "
            f"{dt.date.today():%Y-%m-%d}", "notes": f"Nominatim: {found.address}"}


def _add(args: argparse.Namespace) -> int:
    folder = Path(args.data_dir) if args.data_dir else paths.DATA_DIR
    new = NewIncident(
        incident_id=args.id, date=args.date, date_end=args.date_end or "",
        event_type=args.type, place=args.place, country=args.country,
        location_precision=args.location_precision, side_a=args.side_a,
        side_b=args.side_b or "", summary=args.summary, source_title=args.source_title,
        source_url=args.source_url, more_sources=" ".join(args.more_source or []),
        notes=args.notes or "", claims=args.claim or [])
    gazetteer, _ = Gazetteer.from_csv(folder / "places.csv")
    place_row = None
    known = GazetteerGeocoder(gazetteer).geocode(args.place, exactly_one=False,
                                                 country_codes=args.country)
    if not known and args.location_precision != "border":
        if not args.online:
            print(f"error: {args.place!r} is not in the gazetteer; add it to places.csv with "
                  "its source, or run again with --online to look it up", file=sys.stderr)
            return 1
        try:
            found = OnlineGeocoder().geocode(args.place, args.country)
        except OnlineGeocodingUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 3
        if found is None:
            print(f"error: Nominatim does not know {args.place!r} either", file=sys.stderr)
            return 1
        print(f"Nominatim: {found.address} ({found.latitude:.5f}, {found.longitude:.5f})")
        accept = args.add_place or (sys.stdin.isatty() and input(
            "Add it to places.csv with this source? [y/N] ").strip().lower() == "y")
        if not accept:
            print("Not added: run again with --add-place to accept it.", file=sys.stderr)
            return 1
        place_row = _new_place(args, found)
    try:
        saved = add_incident(folder, new, place_row)
    except AddError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"added {saved['incident_id']} ({saved['date_start']}…{saved['date_end']}, "
          f"{saved['date_precision']}) at {saved['geocoded_to'] or 'no point (border)'}")
    return 0


def _article(args: argparse.Namespace) -> int:
    folder = Path(args.data_dir) if args.data_dir else paths.DATA_DIR
    data = load_dataset(folder)
    gazetteer = Gazetteer(data.places)
    path = Path(args.path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path.name}: {exc.strerror}", file=sys.stderr)
        return 1
    wrong = encoding_problem(raw, path.name)
    try:
        text = raw.decode("utf-8-sig") if wrong is None else ""
    except UnicodeDecodeError:
        text = ""
    if not text:
        print(f"error: {wrong or f'{path.name}: not UTF-8 text; save it as UTF-8'}",
              file=sys.stderr)
        return 1
    entries = read_timeline(text, gazetteer)
    missing = missing_from(entries, data.incidents, gazetteer)
    new = entries if args.all else missing
    for entry in new:
        print(json.dumps({
            "date_start": entry.date_start.isoformat(), "date_end": entry.date_end.isoformat(),
            "date_precision": entry.date_precision,
            "places": [f"{p['name']} ({p['country']}, {p['level']})" for p in entry.places],
            "casualties": [{k: v for k, v in vars(c).items() if v is not None}
                           for c in entry.casualties],
            "paragraph": entry.paragraph}, ensure_ascii=False, indent=1))
    print(f"{len(entries)} timeline entries; {len(missing)} not "
          "in incidents.csv", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    parser.add_argument("--data-dir", help="data folder (default: the shipped data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check the data files; non-zero exit on any problem")
    geocode = sub.add_parser("geocode", help="look a place up and print it as JSON")
    geocode.add_argument("name")
    geocode.add_argument("--country", help="ISO2 country hint, e.g. TJ or AF")
    geocode.add_argument("--online", action="store_true",
                         help="ask Nominatim (rate-limited, cached) if the gazetteer fails")
    sub.add_parser("table", help="print the geocoded incident table as CSV")
    add = sub.add_parser("add", help="add an incident: geocoded, validated, saved atomically")
    add.add_argument("--id", required=True, help="new incident_id, e.g. 2026-02-10-kevron")
    add.add_argument("--date", required=True,
                     help="YYYY-MM-DD (a day), YYYY-MM (known to the month) or YYYY")
    add.add_argument("--date-end", help="last day, for an event over several days")
    add.add_argument("--type", required=True, choices=list(EVENT_TYPES))
    add.add_argument("--place", required=True, help="the place as the source names it")
    add.add_argument("--country", required=True, choices=list(COUNTRIES))
    add.add_argument("--location-precision", required=True, choices=list(LOCATION_PRECISIONS))
    add.add_argument("--side-a", required=True)
    add.add_argument("--side-b")
    add.add_argument("--summary", required=True, help="a short summary in your own words")
    add.add_argument("--source-title", required=True)
    add.add_argument("--source-url", required=True)
    add.add_argument("--more-source", action="append", help="a further source URL")
    add.add_argument("--notes")
    add.add_argument("--claim", action="append", type=_parse_claim,
                     help="group=militants,killed=3,claimed_by=Tajikistan (repeatable)")
    add.add_argument("--online", action="store_true",
                     help="look an unknown place up with Nominatim (rate-limited, cached)")
    add.add_argument("--add-place", action="store_true",
                     help="accept the Nominatim place into places.csv without asking")
    add.add_argument("--admin1", help="province of a new place")
    article = sub.add_parser("article", help="propose the timeline entries the table lacks")
    article.add_argument("path", help="an article in the source article's format")
    article.add_argument("--all", action="store_true", help="list every entry, not only new")
    args = parser.parse_args(argv)
    handler = {"validate": _validate, "geocode": _geocode, "table": _table, "add": _add,
               "article": _article}[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
