"""Outreach events: validation of what an officer typed, saving (every edit is a new rev,
by the sync hook), who may edit, and the probable-duplicate warning.

Validation takes raw values as a form or a spreadsheet holds them (text, numbers, dates)
and answers with one reason per field in the user's language, so the form can show each
reason next to its field and the Excel import next to its cell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import i18n, validation
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.db.syncmeta import tombstone
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import plans
from desktop.core.outreach.kinds import fields_for
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role, can_record
from desktop.core.text import fold

DRAFT, FINAL = "draft", "final"
STATES = (DRAFT, FINAL)
COUNTS = ("audience_total", "audience_women", "audience_men", "audience_youth")
QUANTITIES = ("quantity", "minutes")
MAX_TITLE = 300
MAX_COUNT = 10_000_000
SUPERVISORS = {Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER}
_TIME = re.compile(r"^\s*(\d{1,2})[:hH.](\d{2})\s*$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


@dataclass
class EventInput:
    """What an officer records about one event (codes, not names)."""

    kind: str = ""
    title: str = ""
    held_on: dt.date | None = None
    held_at: str = ""
    commune_code: int | None = None
    village: str = ""
    venue: str = ""
    lead_agency: str = ""
    partner_agencies: list[str] = field(default_factory=list)
    audience_total: int = 0
    audience_women: int = 0
    audience_men: int = 0
    audience_youth: int = 0
    quantity: int = 0
    minutes: int = 0
    ethnic_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    plan_task_id: str | None = None
    notes: str = ""
    state: str = FINAL
    task_link_reason: str = ""  # why a task of a plan not covering the date is linked


@dataclass(frozen=True)
class EventRecord:
    id: str
    author: str
    rev: str
    data: EventInput


_LISTS = ("partner_agencies", "ethnic_groups", "languages")
_FIELD_NAMES = tuple(f.name for f in fields(EventInput))


# -- reading raw values -----------------------------------------------------------------


def parse_count(value: Any) -> int:
    """A count as typed or read from a cell: whole and not negative ("1.250" is 1250)."""
    if value is None or value == "":
        return 0
    reason = _("Enter a whole number, 0 or more.")
    if isinstance(value, bool):
        raise ValidationError(reason)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(reason)
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        if not text.isdigit():
            raise ValidationError(reason)
        value = int(text)
    if not isinstance(value, int) or value < 0:
        raise ValidationError(reason)
    if value > MAX_COUNT:
        raise ValidationError(_("That number is too large to be a count."))
    return value


def parse_time(value: Any) -> str:
    """A time of day as HH:MM (24-hour), or "" when none was given."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.time | dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    m = _TIME.match(str(value))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError(_("Enter the time as HH:MM (24-hour), or leave it empty."))
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or str(value).strip() == "":
        raise ValidationError(_("Enter the date."))
    return i18n.parse_date(str(value))


