"""Campaign plans and their tasks, and each task's status derived from its events.

A task's progress is measured on its final events by what its target counts (events,
distinct communes, quantity or audience), or — for a task such as victim support — on the
cases received in its area during the plan's period ("cases") or the persons supported
there then ("support": live support entries, a cancelled entry and its counter-entry
left out). Status: done when the target is met (one final event, case or person when there
is no target); late when the deadline passed first; in progress when anything is linked or
counted; otherwise not started.

A plan keeps its time: an event serves the tasks of plans whose period holds its date
(``task_choices``); linking it to another plan's task needs a reason, which the core
checks (``check_task_link``) and the campaign report prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desktop.core import i18n, refdata
from desktop.core.db.models_cases import ReceptionCase, SupportEntry
from desktop.core.db.models_outreach import CampaignPlan, OutreachEvent, PlanTask
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import N_, _, format_date
from desktop.core.outreach.plans_area import AREA_SET_KIND, Places, area_sets
from desktop.core.places import REFORM_DATE
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
    "cases": N_("cases received"),
    "support": N_("persons supported"),
}
# Measures counted on cases and support entries, not on the task's events.
CASE_MEASURES = ("cases", "support")
AREA_KINDS = ("province", "office", "commune", "set")
MAX_LEGAL_BASIS = 4000
MAX_LINK_REASON = 1000
PLANNERS = {Role.PROVINCIAL_ADMIN, Role.PROVINCIAL_OFFICER}


def period_holds(start: dt.date, end: dt.date, day: dt.date) -> bool:
    """The one rule of a plan's time: its period holds *day* when *day* lies from its
    first to its last day, both included (the event service, the task picker, the Excel
    import and the validation of every write and bundle all ask this)."""
    return start <= day <= end


@dataclass
class PlanInput:
    number: str
    issuer: str
    issued_on: dt.date
    title: str
    period_start: dt.date
    period_end: dt.date
    theme: str = ""
    legal_basis: str = ""
    report_due_on: dt.date | None = None


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
    legal_basis: str = ""
    report_due_on: dt.date | None = None

    def holds(self, day: dt.date) -> bool:
        """True when the plan's period holds *day* (first and last day included)."""
        return period_holds(self.period_start, self.period_end, day)


@dataclass(frozen=True)
class TaskChoice:
    """A task an event may serve, as the task picker offers it."""

    id: str
    plan_id: str
    plan_number: str
    position: int
    title: str
    period_start: dt.date
    period_end: dt.date

    @property
    def label(self) -> str:
        return f"{self.plan_number} · {self.position}. {self.title}"

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and period_holds(self.period_start, self.period_end, day)


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
    if len(data.legal_basis) > MAX_LEGAL_BASIS:
        raise ValidationError(
            _("The legal basis is at most {n} characters.").format(n=MAX_LEGAL_BASIS),
            "legal_basis",
        )
    if data.report_due_on is not None and data.report_due_on < data.period_start:
        raise ValidationError(
            _("The report cannot be due before the plan's period starts."), "report_due_on"
        )


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
        if data.area_kind == "set" and data.area_ref.strip() not in area_sets(s):
            raise ValidationError(
                _("Choose a named set of communes from the list (reference list “{kind}”).")
                .format(kind=AREA_SET_KIND),
                "area",
            )  # fmt: skip
        plan = s.get(CampaignPlan, plan_id)
        if plan is None:
            raise KhienError(_("This plan no longer exists."))
        task = s.get(PlanTask, task_id) if task_id else None
        _check_dated_refs(s, plan, task, data)
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


# What a task names from the dated reference lists: (field, list, the field's label).
_TASK_REFS = (
    ("lead_agency", "agency", N_("Lead agency")),
    ("partner_agencies", "agency", N_("Partner agencies")),
    ("expected_kinds", "outreach_kind", N_("Expected kinds of activity")),
)


def _check_dated_refs(
    session: Session, plan: CampaignPlan, task: PlanTask | None, data: TaskInput
) -> None:
    """A value newly chosen for a task must be valid on some day of its plan's period (a
    department that ceased before the plan began cannot lead it); values the task already
    held stay, so an old task can still be edited."""
    for name, kind, label in _TASK_REFS:
        value = getattr(data, name)
        wanted = value.split() if isinstance(value, str) else list(value)
        held = set(str(getattr(task, name) or "").split()) if task is not None else set()
        new = [c for c in wanted if c and c not in held]
        if not new:
            continue
        known = {i.code for i in refdata.items(session, kind, include_inactive=True)}
        valid = {
            i.code for i in refdata.items_during(session, kind, plan.period_start, plan.period_end)
        }
        for code in new:
            if code in known and code not in valid:
                raise ValidationError(
                    _("{field}: “{name}” was not in force during the plan's period.").format(
                        field=_(label),
                        name=refdata.name_on(session, kind, code, plan.period_end, i18n.language()),
                    ),
                    name,
                )


