"""The follow-on records of a case: shelter stays (and discharge), further referrals (and
their outcome), further follow-ups, and notes. The first referral and the first follow-up
are steps of the workflow; until the case had them, their rows say so."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.cases import records, rules, steps, views
from desktop.core.i18n import _
from desktop.core.reports import service as reports
from desktop.core.security import roles
from desktop.ui.forms import say_why
from desktop.ui.pages.case_parts import (
    CaseContext,
    Section,
    button,
    date_edit,
    error_label,
    line_edit,
    read_date,
    read_optional_date,
)


class RecordsTab(QWidget):
    def __init__(self, ctx: CaseContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records_list = QPlainTextEdit()
        self.records_list.setObjectName("records_list")
        self.records_list.setReadOnly(True)
        self.facility = line_edit("facility", _("facility"))
        self.admitted_on = date_edit("admitted_on")
        self.discharged_on = line_edit("discharged_on", _("discharged (dd/mm/yyyy)"))
        self.agency = line_edit("agency", _("to which agency"))
        self.referred_on = date_edit("referred_on")
        self.method = QComboBox()
        self.method.setObjectName("follow_up_method")
        for code, label in rules.FOLLOW_UP_METHODS.items():
            self.method.addItem(_(label), code)
        self.finding = line_edit("finding", _("what the visit found"))
        self.visited_on = date_edit("visited_on")
        self.note_text = line_edit("note_text", "")
        self.open_stays = QComboBox()
        self.open_stays.setObjectName("open_stays")
        self.open_stays.setPlaceholderText(_("no open stay"))
        self.discharge_on = date_edit("discharge_on")
        self.open_referrals = QComboBox()
        self.open_referrals.setObjectName("open_referrals")
        self.open_referrals.setPlaceholderText(_("no referral awaiting an outcome"))
        for combo in (self.open_stays, self.open_referrals):  # the placeholder is never cut
            combo.setMinimumWidth(
                combo.fontMetrics().horizontalAdvance(combo.placeholderText()) + 40
            )
        self.outcome = line_edit("outcome", _("what came of the referral"))
        self.records_error = error_label("records_error")
        form = QFormLayout()
        rows: list[tuple[str, list[QWidget], str, Callable[[], None]]] = [
            (_("Shelter stay:"), [self.facility, self.admitted_on, self.discharged_on],
             "apply_stay", self.add_stay),
            (_("Discharge:"), [self.open_stays, self.discharge_on], "apply_discharge",
             self.discharge),
            (_("Referral:"), [self.agency, self.referred_on], "apply_referral", self.add_referral),
            (_("Referral outcome:"), [self.open_referrals, self.outcome], "apply_outcome",
             self.record_outcome),
            (_("Follow-up:"), [self.method, self.finding, self.visited_on], "apply_follow_up",
             self.add_follow_up),
            (_("Note:"), [self.note_text], "apply_note", self.add_note),
        ]  # fmt: skip
        self.buttons: dict[str, QPushButton] = {}
        for label, widgets, name, slot in rows:
            line = Section()
            inner = QHBoxLayout(line)
            inner.setContentsMargins(0, 0, 0, 0)
            for w in widgets:
                inner.addWidget(w, 2 if isinstance(w, QLineEdit) and w.text() == "" else 1)
            text = _("Save") if name in ("apply_discharge", "apply_outcome") else _("Add")
            line.main_button = self.buttons[name] = button(text, name, slot)
            inner.addWidget(line.main_button)
            form.addRow(label, line)
        self.apply_stay, self.apply_discharge = (
            self.buttons["apply_stay"],
            self.buttons["apply_discharge"],
        )
        self.apply_referral, self.apply_outcome = (self.buttons["apply_referral"],
                                                   self.buttons["apply_outcome"])  # fmt: skip
        self.apply_follow_up, self.apply_note = (self.buttons["apply_follow_up"],
                                                 self.buttons["apply_note"])  # fmt: skip
        box = QVBoxLayout(self)
        box.addWidget(self.records_list, 1)
        box.addLayout(form)
        box.addWidget(self.records_error)

    # -- showing ----------------------------------------------------------------------

    def show_case(self, d: views.CaseDetail) -> None:
        self.records_list.setPlainText(self._text(d))
        self.open_stays.clear()
        for st in d.stays:
            if st.discharged_on is None:
                since = i18n.format_date(st.admitted_on)
                self.open_stays.addItem(f"{st.facility} ({since})", st.id)
        self.open_referrals.clear()
        for r in d.referrals:
            if not r.outcome:
                self.open_referrals.addItem(
                    f"{r.to_agency} ({i18n.format_date(r.referred_on)})", r.id
                )
        for combo in (self.open_stays, self.open_referrals):  # a placeholder selects nothing
            combo.setCurrentIndex(0 if combo.count() else -1)
        reached = {st.to_status for st in d.steps}
        read_only = self.ctx.read_only_reason
        for b in self.buttons.values():
            say_why([b], None, read_only)
        if not read_only:
            no_referral = (
                ""
                if rules.REFERRED in reached
                else _("A first referral is a step of the case: use “Refer” in the workflow.")
            )
            say_why([self.apply_referral], None,
                    no_referral or steps.consent_missing(d.consent, rules.REFERRED))  # fmt: skip
            say_why([self.apply_follow_up], None, "" if rules.FOLLOWED_UP in reached else _(
                "A first follow-up is a step of the case: use “Record a follow-up”."))  # fmt: skip
            say_why([self.apply_discharge], None,
                    "" if self.open_stays.count() else self.open_stays.placeholderText())  # fmt: skip
            say_why([self.apply_outcome], None,
                    "" if self.open_referrals.count() else self.open_referrals.placeholderText())  # fmt: skip

    def _text(self, d: views.CaseDetail) -> str:
        lines = []
        for s in d.stays:
            end = i18n.format_date(s.discharged_on) if s.discharged_on else "…"
            lines.append(f"{_('Shelter')}: {s.facility}, {i18n.format_date(s.admitted_on)} – {end}")
        for r in d.referrals:
            line = f"{_('Referral')}: {r.to_agency}, {i18n.format_date(r.referred_on)}"
            outcome = _("outcome")
            lines.append(line + (f" — {outcome}: {r.outcome}" if r.outcome else ""))
        for f in d.follow_ups:
            method = _(rules.FOLLOW_UP_METHODS.get(f.method, f.method))
            lines.append(
                f"{_('Follow-up')}: {i18n.format_date(f.visited_on)} ({method}) — {f.finding}"
            )
        for n in d.notes:
            lines.append(f"{_('Note')}: {i18n.format_datetime(n.written_at)} — {n.text}")
        if roles.can_see_identity(self.ctx.profile.user.role):  # who may print the summary
            lines.append(self._summary_number())
        return "\n".join(lines)

    def _summary_number(self) -> str:
        """The number “Print case summary…” gives: the one the summary already holds this
        year, else the next of the office's series of reports (offered, not taken)."""
        number, held = reports.summary_number(self.ctx.profile, self.ctx.case_id)
        if held:
            text = _("Case summary: No. {number} (printing it again keeps this number).")
        else:
            text = _("Case summary: printing it gives No. {number}, the next of the series.")
        return text.format(number=number)

    # -- acting -----------------------------------------------------------------------

    def _run(self, action: Callable[[], object]) -> bool:
        return self.ctx.run(self.records_error, action)

    def add_stay(self) -> None:
        if self._run(lambda: records.add_shelter_stay(
            self.ctx.profile, self.ctx.case_id, self.facility.text(),
            read_date(self.admitted_on, "admitted_on"),
            read_optional_date(self.discharged_on, "discharged_on"),
        )):  # fmt: skip
            self.facility.clear()
            self.discharged_on.clear()

    def add_referral(self) -> None:
        if self._run(lambda: records.add_referral(
            self.ctx.profile, self.ctx.case_id, self.agency.text(),
            read_date(self.referred_on, "on"),
        )):  # fmt: skip
            self.agency.clear()

    def add_follow_up(self) -> None:
        if self._run(lambda: records.add_follow_up(
            self.ctx.profile, self.ctx.case_id, read_date(self.visited_on, "on"),
            self.finding.text(), self.method.currentData(),
        )):  # fmt: skip
            self.finding.clear()

    def add_note(self) -> None:
        if self._run(lambda: records.add_note(self.ctx.profile, self.ctx.case_id,
                                              self.note_text.text())):  # fmt: skip
            self.note_text.clear()

    def discharge(self) -> None:
        stay = self.open_stays.currentData()
        if stay is None:
            return
        self._run(lambda: records.discharge(self.ctx.profile, stay,
                                            read_date(self.discharge_on, "discharged_on")))  # fmt: skip

    def record_outcome(self) -> None:
        referral = self.open_referrals.currentData()
        if referral is None:
            return
        if self._run(lambda: records.set_referral_outcome(self.ctx.profile, referral,
                                                          self.outcome.text())):  # fmt: skip
            self.outcome.clear()
