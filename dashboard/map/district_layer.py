"""How the base map's district polygons look on a rerun: the areas of the shown incidents
(incidents view) or a choropleth of incidents or killed (districts view). Only styles travel
with a rerun; the polygons are the base map's (``L.bim.styleDistricts``)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from dashboard.escaping import escape
from geo.casualties import readings_text
from geo.districts import province_key
from geo.i18n import N_, _

#: A sequential palette (ColorBrewer YlOrRd, 5 classes): light for few, dark for many.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
MEASURES = {"incidents": N_("incidents"), "killed": N_("killed (best reading)")}


def class_edges(highest: int) -> list[int]:
    """Upper edges of up to five classes of whole numbers from 1 to ``highest``."""
    if highest <= len(PALETTE):
        return list(range(1, highest + 1))
    return sorted({math.ceil(highest * k / len(PALETTE)) for k in range(1, len(PALETTE) + 1)})


def palette_for(edges: list[int]) -> tuple[str, ...]:
    """The palette's darkest colours, one per class."""
    return PALETTE[len(PALETTE) - len(edges):]


def _legend(title: str, edges: list[int]) -> str:
    rows, low = [], 1
    for colour, high in zip(palette_for(edges), edges, strict=True):
        span = f"{low}" if low == high else f"{low}–{high}"
        rows.append(f"<div><span class='bim-key-box' style='background:{colour}'></span>"
                    f"{span}</div>")
        low = high + 1
    none = "<div><span class='bim-key-box bim-key-none'></span>" + escape(_("none shown")) \
        + "</div>"
    return f"<b>{escape(title)}</b>{''.join(rows)}{none}"


def district_styles(shown: pd.DataFrame, view: str, colour_by: str,
                    counts: pd.DataFrame | None, labels: dict[str, str]) -> dict[str, Any]:
    """The styles for ``L.bim.styleDistricts``. ``counts``: :func:`geo.district_view.
    district_counts` of the shown incidents (the districts view only); ``labels``: the
    districts' names by id."""
    precision = shown["location_precision"]
    areas = sorted(shown.loc[(precision == "district") & shown["district_id"].notna(),
                             "district_id"].astype(str).unique())
    # Two columns, and each province once: not every row of the shown table.
    regions = shown.loc[(precision == "province") & shown["admin1"].notna(),
                        ["country", "admin1"]].astype(str).drop_duplicates()
    provinces = sorted({province_key(c, a) for c, a in regions.itertuples(index=False)})
    styles: dict[str, Any] = {"view": view, "areas": areas, "provinces": provinces,
                              "fill": {}, "tips": {}, "legend": None}
    if view != "districts" or counts is None:
        return styles
    column = "incidents" if colour_by == "incidents" else "killed_best"
    values = counts[column]
    edges = class_edges(int(values.max()) if len(values) else 0)
    palette = palette_for(edges)
    killed = readings_text(counts, "killed")
    for district_id, value, incidents in zip(counts.index, values, counts["incidents"],
                                             strict=True):
        if value > 0:
            styles["fill"][district_id] = palette[next(i for i, e in enumerate(edges)
                                                       if value <= e)]
        styles["tips"][district_id] = escape(
            _("{district}: {n} incidents, killed {killed}").format(
                district=labels.get(district_id, district_id), n=int(incidents),
                killed=killed[district_id]))
    title = _("Districts by {measure}").format(measure=_(MEASURES[colour_by]))
    styles["legend"] = {"html": _legend(title, edges)}
    return styles
