"""One validation layer for every value written to a synced row (issue 13).

Every door leads here: a form, ``khien record``, the Excel import (they all save through
the core, whose session runs ``check_session`` before the sync hook stamps a revision),
and a row arriving in a bundle (``check_records``, called by ``sync.authority`` before
anything is applied: a bundle with one bad row is refused whole, with the row named).

The rules come from the schema and from this module's tables:

- **text**: at most the column's length (long text columns: ``MAX_LONG_TEXT``); no control
  characters (a multi-line column keeps line breaks and tabs), no unpaired surrogates, no
  bidirectional overrides (they make a name read differently from what is stored); stored
  in Unicode NFC, so that "Hòa" typed two ways is one value.
- **dates**: a window for their meaning (``DATE_WINDOWS``): a reception not before 2000 nor
  in the future, a birth not before 1900, an activity within a sane window.
- **numbers**: a range (``INT_RANGES``; any other whole number 0…10^12).
- **codes**: must exist in the reference data (reference lists, the law's lists in
  ``cases.rules``, the communes of this province valid on the record's date); a code of a
  dated reference list (a department merged away in 2025) must also be in force on the
  record's date (``Code.date_column``).
- **plan links**: a final outreach event linked to a task of a plan whose period does not
  hold its date needs a reason (the rule of ``outreach.plans``, asked here too, so that
  rows arriving in bundles obey it as local writes do).

Values already stored are not re-judged: only the fields a write changes are checked, so an
old row holding a value from before a rule existed can still be edited (and the Excel
export cleans what a spreadsheet cannot hold).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Text, event, inspect, select
from sqlalchemy.orm import Session

from desktop.core import i18n, other_figures
from desktop.core.cases import facts, rules
from desktop.core.db.base import SYNC_COLUMNS, Synced, synced_models
from desktop.core.db.models import AdminUnit, NodeState, ReferenceItem
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import SyncSession
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.places import COMMUNE, LEGACY_COMMUNE, PROVINCE, REFORM_DATE

MAX_LONG_TEXT = 20_000
MAX_INT = 10**12
# Unicode's Cc category (U+0000–U+001F, U+007F–U+009F; multi-line columns keep "\n" and
# "\t"), surrogates and bidirectional overrides are refused, found by one pattern (a text is
# scanned in C, not letter by letter).
_BIDI_RANGES = "\u202a-\u202e\u2066-\u2069"
_UNSTORABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_RANGES}]")
_UNSTORABLE_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_RANGES}]")

# Columns of a synced row that the sync hook computes or that are not text someone typed.
_SKIP = set(SYNC_COLUMNS) | {"updated_at", "password_hash", "sha256", "mime"}

# (table, column) -> (earliest, days after today at the latest); None: no later bound.
_Y2000 = dt.date(2000, 1, 1)
_Y1900 = dt.date(1900, 1, 1)
DATE_WINDOWS: dict[tuple[str, str], tuple[dt.date, int | None]] = {
    ("reception_cases", "received_on"): (_Y2000, 0),
    ("persons", "birth_date"): (_Y1900, 0),
    ("outreach_events", "held_on"): (_Y2000, 730),
    ("campaign_plans", "issued_on"): (_Y2000, 366),
    ("campaign_plans", "period_start"): (_Y2000, 3650),
    ("campaign_plans", "period_end"): (_Y2000, 3650),
    ("plan_tasks", "deadline"): (_Y2000, 3650),
    ("reception_cases", "status_on"): (_Y2000, 1),
    ("reception_cases", "due_on"): (_Y2000, 3650),
    ("support_entries", "given_on"): (_Y2000, 366),
    ("referrals", "referred_on"): (_Y2000, 1),
    ("shelter_stays", "admitted_on"): (_Y2000, 1),
    ("shelter_stays", "discharged_on"): (_Y2000, 366),
    ("follow_ups", "visited_on"): (_Y2000, 1),
    ("case_transitions", "effective_on"): (_Y2000, 1),
    ("reception_cases", "notified_on"): (_Y2000, 1),
    ("reception_cases", "id_doc_date"): (_Y2000, 1),
    ("case_consents", "given_on"): (_Y2000, 1),
    ("handovers", "handed_on"): (_Y2000, 1),
    ("other_body_figures", "period_start"): (_Y2000, 0),
    ("other_body_figures", "period_end"): (_Y2000, 366),
    ("other_body_figures", "source_date"): (_Y2000, 1),
}
DEFAULT_DATES = (_Y1900, dt.date(2100, 12, 31))

_COUNT = (0, 10_000_000)
INT_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    **{
        ("outreach_events", c): _COUNT
        for c in (
            "audience_total",
            "audience_women",
            "audience_men",
            "audience_youth",
            "quantity",
            "minutes",
        )
    },  # fmt: skip
    ("reception_cases", "age_at_reception"): (0, 130),
    ("reception_cases", "months_away"): (0, 1200),
    ("persons", "birth_year"): (1900, 9999),  # the upper bound is this year (below)
    ("plan_tasks", "target"): _COUNT,
    # A counter-entry is negative (``records.correct_support``; see ``_row_rules``).
    ("support_entries", "amount"): (-MAX_INT, MAX_INT),
    ("reception_cases", "age_trafficked"): (0, 120),
}


@dataclass(frozen=True)
class Code:
    """A column holding a code (or, *many*, space-separated codes) from a list."""

    # "ref:<kind>", "commune" / "legacy_commune" (this province's), "any_commune" (a
    # current commune anywhere), "province", or a name in _LAW_LISTS
    source: str
    many: bool = False
    # The row's date the code must be valid on: the commune of that day, the reference
    # item in force that day.
    date_column: str | None = None


_LAW_LISTS: dict[str, Callable[[], Iterable[str]]] = {
    "channel": lambda: rules.CHANNELS,
    "status": lambda: rules.STATUSES,
    "regime": lambda: rules.REGIMES,
    "closure": lambda: rules.CLOSURE_REASONS,
    "sex": lambda: rules.SEXES,
    "person_status": lambda: rules.PERSON_STATUSES,
    "support_type": lambda: rules.ALL_SUPPORT_TYPES,
    # What a laptop of version 0.1 may still send (migration 0006 maps its own rows).
    "any_status": lambda: {**rules.STATUSES, **rules.LEGACY_STATUSES},
    "any_channel": lambda: {**rules.CHANNELS, **rules.LEGACY_CHANNELS},
    "purpose": lambda: facts.PURPOSES,
    "exploitation": lambda: facts.EXPLOITATION,
    "recruitment": lambda: facts.RECRUITMENT,
    "control": lambda: facts.CONTROL,
    "recruiter": lambda: facts.RECRUITER_RELATIONS,
    "id_document": lambda: rules.ID_DOCUMENTS,
    "handover": lambda: rules.HANDOVER_KINDS,
    "consent_by": lambda: rules.CONSENT_BY,
    "follow_up": lambda: rules.FOLLOW_UP_METHODS,
    "country": i18n.country_codes,
    "other_figure": lambda: other_figures.FIGURES,
}


CODES: dict[tuple[str, str], Code] = {
    ("outreach_events", "kind"): Code("ref:outreach_kind", date_column="held_on"),
    ("outreach_events", "lead_agency"): Code("ref:agency", date_column="held_on"),
    ("outreach_events", "partner_agencies"): Code("ref:agency", many=True, date_column="held_on"),
    ("outreach_events", "ethnic_groups"): Code(
        "ref:ethnic_group", many=True, date_column="held_on"
    ),
    ("outreach_events", "languages"): Code("ref:language", many=True, date_column="held_on"),
    ("outreach_events", "commune_code"): Code("commune", date_column="held_on"),
    ("plan_tasks", "lead_agency"): Code("ref:agency"),
    ("plan_tasks", "partner_agencies"): Code("ref:agency", many=True),
    ("plan_tasks", "expected_kinds"): Code("ref:outreach_kind", many=True),
    ("reception_cases", "channel"): Code("any_channel"),
    ("reception_cases", "border_gate"): Code("ref:border_gate", date_column="received_on"),
    ("reception_cases", "commune_code"): Code("commune", date_column="received_on"),
    ("reception_cases", "legal_regime"): Code("regime"),
    ("reception_cases", "status"): Code("any_status"),
    ("reception_cases", "closure_reason"): Code("closure"),
    ("case_transitions", "to_status"): Code("any_status"),
    ("case_transitions", "from_status"): Code("any_status"),
    ("reception_cases", "purposes"): Code("purpose", many=True),
    ("reception_cases", "exploitation"): Code("exploitation", many=True),
    ("reception_cases", "recruitment_methods"): Code("recruitment", many=True),
    ("reception_cases", "control_means"): Code("control", many=True),
    ("reception_cases", "recruiter_relation"): Code("recruiter"),
    ("reception_cases", "id_doc_type"): Code("id_document"),
    ("handovers", "kind"): Code("handover"),
    ("handovers", "province_code"): Code("province"),
    ("handovers", "commune_code"): Code("any_commune"),
    ("case_consents", "given_by"): Code("consent_by"),
    ("follow_ups", "method"): Code("follow_up"),
    ("persons", "home_province_code"): Code("province"),
    ("persons", "sex"): Code("sex"),
    ("persons", "status"): Code("person_status"),
    ("persons", "ethnic_group"): Code("ref:ethnic_group"),
    ("persons", "nationality"): Code("country"),
    ("reception_cases", "destination_country"): Code("country"),
    # The home commune may be anywhere in Viet Nam (a current unit of the home province).
    ("persons", "home_commune_code"): Code("any_commune"),
    ("persons", "legacy_commune_code"): Code("legacy_commune"),
    ("support_entries", "support_type"): Code("support_type"),
    ("other_body_figures", "figure"): Code("other_figure"),
}

# What a refusal calls a field (others: their column name, which a person rarely sees:
# forms and the Excel import name their own fields before a value gets here).
LABELS: dict[str, str] = {
    "title": N_("Title"),
    "notes": N_("Notes"),
    "village": N_("Village"),
    "venue": N_("Venue"),
    "kind": N_("Kind"),
    "held_on": N_("Date"),
    "commune_code": N_("Commune"),
    "home_commune_code": N_("Commune"),
    "lead_agency": N_("Lead agency"),
    "partner_agencies": N_("Partner agencies"),
    "ethnic_groups": N_("Ethnic groups"),
    "ethnic_group": N_("Ethnic group"),
    "languages": N_("Languages"),
    "full_name": N_("Full name"),
    "other_names": N_("Other names"),
    "birth_date": N_("Date of birth"),
    "birth_year": N_("Year of birth"),
    "received_on": N_("Date of reception"),
    "address": N_("Address"),
    "name": N_("Name"),
    "nationality": N_("Nationality"),
    "destination_country": N_("Country of destination"),
    "home_province_code": N_("Home province"),
    "purposes": N_("Purposes of trafficking"),
    "recruitment_methods": N_("Means of recruitment"),
    "control_means": N_("Means of control"),
    "amount": N_("Amount"),
}


def label(column: str) -> str:
    return _(LABELS[column]) if column in LABELS else column


# -- single values ----------------------------------------------------------------------


def _unstorable(text: str, multiline: bool) -> bool:
    """Whether *text* holds a character that cannot be stored: a control character (Unicode's
    Cc, fixed as U+0000–U+001F and U+007F–U+009F; a multi-line text keeps "\\n" and "\\t"),
    a surrogate, a bidirectional override, or a noncharacter from U+FFFE up."""
    if (_UNSTORABLE_LINES if multiline else _UNSTORABLE).search(text):
        return True
    if not text or max(text) < "\ufffe":
        return False
    return any(ord(ch) >= 0xFFFE and unicodedata.category(ch) == "Cn" for ch in text)


def _storable_as_is(value: str, max_len: int, multiline: bool) -> bool:
    """Whether ``clean_text`` would return *value* itself: already NFC, no character it
    refuses (so no "\\r" either: the patterns hold it), not too long. Every test is one
    call in C; a bundle's import asks it of a hundred thousand texts."""
    return (
        len(value) <= max_len
        and not (_UNSTORABLE_LINES if multiline else _UNSTORABLE).search(value)
        and (not value or max(value) < "\ufffe")
        and unicodedata.is_normalized("NFC", value)
    )


