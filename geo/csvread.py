"""Reading CSV bytes into rows with their line numbers; what cannot be read is a problem.

Shared by the loader of the shipped files and the importers of uploaded exports.
"""

from __future__ import annotations

import csv
import operator
import re
from collections.abc import Collection, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from geo.i18n import N_, lazy
from geo.problems import Problem

#: The longest field the CSV reader accepts. Its default (128 KiB) stopped reading a file at
#: the first longer field; a field can be no longer than an upload (50 MB) anyway.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 2**20))

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def encoding_problem(raw: bytes, label: str) -> Problem | None:
    """A problem if the bytes are UTF-16 text (a spreadsheet's "Unicode text"), else None:
    every other byte is NUL then, and decoding them as UTF-8 would only say "not CSV"."""
    head = raw[:4096]
    if head.startswith(_UTF16_BOMS) or (len(head) >= 16 and head.count(0) > len(head) // 3):
        return Problem(label, 1, None, N_("the file is UTF-16 (or binary), not UTF-8 text: "
                                          "save it as UTF-8 CSV"))
    return None


def decode_csv(raw: bytes, label: str, problems: list[Problem]) -> str:
    """UTF-8 text (a BOM is fine); UTF-16 is reported and gives no text, other undecodable
    bytes are reported with their line."""
    wrong = encoding_problem(raw, label)
    if wrong is not None:
        problems.append(wrong)
        return ""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, None,
                                N_("not valid UTF-8 text; save the file as UTF-8")))
        return raw.decode("utf-8-sig", errors="replace")


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings (\\n, \\r\\n or \\r, as ``newline=""`` reads
    them), one at a time: ``io.StringIO`` would hold a second copy of the whole text, four
    bytes a character."""
    return map(re.Match.group, _LINE.finditer(text))  # map: no Python frame a line


def csv_records(text: str, label: str, problems: list[Problem],
                keep: Collection[str] | None = None
                ) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each row with the line it starts on (quoted newlines counted), values
    stripped; with ``keep``, only the values of those columns (in header order). Blank rows
    are skipped; rows of the wrong width are reported."""
    header, records = stream_records(text, label, problems, keep)
    return header, list(records)


def stream_records(text: str, label: str, problems: list[Problem],
                   keep: Collection[str] | None = None
                   ) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """:func:`csv_records`, the rows read one at a time as they are asked for (problems are
    added to ``problems`` then): an upload never holds all its raw rows at once."""
    reader = csv.reader(_lines(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(Problem(label, 1, None, N_("the file is empty")))
        return [], iter(())
    except csv.Error as exc:
        problems.append(Problem(label, 1, None, lazy(N_("unreadable CSV: {error}"),
                                                     error=str(exc))))
        return [], iter(())
    kept = [i for i, name in enumerate(header) if keep is None or name in keep]
    # The kept values of a row, stripped, without a Python-level loop over them (a 45 MB
    # export has two million of them).
    pick = operator.itemgetter(*kept) if len(kept) > 1 else lambda row: tuple(
        row[i] for i in kept)
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for row in reader:
                line, start = start, reader.line_num + 1
                if not row or (not row[0].strip() and all(not v.strip() for v in row)):
                    continue
                if len(row) != width:
                    problems.append(Problem(label, line, None, lazy(
                        N_("has {count} fields, the header has {header}"), count=len(row),
                        header=width)))
                    continue
                yield line, list(map(str.strip, pick(row)))
        except csv.Error as exc:
            problems.append(Problem(label, start, None, lazy(
                N_("unreadable CSV from here on: {error}"), error=str(exc))))

    return header, rows()


def fast_columns(raw: bytes, keep: Collection[str]
                 ) -> tuple[list[str], pd.DataFrame, np.ndarray] | None:
    """:func:`stream_records` of a clean file in one pass of Arrow's CSV reader: the header,
    the ``keep`` columns' stripped values as a table of text (header order), and the line
    each row starts on. Without a Python object per value, a 45 MB export is read in a
    fraction of the time and memory.

    ``None`` when the file has anything whose problem :func:`stream_records` reports, or
    that it reads its own way (not UTF-8, NUL bytes, lone carriage returns, blank lines,
    unbalanced quotes, rows of the wrong width, repeated column names): read it with that
    then.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        if raw.startswith(b"\xef\xbb\xbf"):
            return None  # Arrow would strip this one too; decode_csv strips one only
    # Blank lines (Arrow skips them without a trace: the lines would shift) and unbalanced
    # quotes (a value running to the end of the file) are read by the careful reader.
    if (not raw or encoding_problem(raw, "") is not None or b"\x00" in raw
            or raw.count(b"\r") != raw.count(b"\r\n") or raw.count(b'"') % 2
            or raw.startswith((b"\n", b"\r\n")) or b"\n\n" in raw or b"\n\r\n" in raw):
        return None
    try:
        first = raw[: raw.find(b"\n")] if b"\n" in raw else raw
        if first.count(b'"') % 2:
            return None  # a header across lines
        width = len(next(csv.reader([first.decode("utf-8")])))
        names = [f"f{i}" for i in range(width)]
        # Every column is read as text, so Arrow checks every byte is UTF-8 (as decode_csv
        # does): a file that is not is an error here, read by the careful reader.
        table = pa_csv.read_csv(
            pa.py_buffer(raw),
            read_options=pa_csv.ReadOptions(use_threads=False, block_size=len(raw) + 1,
                                            column_names=names),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (UnicodeDecodeError, csv.Error, StopIteration, pa.ArrowException):
        return None
    if not table.num_rows:
        return None
    header = [str(table.column(i)[0]).strip() for i in range(width)]
    kept = [i for i, name in enumerate(header) if name in keep]
    if len({header[i] for i in kept}) < len(kept):
        return None
    # The lines a row spans: one, and one more for each newline in its values.
    spans = np.ones(table.num_rows, dtype=np.int64)
    blank = np.ones(table.num_rows, dtype=bool)
    stripped = {}
    for i in range(width):
        column = table.column(i)
        spans += pc.count_substring(column, "\n").to_numpy()
        values = pc.utf8_trim_whitespace(column)  # what str.strip strips (tested)
        blank &= pc.equal(values, "").to_numpy()
        if i in kept:
            stripped[i] = values
    if raw.count(b"\n") + (not raw.endswith(b"\n")) != spans.sum():
        return None  # the rows do not account for every line
    starts = np.concatenate([[1], 1 + np.cumsum(spans)[:-1]])
    rows = ~blank
    rows[0] = False  # the header
    mask = pa.array(rows)
    frame = pd.DataFrame({header[i]: pd.Series(
        stripped[i].filter(mask), dtype=pd.StringDtype("pyarrow", na_value=np.nan))
        for i in kept}, index=pd.RangeIndex(int(rows.sum())))
    return header, frame, starts[rows]
