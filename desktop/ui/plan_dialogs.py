"""Create or edit a campaign plan and its tasks (provincial roles only: the core refuses
others), each field checked as the officer types, with the reason next to it; and the task
picker of the event form, which offers the tasks of the plans whose period holds the
event's date (a task of another plan only on request, with a reason)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import events, plans
from desktop.ui import texts
from desktop.ui.code_list import CodeList
from desktop.ui.forms import Form, name_fields
from desktop.ui.widgets.search_box import make_searchable


def _period_refs(
    p: profile.OpenProfile, plan_id: str, kind: str, keep: list[str]
) -> list[tuple[str, str]]:
    """The items a task of plan *plan_id* may name (valid on some day of the plan's
    period), then the task's own values that are not, marked as such."""
    return [(c.code, c.label) for c in plans.task_ref_choices(p, plan_id, kind, keep)]


def _date_or_reason(text: str, required: bool = True) -> tuple[dt.date | None, str]:
    if not text.strip():
        return None, _("Enter the date.") if required else ""
    try:
        return i18n.parse_date(text.strip()), ""
    except ValidationError as exc:
        return None, exc.message


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.fields = QFormLayout()
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.form = Form(self.fields, self.ok)
        self.saved_id: str | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields)
        self.layout_ = layout

    def finish(self) -> None:
        """The buttons under the fields (once all are added), and the first check."""
        self.layout_.addWidget(self.form.footer(self.buttons))
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def line(
        self, name: str, label: str, check: Any = None, text: str = "", required: bool = False
    ) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        self.form.add(name, label, edit, check, required=required)
        return edit

    def save(self) -> None:
        for f in self.form.fields.values():
            f.touched = True
        if not self.form.validate():
            return
        saved = self.form.submit(self, self.store)
        if saved is not None:
            self.saved_id = saved
            self.accept()

    def store(self) -> str:
        raise NotImplementedError