def clean_text(value: str, max_len: int, multiline: bool = False, field: str = "") -> str:
    """*value* in NFC with line ends as "\\n"; ValidationError when it cannot be stored."""
    if type(value) is str and _storable_as_is(value, max_len, multiline):
        return value  # the answer of _clean_slowly, without its work (most texts)
    return _clean_slowly(value, max_len, multiline, field)


def _clean_slowly(value: str, max_len: int, multiline: bool, field: str) -> str:
    """``clean_text`` of any text: normalised, then judged."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    if _unstorable(text, multiline):
        raise ValidationError(
            _("{field}: holds a control character that cannot be stored; remove it.").format(
                field=label(field) if field else _("This text")
            ),
            field,
        )
    if len(text) > max_len:
        raise ValidationError(
            _("{field}: at most {n} characters.").format(
                field=label(field) if field else _("This text"), n=i18n.format_number(max_len)
            ),
            field,
        )
    return text


@lru_cache(maxsize=512)
def _date_bounds(table: str, column: str, today: dt.date) -> tuple[dt.date, dt.date]:
    window = DATE_WINDOWS.get((table, column))
    if window is None:
        return DEFAULT_DATES
    first, ahead = window
    return first, (today + dt.timedelta(days=ahead)) if ahead is not None else DEFAULT_DATES[1]


def check_date(table: str, column: str, value: dt.date, today: dt.date | None = None) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    first, last = _date_bounds(table, column, today or dt.date.today())
    if not first <= day <= last:
        raise ValidationError(
            _("{field}: a date from {first} to {last}.").format(
                field=label(column), first=i18n.format_date(first), last=i18n.format_date(last)
            ),
            column,
        )


def check_int(table: str, column: str, value: int, today: dt.date | None = None) -> None:
    low, high = INT_RANGES.get((table, column), (0, MAX_INT))
    if (table, column) == ("persons", "birth_year"):
        high = (today or dt.date.today()).year
    if isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(
            _("{field}: a number from {low} to {high}.").format(
                field=label(column), low=i18n.format_number(low), high=i18n.format_number(high)
            ),
            column,
        )


# -- reference data ---------------------------------------------------------------------


Span = tuple[dt.date | None, dt.date | None]  # valid_from, valid_to (None: open)


def _day(value: Any) -> dt.date | None:
    """A date of a reference item as a row or a bundle holds it (ISO text there)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _in_span(span: Span, on: dt.date) -> bool:
    first, last = span
    return (first is None or first <= on) and (last is None or on <= last)


