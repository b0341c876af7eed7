"""A language's dates and numbers for Vega-Lite charts (``config.locale``), from Babel's CLDR
data: Vega-Lite formats with d3, whose month and day names are English unless a locale says
otherwise (d3-time-format's and d3-format's locale objects)."""

from __future__ import annotations

import re
from typing import Any

from babel import Locale

#: CLDR date-pattern fields and the d3 directive of each (only those short patterns use).
_FIELDS = {"dd": "%d", "d": "%-d", "MM": "%m", "M": "%-m", "yyyy": "%Y", "yy": "%y", "y": "%Y",
           "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "ss": "%S", "a": "%p"}
_FIELD = re.compile("|".join(sorted(_FIELDS, key=len, reverse=True)))


def d3_pattern(cldr: str) -> str:
    """A CLDR date pattern as a d3 format: 'dd.MM.y' -> '%d.%m.%Y'."""
    return _FIELD.sub(lambda m: _FIELDS[m.group()], cldr.replace("'", ""))


def _week(names: dict[int, str]) -> list[str]:
    """CLDR numbers the days from Monday (0); d3 lists them from Sunday."""
    return [names[6], *(names[i] for i in range(6))]


def vega_locale(lang: str) -> dict[str, Any]:
    """``config.locale`` for ``lang``: month and day names as they stand alone (an axis or a
    tooltip names a month by itself: 'январь 2024', not 'января'), the language's short
    date and time, and its decimal sign and digit grouping."""
    locale = Locale.parse(lang)
    months, days = locale.months["stand-alone"], locale.days["format"]
    periods = locale.day_periods["format"]["abbreviated"]
    date = d3_pattern(locale.date_formats["short"].pattern)
    time = d3_pattern(locale.time_formats["medium"].pattern)
    symbols = locale.number_symbols["latn"]
    return {
        "time": {
            "dateTime": str(locale.datetime_formats["short"]).replace("{1}", "%x")
            .replace("{0}", "%X"),
            "date": date, "time": time,
            "periods": [periods["am"], periods["pm"]],
            "days": _week(days["wide"]), "shortDays": _week(days["abbreviated"]),
            "months": [months["wide"][m] for m in range(1, 13)],
            "shortMonths": [months["abbreviated"][m] for m in range(1, 13)],
        },
        "number": {"decimal": symbols["decimal"], "thousands": symbols["group"],
                   "grouping": [locale.decimal_formats[None].grouping[0]],
                   "currency": ["", ""]},
    }
