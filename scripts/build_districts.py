"""Rebuild data/districts.geojson from itself: simplify, round, and give every district its
stable id, province and the gazetteer place it links to.

The polygons are geoBoundaries' ADM2 districts of both sides near the border (see
data/README.md for sources and licences). The script works from the shipped file only:

    .venv/bin/python scripts/build_districts.py [--tolerance 0.002] [--output FILE]

It is idempotent: run twice, the second run changes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer import Gazetteer  # noqa: E402

SHIPPED = ROOT / "data" / "districts.geojson"

# Provinces (ADM1) of the shipped districts, by the source's own spelling. geoBoundaries' ADM2
# files carry no parent; these are the districts' provinces as of the boundary years (AF 2014,
# TJ 2017). Baharak is a district of both Takhar and Badakhshan: told apart by longitude.
PROVINCES = {
    ("AF", "Kunduz"): "Aliabad;Chahar Dara;Dashte Archi;Imam Sahib;Khanabad;Kunduz;Qalay-I- Zal",
    ("AF", "Takhar"): "Bangi;Chah Ab;Chal;Darqad;Dashti Qala;Hazar Sumuch;Ishkamish;Kalfagan;"
                      "Khwaja Bahawuddin;Khwaja Ghar;Namak Ab;Rustaq;Taluqan;Yangi Qala",
    ("AF", "Badakhshan"): "Arghanj Khaw;Argo;Darayim;Darwaz;Darwazbala;Fayzabad;Ishkashiem;Jurm;"
                          "Kishim;Khwahan;Kohistan;Kuf Ab;Kuran Wa Munjan;Raghistan;Shahada;"
                          "Shahri Buzurg;Shaki;Shighnan;Tashkan;Wakhan;Warduj;Yaftal Sufla;"
                          "Yamgan (Girwan);Yawan;Zebak",
    ("AF", "Balkh"): "Kaldar;Khulm;Marmul;Nahri Shahi;Shortepa",
    ("AF", "Samangan"): "Aybak;Feroz Nakhchir;Hazrati Sultan",
    ("AF", "Baghlan"): "Baghlani Jadid",
    ("TJ", "Khatlon"): "Baljuvon;Bokhtar;Danghara;Dzhami;Farkhor;Hamadoni;Jilikul;Khovaling;"
                       "Khuroson;Kulob;Muminobod;Nosiri Khusrav;Panj;Qabodiyon;Qumsangir;Rumi;"
                       "Sarband;Shahrtuz;Shuro-obod;Temurmalik;Vakhsh;Vose'",
    ("TJ", "Gorno-Badakhshan"): "Darvoz;Ishkoshim;Murghob;Roshtqal'a;Rushon;Shughnon;Vanj",
    ("TJ", "Districts of Republican Subordination"): "Nurobod;Rasht;Tavildara;Tojikobod",
}
BY_NAME = {(country, name): province for (country, province), names in PROVINCES.items()
           for name in names.split(";")}


def source_name(props: dict) -> str:
    """The source's own spelling, without the Tajik files' ' District'."""
    return re.sub(r" District$", "", str(props.get("source_name") or props["name"]))


def province(country: str, name: str, geometry: shapely.Geometry) -> str:
    if name == "Baharak":
        return "Badakhshan" if geometry.centroid.x > 70.3 else "Takhar"
    return BY_NAME[(country, name)]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build(collection: dict, gazetteer: Gazetteer, tolerance: float) -> dict:
    """The collection with each feature simplified and its properties made complete."""
    districts = gazetteer.places[gazetteer.places["level"] == "district"]
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        country, name = props["country"], source_name(props)
        geometry = shape(feature["geometry"])
        if tolerance:
            geometry = shapely.set_precision(geometry.simplify(tolerance), 1e-5)
        # The Tajik file spells "Shuro-obod District": the gazetteer knows it with the word.
        matches = {str(m.place["place_id"]): m.place
                   for query in (name, f"{name} District")
                   for m in gazetteer.lookup(query, country)
                   if m.place["place_id"] in districts.index}
        matches = list(matches.values())
        place = matches[0] if len(matches) == 1 else None
        admin1 = province(country, name, geometry)
        current = str(place["admin2"]) if place is not None else name
        features.append({"type": "Feature", "geometry": mapping(geometry), "properties": {
            "district_id": f"{country.lower()}-{slug(current)}" + (
                f"-{slug(admin1)}" if name == "Baharak" else ""),
            "name": current, "source_name": name, "country": country, "admin1": admin1,
            "place_id": str(place["place_id"]) if place is not None else "",
            "shapeID": props["shapeID"], "source": props["source"]}})
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["district_id"]))
    return {"type": "FeatureCollection", "name": "af-tj-border-districts",
            "features": features}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="simplify further, in degrees (the shipped file: 0.002)")
    parser.add_argument("--source", type=Path, default=SHIPPED)
    parser.add_argument("--output", type=Path, default=SHIPPED,
                        help="where to write (default: the shipped file itself)")
    args = parser.parse_args(argv)
    gazetteer, _ = Gazetteer.from_csv(ROOT / "data" / "places.csv")
    built = build(json.loads(args.source.read_text("utf-8")), gazetteer, args.tolerance)
    args.output.write_text(json.dumps(built, ensure_ascii=False, separators=(",", ":")) + "\n",
                           "utf-8")
    ids = [f["properties"]["district_id"] for f in built["features"]]
    assert len(ids) == len(set(ids)), "district ids must be unique"
    print(f"{len(ids)} districts written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