class Refs:
    """The codes a row may name, read once per check (and what a bundle adds): reference
    items with their dates, communes, and the plans and tasks an event may be linked to."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # item id → (kind, code, valid_from, valid_to)
        self._items: dict[str, tuple[str, str, dt.date | None, dt.date | None]] | None = None
        self._ref: dict[str, dict[str, list[Span]]] | None = None
        self._dated: set[str] = set()  # the lists with an item valid only some days (ref())
        self._units: dict[str, set[int]] | None = None
        self._national: dict[str, set[int]] | None = None
        self._names: dict[tuple[str, str], str] = {}  # (list, code) → a name to show
        self._plans: dict[str, dict[str, Any]] = {}  # plans arriving with the rows
        self._tasks: dict[str, dict[str, Any]] = {}  # tasks arriving with the rows
        self._revisions: dict[str, str] = {}  # rev → content, read ahead for a bundle
        # (list, code, day) found good: a bundle names the same codes thousands of times
        # (the day as ``day_that_counts`` gives it: most lists' codes do not depend on it)
        self.passed: set[tuple[str, Any, Any]] = set()
        # (list, many, value, day) whose every code was found good (a value of many codes
        # whole: one look-up for "nung tay hmong" instead of three)
        self.passed_whole: set[tuple[str, bool, Any, Any]] = set()

    def fetch_revisions(self, revs: list[str]) -> None:
        """Read the contents of revisions held here that a bundle's records were made on,
        500 a query (not one query per record)."""
        wanted = sorted(set(revs))
        with self.session.no_autoflush:
            for i in range(0, len(wanted), 500):
                q = select(Revision.rev, Revision.content).where(
                    Revision.rev.in_(wanted[i : i + 500])
                )
                self._revisions.update(self.session.execute(q).all())

    def revision_content(self, rev: str) -> str | None:
        """The content of revision *rev* held here (None when it is not)."""
        if rev not in self._revisions:
            with self.session.no_autoflush:
                row = self.session.get(Revision, rev)
            if row is None:
                return None
            self._revisions[rev] = row.content
        return self._revisions[rev]

    def add_items(self, items: Iterable[dict[str, Any]]) -> None:
        """Reference items arriving in the same bundle (or flush) count as held, with their
        dates (an item held here and arriving changed counts as it arrives)."""
        held = self._held()
        for item in items:
            kind, code = item.get("kind"), item.get("code")
            if isinstance(kind, str) and isinstance(code, str):
                key = str(item.get("id") or f"new:{kind}:{code}")
                held[key] = (kind, code, _day(item.get("valid_from")), _day(item.get("valid_to")))
                self._name(kind, code, item.get("name"), item.get("name_en"))
        self._ref = None
        self.passed.clear()
        self.passed_whole.clear()

    def add_plans(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Plans and plan tasks arriving in the same bundle (or flush)."""
        into = self._plans if table == "campaign_plans" else self._tasks
        for row in rows:
            if row.get("id"):
                into[str(row["id"])] = row

    def _held(self) -> dict[str, tuple[str, str, dt.date | None, dt.date | None]]:
        if self._items is None:
            self._items = {}
            with self.session.no_autoflush:
                q = select(
                    ReferenceItem.id,
                    ReferenceItem.kind,
                    ReferenceItem.code,
                    ReferenceItem.valid_from,
                    ReferenceItem.valid_to,
                    ReferenceItem.name,
                    ReferenceItem.name_en,
                )
                for r in self.session.execute(q).all():
                    self._items[r.id] = (r.kind, r.code, r.valid_from, r.valid_to)
                    self._name(r.kind, r.code, r.name, r.name_en)
        return self._items

    def _name(self, kind: str, code: str, name: Any, name_en: Any) -> None:
        english = i18n.language() == "en" and isinstance(name_en, str) and name_en
        shown = name_en if english else name
        if isinstance(shown, str) and shown:
            self._names[(kind, code)] = shown

    def shown(self, source: str, code: str) -> str:
        """The name of reference item *code* of list *source* (the code when unknown)."""
        if not source.startswith("ref:"):
            return code
        self._held()
        return self._names.get((source[4:], code), code)

    def ref(self) -> dict[str, dict[str, list[Span]]]:
        """List → code → the spans of the items holding that code."""
        if self._ref is None:
            self._ref = {}
            self._dated = set()
            for kind, code, first, last in self._held().values():
                self._ref.setdefault(kind, {}).setdefault(code, []).append((first, last))
                if first is not None or last is not None:
                    self._dated.add(kind)
        return self._ref

    def day_that_counts(self, source: str, on: dt.date | None) -> Any:
        """What of day *on* can change whether a code of *source* is accepted (the key the
        verdicts found are remembered under): the day itself for a reference list with an
        item valid only some days, whether it is before the 2025 reform for a commune of
        this province, nothing for any other list (a code good one day is good every day)."""
        if on is None:
            return None
        if source.startswith("ref:"):
            self.ref()
            return on if source[4:] in self._dated else None
        if source == "commune":
            return on < REFORM_DATE  # (``known``: a former commune is taken before it)
        return None

    def in_force(self, source: str, value: Any, on: dt.date | None) -> bool:
        """False only when *value* is a code of reference list *source* none of whose items
        is valid on day *on* (an unknown code is ``known``'s to refuse)."""
        if not source.startswith("ref:") or on is None:
            return True
        spans = self.ref().get(source[4:], {}).get(str(value))
        return not spans or any(_in_span(span, on) for span in spans)

    def task(self, task_id: str) -> Any:
        """The plan task *task_id* as ``outreach.plans`` sees it (a TaskChoice), from the
        rows arriving with it or those held here; None when neither knows it."""
        from desktop.core.outreach import plans  # plans build on the core's storage

        row = self._tasks.get(task_id)
        if row is not None:
            plan_id = str(row.get("plan_id") or "")
            plan = self._plans.get(plan_id)
            if plan is not None:
                first, last = _day(plan.get("period_start")), _day(plan.get("period_end"))
                number = str(plan.get("number") or "")
            else:
                with self.session.no_autoflush:
                    held = plans.find_plan_period(self.session, plan_id)
                if held is None:
                    return None
                number, first, last = held
            if first is None or last is None or row.get("deleted"):
                return None
            return plans.TaskChoice(
                task_id, plan_id, number, int(row.get("position") or 0),
                str(row.get("title") or ""), first, last,
            )  # fmt: skip
        with self.session.no_autoflush:
            return plans.find_task(self.session, task_id)

    def units(self) -> dict[str, set[int]]:
        if self._units is None:
            self._units = {COMMUNE: set(), LEGACY_COMMUNE: set()}
            with self.session.no_autoflush:
                province = self.session.execute(select(NodeState.province_code)).scalar()
                q = select(AdminUnit.kind, AdminUnit.code).where(
                    AdminUnit.kind.in_((COMMUNE, LEGACY_COMMUNE))
                )
                if province is not None:
                    q = q.where(AdminUnit.province_code == province)
                for kind, code in self.session.execute(q).all():
                    self._units[kind].add(code)
        return self._units

    def national(self) -> dict[str, set[int]]:
        """Every province and current commune of Viet Nam (not only this province's)."""
        if self._national is None:
            self._national = {PROVINCE: set(), COMMUNE: set()}
            with self.session.no_autoflush:
                q = select(AdminUnit.kind, AdminUnit.code).where(
                    AdminUnit.kind.in_((PROVINCE, COMMUNE))
                )
                for kind, code in self.session.execute(q).all():
                    self._national[kind].add(code)
        return self._national

    def known(self, source: str, value: Any, on: dt.date | None) -> bool:
        if source.startswith("ref:"):
            return str(value) in self.ref().get(source[4:], {})
        if source in ("province", "any_commune"):
            try:
                code = int(value)
            except (TypeError, ValueError):
                return False
            units = self.national()
            if not units[PROVINCE]:
                return True  # a profile without the unit list (tests of other things)
            return code in units[PROVINCE if source == "province" else COMMUNE]
        if source in ("commune", "legacy_commune"):
            try:
                code = int(value)
            except (TypeError, ValueError):
                return False
            units = self.units()
            if not units[COMMUNE] and not units[LEGACY_COMMUNE]:
                return True  # a profile without the unit list (tests of other things)
            if source == "legacy_commune":
                return code in units[LEGACY_COMMUNE]
            legacy_ok = on is None or on < REFORM_DATE
            return code in units[COMMUNE] or legacy_ok and code in units[LEGACY_COMMUNE]
        return str(value) in set(_LAW_LISTS[source]())


