"""Document numbers drawn from a series per kind of document and year (Decree 30/2020/NĐ-CP,
Art. 15: numbers start at 01 on the first day of the year; "05/BC-BCĐ").

A series belongs to the document type the kind prints: the periodic and the campaign
reports are both reports ("BC") and share one series; the reception and the handover
records are both records ("BB") and share another, so that "05/BC-…" is never given twice
in a year.

The case summary is in the reports' series too. Appendix III of Decree 30 lists the
abbreviations of 27 types of administrative document (Nghị quyết NQ, Quyết định QĐ, …,
Báo cáo BC, Biên bản BB, Tờ trình TTr, …, Phiếu báo PB) and "tóm tắt" (summary) is not
one of them; the closest listed type is the report (Báo cáo, "BC"): the summary reports
the facts of one case and what was done for the person to whoever it is sent to, and it
is not a record (Biên bản), which is drawn up at an event and signed by those present.
(Its former symbol "TT" was no type of administrative document: in Appendix III's
context it would read as a circular, Thông tư, a legal normative document.)

The office's own numbers are kept locally (the ``Setting`` table, one row per series and
year, ``reports.number.<symbol>.<year>``): each office numbers its own documents. The value
maps each number taken to the document that holds it. Version 1 stored only the
document's reference (``{"5": "period:2026-01-01:2026-06-30"}``), which still loads; a
number taken now keeps an object with the reference, the kind, the number as printed, the
date the document was written and, once the office marks it sent, the date it was sent and
to whom (``Given``). An entry with nothing but a reference is still written as the plain
string.

``next_number`` is what the report form offers: nothing is consumed until the document is
written, when ``take`` records it. A number held by another document is refused, unless the
user explicitly re-issues it; the same document written again (a re-print of the reception
record of the same case, the report of the same period regenerated) keeps its number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from typing import Any

from sqlalchemy import select

from desktop.core import i18n
from desktop.core.db import settings
from desktop.core.db.models import Setting
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile

# The kinds of document and the symbol of their type (Decree 30, appendix III; the case
# summary is a report, see the module's text).
SERIES = {"period": "BC", "campaign": "BC", "case": "BC", "reception": "BB", "handover": "BB"}
KIND_NAMES = {
    "period": N_("Periodic report"),
    "campaign": N_("Campaign result report"),
    "case": N_("Case summary"),
    "reception": N_("Reception record"),
    "handover": N_("Handover record"),
}
PREFIX = "reports.number."
MAX_SENT_TO = 200
_LEADING = re.compile(r"^\s*(\d{1,6})(?!\d)")


@dataclasses.dataclass(frozen=True)
class Given:
    """A number of a series and the document it was given to."""

    symbol: str  # "BC", "BB"
    year: int
    number: int
    ref: str = ""  # the document ("period:2026-01-01:2026-06-30", "campaign:<plan id>"…)
    kind: str = ""  # "period", "campaign", "case", "reception", "handover"
    text: str = ""  # the number as printed ("05/BC-BCĐ"); "" when not known (version 1)
    written_on: dt.date | None = None  # the document's date; None when not known
    sent_on: dt.date | None = None  # None: not marked as sent
    sent_to: str = ""

    @property
    def sent(self) -> bool:
        return self.sent_on is not None

    def shown_number(self) -> str:
        return self.text or f"{self.number:02d}/{self.symbol}"


def symbol(kind: str) -> str:
    """The type's symbol of *kind* ("BC", "BB"); "" for a kind without a series."""
    return SERIES.get(kind, "")


def setting_key(kind: str, year: int) -> str:
    return f"{PREFIX}{symbol(kind)}.{year}"


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _kind_of(ref: str) -> str:
    kind = ref.split(":", 1)[0]
    return kind if kind in SERIES else ""


def _entries(raw: str, sym: str = "", year: int = 0) -> dict[int, Given]:
    """The entries of a series' stored value: version 1's ``{number: ref}`` and the
    objects written since; anything unreadable is left out."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[int, Given] = {}
    for key, value in data.items():
        if not str(key).isdigit():
            continue
        n = int(key)
        if isinstance(value, dict):
            ref = str(value.get("ref") or "")
            kind = value.get("kind")
            out[n] = Given(
                sym, year, n, ref,
                kind if isinstance(kind, str) and kind in SERIES else _kind_of(ref),
                str(value.get("text") or ""), _day(value.get("written_on")),
                _day(value.get("sent_on")), str(value.get("sent_to") or ""),
            )  # fmt: skip
        else:
            ref = "" if value is None else str(value)
            out[n] = Given(sym, year, n, ref, _kind_of(ref))
    return out


def _dump(entries: dict[int, Given]) -> str:
    def one(g: Given) -> str | dict[str, str]:
        rich = {
            "ref": g.ref, "kind": g.kind, "text": g.text,
            "written_on": g.written_on.isoformat() if g.written_on else "",
            "sent_on": g.sent_on.isoformat() if g.sent_on else "", "sent_to": g.sent_to,
        }  # fmt: skip
        if not any(v for k, v in rich.items() if k not in ("ref", "kind")):
            return g.ref  # as version 1 wrote it
        return {k: v for k, v in rich.items() if v}

    return json.dumps({str(n): one(entries[n]) for n in sorted(entries)}, ensure_ascii=False)


def _load(raw: str) -> dict[int, str]:
    return {n: g.ref for n, g in _entries(raw).items()}


def taken(profile: OpenProfile, kind: str, year: int) -> dict[int, str]:
    """The numbers of the series already given, each with the document holding it."""
    if not symbol(kind):
        return {}
    with profile.db.session(read=True) as s:
        row = s.get(Setting, setting_key(kind, year))
        return _load(row.value if row else "")


def given(profile: OpenProfile, kind: str, year: int) -> dict[int, Given]:
    """The numbers of *kind*'s series in *year*, each with all that is kept about it."""
    sym = symbol(kind)
    if not sym:
        return {}
    with profile.db.session(read=True) as s:
        row = s.get(Setting, setting_key(kind, year))
        return _entries(row.value if row else "", sym, year)


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
         reissue: bool = False, text: str = "",
         written_on: dt.date | None = None) -> None:  # fmt: skip
    """Record *number* as given to the document *ref* (called when it is written), with the
    number as printed (*text*) and the document's date. A number another document holds is
    refused with one sentence, unless *reissue* says the user chose to give it again; then
    the entry is the new document's (the old one's "sent" mark goes with it). The same
    document written again keeps its entry and its "sent" mark."""
    sym = symbol(kind)
    if not sym:
        return
    if number < 1:
        raise ValidationError(_("A document number starts at 1."), "number")
    key = setting_key(kind, year)
    with profile.db.session() as s:  # the register read, then written back
        row = s.get(Setting, key)
        held = _entries(row.value if row else "", sym, year)
        old = held.get(number)
        same = old is not None and bool(ref) and old.ref == ref
        if old is not None and not reissue and not same:
            raise _refusal(number, year, max(held) + 1)
        if old is not None and same:
            held[number] = dataclasses.replace(
                old, kind=old.kind or kind, text=text or old.text,
                written_on=written_on or old.written_on,
            )  # fmt: skip
        else:
            held[number] = Given(sym, year, number, ref or (old.ref if old else ""), kind, text,
                                 written_on)  # fmt: skip
        settings.put(s, key, _dump(held))


