"""A corpus of broken files: each gives a clear message naming file, line and field, the
valid rows still load, and the shipped data is never modified."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from geo.import_acled import import_acled
from geo.import_ucdp import import_ucdp
from geo.loading import load_table
from geo.problems import errors
from geo.schema import CASUALTIES, INCIDENTS, PLACES
from testkit.pages import FROZEN, SHIPPED

FIXTURES = Path(__file__).parent / "fixtures"


def shipped_digest() -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(SHIPPED.iterdir())
                                   if p.is_file())).hexdigest()


BEFORE = shipped_digest()


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def shipped(spec) -> list[bytes]:
    return lines_of(FROZEN / spec.filename)


def acled() -> list[bytes]:
    # The fixture's first three rows are valid.
    return lines_of(FIXTURES / "acled_current.csv")[:4]


def ucdp() -> list[bytes]:
    return lines_of(FIXTURES / "ucdp_ged.csv")[:4]


def field_index(header: bytes, name: str) -> int:
    return header.decode().split(",").index(name)


def set_field(line: bytes, index: int, value: str) -> bytes:
    import csv
    import io

    row = next(csv.reader(io.StringIO(line.decode())))
    row[index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue().removesuffix("\n").encode()


def load_with(kind: str) -> Callable[[bytes], tuple[list, int]]:
    """(problems, rows loaded) for a file's bytes."""
    def run(raw: bytes) -> tuple[list, int]:
        if kind == "acled":
            result = import_acled(raw, "upload.csv")
            return result.problems, len(result.incidents)
        if kind == "ucdp":
            result = import_ucdp(raw, "upload.csv")
            return result.problems, len(result.incidents)
        spec = {"incidents": INCIDENTS, "casualties": CASUALTIES, "places": PLACES}[kind]
        loaded = load_table(spec, raw, spec.filename)
        return loaded.problems, len(loaded.frame)
    return run


SOURCES = {"incidents": lambda: shipped(INCIDENTS)[:5], "casualties": lambda: shipped(
    CASUALTIES)[:5], "places": lambda: shipped(PLACES)[:5], "acled": acled, "ucdp": ucdp}
DATE_FIELD = {"incidents": "date_start", "acled": "event_date", "ucdp": "date_start"}
NUMBER_FIELD = {"casualties": "killed", "acled": "fatalities", "places": "radius_km",
                "ucdp": "low"}
KEY_FIELD = {"incidents": "incident_id", "places": "place_id", "ucdp": "id"}