def check_code(refs: Refs, table: str, column: str, value: Any, on: dt.date | None = None) -> None:
    rule = CODES.get((table, column))
    if rule is not None:
        _check_code(refs, rule, column, value, on)


def _check_code(refs: Refs, rule: Code, column: str, value: Any, on: dt.date | None) -> None:
    """``check_code`` of a column whose rule is *rule*."""
    if value in (None, ""):
        return
    day = refs.day_that_counts(rule.source, on)
    whole = (rule.source, rule.many, value, day) if type(value) in (str, int) else None
    if whole is not None and whole in refs.passed_whole:
        return  # the same value (every code of it) was found good on a day alike
    _check_each_code(refs, rule, column, value, on, day)
    if whole is not None:
        refs.passed_whole.add(whole)


def _check_each_code(
    refs: Refs, rule: Code, column: str, value: Any, on: dt.date | None, day: Any
) -> None:
    values = str(value).split() if rule.many else [value]
    for one in values:
        passed = (rule.source, one, day) if type(one) in (str, int) else None
        if passed is not None and passed in refs.passed:
            continue  # the same code on a day alike was found good in this check
        if not refs.known(rule.source, one, on):
            if rule.source in ("commune", "legacy_commune"):
                message = _("{field}: {code} is not a commune of this province on that date.")
            elif rule.source == "country":
                message = _("{field}: “{code}” is not a country code (two letters: VN, CN, LA…).")
            else:
                message = _("{field}: “{code}” is not in the reference list.")
            raise ValidationError(message.format(field=label(column), code=one), column)
        if not refs.in_force(rule.source, one, on):
            raise ValidationError(
                _("{field}: “{name}” was not in force on that date.").format(
                    field=label(column), name=refs.shown(rule.source, str(one))
                ),
                column,
            )
        if passed is not None:
            refs.passed.add(passed)


