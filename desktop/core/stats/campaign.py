"""The figures of a campaign plan's result report: for each task of the plan, what its
events did (by kind, agency, commune and language), whom they reached, where (coverage of
the task's area) and how far the task is from its target; and the same for the whole plan.

Only live *final* events count (drafts are counted apart, as in the Plans page); a task's
target, achieved measure, gap and status come from ``plans.task_progress``, so the report
and the Plans page never disagree.

The report's period is the plan's (``period_start``–``period_end``), never the span of the
linked events' dates: an event linked from outside that period (which needs a reason, see
``plans.check_task_link``) is counted with its task and listed apart with its reason
(``outside_period``).

Coverage counts communes in one set per plan (``plans_area.Places``): the pre-reform
communes when the plan ended before 1 July 2025, the current ones otherwise. An event dated
in the other set counts for the communes its commune became (or came from), through the
reform's successor lists. The area of a task is the whole province, one commune, the
communes of an office and the offices under it, or a named set of communes.

Keys are stable codes, as in ``desktop.core.stats``: kind and agency codes, language
codes, and commune keys from ``stats.commune_key`` (the code as text, ``legacy-<code>``
for a pre-reform commune, ``""`` when the event names no commune). No Qt, no names: the
report builder turns codes into names in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models_outreach import CampaignPlan, OutreachEvent
from desktop.core.outreach import plans
from desktop.core.outreach.plans_area import Places
from desktop.core.places import REFORM_DATE
from desktop.core.stats import LEGACY_PREFIX, UNKNOWN

AUDIENCE = ("total", "women", "men", "youth")
STATUSES = (plans.DONE, plans.IN_PROGRESS, plans.LATE, plans.NOT_STARTED)


def find_plan(session: Session, ref: str) -> CampaignPlan | None:
    """The live plan whose id is *ref*, or else the one live plan numbered *ref*."""
    ref = ref.strip()
    if not ref:
        return None
    plan = session.get(CampaignPlan, ref)
    if plan is not None and not plan.deleted:
        return plan
    found = list(
        session.execute(
            select(CampaignPlan).where(CampaignPlan.number == ref, CampaignPlan.deleted.is_(False))
        ).scalars()
    )
    return found[0] if len(found) == 1 else None


def commune_key(code: int | None, on: dt.date) -> str:
    """The breakdown key of an event's commune (same form as ``stats.commune_key``)."""
    if code is None:
        return UNKNOWN
    return f"{LEGACY_PREFIX}{code}" if on < REFORM_DATE else str(code)


@dataclass
class _Tally:
    """What a set of final events did; ``plain`` turns it into the documented dict."""

    events: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    audience: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AUDIENCE, 0))
    by_agency: dict[str, dict[str, int]] = field(default_factory=dict)
    by_commune: dict[str, dict[str, int]] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    covered: set[int] = field(default_factory=set)
    area: set[int] = field(default_factory=set)
    outside: int = 0

    def add(self, r: Any, reached: set[int]) -> None:
        self.events += 1
        day = r.held_on
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        kind = self.by_kind.setdefault(
            r.kind, {"events": 0, "quantity": 0, "audience": 0, "minutes": 0}
        )
        kind["events"] += 1
        kind["quantity"] += int(r.quantity or 0)
        kind["audience"] += int(r.audience_total or 0)
        kind["minutes"] += int(r.minutes or 0)
        for part, value in zip(
            AUDIENCE,
            (r.audience_total, r.audience_women, r.audience_men, r.audience_youth),
            strict=True,
        ):
            self.audience[part] += int(value or 0)
        if r.lead_agency:
            self._agency(r.lead_agency)["lead"] += 1
        for code in set(r.partner_agencies.split()) - {r.lead_agency}:
            self._agency(code)["partner"] += 1
        place = self.by_commune.setdefault(
            commune_key(r.commune_code, r.held_on), {"events": 0, "audience": 0}
        )
        place["events"] += 1
        place["audience"] += int(r.audience_total or 0)
        for code in set(r.languages.split()):
            self.by_language[code] = self.by_language.get(code, 0) + 1
        inside = reached & self.area
        self.covered |= inside
        if not inside:
            self.outside += 1

    def _agency(self, code: str) -> dict[str, int]:
        return self.by_agency.setdefault(code, {"lead": 0, "partner": 0})

    def plain(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "by_kind": dict(sorted(self.by_kind.items())),
            "audience": dict(self.audience),
            "by_agency": dict(sorted(self.by_agency.items())),
            "by_commune": dict(sorted(self.by_commune.items())),
            "by_language": dict(sorted(self.by_language.items())),
            "coverage": {
                "area": len(self.area),
                "covered": len(self.covered),
                "outside": self.outside,
                "uncovered": sorted(self.area - self.covered),
            },
        }


