"""Messages made before the reader's language is known (a data load shared by every session,
a worker thread): every data problem and progress report is made from a marked template, is
English in ``str()`` (the CLI) and in the reader's language on the page; and the districts
and provinces in Russian."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo import i18n
from geo.paths import ROOT


@pytest.fixture(autouse=True)
def english_after() -> None:
    yield
    i18n.use(i18n.DEFAULT)


def _unmarked(node: ast.expr) -> bool:
    """Whether a message argument is text not marked for extraction: a string literal or an
    f-string (or a ``lazy()`` / ``Message()`` of one); ``N_("...")``, a name (a marked constant,
    a parameter) or another call (checked where it makes its message) are fine."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("lazy", "Message"):
        return bool(node.args) and _unmarked(node.args[0])
    return isinstance(node, ast.JoinedStr | ast.BinOp) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str))


def unmarked_messages(source: str) -> list[int]:
    """Lines where a problem (``Problem(…)``, an importer's ``skip(field, why)``), a lazy
    message or a progress report is made from a string not marked with ``N_``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        position = {"Problem": 3, "skip": 1, "progress": 1, "lazy": 0, "Message": 0}.get(name)
        if position is None or len(node.args) <= position:
            continue
        if _unmarked(node.args[position]):
            found.append(node.lineno)
    return found


def test_the_scan_finds_an_unmarked_problem() -> None:
    source = ('Problem(f, 1, None, "the file is empty")\n'
              'Problem(f, 1, None, N_("the file is empty"))\n'
              'skip("id", f"duplicate {key!r}")\n'
              'skip("id", lazy(N_("duplicate {key!r}"), key=key))\n'
              'lazy("{n} rows", n=3)\nprogress(0.5, f"Placing {n:,}")\n'
              'Problem(f, 1, None, why)\n')
    assert unmarked_messages(source) == [1, 3, 5, 6]


@pytest.mark.parametrize("path", sorted([*(ROOT / "geo").rglob("*.py"),
                                         *(ROOT / "dashboard").rglob("*.py")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_problem_and_progress_message_is_marked(path: Path) -> None:
    assert unmarked_messages(path.read_text("utf-8")) == []


def test_a_problem_is_english_in_the_cli_and_russian_on_the_russian_page() -> None:
    from geo.loading import load_table
    from geo.schema import CASUALTIES
    lines = (ROOT / "tests" / "fixtures" / "frozen-data" / "casualties.csv").read_text(
        "utf-8").splitlines()
    lines[1] = lines[1].replace("tajik_authorities", "Tajikistan", 1)
    problems = load_table(CASUALTIES, "\n".join([*lines, "x,y"]).encode()).problems
    english = [str(p) for p in problems]
    assert english == [
        f"casualties.csv, line {len(lines) + 1}: has 2 fields, the header has 7",
        "casualties.csv, line 2: claimed_by: must be one of: tajik_authorities, tajik_media, "
        "afghan_authorities, afghan_media, chinese_authorities, international_media, ACLED, "
        "UCDP, unattributed ('Tajikistan' is now tajik_authorities) (got 'Tajikistan')"]
    assert [p.text() for p in problems] == english  # the English page
    i18n.use("ru")
    shown = [p.text() for p in problems]
    assert shown[0] == f"casualties.csv, строка {len(lines) + 1}: полей в строке: 2, в заголовке: 7"
    assert shown[1].startswith("casualties.csv, строка 2: claimed_by: допустимые значения: ")
    assert shown[1].endswith("('Tajikistan' теперь tajik_authorities) (получено 'Tajikistan')")
    assert [str(p) for p in problems] == english  # str() stays English (the CLI)


def test_a_warning_and_nested_messages_in_russian() -> None:
    from geo.dates import window_message
    from geo.problems import Problem
    problem = Problem("ged.csv", 4, "date_start", i18n.lazy(
        i18n.N_("date_start/date_end: {why}"), why=window_message()), "warning")
    assert str(problem).startswith("ged.csv, line 4: date_start: date_start/date_end: must be "
                                   "a date from ")
    assert str(problem).endswith(" (warning)")
    i18n.use("ru")
    assert problem.text().startswith("ged.csv, строка 4: date_start: date_start/date_end: "
                                     "нужна дата от ")
    assert problem.text().endswith(" (предупреждение)")


def test_the_loading_progress_is_worded_where_it_is_shown() -> None:
    from geo.pipeline import load_incident_data
    seen: list = []
    load_incident_data(progress=lambda fraction, text: seen.append(text))
    assert all(isinstance(t, i18n.Message) for t in seen)
    assert str(seen[1]) == "Placing 13 incidents with the gazetteer…"
    i18n.use("ru")
    assert seen[1].text() == "Инциденты размещаются по справочнику мест: 13…"
    assert i18n.lazy(i18n.N_("Reading {n} casualty claims…"),
                     n=i18n.Number(12345)).text().replace("\xa0", " ") == (
        "Чтение заявлений о потерях: 12 345…")


def test_districts_and_provinces_in_russian() -> None:
    from geo.districts import read_districts
    from geo.place_names import area_name, district_label, district_names
    polygons = read_districts()
    assert district_label("tj-darvoz") == "Darvoz (TJ)"
    assert area_name("TJ", "Khatlon") == "Khatlon"
    assert district_names(polygons).equals(polygons["name"].astype(str))
    i18n.use("ru")
    assert district_label("tj-darvoz") == "Дарвазский район (TJ)"
    assert district_label("no-such-district") == "no-such-district"
    assert area_name("TJ", "Khatlon") == "Хатлонская область"
    assert area_name("TJ", "Gorno-Badakhshan", "Darvoz") == "Дарвазский район"
    assert area_name("AF", "Samangan") == "Samangan"  # no Russian name in the gazetteer
    names = dict(zip(polygons["district_id"], district_names(polygons), strict=True))
    assert names["af-shahri-buzurg"] == "Шахри Бузург" and names["af-aliabad"] == "Aliabad"
