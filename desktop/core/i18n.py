"""The one place for translation and formatting (gettext catalogs and Babel).

Vietnamese is the default language, English the second. Views and reports never call
``strftime`` or format numbers themselves: they call the helpers here.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal as _babel_decimal

from desktop.core.errors import ValidationError
from desktop.core.paths import locale_dir

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "khien"

_current = DEFAULT_LANGUAGE
_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_catalogs: dict[str, _gettext.NullTranslations] = {}
_catalogs_lock = threading.Lock()
_listeners: list[Callable[[str], object]] = []


class _Override(threading.local):
    """The language one thread renders in for a while (a report in English on a worker
    thread while the GUI stays Vietnamese)."""

    stack: list[tuple[str, _gettext.NullTranslations]]

    def __init__(self) -> None:
        self.stack = []


_override = _Override()


def _catalog(lang: str) -> _gettext.NullTranslations:
    with _catalogs_lock:
        found = _catalogs.get(lang)
        if found is None:
            found = _gettext.translation(
                DOMAIN, localedir=str(locale_dir()), languages=[lang], fallback=True
            )
            _catalogs[lang] = found
        return found


def set_language(lang: str) -> None:
    """Switch the language used by ``_`` and the formatting helpers."""
    global _current, _translation
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    with _catalogs_lock:  # a language switch re-reads the catalogs from disk
        _catalogs.clear()
    _translation = _catalog(lang)
    _current = lang
    for listener in list(_listeners):
        listener(lang)


def on_language_change(listener: Callable[[str], object]) -> None:
    """Call *listener* with the new code each time ``set_language`` runs (the GUI sets
    its toolkit's number and date locale this way; the core stays free of it). Added once."""
    if listener not in _listeners:
        _listeners.append(listener)


def drop_language_listener(listener: Callable[[str], object]) -> None:
    """Stop calling *listener* on language changes (no error if it was not added)."""
    if listener in _listeners:
        _listeners.remove(listener)


@contextmanager
def language_override(lang: str) -> Iterator[str]:
    """Within the block, this thread translates and formats in *lang*; other threads keep
    the application's language. Blocks nest; an unknown code means the default language."""
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _override.stack.append((lang, _catalog(lang)))
    try:
        yield lang
    finally:
        _override.stack.pop()


def _active() -> tuple[str, _gettext.NullTranslations]:
    stack = _override.stack
    return stack[-1] if stack else (_current, _translation)


def language() -> str:
    """The current language code ("vi" or "en") of this thread."""
    return _active()[0]


def catalog_loaded() -> bool:
    """True when a compiled catalog backs the current language."""
    return type(_active()[1]) is not _gettext.NullTranslations


def _(message: str) -> str:
    """Translate *message* into the current language."""
    return _active()[1].gettext(message)


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on *n*."""
    return _active()[1].ngettext(singular, plural, n)


# -- formatting -----------------------------------------------------------------------

DATE_PATTERN = "dd/MM/yyyy"


def format_date(value: dt.date | None) -> str:
    """A date as dd/MM/yyyy (both languages: it is how officers write dates)."""
    if value is None:
        return ""
    return _babel_date(value, DATE_PATTERN, locale=language())


# Regions and groupings in Babel's territory list that are not countries.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


@functools.cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 two-letter country codes (VN, CN, LA…), from Babel's territory list."""
    from babel import Locale

    codes = [str(c) for c in Locale("en").territories]
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


def country_names() -> list[tuple[str, str]]:
    """(code, name in the current language) for every country, in the language's order."""
    from babel import Locale

    from desktop.core.text import sort_key

    names = Locale.parse(language()).territories
    return sorted(
        ((c, str(names.get(c, c))) for c in country_codes()), key=lambda item: sort_key(item[1])
    )


def country_name(code: str) -> str:
    """A country's name in the current language ("" for none, the code if unknown)."""
    from babel import Locale

    return str(Locale.parse(language()).territories.get(code, code)) if code else ""


def format_datetime(value: dt.datetime | None) -> str:
    """A date and 24-hour time: 05/02/2026 14:03."""
    if value is None:
        return ""
    return _babel_datetime(value, DATE_PATTERN + " HH:mm", locale=language())


def format_month(value: dt.date | None) -> str:
    """A calendar month as MM/yyyy (11/2026), as officers write it in both languages."""
    if value is None:
        return ""
    return _babel_date(value, "MM/yyyy", locale=language())


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A number with the language's separators: 1.234.567,5 in Vietnamese."""
    if value is None:
        return ""
    pattern = None
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(value, format=pattern, locale=language())


def format_money(value: int | Decimal | None) -> str:
    """An amount of đồng: 1.500.000 ₫ (whole đồng, no decimals)."""
    if value is None:
        return ""
    return f"{format_number(int(value), 0)}\u00a0₫"


def format_place_date(place: str, value: dt.date) -> str:
    """The place-and-date line of an administrative document (Decree 30/2020, appendix I):
    a leading zero for days 1–9 and for months 1 and 2 only ("ngày 05 tháng 7 năm 2026",
    "ngày 15 tháng 02 năm 2026")."""
    if language() == "vi":
        month = f"{value.month:02d}" if value.month < 3 else str(value.month)
        return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {_babel_date(value, 'd MMMM yyyy', locale='en')}"


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def parse_date(text: str) -> dt.date:
    """Read a date typed as YYYY-MM-DD or dd/mm/yyyy; raise ValidationError otherwise."""
    m = _ISO.match(text or "")
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _VN.match(text or "")
        if not m:
            raise ValidationError(
                _("“{value}” is not a date: write it as dd/mm/yyyy.").format(value=text)
            )
        d, mo, y = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise ValidationError(
            _("“{value}” is not a real date on the calendar.").format(value=text)
        ) from None


set_language(DEFAULT_LANGUAGE)
