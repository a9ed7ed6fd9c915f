"""Document numbers drawn from a series per kind of document and year (Decree 30/2020/NĐ-CP,
Art. 15: numbers start at 01 on the first day of the year; "05/BC-BCĐ").

A series belongs to the document type the kind prints: the periodic and the campaign
reports are both reports ("BC") and share one series; the reception and the handover
records are both records ("BB") and share another, so that "05/BC-…" is never given twice
in a year. The office's own numbers are kept locally (the ``Setting`` table, one row per
series and year, ``reports.number.<symbol>.<year>``, mapping each number taken to the
document that holds it): each office numbers its own documents.

``next_number`` is what the report form offers: nothing is consumed until the document is
written, when ``take`` records it. A number held by another document is refused, unless the
user explicitly re-issues it; the same document written again (a re-print of the reception
record of the same case, the report of the same period regenerated) keeps its number.
"""

from __future__ import annotations

import json
import re
import unicodedata

from desktop.core.db.models import Setting
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile

# The kinds of document and the symbol of their type (Decree 30, appendix III).
SERIES = {"period": "BC", "campaign": "BC", "reception": "BB", "handover": "BB"}
PREFIX = "reports.number."
_LEADING = re.compile(r"^\s*(\d{1,6})(?!\d)")


def symbol(kind: str) -> str:
    """The type's symbol of *kind* ("BC", "BB"); "" for a kind without a series."""
    return SERIES.get(kind, "")


def setting_key(kind: str, year: int) -> str:
    return f"{PREFIX}{symbol(kind)}.{year}"


def _load(raw: str) -> dict[int, str]:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {int(k): str(v) for k, v in data.items() if str(k).isdigit()}


def taken(profile: OpenProfile, kind: str, year: int) -> dict[int, str]:
    """The numbers of the series already given, each with the document holding it."""
    if not symbol(kind):
        return {}
    with profile.db.session() as s:
        row = s.get(Setting, setting_key(kind, year))
        return _load(row.value if row else "")


def next_number(profile: OpenProfile, kind: str, year: int) -> int:
    """The number to offer: one after the highest given in the series this year (1 first).
    Nothing is consumed: ``take`` records it when the document is written."""
    return max(taken(profile, kind, year), default=0) + 1


def number_of(profile: OpenProfile, kind: str, year: int, ref: str) -> int | None:
    """The number the document *ref* already holds in the series this year, if any."""
    held = [n for n, r in taken(profile, kind, year).items() if ref and r == ref]
    return max(held) if held else None


def _refusal(number: int, year: int, following: int) -> ValidationError:
    return ValidationError(
        _(
            "Number {number} of {year} has already been given to another document: "
            "use the next one, {next}, or choose to re-issue it."
        ).format(number=f"{number:02d}", year=year, next=f"{following:02d}"),
        "number",
    )


def check(profile: OpenProfile, kind: str, year: int, number: int, ref: str = "",
          reissue: bool = False) -> None:  # fmt: skip
    """Refuse *number* when another document holds it (unless *reissue*)."""
    if not symbol(kind) or reissue:
        return
    held = taken(profile, kind, year)
    if number in held and not (ref and held[number] == ref):
        raise _refusal(number, year, max(held) + 1)


def take(profile: OpenProfile, kind: str, year: int, number: int, ref: str = "",
         reissue: bool = False) -> None:  # fmt: skip
    """Record *number* as given to the document *ref* (called when it is written). A number
    another document holds is refused with one sentence, unless *reissue* says the user
    chose to give it again."""
    if not symbol(kind):
        return
    if number < 1:
        raise ValidationError(_("A document number starts at 1."), "number")
    key = setting_key(kind, year)
    with profile.db.session() as s:
        row = s.get(Setting, key)
        held = _load(row.value if row else "")
        if number in held and not reissue and not (ref and held[number] == ref):
            raise _refusal(number, year, max(held) + 1)
        held[number] = ref or held.get(number, "")
        value = json.dumps({str(n): held[n] for n in sorted(held)}, ensure_ascii=False)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value


def leading(text: str) -> int | None:
    """The number at the start of a number and symbol ("05/BC-BCĐ" → 5), if any."""
    m = _LEADING.match(text or "")
    return int(m.group(1)) if m else None


def formatted(number: int, kind: str, agency: str) -> str:
    """ "05/BC-BCĐ": two digits at least, the type's symbol, the body's abbreviation."""
    abbr = abbreviation(agency)
    sym = symbol(kind)
    suffix = f"{sym}-{abbr}" if abbr else sym
    return f"{number:02d}/{suffix}"


def offer(profile: OpenProfile, kind: str, year: int, current: str, agency: str,
          ref: str = "") -> str:  # fmt: skip
    """What the number field should show: *current* when its number is still free or held
    by the same document *ref*, else the next number of the series with *current*'s symbol
    ("/BC-BCĐ"), or the kind's symbol and the body's abbreviation."""
    if not symbol(kind):
        return current
    current = current.strip()
    n = leading(current)
    held = taken(profile, kind, year)
    if n is not None and (n not in held or (ref and held[n] == ref)):
        return current
    following = max(held, default=0) + 1
    m = _LEADING.match(current)
    rest = current[m.end() :].strip() if m else current
    if rest.startswith("/") and "-" in rest:
        return f"{following:02d}{rest}"
    return formatted(following, kind, agency)


# -- the issuing body's abbreviation --------------------------------------------------

_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "phường", "xã",
                "đặc khu", "province", "city", "district", "commune", "ward")  # fmt: skip


def abbreviation(agency: str) -> str:
    """The issuing body's abbreviation for a document number, from its name: the initials
    of the words before the place it serves ("Sở Y tế tỉnh Lạng Sơn" → "SYT", "Ủy ban nhân
    dân xã Đồng Đăng" → "UBND", "Trung tâm Công tác xã hội tỉnh Lạng Sơn" → "TTCTXH"),
    without tone or vowel marks but keeping Đ, as Decree 30 numbers are written."""
    words = agency.split()
    letters = []
    for i, word in enumerate(words):
        rest = " ".join(words[i:]).lower()
        starts_place = any(rest == w or rest.startswith(w + " ") for w in _PLACE_WORDS)
        if i and starts_place and not rest.startswith("xã hội"):
            break
        first = word[0].upper()
        if not first.isalpha():  # a number ("Ban Chỉ đạo 138") is not abbreviated
            continue
        letters.append(first if first == "Đ" else unicodedata.normalize("NFD", first)[0])
    return "".join(letters)
