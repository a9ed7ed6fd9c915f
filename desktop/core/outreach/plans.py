"""Campaign plans and their tasks, and each task's status derived from its events.

A task's progress is measured on its final events by what its target counts (events,
distinct communes, quantity or audience). Status: done when the target is met (one final
event when there is no target); late when the deadline passed first; in progress when any
event (draft included) is linked; otherwise not started.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.core.db.models_outreach import CampaignPlan, OutreachEvent, PlanTask
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role

NOT_STARTED, IN_PROGRESS, DONE, LATE = "not_started", "in_progress", "done", "late"
STATUS_LABELS = {
    NOT_STARTED: N_("Not started"),
    IN_PROGRESS: N_("In progress"),
    DONE: N_("Done"),
    LATE: N_("Late"),
}
MEASURES = {
    "events": N_("events"),
    "communes": N_("communes"),
    "quantity": N_("items"),
    "audience": N_("people reached"),
}
AREA_KINDS = ("province", "office", "commune")
PLANNERS = {Role.PROVINCIAL_ADMIN, Role.PROVINCIAL_OFFICER}


@dataclass
class PlanInput:
    number: str
    issuer: str
    issued_on: dt.date
    title: str
    period_start: dt.date
    period_end: dt.date
    theme: str = ""


@dataclass
class TaskInput:
    title: str
    lead_agency: str = ""
    partner_agencies: list[str] = field(default_factory=list)
    area_kind: str = "province"
    area_ref: str = ""
    deadline: dt.date | None = None
    expected_kinds: list[str] = field(default_factory=list)
    target: int | None = None
    target_measure: str = "events"


@dataclass(frozen=True)
class PlanView:
    id: str
    number: str
    issuer: str
    issued_on: dt.date
    title: str
    period_start: dt.date
    period_end: dt.date
    theme: str


@dataclass(frozen=True)
class TaskProgress:
    id: str
    position: int
    title: str
    lead_agency: str
    partner_agencies: list[str]
    area_kind: str
    area_ref: str
    deadline: dt.date | None
    expected_kinds: list[str]
    target: int | None
    target_measure: str
    final_events: int
    draft_events: int
    measure: int
    status: str

    @property
    def gap(self) -> int:
        """How far the task is from its target (0 when met or when there is none)."""
        return max(0, (self.target or 0) - self.measure)


def derive_status(
    measure: int, target: int | None, deadline: dt.date | None, linked: int, today: dt.date
) -> str:
    """The status of a task from what its events achieved (see the module docstring)."""
    if measure >= (target or 1) and measure > 0:
        return DONE
    if deadline is not None and deadline < today:
        return LATE
    return IN_PROGRESS if linked > 0 else NOT_STARTED


def can_plan(role: str) -> bool:
    """Plans come from the province; there, its officers and administrator edit them."""
    return Role(role) in PLANNERS


def _require_planner(profile: OpenProfile) -> None:
    if not can_plan(profile.user.role):
        raise PermissionDenied(_("Only the provincial office edits campaign plans."))


def _check_plan(data: PlanInput) -> None:
    if not data.number.strip():
        raise ValidationError(_("Enter the plan's number and symbol, such as 78/KH-BCĐ."), "number")
    if not data.title.strip():
        raise ValidationError(_("Enter a title."), "title")
    if data.period_end < data.period_start:
        raise ValidationError(_("The period cannot end before it starts."), "period_end")


def save_plan(profile: OpenProfile, data: PlanInput, plan_id: str | None = None) -> str:
    _require_planner(profile)
    _check_plan(data)
    with profile.db.session() as s:
        plan = s.get(CampaignPlan, plan_id) if plan_id else None
        if plan is None:
            plan = CampaignPlan(office_id=profile.user.office_id)
            s.add(plan)
        for name, value in vars(data).items():
            setattr(plan, name, value.strip() if isinstance(value, str) else value)
        s.flush()
        return plan.id


def save_task(
    profile: OpenProfile, plan_id: str, data: TaskInput, task_id: str | None = None
) -> str:
    _require_planner(profile)
    if not data.title.strip():
        raise ValidationError(_("Enter what the task asks for."), "title")
    if data.target is not None and data.target < 0:
        raise ValidationError(_("Enter a whole number, 0 or more."), "target")
    if data.area_kind not in AREA_KINDS or data.target_measure not in MEASURES:
        raise ValidationError(_("Choose a value from the list."))
    with profile.db.session() as s:
        if s.get(CampaignPlan, plan_id) is None:
            raise KhienError(_("This plan no longer exists."))
        task = s.get(PlanTask, task_id) if task_id else None
        if task is None:
            count = s.execute(
                select(func.count()).select_from(PlanTask).where(PlanTask.plan_id == plan_id)
            ).scalar_one()
            task = PlanTask(plan_id=plan_id, position=int(count) + 1)
            s.add(task)
        task.title = data.title.strip()
        task.lead_agency = data.lead_agency
        task.partner_agencies = " ".join(data.partner_agencies)
        task.area_kind, task.area_ref = data.area_kind, data.area_ref
        task.deadline = data.deadline
        task.expected_kinds = " ".join(data.expected_kinds)
        task.target, task.target_measure = data.target, data.target_measure
        s.flush()
        return task.id


def list_plans(profile: OpenProfile) -> list[PlanView]:
    """Live plans, newest first."""
    with profile.db.session() as s:
        q = (
            select(CampaignPlan)
            .where(CampaignPlan.deleted.is_(False))
            .order_by(CampaignPlan.issued_on.desc(), CampaignPlan.number)
        )
        return [
            PlanView(
                p.id,
                p.number,
                p.issuer,
                p.issued_on,
                p.title,
                p.period_start,
                p.period_end,
                p.theme,
            )  # fmt: skip
            for p in s.execute(q).scalars()
        ]


def _measures(session: Session, task_ids: list[str]) -> dict[str, dict[str, int]]:
    ev = OutreachEvent
    final = ev.state == "final"
    q = (
        select(
            ev.plan_task_id,
            func.sum(case((final, 1), else_=0)).label("final"),
            func.sum(case((final, 0), else_=1)).label("drafts"),
            func.count(func.distinct(case((final, ev.commune_code), else_=None))).label("communes"),
            func.sum(case((final, ev.quantity), else_=0)).label("quantity"),
            func.sum(case((final, ev.audience_total), else_=0)).label("audience"),
        )
        .where(ev.deleted.is_(False), ev.plan_task_id.in_(task_ids))
        .group_by(ev.plan_task_id)
    )
    return {
        r.plan_task_id: {
            "events": int(r.final or 0),
            "drafts": int(r.drafts or 0),
            "communes": int(r.communes or 0),
            "quantity": int(r.quantity or 0),
            "audience": int(r.audience or 0),
        }
        for r in session.execute(q)
    }


def plan_progress(
    profile: OpenProfile, plan_id: str, today: dt.date | None = None
) -> list[TaskProgress]:
    """The plan's tasks in order, each with what its events achieved and its status."""
    with profile.db.session() as s:
        return task_progress(s, plan_id, today)


def task_progress(
    session: Session, plan_id: str, today: dt.date | None = None
) -> list[TaskProgress]:
    """``plan_progress`` inside an open session (the statistics module uses it)."""
    today = today or dt.date.today()
    tasks = list(
        session.execute(
            select(PlanTask)
            .where(PlanTask.plan_id == plan_id, PlanTask.deleted.is_(False))
            .order_by(PlanTask.position)
        ).scalars()
    )
    got = _measures(session, [t.id for t in tasks])
    out = []
    for t in tasks:
        m = got.get(t.id, {"events": 0, "drafts": 0})
        measure = m.get(t.target_measure, 0)
        linked = m["events"] + m["drafts"]
        out.append(
            TaskProgress(
                t.id,
                t.position,
                t.title,
                t.lead_agency,
                t.partner_agencies.split(),
                t.area_kind,
                t.area_ref,
                t.deadline,
                t.expected_kinds.split(),
                t.target,
                t.target_measure,
                m["events"],
                m["drafts"],
                measure,
                derive_status(measure, t.target, t.deadline, linked, today),
            )  # fmt: skip
        )
    return out
