"""The campaign result report of a plan (such as 78/KH-BCĐ for the 30 July day): for each
task what was done, by which agencies, where, with counts by kind, coverage of communes and
the gap to its target; before them the whole plan's results and a table of every task
against its target.

The figures come from ``desktop.core.stats.campaign``; this module only turns them into a
``ReportContent`` in the current language (the report service sets it), naming agencies,
kinds, languages and communes instead of printing their codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import refdata
from desktop.core.db.models import AdminUnit, Office
from desktop.core.db.models_outreach import PlanTask
from desktop.core.errors import ValidationError
from desktop.core.i18n import _, format_date, format_number, language
from desktop.core.outreach import kinds as event_kinds
from desktop.core.outreach import plans
from desktop.core.outreach.plans_area import AREA_SET_KIND
from desktop.core.places import COMMUNE, LEGACY_COMMUNE
from desktop.core.profile import OpenProfile
from desktop.core.reports.content import Cell, ChartData, ReportContent, Section, TableData
from desktop.core.stats import LEGACY_PREFIX, UNKNOWN
from desktop.core.stats.campaign import find_plan, plan_figures

# Communes of a task's area not reached yet are named when there are at most this many.
UNCOVERED_NAMED = 20


def check(opened: OpenProfile, plan_id: str) -> None:
    """Refuse, before generating, a plan that does not exist or has no task."""
    with opened.db.session(read=True) as s:
        _plan_with_tasks(s, plan_id)


def build(opened: OpenProfile, plan_id: str, today: dt.date | None = None) -> ReportContent:
    """The campaign result report of the plan *plan_id* (its id, or its number when only
    one live plan has it). Task statuses are derived on *today* (default: today)."""
    with opened.db.session(read=True) as s:
        found = _plan_with_tasks(s, plan_id)
        figures = plan_figures(s, found, today)
        names = _Names.load(s, opened.node.province_code)
        offices = {o.id: o.name for o in s.execute(select(Office)).scalars()}
    return _Builder(figures, names, offices).content()


def _plan_with_tasks(session: Session, plan_id: str) -> str:
    plan = find_plan(session, plan_id)
    if plan is None:
        raise ValidationError(
            _("No campaign plan has the id or number “{plan}”.").format(plan=plan_id), "plan"
        )
    task = session.execute(
        select(PlanTask.id).where(PlanTask.plan_id == plan.id, PlanTask.deleted.is_(False))
    ).first()
    if task is None:
        raise ValidationError(
            _("Plan {number} has no tasks yet: add its tasks before reporting on it.").format(
                number=plan.number
            ),
            "plan",
        )
    return plan.id


@dataclass
class _Names:
    """Display names in the current language, and the order of reference lists."""

    refs: dict[str, dict[str, str]]
    order: dict[str, dict[str, int]]
    units: dict[tuple[int, str], tuple[str, str]]  # (code, kind) → (name, sort key)

    @classmethod
    def load(cls, session: Session, province: int) -> _Names:
        lang = language()
        refs: dict[str, dict[str, str]] = {}
        order: dict[str, dict[str, int]] = {}
        for kind in ("agency", "outreach_kind", "language", AREA_SET_KIND):
            found = refdata.items(session, kind, include_inactive=True)
            refs[kind] = {i.code: refdata.display_name(i, lang) for i in found}
            order[kind] = {i.code: n for n, i in enumerate(found)}
        q = select(AdminUnit.code, AdminUnit.kind, AdminUnit.name, AdminUnit.name_sort).where(
            AdminUnit.kind.in_([COMMUNE, LEGACY_COMMUNE]), AdminUnit.province_code == province
        )
        units = {(int(r.code), r.kind): (r.name, r.name_sort) for r in session.execute(q)}
        return cls(refs, order, units)

    def ref(self, kind: str, code: str) -> str:
        return self.refs[kind].get(code, code)

    def by_list_order(self, kind: str, codes: Any) -> list[str]:
        """Codes in their reference list's order (unknown codes last, by code)."""
        rank = self.order[kind]
        return sorted(codes, key=lambda c: (rank.get(c, len(rank)), c))

    def commune(self, key: str) -> tuple[str, str]:
        """(name, sort key) of a commune breakdown key."""
        if key == UNKNOWN:
            return _("No commune given"), "\uffff"
        kind = LEGACY_COMMUNE if key.startswith(LEGACY_PREFIX) else COMMUNE
        code = int(key.removeprefix(LEGACY_PREFIX))
        return self.units.get((code, kind), (key, key))

    def unit(self, code: int, kind: str) -> str:
        return self.units.get((code, kind), (str(code), ""))[0]