def plan_figures(session: Session, plan_id: str, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the campaign result report counts for the plan *plan_id*.

    Shape::

        {"plan": {"id", "number", "issuer", "issued_on", "title", "period_start",
                  "period_end", "theme", "legal_basis", "report_due_on"},
         "legacy_communes": bool,   # coverage counts pre-reform communes
         "today": date,             # the day statuses were derived on
         "tasks": [{
             "id", "position", "title", "lead_agency", "partner_agencies": [code],
             "area_kind", "area_ref", "deadline", "expected_kinds": [code],
             "target": int | None,
             "target_measure": "events"|"communes"|"quantity"|"audience"|"cases"|"support",
             "achieved": int, "gap": int, "status": "done"|"in_progress"|"late"|"not_started",
             "drafts": int,
             **TALLY}],
         "totals": {"tasks": int, "drafts": int, "by_status": {status: tasks}, **TALLY},
         "outside_period": [{"id", "task_id", "position", "held_on", "title", "kind",
                             "commune": commune key, "reason"}]}   # final events, by date

    where TALLY (over the live final events linked to the task, or to any task of the
    plan for ``totals``) is::

        {"events": int, "first_day": date | None, "last_day": date | None,
         "by_kind": {kind: {"events", "quantity", "audience", "minutes"}},
         "audience": {"total", "women", "men", "youth"},
         "by_agency": {code: {"lead": events led, "partner": events as a partner}},
         "by_commune": {commune key: {"events", "audience"}},
         "by_language": {code: events using it},
         "coverage": {"area": communes in the area, "covered": of them with an event,
                      "outside": events with no commune of the area,
                      "uncovered": [codes of the area's communes with no event]}}

    The plan's area is the union of its tasks' areas. Raises ``LookupError`` when no live
    plan has this id.
    """
    plan = session.get(CampaignPlan, plan_id)
    if plan is None or plan.deleted:
        raise LookupError(plan_id)
    today = today or dt.date.today()
    progress = plans.task_progress(session, plan_id, today)
    legacy = plan.period_end < REFORM_DATE
    where = Places(session, legacy)
    areas = {t.id: where.area(t.area_kind, t.area_ref) for t in progress}
    tallies = {t.id: _Tally(area=areas[t.id]) for t in progress}
    total = _Tally(area=set().union(*areas.values()) if areas else set())
    ev = OutreachEvent
    q = (
        select(
            ev.plan_task_id,
            ev.kind,
            ev.held_on,
            ev.commune_code,
            ev.lead_agency,
            ev.partner_agencies,
            ev.languages,
            ev.quantity,
            ev.minutes,
            ev.audience_total,
            ev.audience_women,
            ev.audience_men,
            ev.audience_youth,
            ev.id,
            ev.title,
            ev.task_link_reason,
        )  # fmt: skip
        .where(
            ev.deleted.is_(False),
            ev.state == "final",
            ev.plan_task_id.in_(list(tallies)),
        )
        .order_by(ev.held_on, ev.id)
    )
    positions = {t.id: t.position for t in progress}
    outside: list[dict[str, Any]] = []
    for r in session.execute(q):
        reached = where.reached(r.commune_code, r.held_on)
        tallies[r.plan_task_id].add(r, reached)
        total.add(r, reached)
        if not plan.period_start <= r.held_on <= plan.period_end:
            outside.append(
                {
                    "id": r.id, "task_id": r.plan_task_id,
                    "position": positions[r.plan_task_id], "held_on": r.held_on,
                    "title": r.title, "kind": r.kind,
                    "commune": commune_key(r.commune_code, r.held_on),
                    "reason": r.task_link_reason or "",
                }
            )  # fmt: skip
    # The plan's coverage and "outside" follow each event's own task's area.
    total.covered = set().union(*(t.covered for t in tallies.values()))
    total.outside = sum(t.outside for t in tallies.values())
    tasks = []
    for t in progress:
        tasks.append(
            {
                "id": t.id,
                "position": t.position,
                "title": t.title,
                "lead_agency": t.lead_agency,
                "partner_agencies": list(t.partner_agencies),
                "area_kind": t.area_kind,
                "area_ref": t.area_ref,
                "deadline": t.deadline,
                "expected_kinds": list(t.expected_kinds),
                "target": t.target,
                "target_measure": t.target_measure,
                "achieved": t.measure,
                "gap": t.gap,
                "status": t.status,
                "drafts": t.draft_events,
                **tallies[t.id].plain(),
            }
        )
    by_status = dict.fromkeys(STATUSES, 0)
    for t in progress:
        by_status[t.status] += 1
    return {
        "plan": {
            "id": plan.id,
            "number": plan.number,
            "issuer": plan.issuer,
            "issued_on": plan.issued_on,
            "title": plan.title,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "theme": plan.theme,
            "legal_basis": plan.legal_basis or "",
            "report_due_on": plan.report_due_on,
        },
        "legacy_communes": legacy,
        "today": today,
        "tasks": tasks,
        "totals": {
            "tasks": len(tasks),
            "drafts": sum(t.draft_events for t in progress),
            "by_status": by_status,
            **total.plain(),
        },
        "outside_period": outside,
    }
