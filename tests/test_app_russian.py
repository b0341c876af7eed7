"""The page in Russian (``lang=ru``): headings, figures, filters, the map's legend, tooltips
and popup, the details panel and About in Russian; the link keeps the language; a wrong
``lang`` gives the English page with a notice."""

from __future__ import annotations

import json
import re

from dashboard.map.layer_data import tooltips_of
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
    tips = tooltips_of(map_layer(at))
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
    assert not any(CYRILLIC.search(t) for t in tooltips_of(map_layer(at)))
    assert "lang" not in at.query_params


def test_a_bad_link_is_explained_in_russian() -> None:
    at = run_with_query(lang="ru", start="2030-01-01", type="nonsense", zoom="30", lat="37.9",
                        lon="70.3")
    notice = at.warning[0].value
    assert "Начало периода в ссылке" in notice  # the start after the data's end
    assert "такого значения type нет" in notice and "вне диапазона 4–14" in notice
    assert "Ignored" not in notice and "outside" not in notice


def test_a_data_problem_in_russian(bad_date_data) -> None:
    at = run_with_query(lang="ru")
    shown = " ".join(c.value for c in at.code)
    assert ("incidents.csv, строка 5: date_start: не существующая дата в виде YYYY-MM-DD "
            "(получено '2023-09-31')") in shown
    assert "line" not in shown and "not a real date" not in shown
    # The same load, shared, is English on the English page.
    english = run_with_query()
    assert "incidents.csv, line 5: date_start: not a real date in YYYY-MM-DD form" in \
        " ".join(c.value for c in english.code)


def test_districts_and_provinces_in_russian() -> None:
    at = run_with_query(lang="ru", incident="2023-09-06-darvoz")
    (district,) = [m for m in at.sidebar.multiselect if m.label == "Район"]
    assert "Дарвазский район (TJ)" in district.options
    assert "Darvoz (TJ)" not in district.options
    texts = " ".join(m.value for m in at.markdown)
    assert "Горно\\-Бадахшанская автономная область / Дарвазский район" in texts
    assert any("Известен лишь район \\(Дарвазский район\\)" in c.value for c in at.caption)
    # The map's district labels.
    figure = json.dumps(json.loads(_map_args(at)), ensure_ascii=False)
    assert "Дарвазский район" in figure and '"html": "Darvoz"' not in figure


def test_the_districts_view_ranks_districts_in_russian() -> None:
    at = run_with_query(lang="ru", view="districts")
    (ranking,) = [d.value for d in at.dataframe if "Район" in d.value.columns]
    assert {"Шахри Бузург", "Пяндж"} <= set(ranking["Район"])
    assert "Shahri Buzurg" not in set(ranking["Район"])
    assert "Хатлонская область" in set(ranking["Провинция"])
    tips = map_layer(at)["districts"]["tips"]
    assert tips["tj-panj"].startswith("Пяндж: ")


def test_the_first_load_progress_in_russian(monkeypatch) -> None:
    import time

    from dashboard import data as page_data
    from geo import i18n
    from geo.pipeline import load_incident_data

    shown: list[str] = []

    class Bar:
        def progress(self, fraction: float, text: str) -> None:
            shown.append(text)

        def empty(self) -> None:
            pass

    monkeypatch.setattr(page_data.st, "empty", Bar)

    def slow(report):
        def later(fraction, text):
            report(fraction, text)
            time.sleep(0.3)
        return load_incident_data(progress=later)

    i18n.use("ru")
    try:
        page_data.with_progress(slow)
    finally:
        i18n.use(i18n.DEFAULT)
    assert "Инциденты размещаются по справочнику мест: 13…" in shown
    assert not any("Placing" in t or "Reading" in t for t in shown)