def task_ref_choices(
    profile: OpenProfile, plan_id: str, kind: str, keep: list[str] | tuple[str, ...] = ()
) -> list[refdata.Choice]:
    """What a task of plan *plan_id* may name from list *kind*: the items valid on some
    day of the plan's period, then the task's own values (*keep*) that are not, marked as
    no longer valid rather than dropped. An unknown plan: the items valid today."""
    with profile.db.session(read=True) as s:
        plan = s.get(CampaignPlan, plan_id)
        lang = i18n.language()
        if plan is None:
            today = dt.date.today()
            return refdata.choices_on(s, kind, today, list(keep), lang)
        return refdata.choices_during(s, kind, plan.period_start, plan.period_end, list(keep), lang)


def list_plans(profile: OpenProfile) -> list[PlanView]:
    """Live plans, newest first."""
    with profile.db.session(read=True) as s:
        q = (
            select(CampaignPlan)
            .where(CampaignPlan.deleted.is_(False))
            .order_by(CampaignPlan.issued_on.desc(), CampaignPlan.number)
        )
        return [_view(p) for p in s.execute(q).scalars()]


def _view(p: CampaignPlan) -> PlanView:
    return PlanView(
        p.id, p.number, p.issuer, p.issued_on, p.title, p.period_start, p.period_end, p.theme,
        p.legal_basis or "", p.report_due_on,
    )  # fmt: skip


def load_plan(profile: OpenProfile, plan_id: str) -> PlanView:
    with profile.db.session(read=True) as s:
        plan = s.get(CampaignPlan, plan_id)
        if plan is None or plan.deleted:
            raise KhienError(_("This plan no longer exists."))
        return _view(plan)


# -- the period rule --------------------------------------------------------------------


def task_choices(
    profile: OpenProfile, day: dt.date | None, every_plan: bool = False
) -> list[TaskChoice]:
    """The live tasks an event held on *day* may serve: those of plans whose period holds
    the day (newest plan first, tasks in order); with *every_plan*, every live task (the
    ones outside the day's plans then need a reason). No day: no task is offered unless
    *every_plan*."""
    with profile.db.session(read=True) as s:
        q = (
            select(PlanTask, CampaignPlan)
            .join(CampaignPlan, CampaignPlan.id == PlanTask.plan_id)
            .where(PlanTask.deleted.is_(False), CampaignPlan.deleted.is_(False))
            .order_by(CampaignPlan.period_start.desc(), CampaignPlan.number, PlanTask.position)
        )
        if not every_plan:
            if day is None:
                return []
            q = q.where(CampaignPlan.period_start <= day, CampaignPlan.period_end >= day)
        return [
            TaskChoice(t.id, p.id, p.number, t.position, t.title, p.period_start, p.period_end)
            for t, p in s.execute(q)
        ]


def task_choice(profile: OpenProfile, task_id: str) -> TaskChoice | None:
    """One task as the picker shows it (None when it no longer exists)."""
    with profile.db.session(read=True) as s:
        return _choice(s, task_id)


def find_task(session: Session, task_id: str) -> TaskChoice | None:
    """A live task held here, as the picker shows it (None when unknown or deleted)."""
    return _choice(session, task_id)


def find_plan_period(session: Session, plan_id: str) -> tuple[str, dt.date, dt.date] | None:
    """A live plan held here: (number, first day, last day); None when unknown or deleted."""
    plan = session.get(CampaignPlan, plan_id)
    if plan is None or plan.deleted:
        return None
    return plan.number, plan.period_start, plan.period_end


def _choice(session: Session, task_id: str) -> TaskChoice | None:
    task = session.get(PlanTask, task_id)
    plan = session.get(CampaignPlan, task.plan_id) if task is not None else None
    if task is None or plan is None or task.deleted or plan.deleted:
        return None
    return TaskChoice(
        task.id, plan.id, plan.number, task.position, task.title, plan.period_start,
        plan.period_end,
    )  # fmt: skip


def outside_reason(choice: TaskChoice) -> str:
    """The refusal when an event outside the plan's period is linked without a reason."""
    return _(
        "The event's date is outside the period of plan {number} ({start} – {end}): give "
        "the reason for linking it to this task, or choose a task of a plan that covers "
        "the date."
    ).format(
        number=choice.plan_number,
        start=format_date(choice.period_start),
        end=format_date(choice.period_end),
    )


def link_problem(choice: TaskChoice | None, day: dt.date | None, reason: str) -> str:
    """Why an event of *day* may not be linked to *choice* with *reason* ("" when it may)."""
    if choice is None or day is None or choice.holds(day):
        return ""
    if not reason.strip():
        return outside_reason(choice)
    if len(reason.strip()) > MAX_LINK_REASON:
        return _("The reason is at most {n} characters.").format(n=MAX_LINK_REASON)
    return ""


