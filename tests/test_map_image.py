"""The map as a PNG image: drawn offline on the server, with markers where the page's map
has them and the export's caption."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from dashboard.map.image import SIZE, BaseShapes, map_png, nice_scale, pixel_of
from dashboard.style import EVENT_COLOURS
from geo.border import read_geojson
from geo.caption import map_caption
from geo.districts import read_districts
from geo.filtering import Filters, apply_filters
from geo.pipeline import load_incident_data
from geo.view_state import MapView
from testkit.pages import FROZEN
from tests import hostile

VIEW = MapView(37.6, 70.5, 8)


@pytest.fixture(scope="module")
def data():
    return load_incident_data(FROZEN)


@pytest.fixture(scope="module")
def shapes() -> BaseShapes:
    return BaseShapes(read_geojson(FROZEN / "countries.geojson"),
                      read_geojson(FROZEN / "border.geojson"),
                      list(read_districts(FROZEN)["geometry"]))


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _one(data, incident_id: str):
    return data.incidents[data.incidents["incident_id"] == incident_id]


def test_a_marker_is_drawn_where_the_page_map_has_it(data, shapes) -> None:
    one = _one(data, "2025-12-25-kavo")
    row = one.iloc[0]
    caption = map_caption(one, len(data.incidents), Filters(), "2", "Data through 1 Jan 2026")
    image = _image(map_png(shapes, one, VIEW, caption))
    x, y = (float(v) for v in pixel_of(VIEW, row["latitude"], row["longitude"]))
    assert 0 < x < SIZE[0] and 0 < y < SIZE[1]
    colour = _rgb(EVENT_COLOURS[row["event_type"]])
    assert _near(image.getpixel((round(x), round(y))), colour)
    # Nowhere else: 40 px away in each direction the marker's colour is gone.
    for dx, dy in ((40, 0), (-40, 0), (0, 40), (0, -40)):
        assert not _near(image.getpixel((round(x + dx), round(y + dy))), colour)
    # Without the incident the same pixel is the base map.
    empty = _image(map_png(shapes, one.iloc[0:0], VIEW, caption))
    assert not _near(empty.getpixel((round(x), round(y))), colour)


def test_the_selected_incident_is_ringed(data, shapes) -> None:
    one = _one(data, "2025-12-25-kavo")
    row = one.iloc[0]
    caption = map_caption(one, 13, Filters(), "2", "x")
    x, y = (float(v) for v in pixel_of(VIEW, row["latitude"], row["longitude"]))
    at_ring = (round(x + 14), round(y))  # the ring: 6 px outside the marker's 8 px radius
    ringed = _image(map_png(shapes, one, VIEW, caption, selected="2025-12-25-kavo"))
    plain = _image(map_png(shapes, one, VIEW, caption))
    assert _near(ringed.getpixel(at_ring), (17, 17, 17), 40)
    assert not _near(plain.getpixel(at_ring), (17, 17, 17), 40)


def test_image_size_and_caption(data, shapes) -> None:
    filters = Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
                      event_types=("infiltration",))
    shown, _ = apply_filters(data.incidents, data.casualties, filters)
    caption = map_caption(shown, len(data.incidents), filters, "0",
                          "Data through 31 January 2026")
    png = map_png(shapes, shown, VIEW, caption, size=(800, 500))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == 800 and 500 + 60 < height < 500 + 300  # the caption under the map
    # The caption travels in the file's text too (what a reader of the file's data sees).
    assert image.text["Title"] == caption.title
    assert "Event type: Infiltration" in image.text["Description"]
    assert f"{len(shown)} of {len(data.incidents)} incidents shown" in image.text["Description"]
    # The caption's band is drawn: dark text on white under the map.
    band = image.convert("L").crop((0, 500, 800, height))
    assert band.getextrema()[0] < 80


def test_the_view_sets_what_is_drawn(data, shapes) -> None:
    caption = map_caption(data.incidents, len(data.incidents), Filters(), "34", "x")
    near = _image(map_png(shapes, data.incidents, MapView(37.6, 70.5, 9), caption))
    far = _image(map_png(shapes, data.incidents, MapView(37.6, 70.5, 6), caption))
    assert near.tobytes() != far.tobytes()


def test_scale_bar_lengths_are_round() -> None:
    px, label = nice_scale(1000.0, 150)  # 1 km a pixel: 150 km fits, 100 km is round
    assert (px, label) == (100.0, "100 km")
    assert nice_scale(3.0, 150) == (pytest.approx(200 / 3), "200 m")  # 450 m: 200 m fits


# With TeX-like parsing, the last one would stop the drawing (matplotlib's mathtext).
@pytest.mark.parametrize("text", [*hostile.CORPUS, "Actor $\\nosuchcommand{$ x"])
def test_hostile_text_in_the_caption_is_drawn_as_text(data, shapes, text: str) -> None:
    one = _one(data, "2025-12-25-kavo")
    caption = map_caption(one, 13, Filters(actors=(text,)), "2", text)
    image = Image.open(io.BytesIO(map_png(shapes, one, VIEW, caption, size=(400, 300))))
    assert text in image.text["Description"]  # as it is: "$x^2$" is no formula