# -- the register of numbers given, and "sent" marks ----------------------------------


def _rows(profile: OpenProfile, year: int | None = None) -> list[tuple[str, int, str]]:
    """(symbol, year, stored value) of every series kept (of *year* only, if given)."""
    pattern = f"{PREFIX}%.{year}" if year is not None else f"{PREFIX}%"
    out = []
    with profile.db.session(read=True) as s:
        for row in s.execute(select(Setting).where(Setting.key.like(pattern))).scalars():
            sym, _dot, y = row.key.removeprefix(PREFIX).rpartition(".")
            if sym and y.isdigit():
                out.append((sym, int(y), row.value))
    return out


def register(profile: OpenProfile, year: int) -> list[Given]:
    """Every number the office gave in *year*, series by series (the types' order in
    ``SERIES``), each series in the order of its numbers."""
    order = {sym: n for n, sym in enumerate(dict.fromkeys(SERIES.values()))}
    out = [g for sym, y, raw in _rows(profile, year) for g in _entries(raw, sym, y).values()]
    out.sort(key=lambda g: (order.get(g.symbol, len(order)), g.symbol, g.number))
    return out


def sent_refs(profile: OpenProfile) -> frozenset[str]:
    """The documents (their references) marked as sent, in any series and year."""
    return frozenset(
        g.ref
        for sym, y, raw in _rows(profile)
        for g in _entries(raw, sym, y).values()
        if g.sent and g.ref
    )


def check_sent(doc: Given, sent_on: dt.date, sent_to: str = "",
               today: dt.date | None = None) -> None:  # fmt: skip
    """Refuse, with one sentence about its field, a "sent" mark that cannot be right: a
    date in the future or before the document's own date, an addressee too long."""
    if len(" ".join(sent_to.split())) > MAX_SENT_TO:
        raise ValidationError(
            _("Say to whom in at most {n} characters.").format(n=MAX_SENT_TO), "sent_to"
        )
    if sent_on > (today or dt.date.today()):
        raise ValidationError(_("The date it was sent cannot be in the future."), "sent_on")
    if doc.written_on is not None and sent_on < doc.written_on:
        raise ValidationError(
            _("A document cannot be sent before its date, {date}.").format(
                date=i18n.format_date(doc.written_on)
            ),
            "sent_on",
        )


def mark_sent(profile: OpenProfile, sym: str, year: int, number: int, sent_on: dt.date,
              sent_to: str = "", today: dt.date | None = None) -> Given:  # fmt: skip
    """Mark the document holding *number* of the *sym* series of *year* as sent on
    *sent_on* (to *sent_to*, free text, optional; ``check_sent``). A refusal is one
    sentence and changes nothing. Marking again replaces the date and the addressee."""
    sent_to = " ".join(sent_to.split())
    key = f"{PREFIX}{sym}.{year}"
    with profile.db.session() as s:
        row = s.get(Setting, key)
        held = _entries(row.value if row else "", sym, year)
        old = held.get(number)
        if row is None or old is None:
            raise ValidationError(
                _("No document holds number {number} of {year} in this series.").format(
                    number=f"{number:02d}", year=year
                )
            )
        check_sent(old, sent_on, sent_to, today)
        held[number] = dataclasses.replace(old, sent_on=sent_on, sent_to=sent_to)
        row.value = _dump(held)
    return held[number]


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
    by the same document *ref*, else the number *ref* already holds (the same document
    written again keeps its number) or the next number of the series, with *current*'s
    symbol ("/BC-BCĐ"), or the kind's symbol and the body's abbreviation."""
    if not symbol(kind):
        return current
    current = current.strip()
    n = leading(current)
    held = taken(profile, kind, year)
    if n is not None and (n not in held or (ref and held[n] == ref)):
        return current
    own = [k for k, r in held.items() if ref and r == ref]
    following = max(own) if own else max(held, default=0) + 1
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
