"""The page in Russian (``lang=ru``): headings, figures, filters, the map's legend, tooltips
and popup, the details panel and About in Russian; the link keeps the language; a wrong
``lang`` gives the English page with a notice."""

from __future__ import annotations

import json
import re

from testkit.pages import map_layer, metrics, run_with_query

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _map_args(at) -> str:
    (component,) = at.get("component_instance")
    return component.proto.json_args


def test_the_russian_page() -> None:
    at = run_with_query(lang="ru")
    assert at.title[0].value == "Инциденты на афгано-таджикской границе"
    assert set(metrics(at)) == {"Инциденты", "Погибшие", "Раненые"}
    assert metrics(at)["Инциденты"] == "13 из 13"
    assert [s.value for s in at.subheader] == ["Хронология", "Инциденты",
                                               "Поделиться и выгрузить показанное"]
    assert at.sidebar.header[0].value == "Фильтры"
    assert {m.label for m in at.sidebar.multiselect} >= {"Тип события", "Участник / сторона",
                                                         "Точность места", "Район"}
    assert at.query_params["lang"] == ["ru"] or at.query_params["lang"] == "ru"
    # The map: legend, layer names and tooltips in Russian.
    args = json.loads(_map_args(at))
    figure = json.dumps(args, ensure_ascii=False)
    assert "Тип события" in figure and "Вооружённое столкновение" in figure
    assert "Показать легенду" in figure and "Во весь экран" in figure
    tips = map_layer(at)["tip"]
    assert tips and all(CYRILLIC.search(t) for t in tips)
    # The link box holds the language.
    assert "lang=ru" in at.code[-1].value
    assert "О данных и методах" in [e.label for e in at.expander]
    assert any("Точность места" in m.value for m in at.markdown)  # About, in Russian


def test_a_selected_incident_in_russian() -> None:
    at = run_with_query(lang="ru", incident="2023-04-gbao")
    texts = [m.value for m in at.markdown]
    assert "### Апрель 2023" in texts
    assert any(t.startswith("*На английском") for t in texts), "the summary is marked"
    popup = map_layer(at)["popup"]
    assert popup.startswith("<div class='bim-popup'><b>Апрель 2023</b>")
    assert "Подробнее — на панели рядом с картой" in popup
    # The place in Russian (the gazetteer's name_ru), the country too.
    assert "<b>Горно-Бадахшанская автономная область</b> (Таджикистан)" in popup
    assert any(t.startswith("**Проникновение боевиков** · Горно\\-Бадахшанская") for t in texts)


def test_a_wrong_language_shows_english_with_a_notice() -> None:
    at = run_with_query(lang="xx")
    assert at.title[0].value == "Afghanistan–Tajikistan border incidents"
    assert any("lang" in w.value and "English" in w.value for w in at.warning)
    assert "lang" not in at.query_params


def test_the_english_page_has_no_russian() -> None:
    at = run_with_query()
    assert not CYRILLIC.search(at.title[0].value)
    assert set(metrics(at)) == {"Incidents", "Killed", "Injured"}
    assert not any(CYRILLIC.search(t) for t in map_layer(at)["tip"])
    assert "lang" not in at.query_params


def test_a_bad_link_is_explained_in_russian() -> None:
    at = run_with_query(lang="ru", start="2030-01-01", type="nonsense", zoom="30", lat="37.9",
                        lon="70.3")
    notice = at.warning[0].value
    assert "Начало периода в ссылке" in notice  # the start after the data's end
    assert "такого значения type нет" in notice and "вне диапазона 4–14" in notice
    assert "Ignored" not in notice and "outside" not in notice