def link_refusal(choice: TaskChoice | None, day: dt.date | None, reason: str, final: bool) -> str:
    """Why an event of *day* may not be stored linked to *choice* with *reason* ("" when
    it may): a final event outside the plan's period needs a reason; a draft may wait for
    one, but a reason it gives must fit. No task or no day: nothing to refuse."""
    problem = link_problem(choice, day, reason)
    return problem if problem and (final or reason.strip()) else ""


def check_task_link(
    session: Session, task_id: str | None, day: dt.date | None, reason: str, final: bool = True
) -> str:
    """The reason to store with an event of *day* linked to *task_id*: "" when no task is
    linked or the plan's period holds the day; the reason given otherwise. A final event
    outside the period with no reason is refused (ValidationError on "plan_task_id"); a
    draft keeps what was typed."""
    if not task_id:
        return ""
    choice = _choice(session, task_id)
    if choice is None:
        raise ValidationError(_("This plan task no longer exists."), "plan_task_id")
    if day is None or choice.holds(day):
        return ""
    problem = link_refusal(choice, day, reason, final)
    if problem:
        raise ValidationError(problem, "plan_task_id")
    return reason.strip()


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
    with profile.db.session(read=True) as s:
        return task_progress(s, plan_id, today)


def task_progress(
    session: Session, plan_id: str, today: dt.date | None = None
) -> list[TaskProgress]:
    """``plan_progress`` inside an open session (the statistics module uses it)."""
    today = today or dt.date.today()
    plan = session.get(CampaignPlan, plan_id)
    tasks = list(
        session.execute(
            select(PlanTask)
            .where(PlanTask.plan_id == plan_id, PlanTask.deleted.is_(False))
            .order_by(PlanTask.position)
        ).scalars()
    )
    got = _measures(session, [t.id for t in tasks])
    counted = _case_measures(session, plan, [t for t in tasks if t.target_measure in CASE_MEASURES])
    out = []
    for t in tasks:
        m = got.get(t.id, {"events": 0, "drafts": 0})
        measure = counted[t.id] if t.id in counted else m.get(t.target_measure, 0)
        linked = m["events"] + m["drafts"] + (counted.get(t.id) or 0)
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


def _case_measures(
    session: Session, plan: CampaignPlan | None, tasks: list[PlanTask]
) -> dict[str, int]:
    """For tasks measured by cases or support: task id → cases received in the task's area
    during the plan's period, or persons given support there then (a live entry, neither
    a counter-entry nor one a counter-entry cancels). A case counts where it was received
    (its commune); a task of the whole province counts every case, with a commune or not."""
    if plan is None or not tasks:
        return {}
    start, end = plan.period_start, plan.period_end
    where = Places(session, legacy=end < REFORM_DATE)
    rc = ReceptionCase
    cases = [
        (r.id, r.person_id, where.reached(r.commune_code, r.received_on))
        for r in session.execute(
            select(rc.id, rc.person_id, rc.commune_code, rc.received_on).where(
                rc.deleted.is_(False), rc.received_on >= start, rc.received_on <= end
            )
        )
    ]
    supported: list[tuple[str, set[int]]] = []
    if any(t.target_measure == "support" for t in tasks):
        se = SupportEntry
        cancelled = select(se.corrects_id).where(se.corrects_id.is_not(None), se.deleted.is_(False))
        q = (
            select(rc.person_id, rc.commune_code, rc.received_on)
            .join(se, se.case_id == rc.id)
            .where(
                rc.deleted.is_(False), se.deleted.is_(False), se.corrects_id.is_(None),
                se.id.not_in(cancelled), se.given_on >= start, se.given_on <= end,
            )
            .distinct()
        )  # fmt: skip
        supported = [
            (r.person_id, where.reached(r.commune_code, r.received_on)) for r in session.execute(q)
        ]
    out: dict[str, int] = {}
    for t in tasks:
        whole = t.area_kind == "province"
        area = set() if whole else where.area(t.area_kind, t.area_ref)
        if t.target_measure == "cases":
            out[t.id] = sum(1 for _c, _p, reached in cases if whole or reached & area)
        else:
            out[t.id] = len({p for p, reached in supported if whole or reached & area})
    return out


def area_set_choices(profile: OpenProfile) -> list[tuple[str, str]]:
    """The named sets of communes a task's area may be: (code, name in the user's
    language), in their list's order."""
    lang = i18n.language()
    with profile.db.session(read=True) as s:
        return [
            (code, en if lang == "en" and en else name)
            for code, (name, en, _c) in area_sets(s).items()
        ]