def _percent(part: int, whole: int) -> str:
    return format_number(100 * part / whole, 1) if whole else format_number(0, 1)


class _Builder:
    def __init__(self, figures: dict[str, Any], names: _Names, offices: dict[str, str]):
        self.f, self.n, self.offices = figures, names, offices
        self.unit_kind = LEGACY_COMMUNE if figures["legacy_communes"] else COMMUNE

    def content(self) -> ReportContent:
        plan = self.f["plan"]
        title = _("Results of Plan No. {number} of {date}").format(
            number=plan["number"], date=format_date(plan["issued_on"])
        )
        sections = [self._summary(), self._targets(), Section(_("III. Results of each task"))]
        sections += [self._task(t) for t in self.f["tasks"]]
        if self.f["outside_period"]:
            sections.append(self._outside())
        # Never ``empty``: a plan with no activity yet still lists its tasks against their
        # targets (the renderer would print one sentence instead); the first section says
        # that nothing was recorded.
        return ReportContent("campaign", title, sections, self._notes(), doc_type=_("Report"))

    # -- the whole plan ----------------------------------------------------------------

    def _summary(self) -> Section:
        plan, totals = self.f["plan"], self.f["totals"]
        issued = format_date(plan["issued_on"])
        if plan["issuer"]:
            intro = _(
                "Plan No. {number} of {date} issued by {issuer}: “{title}”, carried out from "
                "{start} to {end}."
            )
        else:
            intro = _("Plan No. {number} of {date}: “{title}”, carried out from {start} to {end}.")
        paragraphs = [
            intro.format(
                number=plan["number"],
                date=issued,
                issuer=plan["issuer"],
                title=plan["title"],
                start=format_date(plan["period_start"]),
                end=format_date(plan["period_end"]),
            )  # fmt: skip
        ]
        if plan["theme"]:
            theme = plan["theme"].strip()
            end = "" if theme[-1] in ".!?…" else "."
            paragraphs.append(f"{_('Theme:')} {theme}{end}")
        if plan.get("legal_basis", "").strip():
            basis = " ".join(plan["legal_basis"].split())
            end = "" if basis[-1] in ".!?…;" else "."
            paragraphs.append(f"{_('Legal basis:')} {basis}{end}")
        section = Section(_("I. General results"), paragraphs)
        by_status = totals["by_status"]
        status_line = _(
            "Tasks: {total}, of which done: {done}; in progress: {in_progress}; late: {late}; "
            "not started: {not_started} (as of {today})."
        ).format(
            total=format_number(totals["tasks"]),
            **{k: format_number(v) for k, v in by_status.items()},
            today=format_date(self.f["today"]),
        )
        if totals["events"] == 0:
            paragraphs.append(
                _("No outreach activity linked to the plan's tasks has been recorded yet.")
            )
            paragraphs.append(status_line)
            return section
        paragraphs += self._held(totals, len(self.f["outside_period"]))
        paragraphs.append(self._reach(totals["coverage"], whole_plan=True))
        paragraphs.append(status_line)
        if totals["by_language"]:
            paragraphs.append(self._languages(totals["by_language"]))
        section.tables = [
            self._kinds_table(totals["by_kind"], _("Results by kind of activity")),
            self._audience_table(totals["audience"]),
            self._plan_agencies_table(),
        ]
        section.charts = [
            ChartData(
                _("Activities by kind"),
                [self.n.ref("outreach_kind", k) for k in self._kinds(totals["by_kind"])],
                [totals["by_kind"][k]["events"] for k in self._kinds(totals["by_kind"])],
            ),
            ChartData(
                _("Activities by task"),
                [_("Task {n}").format(n=t["position"]) for t in self.f["tasks"]],
                [t["events"] for t in self.f["tasks"]],
            ),
        ]
        return section

    def _targets(self) -> Section:
        rows: list[list[Cell]] = []
        for t in self.f["tasks"]:
            has_target = t["target"] is not None
            rows.append(
                [
                    t["position"],
                    t["title"],
                    t["deadline"],
                    t["events"],
                    t["target"],
                    _(plans.MEASURES.get(t["target_measure"], t["target_measure"])),
                    t["achieved"],
                    t["gap"] if has_target else None,
                    _(plans.STATUS_LABELS[t["status"]]),
                ]
            )
        table = TableData(
            _("Tasks against their targets"),
            [
                _("No."), _("Task"), _("Deadline"), _("Activities"), _("Target"), _("Unit"),
                _("Achieved"), _("Gap"), _("Status"),
            ],
            rows,
            counts={3},
            widths=[0.75, 3.3, 1.6, 0.9, 0.8, 1.1, 0.75, 0.85, 1.2],
        )  # fmt: skip
        return Section(_("II. Results against targets"), tables=[table])

    def _plan_agencies_table(self) -> TableData:
        led: dict[str, int] = {}
        partnered: dict[str, int] = {}
        for t in self.f["tasks"]:
            if t["lead_agency"]:
                led[t["lead_agency"]] = led.get(t["lead_agency"], 0) + 1
            for code in set(t["partner_agencies"]) - {t["lead_agency"]}:
                partnered[code] = partnered.get(code, 0) + 1
        acted = self.f["totals"]["by_agency"]
        rows: list[list[Cell]] = []
        for code in self.n.by_list_order("agency", set(led) | set(partnered) | set(acted)):
            did = acted.get(code, {"lead": 0, "partner": 0})
            rows.append(
                [
                    self.n.ref("agency", code),
                    led.get(code, 0),
                    partnered.get(code, 0),
                    did["lead"],
                    did["partner"],
                ]
            )
        return TableData(
            _("Agencies taking part"),
            [
                _("Agency"), _("Tasks led"), _("Tasks as partner"), _("Activities led"),
                _("Activities as partner"),
            ],
            rows,
            counts={3, 4},
            widths=[3.6, 1, 1, 1, 1],
        )  # fmt: skip

    # -- one task ------------------------------------------------------------------------

    def _task(self, t: dict[str, Any]) -> Section:
        heading = _("Task {n}: {title}").format(n=t["position"], title=t["title"])
        paragraphs = []
        lead = self.n.ref("agency", t["lead_agency"]) if t["lead_agency"] else "—"
        agencies = f"{_('Lead agency:')} {lead}."
        partners = [p for p in t["partner_agencies"] if p != t["lead_agency"]]
        if partners:
            named = "; ".join(self.n.ref("agency", p) for p in partners)
            agencies += f" {_('Partner agencies:')} {named}."
        paragraphs.append(agencies)
        plan_line = _("Area: {area}. Deadline: {deadline}.").format(
            area=self._area(t), deadline=format_date(t["deadline"]) if t["deadline"] else "—"
        )
        if t["expected_kinds"]:
            plan_line += " " + _("Expected activities: {kinds}.").format(
                kinds="; ".join(self.n.ref("outreach_kind", k) for k in t["expected_kinds"])
            )
        paragraphs.append(plan_line)
        paragraphs.append(self._gap(t))
        section = Section(heading, paragraphs)
        if t["drafts"]:
            paragraphs.append(
                _("Draft activities not counted yet: {n}.").format(n=format_number(t["drafts"]))
            )
        if t["events"] == 0:
            if t["target_measure"] not in plans.CASE_MEASURES:
                paragraphs.append(_("No activity has been recorded for this task yet."))
            return section
        outside = sum(1 for e in self.f["outside_period"] if e["task_id"] == t["id"])
        paragraphs += self._held(t, outside)
        paragraphs.append(self._reach(t["coverage"], whole_plan=False))
        uncovered = t["coverage"]["uncovered"]
        if 0 < len(uncovered) <= UNCOVERED_NAMED:
            names = sorted(
                (self.n.units.get((c, self.unit_kind), (str(c), str(c))) for c in uncovered),
                key=lambda u: u[1],
            )
            paragraphs.append(
                _("Not reached yet: {communes}.").format(communes=", ".join(n for n, _k in names))
            )
        section.tables = [
            self._kinds_table(t["by_kind"], _("Activities by kind")),
            self._task_agencies_table(t),
            self._communes_table(t["by_commune"]),
        ]
        return section

    def _area(self, t: dict[str, Any]) -> str:
        if t["area_kind"] == "commune" and t["area_ref"].isdigit():
            return self.n.unit(int(t["area_ref"]), COMMUNE)
        if t["area_kind"] == "office":
            ref = str(t["area_ref"])
            return self.offices.get(ref, ref)
        if t["area_kind"] == "set":
            return self.n.ref(AREA_SET_KIND, str(t["area_ref"]))
        return _("The whole province")

    def _gap(self, t: dict[str, Any]) -> str:
        unit = _(plans.MEASURES.get(t["target_measure"], t["target_measure"]))
        status = _(plans.STATUS_LABELS[t["status"]])
        if t["target"] is None:
            return _("No target set; achieved: {achieved} {unit}; status: {status}.").format(
                achieved=format_number(t["achieved"]), unit=unit, status=status
            )
        return _("Target: {target} {unit}; achieved: {achieved}; gap: {gap}; status: {status}.").format(
            target=format_number(t["target"]), unit=unit, achieved=format_number(t["achieved"]),
            gap=format_number(t["gap"]), status=status,
        )  # fmt: skip

    def _task_agencies_table(self, t: dict[str, Any]) -> TableData:
        roles = {p: _("Partner") for p in t["partner_agencies"]}
        if t["lead_agency"]:
            roles[t["lead_agency"]] = _("Lead")
        acted = t["by_agency"]
        rows: list[list[Cell]] = []
        for code in self.n.by_list_order("agency", set(roles) | set(acted)):
            did = acted.get(code, {"lead": 0, "partner": 0})
            rows.append([self.n.ref("agency", code), roles.get(code), did["lead"], did["partner"]])
        return TableData(
            _("Agencies taking part"),
            [_("Agency"), _("Role in the plan"), _("Activities led"), _("Activities as partner")],
            rows,
            counts={2, 3},
            widths=[3.6, 1.4, 1.2, 1.2],
        )

    def _communes_table(self, by_commune: dict[str, dict[str, int]]) -> TableData:
        """Events and participants by commune, as the events named them (names sorted in
        Vietnamese order; the participants column only when someone was counted)."""
        named = sorted(((*self.n.commune(k), v) for k, v in by_commune.items()), key=lambda r: r[1])
        people = any(v["audience"] for v in by_commune.values())
        if any(k.startswith(LEGACY_PREFIX) for k in by_commune):  # pre-reform units named
            columns = [_("Commune, ward or town"), _("Activities")]
        else:
            columns = [_("Commune or ward"), _("Activities")]
        rows: list[list[Cell]] = [[name, v["events"]] for name, _s, v in named]
        rows.append([_("Total"), sum(v["events"] for v in by_commune.values())])
        if people:
            columns.append(_("Participants"))
            for row, (_n, _s, v) in zip(rows, named, strict=False):
                row.append(v["audience"])
            rows[-1].append(sum(v["audience"] for v in by_commune.values()))
        return TableData(
            _("Activities by commune"),
            columns,
            rows,
            counts={1, 2} if people else {1},
            total_row=True,
            widths=[3, 1.2, 1.2] if people else [3, 1.2],
        )

    # -- shared pieces -----------------------------------------------------------------

    def _kinds(self, by_kind: dict[str, Any]) -> list[str]:
        return self.n.by_list_order("outreach_kind", by_kind)

    def _kinds_table(self, by_kind: dict[str, dict[str, int]], title: str) -> TableData:
        """Events by kind, with what each kind counts (banners, leaflets, broadcasts…), the
        participants and the broadcast minutes: a column only when some kind has it."""
        codes = self._kinds(by_kind)
        specs = {code: event_kinds.fields_for(code) for code in codes}
        quantity = any(specs[c].quantity_label or by_kind[c]["quantity"] for c in codes)
        people = any(specs[c].audience or by_kind[c]["audience"] for c in codes)
        minutes = any(by_kind[c]["minutes"] for c in codes)
        columns = [_("Kind of activity"), _("Activities")]
        widths = [2.6, 0.9]
        counts = {1}
        if quantity:
            columns += [_("What is counted"), _("Quantity")]
            widths += [2.2, 0.9]
        if people:
            counts.add(len(columns))
            columns.append(_("Participants"))
            widths.append(1.2)
        if minutes:
            columns.append(_("Minutes on air"))
            widths.append(1)
        rows: list[list[Cell]] = []
        for code in codes:
            v, spec = by_kind[code], specs[code]
            row: list[Cell] = [self.n.ref("outreach_kind", code), v["events"]]
            if quantity:
                counted = bool(spec.quantity_label or v["quantity"])
                row += [spec.quantity_label or None, v["quantity"]] if counted else [None, None]
            if people:
                row.append(v["audience"] if spec.audience or v["audience"] else None)
            if minutes:
                row.append(v["minutes"] if spec.minutes or v["minutes"] else None)
            rows.append(row)
        total: list[Cell] = [_("Total"), sum(v["events"] for v in by_kind.values())]
        if quantity:  # banners and leaflets do not add up
            total += [None, None]
        if people:
            total.append(sum(v["audience"] for v in by_kind.values()))
        if minutes:
            total.append(sum(v["minutes"] for v in by_kind.values()))
        rows.append(total)
        return TableData(title, columns, rows, counts=counts, total_row=True, widths=widths)

    def _audience_table(self, audience: dict[str, int]) -> TableData:
        rows: list[list[Cell]] = [
            [_("All participants"), audience["total"]],
            [_("Women"), audience["women"]],
            [_("Men"), audience["men"]],
            [_("Young people and students"), audience["youth"]],
        ]
        return TableData(
            _("Participants by sex and age"),
            [_("Group"), _("Attendances")],
            rows,
            counts={1},
            widths=[3, 1.2],
        )

    def _held(self, tally: dict[str, Any], outside: int = 0) -> list[str]:
        """How many activities were held: the days they span only when all of them lie in
        the plan's period (the report's period is the plan's, never stretched by an
        activity linked from outside it)."""
        if outside:
            line = _(
                "Activities held: {events}, of which {inside} in the plan's period and "
                "{outside} outside it (listed with the reasons given in section IV)."
            ).format(
                events=format_number(tally["events"]),
                inside=format_number(tally["events"] - outside),
                outside=format_number(outside),
            )
        else:
            line = _("Activities held: {events}, from {first} to {last}.").format(
                events=format_number(tally["events"]),
                first=format_date(tally["first_day"]),
                last=format_date(tally["last_day"]),
            )
        out = [line]
        a = tally["audience"]
        if a["total"]:
            out.append(
                _(
                    "Participants: {total} attendances, of whom {women} women, {men} men and "
                    "{youth} young people and students."
                ).format(**{k: format_number(v) for k, v in a.items()})
            )
        return out

    def _reach(self, coverage: dict[str, Any], whole_plan: bool) -> str:
        if whole_plan:
            sentence = _(
                "Communes reached: {covered} of the {area} communes in the plan's area "
                "({percent}%)."
            )
        else:
            sentence = _(
                "Communes reached: {covered} of the {area} communes in the task's area "
                "({percent}%)."
            )
        text = sentence.format(
            covered=format_number(coverage["covered"]),
            area=format_number(coverage["area"]),
            percent=_percent(coverage["covered"], coverage["area"]),
        )
        if coverage["outside"]:
            text += " " + _("Activities outside it or without a commune: {n}.").format(
                n=format_number(coverage["outside"])
            )
        return text

    def _outside(self) -> Section:
        """The activities linked to a task although the plan's period does not hold their
        date, with the reason given when they were linked."""
        plan = self.f["plan"]
        rows: list[list[Cell]] = [
            [
                n,
                e["held_on"],
                e["title"],
                _("Task {n}").format(n=e["position"]),
                self.n.commune(e["commune"])[0],
                e["reason"] or _("(no reason given)"),
            ]
            for n, e in enumerate(self.f["outside_period"], start=1)
        ]
        table = TableData(
            _("Activities outside the plan's period"),
            [_("No."), _("Date"), _("Activity"), _("Task"), _("Commune or ward"), _("Reason")],
            rows,
            widths=[0.6, 1.3, 3, 0.9, 1.6, 3],
            suppressible=False,
        )
        intro = _(
            "These activities are linked to the plan's tasks although their date lies outside "
            "the plan's period ({start} to {end}); they are counted with their tasks."
        ).format(start=format_date(plan["period_start"]), end=format_date(plan["period_end"]))
        return Section(
            _("IV. Activities linked outside the plan's period"), [intro], tables=[table]
        )

    def _languages(self, by_language: dict[str, int]) -> str:
        parts = [
            f"{self.n.ref('language', code)} {format_number(by_language[code])}"
            for code in self.n.by_list_order("language", by_language)
        ]
        return _("Activities by language used: {languages}.").format(languages="; ".join(parts))

    def _notes(self) -> list[str]:
        totals = self.f["totals"]
        notes = [
            _(
                "Only activities recorded as final are counted. Participants are counted as "
                "attendances: a person at two activities counts twice."
            )
        ]
        if totals["drafts"]:
            notes.append(
                _("Draft activities linked to the plan's tasks, not counted: {n}.").format(
                    n=format_number(totals["drafts"])
                )
            )
        a = totals["audience"]
        if a["women"] + a["men"] != a["total"]:
            notes.append(
                _("Women and men do not add up to all participants where sex was not recorded.")
            )
        if self.f["legacy_communes"]:
            notes.append(
                _("Communes are counted as they were before the reorganisation of 1 July 2025.")
            )
        return notes
