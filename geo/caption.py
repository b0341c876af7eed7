"""The caption an exported map carries, so that a file or an image says what it shows on its
own: the date range and filters, how many incidents of how many, the killed, the sources and
how current the data is. The standalone HTML map and the PNG image share it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from geo.filtering import Filters, describe_filters
from geo.i18n import DEFAULT, N_, _, current, date_text, ngettext, number

TITLE = N_("Afghanistan–Tajikistan border incidents")
#: The base map's own data, whatever the incidents' sources.
MAP_DATA = N_("Map data: Natural Earth, geoBoundaries (© OpenStreetMap contributors, ODbL)")
SOURCES_NAMED = 4


@dataclass(frozen=True)
class Caption:
    """A title and the lines under it (plain text: each output escapes it its own way)."""

    title: str
    lines: tuple[str, ...]

    def text(self) -> str:
        """The title and the lines, one a line."""
        return "\n".join((self.title, *self.lines))


def source_site(url: str) -> str:
    """The web site of a source's address ('asiaplustj.info'), '' if it has none."""
    return (urlsplit(str(url)).hostname or "").removeprefix("www.")


def source_sites(incidents: pd.DataFrame) -> list[tuple[str, int]]:
    """The web sites of the incidents' main sources with their counts, most cited first
    ('asiaplustj.info', 12): a source's title is free text, its address's host is not."""
    hosts: Counter[str] = Counter()
    for url in incidents["source_url"].dropna():
        host = source_site(url)
        if host:
            hosts[host] += 1
    return sorted(hosts.items(), key=lambda item: (-item[1], item[0]))


def sources_line(incidents: pd.DataFrame) -> str:
    """'Sources: asiaplustj.info (12), en.wikipedia.org (8), … and 5 more sites'."""
    sites = source_sites(incidents)
    if not sites:
        return _("Sources: none cited")
    named = ", ".join(f"{host} ({n})" for host, n in sites[:SOURCES_NAMED])
    more = len(sites) - SOURCES_NAMED
    rest = ngettext(" and {n} more site", " and {n} more sites", more).format(n=more)
    return _("Sources: {sites}").format(sites=named) + (rest if more > 0 else "")


def map_caption(shown: pd.DataFrame, total: int, filters: Filters, killed: str,
                freshness: str) -> Caption:
    """The caption of a map of the ``shown`` incidents out of ``total``: ``killed`` as the
    headline gives it ('34 (30–41)'), ``freshness`` as :func:`geo.freshness.freshness_line`."""
    title = _(TITLE)
    dated = bool(filters.start and filters.end)
    if dated:
        title += f", {_day(filters.start)} – {_day(filters.end)}"
    counts = _("{shown} of {total} incidents shown · killed (best reading; range where claims "
               "differ): {killed}").format(shown=number(len(shown)), total=number(total),
                                           killed=killed)
    # The dates are in the title (the first line of the filters in words); the other filters
    # follow, or that there are none.
    filter_lines = describe_filters(filters)[1:] if dated else describe_filters(filters)
    return Caption(title, (
        counts, *(filter_lines or [_("Filters: none (every event type, actor and group)")]),
        f"{sources_line(shown)}. {_(MAP_DATA)}.", f"{freshness}."))


def _day(day: object) -> str:
    """'7 May 2022' ('7 мая 2022 г.' in Russian: CLDR's medium date)."""
    return f"{day:%-d %b %Y}" if current() == DEFAULT else date_text(day, "d MMM y")
