"""The page's languages: which one a reader gets, its gettext catalogue, and dates and
numbers written the way that language writes them (Babel).

Knows nothing of Streamlit: the dashboard chooses the language once per run
(:func:`use`) and every visible string goes through :func:`_` (or :func:`ngettext`).
Strings declared at import time (vocabularies, labels) are marked with :func:`N_` so Babel
extracts them, and translated where they are shown. A message made where the reader's
language is not known (a data problem of a load every session shares, a progress report
from a worker thread) is a :class:`Message`: its marked template and values, worded where it
is shown.

Catalogues: ``locales/<lang>/LC_MESSAGES/messages.po`` (``make i18n-extract``,
``i18n-update``, ``i18n-compile``). The compiled ``.mo`` is used when it is as new as its
``.po``; otherwise the ``.po`` is compiled in memory, so a host that never ran ``make``
(a hosting platform) still shows every language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from geo.paths import ROOT

LOCALES_DIR = ROOT / "locales"
DOMAIN = "messages"
#: The page's languages, each named in itself (as the switch shows them); English first:
#: the language of the source strings and the fallback.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
#: Languages written right to left (none shipped yet: see README, "Languages").
RTL: frozenset[str] = frozenset({"fa", "prs", "ps"})

_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translated where shown)."""
    return message


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English: none, the source strings are English)."""
    po = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if lang == DEFAULT or not po.exists():
        return gettext.NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    return gettext.GNUTranslations(_compiled(po))


def _compiled(po: Path) -> io.BytesIO:
    """A ``.po`` file compiled to ``.mo`` bytes in memory."""
    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return out


def use(lang: str) -> None:
    """Make ``lang`` the language of what follows in this thread (one page run)."""
    _current.set(lang if lang in LANGUAGES else DEFAULT)


def current() -> str:
    """The language in use."""
    return _current.get()


def _(message: str) -> str:
    """``message`` in the language in use (itself where the catalogue lacks it)."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the language in use (Russian has three)."""
    return translations(_current.get()).ngettext(singular, plural, n)


@dataclass(frozen=True)
class Message:
    """A message made where the reader's language is unknown (a data load shared by every
    session, a worker thread): its English template (marked with :func:`N_`, so Babel
    extracts it) and the values of its fields, a value itself a :class:`Message` (or a
    :class:`Number`) where it is worded per language. Translated where it is shown
    (:meth:`text`); ``str()`` is the English (the CLI, logs, a data column)."""

    template: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self) -> str:
        """The message in the language in use."""
        return self.render(english=False)

    def render(self, *, english: bool) -> str:
        """The message in English, or in the language in use."""
        values = {k: v.render(english=english) if isinstance(v, Message | Number) else v
                  for k, v in self.params}
        return (self.template if english else _(self.template)).format(**values)

    def __str__(self) -> str:
        return self.render(english=True)


@dataclass(frozen=True)
class Number:
    """A count in a :class:`Message`, written as the reader's language writes numbers."""

    value: float
    digits: int = 0

    def render(self, *, english: bool) -> str:
        """'1,234' in English, '1 234' in Russian."""
        return f"{self.value:,.{self.digits}f}" if english else number(self.value, self.digits)


def lazy(template: str, **params: object) -> Message:
    """A :class:`Message`: ``lazy(N_("has {n} fields"), n=3)``."""
    return Message(template, tuple(params.items()))


def from_link(raw: str | None) -> tuple[str | None, str | None]:
    """The language a link's ``lang=`` asks for, and a notice if it is not one of ours
    (then English). ``(None, None)`` when the link does not say."""
    if raw is None:
        return None, None
    code = raw.strip().lower()
    if code in LANGUAGES:
        return code, None
    return DEFAULT, _("Ignored lang={value}: not a language of this page; showing English.").format(
        value=raw[:40])


def preferred(accept: str | None) -> str:
    """The first of our languages in a browser's preferences (an Accept-Language header or a
    locale such as ``ru-RU``); English when none is ours."""
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT


def number(n: float, digits: int = 0) -> str:
    """A number as the language writes it: '1,234' in English, '1 234' in Russian."""
    if _current.get() == DEFAULT:
        return f"{n:,.{digits}f}"
    return format_decimal(round(n, digits), format=f"#,##0{'.' + '0' * digits if digits else ''}",
                          locale=_current.get())


def date_text(day: dt.date, pattern: str) -> str:
    """A date in a CLDR ``pattern`` ('d MMMM y': 15 May 2022 / 15 мая 2022; 'LLLL y': the
    month on its own, as a heading names it)."""
    return format_date(day, pattern, locale=Locale.parse(_current.get()))


def direction() -> str:
    """'rtl' for a language written right to left, else 'ltr'."""
    return "rtl" if _current.get() in RTL else "ltr"
