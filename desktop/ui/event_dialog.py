"""Record or edit one outreach event: a keyboard-fast form showing the fields of the chosen
kind, checked as the officer types, saved as a draft on every change (debounced) so that a
crash or a closed window loses nothing, with "save and new" keeping place, agency and plan."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile, refdata
from desktop.core.db.database import ProfileClosed
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import drafts, events
from desktop.core.outreach.kinds import fields_for
from desktop.ui import texts
from desktop.ui.attachments_box import AttachmentsBox
from desktop.ui.code_list import CodeList
from desktop.ui.forms import Form, name_fields, set_tone
from desktop.ui.plan_dialogs import TaskPicker
from desktop.ui.widgets.search_box import make_searchable
from desktop.ui.window_state import fit_to_screen

DRAFT_DELAY_MS = 500
_TEXTS = ("title", "held_on", "held_at", "village", "venue") + events.COUNTS + events.QUANTITIES


def _refs(p: profile.OpenProfile, kind: str) -> list[tuple[str, str]]:
    lang = i18n.language()
    return [
        (i.code, refdata.display_name(i, lang))
        for i in profile.reference_items(p, kind, include_inactive=False)
    ]


def _refs_on(
    p: profile.OpenProfile, kind: str, day: dt.date | None, keep: list[Any]
) -> list[tuple[str, str]]:
    """The items valid on the event's day, plus the event's own values marked when they
    are not (a department merged away in 2025 stays on the 2019 event that named it)."""
    return [(c.code, c.label) for c in refdata.choices(p, kind, day, [k for k in keep if k])]


class EventDialog(QDialog):
    saved = Signal(str)

    def __init__(
        self,
        opened: profile.OpenProfile,
        event_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile, self.event_id = opened, event_id
        self.author = opened.user.username
        self.saved_ids: list[str] = []
        self._dup_ok = False
        self._loading = False
        self.read_only = False
        self.setWindowTitle(_("Edit outreach event") if event_id else _("New outreach event"))
        self.setMinimumWidth(640)
        self.draft_key = drafts.draft_key(opened, "event", event_id)
        self.draft_timer = QTimer(self)
        self.draft_timer.setSingleShot(True)
        self.draft_timer.setInterval(DRAFT_DELAY_MS)
        self.draft_timer.timeout.connect(self.save_draft)
        self._build()
        self._load()
        name_fields(self)  # every input named from its label (screen readers)

    # -- building ---------------------------------------------------------------------

    def _combo(self, items: list[tuple[Any, str]], empty: str | None = None) -> QComboBox:
        box = QComboBox()
        box.setMinimumContentsLength(24)  # long task names must not widen the form
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        if empty is not None:
            box.addItem(empty, None)
        for code, name in items:
            box.addItem(name, code)
        return box

    def _build(self) -> None:
        p = self.profile
        self.w: dict[str, QWidget] = {}
        self.kind = self._combo(_refs_on(p, "outreach_kind", None, []), _("— choose —"))
        for name in _TEXTS:
            self.w[name] = QLineEdit()
            self.w[name].setObjectName(name)
        self.title = self.w["title"]
        communes = [(c, n) for c, n in profile.commune_choices(p)]
        # Searchable: every typed word, without diacritics, anywhere in the name.
        self.commune = make_searchable(self._combo(communes, _("— none —")), _("Type to search…"))
        self.lead = make_searchable(
            self._combo(_refs_on(p, "agency", None, []), _("— choose —")), _("Type to search…")
        )
        self.partners = CodeList(_refs_on(p, "agency", None, []))
        self._refs_day: dt.date | None = None
        self.ethnic = CodeList(_refs(p, "ethnic_group"))
        self.languages = CodeList(_refs(p, "language"))
        self.task = TaskPicker(p)  # the tasks of the plans holding the event's date
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab goes on to the buttons, as in every field
        self.notes.setFixedHeight(60)
        self.draft = QCheckBox(_("Not finished yet: keep as a draft"))
        self.w.update(kind=self.kind, commune_code=self.commune, lead_agency=self.lead)
        self.w.update(partner_agencies=self.partners, ethnic_groups=self.ethnic)
        self.w.update(languages=self.languages, plan_task_id=self.task, notes=self.notes)

        self.save_btn = QPushButton(_("&Save"))  # Alt+S as well as Enter
        self.save_btn.setDefault(True)
        self.save_new_btn = QPushButton(_("Save and &new"))
        self.cancel_btn = QPushButton(_("Close"))
        self.save_btn.clicked.connect(lambda: self.save(new_after=False))
        self.save_new_btn.clicked.connect(lambda: self.save(new_after=True))
        self.cancel_btn.clicked.connect(self.reject)
        self.fields = QFormLayout()
        self.form = Form(self.fields)
        labels = {
            "kind": _("Kind of activity:"), "title": _("Title:"), "held_on": _("Date:"),
            "held_at": _("Time:"), "commune_code": _("Commune:"), "village": _("Village:"),
            "venue": _("Venue:"), "lead_agency": _("Lead agency:"),
            "partner_agencies": _("Partner agencies:"), "audience_total": _("Audience, total:"),
            "audience_women": _("of whom women:"), "audience_men": _("of whom men:"),
            "audience_youth": _("young people and students:"), "ethnic_groups": _("Ethnic groups:"),
            "quantity": _("Quantity:"), "minutes": _("Minutes on air:"),
            "languages": _("Languages used:"), "plan_task_id": _("Plan task:"), "notes": _("Notes:"),
        }  # fmt: skip
        for name, label in labels.items():
            self.form.add(name, label, self.w[name])
        self.form.check_whole(self._problems)  # the core's check of the whole event, once
        # Required: the fields the core refuses when left empty.
        self.form.set_required(events.problems({}).keys())
        self.form.add_button(self.save_btn)
        self.form.add_button(self.save_new_btn)
        self.attachments = AttachmentsBox(p)
        self.fields.addRow(self.attachments)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.duplicate = QLabel()
        self.duplicate.setObjectName("duplicate")
        self.duplicate.setWordWrap(True)
        set_tone(self.duplicate, "caution", bold=True)
        self.duplicate.hide()
        inner = QWidget()
        inner.setLayout(self.fields)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        buttons = QHBoxLayout()
        for b in (self.save_new_btn, self.save_btn, self.cancel_btn):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.duplicate)
        layout.addWidget(self.draft)  # its own row: at large text it is never cut by the buttons
        layout.addWidget(self.form.footer(buttons))
        texts.main_action(self, self.save_btn)  # Enter saves; Save and new, Close take Space
        fit_to_screen(self, 700, 760)  # at most the screen: the fields scroll, the buttons show
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.w["held_on"].textChanged.connect(self._refs_for_day)  # type: ignore[attr-defined]
        for name in _TEXTS:
            self.w[name].textChanged.connect(self._changed)  # type: ignore[attr-defined]
        for box in (self.kind, self.commune, self.lead):
            box.currentIndexChanged.connect(self._changed)
        self.task.changed.connect(self._changed)
        self.task.edited.connect(self._task_edited)
        self.w["held_on"].textChanged.connect(self._day_changed)  # type: ignore[attr-defined]
        for codes in (self.partners, self.ethnic, self.languages):
            codes.itemChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)
        self.draft.toggled.connect(self._changed)
        self.draft.toggled.connect(lambda _on: self.form.validate())

    # -- values -----------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = {name: self.w[name].text() for name in _TEXTS}  # type: ignore[attr-defined]
        raw.update(
            kind=self.kind.currentData() or "",
            commune_code=self.commune.currentData(),
            lead_agency=self.lead.currentData() or "",
            partner_agencies=self.partners.values(),
            ethnic_groups=self.ethnic.values(),
            languages=self.languages.values(),
            plan_task_id=self.task.value(),
            task_link_reason=self.task.reason_text(),
            notes=self.notes.toPlainText(),
            state=events.DRAFT if self.draft.isChecked() else events.FINAL,
        )
        return raw

    def fill(self, raw: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name in _TEXTS:
                value = raw.get(name, "")
                if name == "held_on" and value:
                    with contextlib.suppress(ValidationError):
                        value = i18n.format_date(events.parse_day(value))
                if name in events.COUNTS + events.QUANTITIES and value in (0, "0"):
                    value = ""
                self.w[name].setText(str(value if value is not None else ""))  # type: ignore[attr-defined]
            self._offer_refs(
                raw.get("kind"), raw.get("lead_agency"), list(raw.get("partner_agencies") or [])
            )
            for box, name in ((self.kind, "kind"), (self.commune, "commune_code"),
                              (self.lead, "lead_agency")):  # fmt: skip
                found = box.findData(raw.get(name))
                box.setCurrentIndex(max(found, 0))
            self.task.set_value(raw.get("plan_task_id"), str(raw.get("task_link_reason") or ""))
            self.partners.set_values(list(raw.get("partner_agencies") or []))
            self.ethnic.set_values(list(raw.get("ethnic_groups") or []))
            self.languages.set_values(list(raw.get("languages") or []))
            self.notes.setPlainText(str(raw.get("notes") or ""))
            self.draft.setChecked(raw.get("state") == events.DRAFT)
        finally:
            self._loading = False
        self._kind_changed()

    def _problems(self) -> dict[str, str]:
        found = events.problems(self.raw())
        if not self.draft.isChecked() and "plan_task_id" not in found and self.task.problem():
            found["plan_task_id"] = self.task.problem()  # outside the plan's period: a reason
        return found

    def _day_changed(self) -> None:
        day = None
        with contextlib.suppress(ValidationError):
            day = events.parse_day(self.w["held_on"].text())  # type: ignore[attr-defined]
        self.task.set_day(day)

    def _task_edited(self) -> None:
        self.form.fields["plan_task_id"].touched = True
        self.form.validate()

    def _event_day(self) -> dt.date | None:
        try:
            return events.parse_day(self.w["held_on"].text())  # type: ignore[attr-defined]
        except ValidationError:
            return None

    def _refs_for_day(self) -> None:
        """The date changed: offer the kinds and agencies valid on the new day."""
        day = self._event_day()
        if day is not None and day != self._refs_day:
            self._offer_refs(
                self.kind.currentData(), self.lead.currentData(), self.partners.values()
            )

    def _offer_refs(self, kind: Any, lead: Any, partners: list[str]) -> None:
        """Refill the kind, lead and partner choices for the event's day, keeping *kind*,
        *lead* and *partners* offered (and chosen) even when no longer valid that day."""
        p, day = self.profile, self._event_day()
        self._refs_day = day
        for box, code, list_kind in (
            (self.kind, kind, "outreach_kind"),
            (self.lead, lead, "agency"),
        ):
            box.blockSignals(True)
            try:
                while box.count() > 1:  # the first entry is "— choose —"
                    box.removeItem(1)
                for value, name in _refs_on(p, list_kind, day, [code]):
                    box.addItem(name, value)
                box.setCurrentIndex(max(box.findData(code), 0))
            finally:
                box.blockSignals(False)
        self.partners.blockSignals(True)
        try:
            self.partners.set_items(_refs_on(p, "agency", day, partners))
            self.partners.set_values(partners)
        finally:
            self.partners.blockSignals(False)
        self._kind_changed()

    def _load(self) -> None:
        draft = drafts.load_draft(self.profile, self.draft_key)
        if self.event_id is not None:
            record = events.load_event(self.profile, self.event_id)
            self.author = record.author
            self.fill(events.as_raw(record.data))
            editable = events.can_edit(self.profile, record.author)
            self.attachments.set_event(self.event_id, editable)
            if not editable:
                self._read_only()
                return
        else:
            today = {"held_on": i18n.format_date(dt.date.today()), "languages": ["vi"]}
            self.fill(today)
            self.attachments.set_event(None, False)
        if draft:
            self.fill(draft)
            self._show_note(_("Your unsaved entry was restored."))
        self.form.validate()

    def _read_only(self) -> None:
        self.read_only = True
        reason = _("Only its author or a supervisor may change this event.")
        self._show_note(reason)
        self.form.block(reason)

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    # -- behaviour --------------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.kind.currentData() or ""
        shown = fields_for(kind) if kind else None
        audience = shown is None or shown.audience
        for name in events.COUNTS + ("ethnic_groups",):
            self.fields.setRowVisible(self.w[name].parentWidget(), audience)
        quantity = shown is not None and bool(shown.quantity_label)
        self.fields.setRowVisible(self.w["quantity"].parentWidget(), quantity)
        if quantity and shown is not None:
            self.form.set_label("quantity", shown.quantity_label + ":")
        self.fields.setRowVisible(
            self.w["minutes"].parentWidget(), shown is not None and shown.minutes
        )

    def _changed(self) -> None:
        if self._loading:
            return
        self._dup_ok = False
        self.duplicate.hide()
        self.draft_timer.start()

    def save_draft(self) -> None:
        self.draft_timer.stop()
        # Signed out meanwhile: open dialogs were closed (and saved) before the profile.
        with contextlib.suppress(ProfileClosed):
            drafts.save_draft(self.profile, self.draft_key, self.raw())

    def save(self, new_after: bool = False) -> bool:
        for f in self.form.fields.values():
            f.touched = True
        if not self.form.validate():
            return False
        try:
            data = events.parse(self.raw())
            if not self._dup_ok:
                dups = events.probable_duplicates(self.profile, data, self.event_id)
                if dups:
                    titles = "; ".join(t for _i, t in dups[:3])
                    self.duplicate.setText(
                        _(
                            "This looks like an event already recorded (same kind, day and "
                            "commune): {titles}. Click Save again to record it anyway."
                        ).format(titles=titles)
                    )
                    self.duplicate.show()
                    self._dup_ok = True
                    return False
            saved = events.save_event(self.profile, data, self.event_id)
        except ValidationError as exc:
            if exc.field in self.form.fields:
                self.form.set_error(exc.field, exc.message)
            else:
                texts.show_error(self, exc.message)
            return False
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return False
        self.draft_timer.stop()
        drafts.discard_draft(self.profile, self.draft_key)
        self.saved_ids.append(saved)
        self.saved.emit(saved)
        if new_after:
            self.event_id = None
            self.draft_key = drafts.draft_key(self.profile, "event")
            self.setWindowTitle(_("New outreach event"))
            self.fill(events.as_raw(events.keep_for_next(data)))
            for f in self.form.fields.values():
                f.touched = False
            self.form.validate()
            self._show_note(_("Saved. Place, agency and plan task are kept for the next one."))
            self.attachments.set_event(None, False)
            self.title.setFocus()
        else:
            self.accept()
        return True

    def reject(self) -> None:
        if self.draft_timer.isActive():
            self.save_draft()  # closing the window keeps what was typed
        super().reject()
