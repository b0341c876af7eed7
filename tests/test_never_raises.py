"""Issue 19: every loader and importer turns any row into rows or problems, never an exception.

Hypothesis writes random rows — Unicode and superscript digits, dates from year 0 to 9999,
empty fields, huge fields, stray quotes — into each file format and feeds them through the
loader of the shipped files, the ACLED and UCDP importers and the geocoded pipeline.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.import_acled import REQUIRED as ACLED_COLUMNS
from geo.import_acled import import_acled
from geo.import_ucdp import REQUIRED as UCDP_COLUMNS
from geo.import_ucdp import import_ucdp
from geo.loading import load_table
from geo.pipeline import load_imported, load_incident_data
from geo.schema import CASUALTIES, INCIDENTS, PLACES

ODD = st.sampled_from(["", "٣", "²", "3", "-1", "1e309", "nan", "inf", "0001-01-01",
                       "9999-12-31", "0000-01-01", "2025-02-30", "2025-06-01", "1", "2", "37.8",
                       "70.1", "Tajikistan", "Battles", "=1+1", "\ufeff", "\x00", '"', "x" * 5000])
VALUE = st.one_of(ODD, st.text(max_size=30))


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def rows_for(header: tuple[str, ...]):
    return st.lists(st.lists(VALUE, min_size=len(header), max_size=len(header)), max_size=6)


SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("spec", [INCIDENTS, CASUALTIES, PLACES], ids=lambda s: s.name)
def test_the_loader_never_raises(spec) -> None:
    @SETTINGS
    @given(rows_for(tuple(spec.names)))
    def check(rows: list[list[str]]) -> None:
        loaded = load_table(spec, _csv(tuple(spec.names), rows))
        assert len(loaded.frame) + len({p.line for p in loaded.problems}) >= len(
            [r for r in rows if any(v.strip() for v in r)]) or loaded.problems

    check()


@pytest.mark.parametrize("importer, header", [(import_acled, ACLED_COLUMNS),
                                              (import_ucdp, UCDP_COLUMNS)],
                         ids=["acled", "ucdp"])
def test_the_importers_never_raise(importer, header) -> None:
    @SETTINGS
    @given(rows_for(tuple(header)))
    def check(rows: list[list[str]]) -> None:
        result = importer(_csv(tuple(header), rows))
        # Every row is a row, a problem or counted outside the region.
        lines = {p.line for p in result.problems}
        assert len(result.incidents) + len(lines) + result.outside_region >= len(
            [r for r in rows if any(v.strip() for v in r)])

    check()


@SETTINGS
@given(rows_for(tuple(ACLED_COLUMNS)), st.sampled_from([b"", b"\xff\xfe", b"\x00\x01"]))
def test_the_upload_pipeline_never_raises(rows: list[list[str]], prefix: bytes) -> None:
    data = load_imported(prefix + _csv(tuple(ACLED_COLUMNS), rows), "upload.csv")
    assert data.problems or len(data.incidents) >= 0


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows_for(tuple(INCIDENTS.names)))
def test_a_data_folder_never_raises(tmp_path_factory, rows: list[list[str]]) -> None:
    folder: Path = tmp_path_factory.mktemp("data")
    shipped = Path(__file__).resolve().parents[1] / "data"
    for name in ("places.csv", "casualties.csv"):
        (folder / name).write_bytes((shipped / name).read_bytes())
    (folder / "incidents.csv").write_bytes(_csv(tuple(INCIDENTS.names), rows))
    data = load_incident_data(folder)
    for problem in data.problems:
        assert "/" not in problem.file  # named by file name, never by a server path


def test_a_link_cut_at_the_parameter_limit_is_noted() -> None:
    from geo.query_limits import MAX_QUERY_FIELDS, truncation_notice

    assert truncation_notice({"type": ["armed_clash"] * (MAX_QUERY_FIELDS - 1)}) is None
    notice = truncation_notice({"type": ["x"] * 600, "actor": ["y"] * 400})
    assert notice is not None and "1,000" in notice
