"""A clean upload is read by Arrow in one pass (geo.csvread.fast_columns): the same header,
values and lines as the careful reader, or no answer, so that the careful reader reports
what is wrong. Checked on random bytes and on the importer's whole result."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo import importing, paths
from geo.csvread import csv_records, decode_csv, fast_columns
from geo.import_acled import import_acled
from geo.problems import Problem

ACLED_CURRENT = paths.ROOT / "tests" / "fixtures" / "acled_current.csv"
KEEP = {"a", "b", "c", "d", "\ufeffa"}
# Values with whitespace Python strips and Arrow might not, and CSV's own characters (quoted
# as a writer quotes them; now and then left bare, or with a stray quote).
PLAIN = st.lists(st.sampled_from(["a", "a", "é", " ", "\t", "\x1f", "\u2028", "\u00a0",
                                  "\ufeff"]), max_size=5).map("".join)
TEXT = st.lists(st.sampled_from(["a", " ", "\x1f", '"', ",", "\n", "\r\n"]),
                max_size=5).map("".join)


@st.composite
def field(draw) -> str:
    kind = draw(st.integers(0, 19))
    if kind < 10:
        return draw(PLAIN)
    if kind < 17:
        return '"' + draw(TEXT).replace('"', '""') + '"'
    return draw(TEXT) if kind < 19 else '"' + draw(TEXT)


HEADERS = ["a,b,d", "a, c,b", "b,a", "a,a,b", '"a","b",x', "a,b,d,e", "", " a , b ,\td"]


@st.composite
def csv_text(draw) -> str:
    header = draw(st.one_of(st.sampled_from(HEADERS),
                            st.lists(field(), min_size=1, max_size=4).map(",".join)))
    width = header.count(",") + 1  # a quoted comma makes it wider than it is: declined
    rows = draw(st.lists(st.lists(field(), min_size=width, max_size=width + (
        draw(st.integers(0, 19)) == 0)), max_size=6))
    ends = draw(st.lists(st.sampled_from(["\n"] * 10 + ["\r\n"] * 6 + ["\n\n", "\r"]),
                         min_size=len(rows) + 1, max_size=len(rows) + 1))
    text = "".join(",".join(row) + end for row, end in zip([[header], *rows], ends,
                                                           strict=True))
    text = text[:-1] if draw(st.booleans()) else text
    return "\ufeff" * draw(st.sampled_from([0, 0, 1, 2])) + text


def _careful(raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    problems: list[Problem] = []
    header, rows = csv_records(decode_csv(raw, "f.csv", problems), "f.csv", problems, KEEP)
    return header, rows, problems


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_text())
def test_the_fast_reader_reads_as_the_careful_one_or_not_at_all(text: str) -> None:
    raw = text.encode("utf-8")
    fast = fast_columns(raw, KEEP)
    event("read by Arrow" if fast is not None else "left to the careful reader")
    if fast is None:
        return
    names, frame, lines = fast
    careful_header, rows, problems = _careful(raw)
    assert problems == []  # anything to report is the careful reader's
    assert names == careful_header
    assert list(frame.columns) == [n for n in careful_header if n in KEEP]
    assert [(int(line), list(values)) for line, values in zip(
        lines, frame.itertuples(index=False, name=None), strict=True)] == rows


@pytest.mark.parametrize("raw", [
    b"a,b\n1,2\n\n3,4\n",              # a blank line: skipped, and counted
    b'a,b\n\n1,"\n',                   # ... with a quote left open to the end
    b"a,b\n1,2,3\n",                   # a row of the wrong width: a problem
    b"a,b\n1,\xff\n",                  # not UTF-8
    b"a,b\n1,2\x00\n",                 # a NUL byte
    b"a,b\r1,2\r",                     # lone carriage returns
    b'a,"b\nc"\n1,2\n',                # a header over two lines
    b"\xff\xfea\x00,\x00b\x00\n\x00",  # UTF-16
    b"\xef\xbb\xbf\xef\xbb\xbfa,b\n1,2\n",  # two BOMs: Arrow would strip the second too
])
def test_what_needs_a_report_is_left_to_the_careful_reader(raw: bytes) -> None:
    assert fast_columns(raw, {"a", "b"}) is None


def test_most_generated_files_are_read_by_arrow() -> None:
    """The comparison above is only as good as the files it compares: many must take the
    fast path, with several rows."""
    read: list[int] = []

    @settings(max_examples=300, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(csv_text())
    def count(text: str) -> None:
        fast = fast_columns(text.encode("utf-8"), KEEP)
        if fast is not None:
            read.append(len(fast[1]))

    count()
    # Derandomized, so the same files every run (83 read, 5 of several rows when written).
    assert len(read) >= 30 and sum(rows >= 2 for rows in read) >= 3, read


def test_lines_count_the_newlines_inside_quoted_values() -> None:
    names, frame, lines = fast_columns(b'a,b\n"1\r\n2\n3",4\n , \t\n5,6', {"a", "b"})
    assert names == ["a", "b"]
    assert frame.to_numpy().tolist() == [["1\r\n2\n3", "4"], ["5", "6"]]
    assert lines.tolist() == [2, 6]  # the value spans lines 2–4; the blank row 5 is skipped


def test_an_export_gives_the_same_import_through_either_reader(monkeypatch) -> None:
    raw = ACLED_CURRENT.read_bytes()
    assert fast_columns(raw, {"event_id_cnty"}) is not None  # the fixture is clean
    fast = import_acled(raw, "acled.csv")
    monkeypatch.setattr(importing, "fast_columns", lambda *_: None)
    careful = import_acled(raw, "acled.csv")
    pd.testing.assert_frame_equal(fast.incidents, careful.incidents)
    pd.testing.assert_frame_equal(fast.casualties, careful.casualties)
    assert [str(p) for p in fast.problems] == [str(p) for p in careful.problems]
    assert fast.problems and fast.outside_region == careful.outside_region


def test_values_are_stripped_of_what_python_strips() -> None:
    chars = [chr(i) for i in range(0x3001)] + ["\u200b", "\ufeff", "\U0001f600"]
    ends = pa.array([f"{c}x{c}" for c in chars])
    assert pc.utf8_trim_whitespace(ends).to_pylist() == [f"{c}x{c}".strip() for c in chars]