class PlanDialog(_Dialog):
    """Number/symbol, issuing body, issue date, title, period, theme, legal basis and the day
    its result report is due, of one plan."""

    def __init__(
        self,
        opened: profile.OpenProfile,
        plan: plans.PlanView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit plan") if plan else _("New plan"), parent)
        self.profile, self.plan_id = opened, plan.id if plan else None
        d = i18n.format_date
        self.number = self.line(
            "number", _("Number and symbol:"),
            lambda: "" if self.number.text().strip()
            else _("Enter the plan's number and symbol, such as 78/KH-BCĐ."),
            plan.number if plan else "", required=True,
        )  # fmt: skip
        self.number.setPlaceholderText("78/KH-BCĐ")
        self.issuer = self.line("issuer", _("Issued by:"), None, plan.issuer if plan else "")
        self.issued_on = self.line(
            "issued_on", _("Issue date:"), lambda: _date_or_reason(self.issued_on.text())[1],
            d(plan.issued_on) if plan else d(dt.date.today()), required=True,
        )  # fmt: skip
        self.title = self.line(
            "title", _("Title:"),
            lambda: "" if self.title.text().strip() else _("Enter a title."),
            plan.title if plan else "", required=True,
        )  # fmt: skip
        self.period_start = self.line(
            "period_start", _("Period from:"),
            lambda: _date_or_reason(self.period_start.text())[1],
            d(plan.period_start) if plan else "", required=True,
        )  # fmt: skip
        self.period_end = self.line(
            "period_end", _("Period to:"), self._end_reason,
            d(plan.period_end) if plan else "", required=True,
        )  # fmt: skip
        self.theme = self.line("theme", _("Theme:"), None, plan.theme if plan else "")
        self.legal_basis = QPlainTextEdit(plan.legal_basis if plan else "")
        self.legal_basis.setObjectName("legal_basis")
        self.legal_basis.setTabChangesFocus(True)
        self.legal_basis.setFixedHeight(64)
        self.legal_basis.setPlaceholderText(
            _("The laws, decrees and plans of higher bodies this plan carries out")
        )
        self.form.add("legal_basis", _("Legal basis:"), self.legal_basis, self._basis_reason)
        self.report_due = self.line(
            "report_due_on", _("Result report due on:"), self._due_reason,
            d(plan.report_due_on) if plan and plan.report_due_on else "",
        )  # fmt: skip
        for edit in (self.period_start, self.period_end, self.report_due):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
        # the end's reason depends on the start: re-check it when the start changes
        self.period_start.textEdited.connect(lambda _t: self.form.validate())
        self.finish()

    def _end_reason(self) -> str:
        end, reason = _date_or_reason(self.period_end.text())
        if reason:
            return reason
        start = _date_or_reason(self.period_start.text())[0]
        if start is not None and end is not None and end < start:
            return _("The period cannot end before it starts.")
        return ""

    def _basis_reason(self) -> str:
        if len(self.legal_basis.toPlainText().strip()) > plans.MAX_LEGAL_BASIS:
            return _("The legal basis is at most {n} characters.").format(n=plans.MAX_LEGAL_BASIS)
        return ""

    def _due_reason(self) -> str:
        due, reason = _date_or_reason(self.report_due.text(), required=False)
        if reason:
            return reason
        start = _date_or_reason(self.period_start.text())[0]
        if due is not None and start is not None and due < start:
            return _("The report cannot be due before the plan's period starts.")
        return ""

    def data(self) -> plans.PlanInput:
        def day(edit: QLineEdit) -> dt.date:
            return i18n.parse_date(edit.text().strip())

        return plans.PlanInput(
            self.number.text(), self.issuer.text().strip(), day(self.issued_on),
            self.title.text(), day(self.period_start), day(self.period_end),
            self.theme.text().strip(), self.legal_basis.toPlainText().strip(),
            _date_or_reason(self.report_due.text(), required=False)[0],
        )  # fmt: skip

    def store(self) -> str:
        return plans.save_plan(self.profile, self.data(), self.plan_id)


class TaskDialog(_Dialog):
    """Title, agencies, area, deadline, expected kinds and optional target of one task.
    The agencies and kinds offered are those valid during the plan's period; a value the
    task already holds stays, marked when no longer valid."""

    def __init__(
        self,
        opened: profile.OpenProfile,
        plan_id: str,
        task: plans.TaskProgress | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit task") if task else _("Add task"), parent)
        self.profile, self.plan_id = opened, plan_id
        self.task_id = task.id if task else None
        self.title = self.line(
            "title", _("Task:"),
            lambda: "" if self.title.text().strip() else _("Enter what the task asks for."),
            task.title if task else "", required=True,
        )  # fmt: skip
        # The agencies and kinds valid during the plan's period, and the task's own values
        # that are not, marked as no longer valid (never dropped).
        lead_keep = [task.lead_agency] if task and task.lead_agency else []
        partners_keep = list(task.partner_agencies) if task else []
        self.lead = QComboBox()
        self.lead.setObjectName("lead_agency")
        self.lead.addItem(_("— choose —"), "")
        for code, name in _period_refs(opened, plan_id, "agency", lead_keep):
            self.lead.addItem(name, code)
        make_searchable(self.lead, _("Type to search…"))
        self.form.add("lead_agency", _("Lead agency:"), self.lead)
        self.partners = CodeList(_period_refs(opened, plan_id, "agency", partners_keep))
        self.partners.setObjectName("partner_agencies")
        self.form.add("partner_agencies", _("Partner agencies:"), self.partners)
        self.area = QComboBox()
        self.area.addItem(_("The whole province"), "province:")
        for code, name in plans.area_set_choices(opened):  # named sets: the border communes…
            self.area.addItem(name, f"set:{code}")
        for code, name in profile.commune_choices(opened):
            self.area.addItem(name, f"commune:{code}")
        make_searchable(self.area, _("Type to search…"))
        self.form.add("area", _("Area:"), self.area)
        self.deadline = self.line(
            "deadline", _("Deadline:"),
            lambda: _date_or_reason(self.deadline.text(), required=False)[1],
            i18n.format_date(task.deadline) if task else "",
        )  # fmt: skip
        self.deadline.setPlaceholderText(_("dd/mm/yyyy"))
        self.kinds = CodeList(
            _period_refs(opened, plan_id, "outreach_kind", task.expected_kinds if task else [])
        )
        self.form.add("expected_kinds", _("Expected kinds of activity:"), self.kinds)
        self.target = self.line(
            "target", _("Target (optional):"), self._target_reason,
            str(task.target) if task and task.target is not None else "",
        )  # fmt: skip
        self.measure = QComboBox()
        for code, label in plans.MEASURES.items():
            self.measure.addItem(_(label), code)
        self.form.add("target_measure", _("Target counts:"), self.measure)
        if task is not None:
            self.lead.setCurrentIndex(max(self.lead.findData(task.lead_agency), 0))
            self.partners.set_values(task.partner_agencies)
            self.kinds.set_values(task.expected_kinds)
            area = f"{task.area_kind}:{task.area_ref}"
            if self.area.findData(area) < 0:
                self.area.addItem(task.area_ref or task.area_kind, area)
            self.area.setCurrentIndex(self.area.findData(area))
            self.measure.setCurrentIndex(max(self.measure.findData(task.target_measure), 0))
        self.finish()

    def _target_reason(self) -> str:
        text = self.target.text().strip()
        if not text:
            return ""
        try:
            events.parse_count(text)
        except ValidationError as exc:
            return exc.message
        return ""

    def data(self) -> plans.TaskInput:
        text = self.target.text().strip()
        area_kind, _sep, area_ref = str(self.area.currentData() or "province:").partition(":")
        return plans.TaskInput(
            title=self.title.text(), lead_agency=self.lead.currentData() or "",
            partner_agencies=self.partners.values(), area_kind=area_kind, area_ref=area_ref,
            deadline=_date_or_reason(self.deadline.text(), required=False)[0],
            expected_kinds=self.kinds.values(),
            target=events.parse_count(text) if text else None,
            target_measure=self.measure.currentData(),
        )  # fmt: skip

    def store(self) -> str:
        return plans.save_task(self.profile, self.plan_id, self.data(), self.task_id)


class TaskPicker(QWidget):
    """The plan task an event serves: the tasks of the plans whose period holds the event's
    day; with "Tasks of other plans" checked, every task (one outside its plan's period is
    marked, and then asks for the reason, which the core also checks)."""

    changed = Signal()  # the task, the reason or the list changed (also when loading)
    edited = Signal()  # the officer chose a task or typed a reason

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.day: dt.date | None = None
        self.choices: dict[str, plans.TaskChoice] = {}
        self._filling = False
        self.combo = QComboBox()
        self.combo.setObjectName("plan_task")
        self.combo.setMinimumContentsLength(24)  # long task names must not widen the form
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        make_searchable(self.combo, _("Type to search…"))  # a word of the task finds it
        self.every = QCheckBox(_("Tasks of other plans"))
        self.every.setObjectName("every_plan")
        self.every.setToolTip(
            _("Also offer the tasks of plans whose period does not hold the event's date.")
        )
        self.reason = QLineEdit()
        self.reason.setObjectName("task_link_reason")
        self.reason.setPlaceholderText(_("Why this event serves a task outside its plan's period"))
        self.reason.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.combo, 1)
        line.addWidget(self.every)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(line)
        box.addWidget(self.reason)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.every.toggled.connect(lambda _on: self._reload())
        self.reason.textChanged.connect(lambda _t: self._chosen())
        self._reload()

    # -- what the form reads and writes ---------------------------------------------------

    def value(self) -> str | None:
        return self.combo.currentData() or None

    def reason_text(self) -> str:
        return self.reason.text().strip() if self.outside() else ""

    def chosen(self) -> plans.TaskChoice | None:
        value = self.value()
        return self.choices.get(value) if value else None

    def outside(self) -> bool:
        """True when the chosen task's plan does not cover the event's day."""
        choice = self.chosen()
        return choice is not None and self.day is not None and not choice.holds(self.day)

    def problem(self) -> str:
        """Why the link cannot be saved as a finished event ("" when it can)."""
        return plans.link_problem(self.chosen(), self.day, self.reason.text())

    def set_value(self, task_id: str | None, reason: str = "") -> None:
        self._filling = True
        try:
            if task_id and task_id not in self.choices:
                found = plans.task_choice(self.profile, task_id)
                if found is not None:
                    self.choices[found.id] = found
                    self._add(found)
            self.combo.setCurrentIndex(max(self.combo.findData(task_id), 0) if task_id else 0)
            self.reason.setText(reason)
        finally:
            self._filling = False
        self._update(by_hand=False)

    def set_day(self, day: dt.date | None) -> None:
        """The event's date changed: offer the tasks of the plans that hold it."""
        if day != self.day:
            self.day = day
            self._reload()

    # -- inside ------------------------------------------------------------------------

    def _add(self, c: plans.TaskChoice) -> None:
        label = c.label
        if self.day is not None and not c.holds(self.day):
            label = _("{task} (plan period {start} – {end})").format(
                task=label,
                start=i18n.format_date(c.period_start),
                end=i18n.format_date(c.period_end),
            )
        self.combo.addItem(label, c.id)
        self.combo.setItemData(self.combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)

    def _reload(self) -> None:
        keep, reason = self.value(), self.reason.text()
        found = plans.task_choices(self.profile, self.day, self.every.isChecked())
        self.choices = {c.id: c for c in found}
        self._filling = True
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self.combo.addItem(_("— no plan task —"), None)
            for c in found:
                self._add(c)
        finally:
            self.combo.blockSignals(False)
            self._filling = False
        if not self.every.isChecked() and self.day is None:
            self.combo.setToolTip(_("Enter the event's date to see the tasks of its plans."))
        else:
            self.combo.setToolTip("")
        self.set_value(keep, reason)  # a task already linked stays, even outside the period

    def _chosen(self) -> None:
        if not self._filling:
            self._update(by_hand=True)

    def _update(self, by_hand: bool) -> None:
        self.reason.setVisible(self.outside())
        self.changed.emit()
        if by_hand:
            self.edited.emit()
