"""Command line: ``python -m geo validate | geocode NAME [--country CC] | table``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from geo.gazetteer import Gazetteer
from geo.geocoder import AmbiguousPlace, GazetteerGeocoder
from geo.loading import LINE
from geo.online import GazetteerThenOnline, OnlineGeocoder, OnlineGeocodingUnavailable
from geo.pipeline import load_incident_data
from geo.problems import errors
from geo.schema import GEOCODED_COLUMNS, INCIDENTS


def _validate(args: argparse.Namespace) -> int:
    data = load_incident_data(args.data_dir)
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
    columns = [*INCIDENTS.names, *[c for c in GEOCODED_COLUMNS if c not in INCIDENTS.names]]
    frame = data.incidents.drop(columns=[LINE])[columns]
    frame.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
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
    args = parser.parse_args(argv)
    handler = {"validate": _validate, "geocode": _geocode, "table": _table}[args.command]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
