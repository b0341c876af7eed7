"""The page's translations: every visible string is wrapped for gettext, the Russian
catalogue has every string of the code, and Russian dates, numbers and sentences read right."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from geo import i18n
from geo.dates import describe_date
from geo.freshness import period_text
from geo.paths import ROOT

RU_PO = ROOT / "locales" / "ru" / "LC_MESSAGES" / "messages.po"
#: st.* calls whose first argument (or these keywords) a reader sees.
DISPLAY = {"title", "header", "subheader", "caption", "markdown", "info", "warning", "error",
           "success", "button", "metric", "expander", "toggle", "multiselect", "slider",
           "pills", "radio", "segmented_control", "download_button", "file_uploader",
           "selectbox", "text", "write", "progress", "tabs", "popover", "spinner"}
SHOWN_KEYWORDS = {"label", "help", "placeholder", "text", "body"}
_FIELD = re.compile(r"\{[^}]*\}")
_TAG = re.compile(r"<[^>]*>")


@pytest.fixture(autouse=True)
def english_after() -> None:
    yield
    i18n.use(i18n.DEFAULT)


def _has_words(text: str) -> bool:
    """Whether a literal holds words (not only markup, punctuation or symbols)."""
    return bool(re.search(r"[A-Za-z]{2,}", _TAG.sub("", text)))


def _literal_text(node: ast.expr) -> str | None:
    """The constant text of a string literal or f-string, else None (a call, a name…)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values
                       if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp):  # "a" + "b"
        parts = [_literal_text(node.left), _literal_text(node.right)]
        return "".join(p or "" for p in parts)
    return None


