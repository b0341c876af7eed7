"""A synthetic ACLED export of a given size, for the upload benchmark — every row invented.

Rows are the test fixture's rows (``tests/fixtures/acled_current.csv``) repeated with new
ids, dates over five years, points spread over the border region and a note saying they are
benchmark data. As in a real export, a row's country and admin areas are those of its point
(the shipped district polygons; a point in none keeps the template row's). Seeded: the same
size gives the same file.

Run: ``python -m bench.acled_synthetic 45 /tmp/acled-45mb.csv`` (size in MB).
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

import numpy as np

from geo import paths
from geo.districts import district_of, read_districts

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "acled_current.csv"
NOTE = ("SYNTHETIC benchmark row, not a real event: border guards and an armed group "
        "exchanged fire near the river crossing; the source reports casualties on both sides "
        "and the closure of the crossing for several days afterwards.")


#: ACLED's country name and ISO number, by the polygons' country code.
COUNTRIES = {"AF": ("Afghanistan", "4"), "TJ": ("Tajikistan", "762")}


def acled_bytes(megabytes: float, seed: int = 19) -> bytes:
    """An ACLED CSV export of about ``megabytes`` MB."""
    rng = random.Random(seed)
    with FIXTURE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        templates = [r for r in reader if r["event_type"] in ("Battles",
                                                              "Explosions/Remote violence")]
    districts = read_districts(paths.ROOT / "data")
    # What an export writes for a point in each district: country, ISO number, admin areas.
    admin = {d: {"country": COUNTRIES[c][0], "iso": COUNTRIES[c][1], "admin1": a1, "admin2": a2}
             for d, c, a1, a2 in districts[["district_id", "country", "admin1",
                                            "source_name"]].itertuples(index=False)}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    target, i = int(megabytes * 1_000_000), 0
    while out.tell() < target:
        # Points in batches: their districts are looked up together.
        lat = np.round([rng.uniform(36.5, 38.5) for _ in range(5000)], 4)
        lon = np.round([rng.uniform(67.5, 72.5) for _ in range(5000)], 4)
        for y, x, district in zip(lat, lon, district_of(districts, lat, lon), strict=True):
            if out.tell() >= target:
                break
            row = dict(templates[i % len(templates)])
            i += 1
            row.update(admin.get(district, {}))
            row.update(event_id_cnty=f"SYN{i:07d}", year="2024",
                       event_date=f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-"
                                  f"{rng.randint(1, 28):02d}",
                       time_precision=str(rng.choice("1112")),
                       latitude=f"{y:.4f}", longitude=f"{x:.4f}",
                       location=f"Place {rng.randint(1, 400)}", notes=f"{NOTE} #{i}",
                       fatalities=str(rng.randint(0, 6)), timestamp=str(1_700_000_000 + i))
            writer.writerow(row)
    return out.getvalue().encode("utf-8")


if __name__ == "__main__":
    Path(sys.argv[2]).write_bytes(acled_bytes(float(sys.argv[1])))
    print(sys.argv[2])