# -- rows -------------------------------------------------------------------------------


def _kind(column: Any) -> str:
    t = column.type
    if isinstance(t, LargeBinary):
        return "binary"
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Integer):
        return "int"
    if isinstance(t, Text):
        return "long"
    if isinstance(t, String):
        return "text"
    return "other"


@cache
def _columns(table: str) -> dict[str, str]:
    """Per column of *table*: its kind (read once per table)."""
    columns = synced_models()[table].__table__.columns  # type: ignore[attr-defined]
    return {c.key: _kind(c) for c in columns}


@cache
def _converted(table: str) -> dict[str, str]:
    """The columns of *table* whose values a bundle carries as text or JSON numbers and
    ``_python`` turns into dates or checks as whole numbers, with their kind."""
    return {k: kind for k, kind in _columns(table).items() if kind in ("date", "datetime", "int")}


@dataclass(frozen=True)
class _Column:
    """How a column's value is judged: its kind, length limit and code rule."""

    kind: str
    max_len: int
    rule: Code | None
    text: bool = False  # a text column ("text" or "long")


@cache
def _judged(table: str) -> dict[str, _Column]:
    """The columns of *table* whose values are judged (not the sync metadata, the derived
    columns or the hashes), each with its rule: worked out once per table, not per value."""
    model = synced_models()[table]
    skip = _SKIP | set(model.__fold__) | set(model.__sortkey__)
    out = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        if column.key in skip:
            continue
        kind = _kind(column)
        length = (column.type.length or MAX_LONG_TEXT) if kind == "text" else MAX_LONG_TEXT
        rule = CODES.get((table, column.key))
        out[column.key] = _Column(kind, length, rule, kind in ("text", "long"))
    return out