def unwrapped_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every literal with words passed to an st.* display call (or a column,
    container or sidebar method of the same name) without going through ``_()``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in DISPLAY):
            continue
        args = node.args[:1] + [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for arg in args:
            text = _literal_text(arg)
            if text is not None and _has_words(text):
                found.append((node.lineno, text))
    return found


def test_the_scan_finds_an_unwrapped_string() -> None:
    source = ('st.caption("Hello there")\nst.caption(_("Wrapped"))\n'
              'col.metric(f"Killed {n}", 3)\nst.markdown(f"### {when}")\n'
              'st.button(_("Ok"), help="Some help")\n')
    assert [line for line, _text in unwrapped_strings(source)] == [1, 3, 5]


@pytest.mark.parametrize("path", sorted((ROOT / "dashboard").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_visible_string_is_wrapped(path: Path) -> None:
    assert unwrapped_strings(path.read_text("utf-8")) == []


def _code_messages() -> set[str]:
    """Every msgid the code marks, as ``make i18n-extract`` collects them (babel.cfg)."""
    method_map = [("dashboard/**.py", "python"), ("geo/**.py", "python")]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    return {m[2] if isinstance(m[2], str) else m[2][0]
            for m in extract_from_dir(str(ROOT), method_map, keywords=keywords)}


def _catalogue(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def _missing(catalogue_ids: set[str]) -> set[str]:
    """The code's messages a catalogue with these msgids lacks."""
    return _code_messages() - catalogue_ids


def _ids(path: Path) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(path) if m.id}


def test_the_russian_catalogue_has_every_string_of_the_code() -> None:
    missing = _missing(_ids(RU_PO))
    assert not missing, f"run `make i18n-update` and translate: {sorted(missing)}"


#: Messages made where the language is unknown (a shared load, a worker thread): the data
#: problems' templates, their parts, the loading progress.
LAZY = {"the file is empty", "{why} (got {value!r})", "{file}, line {line}", " (warning)",
        "must be a date from {first} to {last}", "Placing {n} incidents with the gazetteer…",
        "Waiting for other uploads to be read…", "Loading…", "not in the gazetteer"}


def test_the_catalogue_check_covers_the_problems_and_the_progress() -> None:
    assert _code_messages() >= LAZY
    ids = _ids(RU_PO)
    for message in LAZY:  # the check fails when any one of them lacks its entry
        assert _missing(ids - {message}) == {message}


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


def test_every_russian_entry_is_translated_with_the_same_placeholders() -> None:
    catalogue = _catalogue(RU_PO)
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(s.strip() for s in strings), f"empty Russian entry: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy Russian entry: {ids[0]!r}"
        fields = set(_FIELD.findall(ids[0]))
        for s in strings:
            assert set(_FIELD.findall(s)) == fields, (ids[0], s)


def test_a_catalogue_works_without_its_compiled_file() -> None:
    compiled = i18n._compiled(RU_PO)
    assert gettext.GNUTranslations(compiled).gettext("Legend") == "Легенда"


def test_the_language_comes_from_the_link_then_the_browser() -> None:
    assert i18n.from_link("ru") == ("ru", None)
    assert i18n.from_link(None) == (None, None)
    lang, notice = i18n.from_link("xx")
    assert lang == "en" and notice and "lang=xx" in notice
    assert i18n.preferred("ru-RU,ru;q=0.9,en-US;q=0.8") == "ru"
    assert i18n.preferred("de-DE,de;q=0.9,ru;q=0.5") == "ru"
    assert i18n.preferred("de-DE,fr") == "en"
    assert i18n.preferred(None) == "en"


def test_russian_dates_and_numbers() -> None:
    day = pd.Timestamp("2022-05-15")
    i18n.use("ru")
    assert describe_date(day, day, "day") == "15 мая 2022"
    assert describe_date(pd.Timestamp("2023-04-01"), pd.Timestamp("2023-04-30"),
                         "month") == "Апрель 2023"
    assert describe_date(pd.Timestamp("2024-11-17"), pd.Timestamp("2024-11-18"),
                         "day") == "17–18 ноября 2024"
    assert i18n.number(12345).replace("\xa0", " ") == "12 345"
    span = pd.DataFrame({"date_start": [pd.Timestamp("2022-05-07")],
                         "date_end": [pd.Timestamp("2026-01-31")]})
    assert period_text(span) == "май 2022 – январь 2026"  # within a sentence
    i18n.use("en")
    assert describe_date(day, day, "day") == "15 May 2022"
    assert i18n.number(12345) == "12,345"


def test_a_claim_in_russian() -> None:
    from dashboard.popups import claim_line
    claim = {"group": "civilians", "nationality": "CN", "killed": 3, "injured": 1,
             "claimed_by": "tajik_authorities"}
    assert claim_line(claim) == "Civilians (CN): 3 killed, 1 injured — per Tajik authorities"
    i18n.use("ru")
    assert claim_line(claim) == ("Мирные жители (CN): убито 3, ранено 1 — по данным властей "
                                 "Таджикистана")


def test_a_summary_is_marked_english_until_translated() -> None:
    from geo.summaries import summary_of
    row = {"summary": "Clash at the post.", "summary_ru": ""}
    assert summary_of(row) == ("Clash at the post.", None)
    i18n.use("ru")
    assert summary_of(row) == ("Clash at the post.", "На английском:")
    assert summary_of({**row, "summary_ru": "Бой у заставы."}) == ("Бой у заставы.", None)


def test_every_russian_place_name_is_one_of_its_aliases() -> None:
    from geo.loading import load_table
    from geo.schema import PLACES
    frame = load_table(PLACES, ROOT / "data" / "places.csv").frame
    named = frame[frame["name_ru"].notna() & (frame["name_ru"] != "")]
    assert len(named) >= 30
    for name, aliases in zip(named["name_ru"], named["aliases"], strict=True):
        assert name in str(aliases).split(";"), name
        assert re.fullmatch(r"[А-Яа-яЁё -]+", name), f"not Russian: {name}"
        assert not re.search("[ҲҳҚқӢӣӮӯҶҷҒғ]", name), f"Tajik letters: {name}"


def test_places_in_russian_only_on_the_russian_page() -> None:
    from geo.place_names import local_place, local_places
    frame = pd.DataFrame({"place": ["Darvoz", "Somewhere"],
                          "place_id": ["darvoz-district", "no-such-place"]})
    assert local_places(frame).tolist() == ["Darvoz", "Somewhere"]
    i18n.use("ru")
    assert local_places(frame).tolist() == ["Дарвазский район", "Somewhere"]
    assert local_place("Khorugh", "khorugh") == "Хорог"


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
