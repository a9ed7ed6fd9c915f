"""Responsible agencies per workflow step, and the deadlines the law does not fix: a
small configuration kept in the cases section. Agencies: an administrator or a provincial
officer; deadlines: an administrator. Others see the values read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import config, rules
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.forms import (
    Form,
    ReasonLine,
    core_check,
    footer,
    name_fields,
    say_why,
    set_alert,
)
from desktop.ui.window_state import fit_to_screen


class CaseConfigDialog(QDialog):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.setWindowTitle(_("Responsible agencies and deadlines"))
        self.setMinimumWidth(560)
        may_agencies = config.can_configure_agencies(opened.user.role)
        may_deadlines = roles.can_administer(opened.user.role)
        current = config.step_agencies(opened)
        items = profile.reference_items(opened, "agency", include_inactive=False)
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        agencies = QFormLayout()
        self.form = Form(agencies, self.ok)
        self.agency: dict[str, QComboBox] = {}
        for step in config.STEPS:
            box = QComboBox()
            box.setObjectName(f"agency_{step}")
            box.addItem(_("(not set)"), "")
            for item in items:
                box.addItem(item.name, item.code)
            box.setCurrentIndex(max(box.findData(current.get(step, "")), 0))
            box.setEnabled(may_agencies)
            self.agency[step] = box
            self.form.add(f"agency_{step}", rules.status_label(step) + ":", box)
        deadlines = QFormLayout()
        self.deadline_form = Form(deadlines, None)
        self.days: dict[str, QLineEdit] = {}
        in_force = config.deadline_days(opened)
        for (_regime, status), (days, _base, basis) in rules.LAW_DEADLINES.items():
            law = QLabel(
                _("{days} days — {basis}").format(days=i18n.format_number(days), basis=_(basis))
            )
            law.setToolTip(_("Set by the law: it cannot be changed here."))
            law.setWordWrap(True)  # large text: the basis goes on, never cut
            deadlines.addRow(
                _("{step} (set by law):").format(step=_(rules.DEADLINE_STEPS[status]).capitalize()),
                law,
            )
        for status in rules.CONFIGURABLE_DEADLINES:
            edit = QLineEdit(str(in_force[status]))
            edit.setObjectName(f"days_{status}")
            edit.setReadOnly(not may_deadlines)
            self.days[status] = edit
            label = _("{step} (days, set by the province):").format(
                step=_(rules.DEADLINE_STEPS[status]).capitalize()
            )
            self.deadline_form.add(
                f"days_{status}", label, edit,
                lambda e=edit: core_check(lambda: rules.check_deadline_days(e.text())),
            )  # fmt: skip
        self.deadline_form.validity_changed.connect(lambda _ok: self._enable())
        self.form.validity_changed.connect(lambda _ok: self._enable())
        explain = QLabel(
            _(
                "The 2025 reform moved duties between agencies: set which agency answers for "
                "each step; it is proposed when a step is recorded. The deadlines marked "
                "“set by law” come from the law's text (for a person who reports, counted "
                "from the commune's notice); the others are values the province sets for the "
                "steps the law gives no number of days. A changed deadline applies to steps "
                "recorded from now on."
            )
        )
        explain.setWordWrap(True)
        for rows in (agencies, deadlines):  # large text: a long label goes above its field
            rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        inner = QWidget()
        fields = QVBoxLayout(inner)
        fields.addWidget(explain)
        fields.addWidget(QLabel("<b>" + _("Responsible agency per step") + "</b>"))
        fields.addLayout(agencies)
        fields.addWidget(QLabel("<b>" + _("Deadlines") + "</b>"))
        fields.addLayout(deadlines)
        scroll = QScrollArea()  # the fields scroll on a small screen; the buttons stay
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        set_alert(self.error)
        layout.addWidget(self.error)
        self.reason_line = ReasonLine()
        layout.addWidget(footer(self.buttons, self.reason_line, legend=False))
        self.may_agencies, self.may_deadlines = may_agencies, may_deadlines
        self._enable()
        fit_to_screen(self, 720, 720)
        name_fields(self)  # every input named from its label (screen readers)

    def _enable(self) -> None:
        if not (self.may_agencies or self.may_deadlines):
            # the core's refusal (config.set_step_agencies) for a role that may change neither
            reason = _("Your role may not change the responsible agencies.")
        else:
            reason = self.deadline_form.why_not()
        say_why([self.ok], self.reason_line, reason)

    def _save(self) -> None:
        if not self.deadline_form.validate():
            return
        try:
            if self.may_agencies:
                config.set_step_agencies(
                    self.profile, {s: box.currentData() or "" for s, box in self.agency.items()}
                )
            if self.may_deadlines:
                config.set_deadline_days(self.profile, {s: e.text() for s, e in self.days.items()})
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.accept()