@pytest.mark.parametrize("kind", list(SOURCES))
def test_bom_is_accepted(kind: str) -> None:
    lines = SOURCES[kind]()
    problems, count = load_with(kind)(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    assert errors(problems) == [] and count == len(lines) - 1


@pytest.mark.parametrize("kind", list(SOURCES))
def test_wrong_encoding_names_the_line(kind: str) -> None:
    lines = SOURCES[kind]()
    lines[2] = lines[2] + "é".encode("latin-1")
    problems, count = load_with(kind)(b"\n".join(lines) + b"\n")
    assert any("UTF-8" in p.message and p.line == 3 for p in problems)
    assert count >= len(lines) - 2  # the other rows load


@pytest.mark.parametrize("kind", list(SOURCES))
def test_empty_file(kind: str) -> None:
    problems, count = load_with(kind)(b"")
    assert count == 0 and problems and "empty" in problems[0].message


@pytest.mark.parametrize("kind", list(SOURCES))
def test_missing_column(kind: str) -> None:
    lines = SOURCES[kind]()
    header = lines[0].decode().split(",")
    dropped = header.index({"incidents": "event_type", "casualties": "claimed_by",
                            "places": "country", "acled": "event_date",
                            "ucdp": "date_start"}[kind])
    cut = [b",".join(p for i, p in enumerate(ln.split(b",")) if i != dropped) for ln in lines]
    problems, count = load_with(kind)(b"\n".join(cut) + b"\n")
    assert count == 0
    assert any(p.line == 1 and header[dropped] in (p.field or "") for p in problems)


@pytest.mark.parametrize("kind", list(SOURCES))
def test_extra_column_still_loads(kind: str) -> None:
    lines = SOURCES[kind]()
    extra = [lines[0] + b",extra", *[ln + b",x" for ln in lines[1:]]]
    problems, count = load_with(kind)(b"\n".join(extra) + b"\n")
    assert errors(problems) == [] and count == len(lines) - 1


@pytest.mark.parametrize("kind", list(DATE_FIELD))
def test_impossible_date(kind: str) -> None:
    lines = SOURCES[kind]()
    lines[2] = set_field(lines[2], field_index(lines[0], DATE_FIELD[kind]), "2025-02-30")
    problems, count = load_with(kind)(b"\n".join(lines) + b"\n")
    (problem,) = errors(problems)
    assert problem.line == 3 and problem.field == DATE_FIELD[kind]
    assert count == len(lines) - 2


@pytest.mark.parametrize(("kind", "value"), [
    (kind, value) for kind in NUMBER_FIELD for value in ("3.5", "-1", "several")
    if (kind, value) != ("places", "3.5")])  # 3.5 km is a valid radius
def test_bad_numbers(kind: str, value: str) -> None:
    lines = SOURCES[kind]()
    lines[2] = set_field(lines[2], field_index(lines[0], NUMBER_FIELD[kind]), value)
    problems, _ = load_with(kind)(b"\n".join(lines) + b"\n")
    bad = errors(problems)
    assert bad and bad[0].line == 3
    assert bad[0].file.endswith(".csv") and bad[0].field


@pytest.mark.parametrize("kind", list(KEY_FIELD))
def test_duplicate_ids(kind: str) -> None:
    lines = SOURCES[kind]()
    index = field_index(lines[0], KEY_FIELD[kind])
    key = lines[1].decode().split(",")[index]
    lines[3] = set_field(lines[3], index, key)
    problems, count = load_with(kind)(b"\n".join(lines) + b"\n")
    (problem,) = errors(problems)
    assert problem.line == 4 and "duplicate" in problem.message
    assert count == len(lines) - 2


@pytest.mark.parametrize("kind", ["incidents", "acled"])
def test_quoted_newlines_keep_line_numbers(kind: str) -> None:
    lines = SOURCES[kind]()
    text_field = {"incidents": "summary", "acled": "notes"}[kind]
    lines[1] = set_field(lines[1], field_index(lines[0], text_field), "first line\nsecond line")
    date_field = DATE_FIELD[kind]
    lines[2] = set_field(lines[2], field_index(lines[0], date_field), "2025-02-30")
    problems, count = load_with(kind)(b"\n".join(lines) + b"\n")
    (problem,) = errors(problems)
    assert problem.line == 4  # line 2 spans two lines, so the broken row starts on line 4
    assert count == len(lines) - 2


def test_a_50_mb_file_loads_its_valid_rows_and_names_the_bad_one() -> None:
    header, *rows = shipped(INCIDENTS)
    body, n = [], 0
    while sum(len(b) for b in body) < 50 * 1024 * 1024:
        for row in rows:
            n += 1
            body.append(set_field(row, 0, f"bulk-{n}"))
    bad_at = len(body) // 2
    body[bad_at] = set_field(body[bad_at], field_index(header, "date_end"), "someday")
    raw = b"\n".join([header, *body]) + b"\n"
    assert len(raw) >= 50 * 1024 * 1024
    loaded = load_table(INCIDENTS, raw, "big.csv")
    (problem,) = errors(loaded.problems)
    assert (problem.line, problem.field) == (bad_at + 2, "date_end")
    assert len(loaded.frame) == len(body) - 1


def test_the_shipped_data_was_never_modified() -> None:
    assert shipped_digest() == BEFORE
