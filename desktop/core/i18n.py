"""The one place for translation and formatting (gettext catalogs and Babel).

Vietnamese is the default language, English the second. Views and reports never call
``strftime`` or format numbers themselves: they call the helpers here.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import re
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


def set_language(lang: str) -> None:
    """Switch the language used by ``_`` and the formatting helpers."""
    global _current, _translation
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _current = lang
    _translation = _gettext.translation(
        DOMAIN, localedir=str(locale_dir()), languages=[lang], fallback=True
    )


def language() -> str:
    """The current language code ("vi" or "en")."""
    return _current


def catalog_loaded() -> bool:
    """True when a compiled catalog backs the current language."""
    return type(_translation) is not _gettext.NullTranslations


def _(message: str) -> str:
    """Translate *message* into the current language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark *message* for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose form depends on *n*."""
    return _translation.ngettext(singular, plural, n)


# -- formatting -----------------------------------------------------------------------

DATE_PATTERN = "dd/MM/yyyy"


def format_date(value: dt.date | None) -> str:
    """A date as dd/MM/yyyy (both languages: it is how officers write dates)."""
    if value is None:
        return ""
    return _babel_date(value, DATE_PATTERN, locale=_current)


def format_datetime(value: dt.datetime | None) -> str:
    """A date and 24-hour time: 05/02/2026 14:03."""
    if value is None:
        return ""
    return _babel_datetime(value, DATE_PATTERN + " HH:mm", locale=_current)


def format_month(value: dt.date | None) -> str:
    """A calendar month as MM/yyyy (11/2026), as officers write it in both languages."""
    if value is None:
        return ""
    return _babel_date(value, "MM/yyyy", locale=_current)


def format_number(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """A number with the language's separators: 1.234.567,5 in Vietnamese."""
    if value is None:
        return ""
    pattern = None
    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return _babel_decimal(value, format=pattern, locale=_current)


def format_money(value: int | Decimal | None) -> str:
    """An amount of đồng: 1.500.000 ₫ (whole đồng, no decimals)."""
    if value is None:
        return ""
    return f"{format_number(int(value), 0)}\u00a0₫"


def format_place_date(place: str, value: dt.date) -> str:
    """The place-and-date line of an administrative document (Decree 30/2020)."""
    if _current == "vi":
        return f"{place}, ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
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