def check_values(
    refs: Refs,
    table: str,
    values: dict[str, Any],
    changed: Iterable[str],
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Check the *changed* columns of a row of *table* whose values are *values* (Python
    values). Returns the cleaned texts (NFC); raises ValidationError naming the column."""
    judged = _judged(table)
    cleaned: dict[str, Any] = {}
    names = list(changed)  # in their order: the first bad one is named
    today = today or dt.date.today()  # one day for every field (a bundle has thousands)
    for name in names:
        column = judged.get(name)
        value = values.get(name)
        if column is None or value is None:
            continue
        kind, rule = column.kind, column.rule
        if column.text:
            if value == "" and type(value) is str:
                cleaned[name] = value  # clean_text's own answer; no code is judged in ""
                continue
            if not isinstance(value, str):
                continue
            cleaned[name] = clean_text(value, column.max_len, kind == "long", name)
        elif (kind == "date" or kind == "datetime") and isinstance(value, dt.date):
            check_date(table, name, value, today)
        elif kind == "int" and isinstance(value, int) and rule is None:
            check_int(table, name, value, today)
        if rule is not None:
            if rule.source == "country" and isinstance(value, str):
                value = cleaned[name] = value.strip().upper()
            on = values.get(rule.date_column) if rule.date_column else None
            _check_code(refs, rule, name, value, on if isinstance(on, dt.date) else None)
    _row_rules(table, values, set(names))
    _task_link_rule(refs, table, values, set(names))
    return cleaned


def _row_rules(table: str, values: dict[str, Any], changed: set[str]) -> None:
    """Rules across the fields of one row."""
    if table == "other_body_figures" and changed & {"period_start", "period_end"}:
        start, end = values.get("period_start"), values.get("period_end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValidationError(_("The period cannot end before it starts."), "period_end")
    if table == "support_entries" and changed & {"amount", "corrects_id"}:
        amount = values.get("amount")
        if isinstance(amount, int) and amount < 0 and not values.get("corrects_id"):
            raise ValidationError(_("An amount cannot be negative."), "amount")


# What makes an event's link to a plan task worth judging again.
_LINK_FIELDS = {"plan_task_id", "held_on", "state", "task_link_reason"}


def _task_link_rule(refs: Refs, table: str, values: dict[str, Any], changed: set[str]) -> None:
    """A final event linked to a task whose plan's period does not hold its date needs a
    reason (``outreach.plans.link_refusal``, the rule the event service applies). Judged
    only when the link, the date, the state or the reason changed; a task known neither
    here nor in the same bundle is not refused by this rule."""
    if table != "outreach_events" or not changed & _LINK_FIELDS:
        return
    task_id, day = values.get("plan_task_id"), values.get("held_on")
    if not task_id or not isinstance(day, dt.date):
        return
    from desktop.core.outreach import plans  # plans build on the core's storage

    choice = refs.task(str(task_id))
    if choice is None:
        return
    reason = values.get("task_link_reason") or ""
    final = (values.get("state") or "final") == "final"  # the column's default: final
    problem = plans.link_refusal(choice, day, str(reason), final)
    if problem:
        raise ValidationError(problem, "plan_task_id")


def _changed(obj: Synced, is_new: bool) -> list[str]:
    columns = [c.key for c in obj.__table__.columns]  # type: ignore[attr-defined]
    if is_new:
        return columns
    state = inspect(obj)
    return [c for c in columns if state.attrs[c].history.has_changes()]


def check_session(session: Session, _ctx: Any = None, _instances: Any = None) -> None:
    """Before the sync hook stamps a revision: every new or changed synced row's changed
    fields pass the rules (texts are stored in NFC). A refusal names the row's kind and the
    field, and nothing is written."""
    if session.info.get("sync_passthrough"):
        return  # a merge of rows checked when their bundle was (check_records)
    rows = [(o, True) for o in session.new if isinstance(o, Synced)]
    rows += [
        (o, False)
        for o in session.dirty
        if isinstance(o, Synced) and session.is_modified(o, include_collections=False)
    ]
    if not rows:
        return
    refs = Refs(session)
    found = []
    for obj, is_new in rows:  # the lists and plans written with the rows count as held
        table = obj.__tablename__  # type: ignore[attr-defined]
        values = {c.key: getattr(obj, c.key) for c in obj.__table__.columns}  # type: ignore[attr-defined]
        if table == "reference_items":
            refs.add_items([values])
        elif table in ("campaign_plans", "plan_tasks"):
            refs.add_plans(table, [values])
        found.append((obj, is_new, table, values))
    for obj, is_new, table, values in found:
        try:
            cleaned = check_values(refs, table, values, _changed(obj, is_new))
        except ValidationError as exc:
            raise ValidationError(
                _("In {kind}: {reason}").format(kind=_table_label(table), reason=exc.message),
                exc.field,
            ) from None
        for name, text in cleaned.items():
            if text != values[name]:
                setattr(obj, name, text)


event.listen(SyncSession, "before_flush", check_session, insert=True)


def _table_label(table: str) -> str:
    from desktop.core.sync.authority import table_label  # sync builds on the core

    return table_label(table)


# -- rows arriving in a bundle ----------------------------------------------------------


def _python(name: str, kind: str, value: Any) -> Any:
    try:
        if kind == "datetime" and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if kind == "date" and isinstance(value, str):
            return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("{field}: not a date.").format(field=label(name))) from None
    if kind == "int" and not isinstance(value, int | type(None)):
        raise ValidationError(_("{field}: not a number.").format(field=label(name)))
    return value


def record_problem(refs: Refs, record: dict[str, Any], today: dt.date | None = None) -> str:
    """Why an incoming change record may not be written ("" when it may). Only the fields
    that differ from the revision it was made on (when held here) are judged."""
    table = record["table"]
    columns = _columns(table)
    converted = _converted(table)
    content = record["content"]
    try:
        values = {k: v for k, v in content.items() if k in columns}
        for k, v in values.items():  # in their order: the first bad one is named
            kind = converted.get(k)
            if kind is not None and v is not None:  # (None stays None)
                values[k] = _python(k, kind, v)
    except ValidationError as exc:
        return exc.message
    before: dict[str, Any] = {}
    parents = record.get("parents") or []
    if not parents:
        changed: Iterable[str] = content  # a new row: every field
    else:
        held = refs.revision_content(parents[0])
        if held is not None:
            try:
                before = json.loads(held)
            except ValueError:
                before = {}
        changed = [k for k in content if k not in before or before[k] != content[k]]
    try:
        check_values(refs, table, values, changed, today)
    except ValidationError as exc:
        return exc.message
    return ""


def check_records(session: Session, records: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The first incoming record that may not be written, with the reason; ({}, "") if none.
    Records must have passed ``sync.records.check_record`` (their shape)."""
    refs = Refs(session)
    refs.add_items(
        {"id": r.get("id"), **r["content"]} for r in records if r.get("table") == "reference_items"
    )
    for table in ("campaign_plans", "plan_tasks"):
        refs.add_plans(
            table, ({"id": r.get("id"), **r["content"]} for r in records if r.get("table") == table)
        )
    models = synced_models()
    records = [r for r in records if r.get("table") in models]
    refs.fetch_revisions([r["parents"][0] for r in records if r.get("parents")])
    today = dt.date.today()
    for record in records:
        reason = record_problem(refs, record, today)
        if reason:
            return record, reason
    return {}, ""
