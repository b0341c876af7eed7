"""Synthetic incident tables for benchmarks — clearly marked, never shipped as data.

Every row is invented: ids start with ``synthetic-``, the source title says SYNTHETIC and the
summary says it is benchmark data. Places are the shipped gazetteer's (so the real geocoder
places them); dates spread over several years; precisions, event types, actors and casualty
claims are mixed like a real regional export: most rows at a named place or district, some
with their own point near a place, a few only "along the border". Seeded: the same size gives
the same table.

Run: ``python -m bench.synthetic 10000 /tmp/bim-10k`` (writes a complete data folder).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from geo import paths
from geo.districts import DISTRICTS_FILE, district_of, read_districts
from geo.schema import CASUALTIES, EVENT_TYPES, INCIDENTS

FIRST_DAY = pd.Timestamp("2022-01-01")
DAYS = 5 * 365
MARK = "SYNTHETIC benchmark data — not a real incident"
# Share of rows by location precision; "exact" rows get their own point near the place.
PRECISIONS = {"near": 0.35, "district": 0.35, "exact": 0.15, "province": 0.1, "border": 0.05}
ACTORS = ("Afghan forces (Taliban)", "Tajik Border Troops", "Jamaat Ansarullah",
          "Islamic State Khorasan Province", "Unidentified smugglers", "Civilians")
GROUPS = ("afghan_forces", "tajik_border_guards", "militants", "civilians")
CLAIMANTS = ("tajik_authorities", "afghan_authorities", "international_media", "ACLED")


def synthetic_tables(n: int, places: pd.DataFrame, seed: int = 20221,
                     districts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` synthetic incidents and their casualty claims, in the shipped CSV layout (with
    ``districts``, the polygons: own points stay in their place's district)."""
    rng = np.random.default_rng(seed)
    located = places.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    chosen = rng.integers(0, len(located), n)
    pick = located.iloc[chosen].reset_index(drop=True)
    precision = rng.choice(list(PRECISIONS), n, p=list(PRECISIONS.values()))
    start = FIRST_DAY + pd.to_timedelta(rng.integers(0, DAYS, n), unit="D")
    monthly = rng.random(n) < 0.1
    start = start.where(~monthly, start.to_period("M").to_timestamp())
    end = start.where(~monthly, start + pd.offsets.MonthEnd(0))
    exact = precision == "exact"
    # An own point within ~5 km of the place, rounded as sources round them, and in the
    # place's own district: a real export's point at a riverside village is not across the
    # river (one that were would be a warning on every row, which real data does not have).
    lat = np.where(exact, (pick["lat"] + rng.normal(0, 0.03, n)).round(4), np.nan)
    lon = np.where(exact, (pick["lon"] + rng.normal(0, 0.03, n)).round(4), np.nan)
    if districts is not None:  # each place's district once; each own point's once
        home = district_of(districts, located["lat"], located["lon"])[chosen]
        own = np.flatnonzero(exact)
        moved = own[district_of(districts, lat[own], lon[own]) != home[own]]
        lat[moved], lon[moved] = pick["lat"].to_numpy()[moved], pick["lon"].to_numpy()[moved]
    ids = [f"synthetic-{i:06d}" for i in range(n)]
    side_a = rng.integers(0, len(ACTORS), n)
    incidents = pd.DataFrame({
        "incident_id": ids,
        "date_start": start.strftime("%Y-%m-%d"),
        "date_end": end.strftime("%Y-%m-%d"),
        "date_precision": np.where(monthly, "month", "day"),
        "reported": end.strftime("%Y-%m-%d"),
        "event_type": rng.choice(list(EVENT_TYPES), n),
        "place": pick["name"],
        "country": pick["country"],
        "location_precision": precision,
        "latitude": lat,
        "longitude": lon,
        "side_a": [ACTORS[i] for i in side_a],
        "side_b": [ACTORS[(i + 1) % len(ACTORS)] for i in side_a],
        "summary": [f"{MARK} (#{i})." for i in range(n)],
        "summary_ru": "",
        "source_title": MARK,
        "source_url": "https://example.org/synthetic",
        "more_sources": "",
        "notes": "",
        "dataset": "synthetic",
        "source_admin1": "",
        "source_admin2": "",
    })[INCIDENTS.names]
    # About a third of incidents have claims; a tenth of those are contested (two claimants).
    hurt = np.flatnonzero(rng.random(n) < 0.33)
    contested = hurt[rng.random(len(hurt)) < 0.1]
    rows = np.concatenate([hurt, contested])
    claims = pd.DataFrame({
        "incident_id": [ids[i] for i in rows],
        "group": rng.choice(GROUPS, len(rows)),
        "nationality": "",
        "killed": rng.poisson(1.5, len(rows)),
        "injured": rng.poisson(1.0, len(rows)),
        "claimed_by": np.concatenate([rng.choice(CLAIMANTS[:2], len(hurt)),
                                      rng.choice(CLAIMANTS[2:], len(contested))]),
        "estimate": "",
        "notes": "",
    })[CASUALTIES.names]
    return incidents, claims


def write_dataset(n: int, folder: Path, source: Path | None = None) -> Path:
    """A complete data folder: synthetic incidents and claims, the shipped gazetteer and
    outlines (copied), and a README saying what it is."""
    source = source or paths.DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("places.csv", paths.BORDER_FILE, paths.COUNTRIES_FILE, paths.CONTEXT_FILE,
                 DISTRICTS_FILE):
        shutil.copyfile(source / name, folder / name)
    places = pd.read_csv(source / "places.csv", dtype={"lat": float, "lon": float})
    incidents, claims = synthetic_tables(n, places, districts=read_districts(folder))
    incidents.to_csv(folder / INCIDENTS.filename, index=False)
    claims.to_csv(folder / CASUALTIES.filename, index=False)
    (folder / "README.md").write_text(
        f"# Synthetic benchmark data ({n} incidents)\n\nGenerated by `bench/synthetic.py`. "
        "Every incident and claim here is invented; only the gazetteer and outlines are the "
        "shipped ones.\n", "utf-8")
    return folder


if __name__ == "__main__":
    print(write_dataset(int(sys.argv[1]), Path(sys.argv[2])))
