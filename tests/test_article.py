"""The article timeline reader: dates, places and casualty figures, proposed not written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from geo import paths
from geo.article import casualties, entry_dates, missing_from, read_timeline, timeline_paragraphs
from geo.gazetteer import Gazetteer
from geo.loading import load_dataset
from testkit.pages import SHIPPED

ARTICLE = Path(__file__).parent / "fixtures" / "article_like.txt"
D = dt.date


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_csv(SHIPPED / "places.csv")[0]


def test_reads_every_timeline_entry_and_nothing_else(gazetteer) -> None:
    entries = read_timeline(ARTICLE.read_text("utf-8"), gazetteer)
    assert [(e.date_start, e.date_precision) for e in entries] == [
        (D(2022, 5, 15), "day"), (D(2023, 9, 6), "day"), (D(2025, 8, 24), "day"),
        (D(2025, 10, 26), "day"), (D(2025, 11, 26), "day"), (D(2025, 11, 30), "day"),
        (D(2025, 12, 24), "day"), (D(2025, 12, 25), "day"), (D(2026, 1, 1), "month")]
    assert entries[-1].date_end == D(2026, 1, 31)
    assert len(timeline_paragraphs(ARTICLE.read_text("utf-8"))) == 9


def test_nothing_is_proposed_once_the_entries_are_in_the_table(gazetteer) -> None:
    entries = read_timeline(ARTICLE.read_text("utf-8"), gazetteer)
    assert missing_from(entries, load_dataset(SHIPPED).incidents, gazetteer) == []


def test_places_are_matched_against_the_gazetteer(gazetteer) -> None:
    entries = {e.date_start: e for e in read_timeline(ARTICLE.read_text("utf-8"), gazetteer)}
    ids = {p["place_id"] for p in entries[D(2025, 11, 30)].places}
    assert {"ruzvayak", "maimay-district"} <= ids
    ids = {p["place_id"] for p in entries[D(2022, 5, 15)].places}
    assert {"panji-poyon", "sherkhan-bandar"} <= ids


@pytest.mark.parametrize(("text", "expected"), [
    ("three militants were killed after crossing", {"militants": (3, None)}),
    ("three Chinese Nationals were killed and one other was wounded",
     {"civilians": (3, 1)}),
    ("One Taliban fighter was killed and four injured", {"afghan_forces": (1, 4)}),
    ("resulted in the deaths of three militants and two Tajikistani border guards",
     {"militants": (3, None), "tajik_border_guards": (2, None)}),
    ("Tajikistani forces killed four militants along the border", {"militants": (4, None)}),
    ("12 soldiers were wounded and eleven civilians were killed",
     {"tajik_border_guards": (None, 12), "civilians": (11, None)}),
    ("casualty figures remain unconfirmed", {}),
])
def test_casualty_numbers_in_words_and_digits(text: str, expected) -> None:
    got = {c.group: (c.killed, c.injured) for c in casualties(text)}
    assert got == expected


def test_new_paragraphs_become_proposals(gazetteer, tmp_path: Path) -> None:
    text = ARTICLE.read_text("utf-8").replace("==See also==", (
        "On 3 March 2026, gunmen from Khwahan fired on a post near Kevron; two border guards "
        "were wounded and five militants were killed.\n\n"
        "In April 2026, Tajik authorities reported seven intruders dead near Vanj.\n\n"
        "==See also=="))
    new = missing_from(read_timeline(text, gazetteer), load_dataset(SHIPPED).incidents,
                       gazetteer)
    assert [(e.date_start, e.date_end, e.date_precision) for e in new] == [
        (D(2026, 3, 3), D(2026, 3, 3), "day"), (D(2026, 4, 1), D(2026, 4, 30), "month")]
    first = new[0]
    assert {p["place_id"] for p in first.places} >= {"khwahan-district", "kevron"}
    assert {c.group: (c.killed, c.injured) for c in first.casualties} == {
        "tajik_border_guards": (None, 2), "militants": (5, None)}
    assert {c.group: c.killed for c in new[1].casualties} == {"militants": 7}
    # The command prints the proposals and says how many are new.
    path = tmp_path / "article.txt"
    path.write_text(text, "utf-8")
    result = subprocess.run([sys.executable, "-m", "geo", "article", str(path)],
                            capture_output=True, text=True, cwd=paths.ROOT, timeout=60)
    assert result.returncode == 0
    assert "11 timeline entries; 2 not in" in result.stderr
    assert '"date_start": "2026-03-03"' in result.stdout and "Kevron" in result.stdout


def test_dates_only_from_the_opening_phrase() -> None:
    assert entry_dates("On 31 February 2025, x") is None
    assert entry_dates("In 2024, posts were built.") == (D(2024, 1, 1), D(2024, 12, 31), "year")
    assert entry_dates("Later that year the guards met.") is None


def test_the_paragraphs_country_settles_a_name_of_both_sides(gazetteer) -> None:
    from geo.article import context_country, places

    said = "On 5 May 2026, militants crossed into Darvaz district in eastern Tajikistan."
    assert context_country(said) == "TJ"
    assert {p["country"] for p in places(said, gazetteer)} == {"TJ"}
    unsaid = "On 5 May 2026, militants crossed near Darvaz."
    assert context_country(unsaid) is None
    assert {p["country"] for p in places(unsaid, gazetteer)} == {"AF", "TJ"}  # both kept
    both = "Fire from Darvaz in Afghanistan hit a post in Tajikistan."
    assert context_country(both) is None
