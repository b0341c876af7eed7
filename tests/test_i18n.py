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