def _commune_code(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(_("Choose the commune from the list.")) from None


def _in_window(day: dt.date | None, today: dt.date) -> dt.date | None:
    if day is not None:
        validation.check_date("outreach_events", "held_on", day, today)
    return day


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [c for c in value.split() if c]
    return [str(c) for c in value if c]


def problems(raw: dict[str, Any], today: dt.date | None = None) -> dict[str, str]:
    """Every refused value of *raw* (field → reason); empty when all is well."""
    return _read(raw, today)[1]


def parse(raw: dict[str, Any], today: dt.date | None = None) -> EventInput:
    """*raw* read into an EventInput; the first refusal raises ValidationError(field)."""
    data, found = _read(raw, today)
    if found:
        name, reason = next(iter(found.items()))
        raise ValidationError(reason, name)
    return data


def _read(raw: dict[str, Any], today: dt.date | None) -> tuple[EventInput, dict[str, str]]:
    today = today or dt.date.today()
    out: dict[str, str] = {}
    data = EventInput()

    def take(name: str, fn: Any) -> None:
        try:
            setattr(data, name, fn(raw.get(name)))
        except ValidationError as exc:
            out[name] = exc.message

    data.kind = str(raw.get("kind") or "").strip()
    if not data.kind:
        out["kind"] = _("Choose the kind of activity.")
    data.title = " ".join(str(raw.get("title") or "").split())
    if not data.title:
        out["title"] = _("Enter a title.")
    elif len(data.title) > MAX_TITLE:
        out["title"] = _("A title is at most {n} characters.").format(n=MAX_TITLE)
    else:
        take("title", lambda _v: validation.clean_text(data.title, MAX_TITLE, field="title"))
    data.state = str(raw.get("state") or FINAL)
    if data.state not in STATES:
        data.state = FINAL
    take("held_on", parse_day)
    take("held_at", parse_time)
    for name in COUNTS + QUANTITIES:
        take(name, parse_count)
    take("commune_code", _commune_code)
    for name, max_len in (("village", 200), ("venue", 200), ("notes", validation.MAX_LONG_TEXT)):
        text = str(raw.get(name) or "").strip()
        setattr(data, name, text)
        take(
            name,
            lambda _v, t=text, n=name, m=max_len: validation.clean_text(
                t, m, multiline=n == "notes", field=n
            ),
        )
    data.lead_agency = str(raw.get("lead_agency") or "").strip()
    for name in _LISTS:
        setattr(data, name, _codes(raw.get(name)))
    data.plan_task_id = raw.get("plan_task_id") or None
    data.task_link_reason = str(raw.get("task_link_reason") or "").strip()
    if data.state == FINAL and data.held_on is not None and data.held_on > today:
        out["held_on"] = _("A finished event cannot be dated in the future; save it as a draft.")
    elif data.held_on is not None and "held_on" not in out:
        take("held_on", lambda _v: _in_window(data.held_on, today))
    shown = fields_for(data.kind) if data.kind else None
    if shown is not None:
        if not shown.audience:
            for name in COUNTS:
                setattr(data, name, 0)
                out.pop(name, None)
        if not shown.quantity_label:
            data.quantity = 0
            out.pop("quantity", None)
        if not shown.minutes:
            data.minutes = 0
            out.pop("minutes", None)
    _check_breakdown(data, out)
    return data, out


def _check_breakdown(data: EventInput, out: dict[str, str]) -> None:
    if any(n in out for n in COUNTS):
        return
    total, n = data.audience_total, i18n.format_number
    if data.audience_women > total:
        out["audience_women"] = _("Women ({part}) cannot exceed the total ({total}).").format(
            part=n(data.audience_women), total=n(total)
        )
    elif data.audience_women + data.audience_men > total:
        out["audience_men"] = _(
            "Women and men together ({part}) cannot exceed the total ({total})."
        ).format(part=n(data.audience_women + data.audience_men), total=n(total))
    if data.audience_youth > total:
        out["audience_youth"] = _(
            "Young people and students ({part}) cannot exceed the total ({total})."
        ).format(part=n(data.audience_youth), total=n(total))


def as_raw(data: EventInput) -> dict[str, Any]:
    """An EventInput as raw values (for drafts and forms): dates as ISO text."""
    raw: dict[str, Any] = {name: getattr(data, name) for name in _FIELD_NAMES}
    raw["held_on"] = data.held_on.isoformat() if data.held_on else ""
    return raw


# -- permissions ------------------------------------------------------------------------


def is_supervisor(role: str) -> bool:
    return Role(role) in SUPERVISORS


def can_edit(profile: OpenProfile, author: str) -> bool:
    """An event is edited by its author or by a supervisor (district or provincial officer)."""
    user = profile.user
    return can_record(user.role) and (author == user.username or is_supervisor(user.role))


def can_record_role(profile: OpenProfile) -> bool:
    return can_record(profile.user.role)


def record_refusal() -> PermissionDenied:
    return PermissionDenied(_("Your role does not record outreach events."))


def _require_record(profile: OpenProfile) -> None:
    if not can_record(profile.user.role):
        raise record_refusal()


# -- storing ----------------------------------------------------------------------------


def apply_input(ev: OutreachEvent, data: EventInput) -> None:
    """Copy *data* onto a row (code lists joined by spaces)."""
    for name in _FIELD_NAMES:
        value = getattr(data, name)
        if name in _LISTS:
            value = " ".join(value)
        setattr(ev, name, value)


def _input_of(ev: OutreachEvent) -> EventInput:
    data = EventInput()
    for name in _FIELD_NAMES:
        value = getattr(ev, name)
        if name in _LISTS:
            value = _codes(value)
        setattr(data, name, value)
    return data


def save_event(
    profile: OpenProfile,
    data: EventInput,
    event_id: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Create or update one event after checking it again; returns its id."""
    _require_record(profile)
    parse(as_raw(data), today)  # the same checks the form ran, in case it was bypassed
    with profile.db.session() as s:
        reason = plans.check_task_link(  # a plan keeps its time (see outreach.plans)
            s, data.plan_task_id, data.held_on, data.task_link_reason, data.state == FINAL
        )
        if event_id is None:
            ev = OutreachEvent(author=profile.user.username, office_id=profile.user.office_id)
            s.add(ev)
        else:
            found = s.get(OutreachEvent, event_id)
            if found is None or found.deleted:
                raise KhienError(_("This event no longer exists."))
            if not can_edit(profile, found.author):
                raise PermissionDenied(_("Only its author or a supervisor may change this event."))
            ev = found
        apply_input(ev, replace(data, task_link_reason=reason))
        s.flush()
        return ev.id


def load_event(profile: OpenProfile, event_id: str) -> EventRecord:
    with profile.db.session(read=True) as s:
        ev = s.get(OutreachEvent, event_id)
        if ev is None or ev.deleted:
            raise KhienError(_("This event no longer exists."))
        return EventRecord(ev.id, ev.author, ev.rev, _input_of(ev))


def delete_event(profile: OpenProfile, event_id: str) -> None:
    """Remove an event (a tombstone, so the deletion travels)."""
    with profile.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        if ev is None or ev.deleted:
            return
        if not can_edit(profile, ev.author):
            raise PermissionDenied(_("Only its author or a supervisor may change this event."))
        tombstone(ev)


# -- duplicates -------------------------------------------------------------------------


def similar_titles(a: str, b: str) -> bool:
    """Folded titles that differ only a little (typing, word order, accents)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb or SequenceMatcher(None, fa, fb).ratio() >= 0.8:
        return True
    wa, wb = set(fa.split()), set(fb.split())
    return len(wa & wb) / len(wa | wb) >= 0.7


def find_duplicates(
    session: Session, data: EventInput, exclude_id: str | None = None
) -> list[tuple[str, str]]:
    """Live events of the same kind, day and commune with a similar title: (id, title)."""
    if data.held_on is None or not data.kind:
        return []
    q = select(OutreachEvent.id, OutreachEvent.title).where(
        OutreachEvent.deleted.is_(False),
        OutreachEvent.kind == data.kind,
        OutreachEvent.held_on == data.held_on,
    )
    if data.commune_code is None:
        q = q.where(OutreachEvent.commune_code.is_(None))
    else:
        q = q.where(OutreachEvent.commune_code == data.commune_code)
    return [
        (r.id, r.title)
        for r in session.execute(q)
        if r.id != exclude_id and similar_titles(r.title, data.title)
    ]


def probable_duplicates(
    profile: OpenProfile, data: EventInput, exclude_id: str | None = None
) -> list[tuple[str, str]]:
    with profile.db.session(read=True) as s:
        return find_duplicates(s, data, exclude_id)


def keep_for_next(data: EventInput) -> EventInput:
    """What "save and new" keeps: place, agencies, plan task, languages; the rest is new."""
    return replace(
        EventInput(),
        held_on=data.held_on,
        commune_code=data.commune_code,
        village=data.village,
        venue=data.venue,
        lead_agency=data.lead_agency,
        partner_agencies=list(data.partner_agencies),
        languages=list(data.languages),
        plan_task_id=data.plan_task_id,
        task_link_reason=data.task_link_reason,
        kind=data.kind,
    )
