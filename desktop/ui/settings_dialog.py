"""Settings: the interface language (applies at once); the officer's own settings, kept
per account in the profile (``core.account_settings``): text size and theme (General), who
signs the reports and the small-count threshold (Documents), applied by Save; the user's
password; the backups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import account_settings, i18n
from desktop.core.account_settings import AccountSettings
from desktop.core.errors import KhienError, ValidationError, WrongPassword
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.reports import numbers, service
from desktop.ui import icons, keys, texts, theme
from desktop.ui.forms import (
    Form,
    ReasonLine,
    core_check,
    name_fields,
    password_check,
    password_edit,
)
from desktop.ui.login_dialog import language_combo
from desktop.ui.pages.admin_backups import BackupsPanel

GENERAL, DOCUMENTS, PASSWORD, BACKUPS = 0, 1, 2, 3
TAB_ICONS = {GENERAL: "settings", DOCUMENTS: "reports", PASSWORD: "password", BACKUPS: "backup"}
NAME_LABELS = (
    ("signer_name", N_("Signer's name:")),
    ("signer_title", N_("Signer's title:")),
    ("signer_authority", N_("Signing on behalf of:")),
)


class _Scroll(QScrollArea):
    """A frameless scroll area that asks for the room its content wants, so the dialog
    opens as large as it needs (within the screen) and scrolls only when it cannot."""

    def sizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height())


def _scrolling(widget: QWidget) -> QScrollArea:
    """*widget* in a scroll area: large text never pushes a tab's end off the screen."""
    area = _Scroll()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def next_numbers_text(opened: OpenProfile, year: int) -> str:
    """ "Next report number: 06/BC-…; next record number: 03/BB-…" for *year*'s series."""
    report = numbers.formatted(numbers.next_number(opened, "period", year), "period",
                               service.load_header(opened, "period").agency)  # fmt: skip
    record = numbers.formatted(numbers.next_number(opened, "reception", year), "reception",
                               service.load_header(opened, "reception").agency)  # fmt: skip
    return _("Next report number: {report}; next record number: {record}.").format(
        report=report, record=record
    )


class DocumentsPanel(QWidget):
    """Who signs the reports, the small-count threshold, and the numbers' series (read-only),
    checked as typed."""

    def __init__(self, opened: OpenProfile, values: AccountSettings, accept: QPushButton) -> None:
        super().__init__()
        self.profile = opened
        fields = QFormLayout()
        fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = Form(fields, accept)
        intro = QLabel(_("What a new periodic or campaign report starts with; what you type in "
                         "the report form wins. The records of a case are signed by the officer "
                         "who prints them."))  # fmt: skip
        intro.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        for name, label in NAME_LABELS:
            edit = QLineEdit(getattr(values, name))
            edit.setObjectName(name)
            edit.setMaxLength(account_settings.MAX_NAME + 50)  # the check says why, not a wall
            self.edits[name] = edit
            self.form.add(name, _(label), edit, self._check(name))
        self.edits["signer_authority"].setPlaceholderText(_("e.g. KT. TRƯỞNG BAN"))
        self.threshold = QSpinBox()
        self.threshold.setObjectName("suppress_below")
        self.threshold.setRange(0, service.MAX_SUPPRESSION)
        self.threshold.setSpecialValueText(_("the office's last one"))
        self.threshold.setPrefix(_("under "))
        self.threshold.setValue(values.suppress_below)
        self.form.add("suppress_below", _("Small-count threshold:"), self.threshold,
                      self._check("suppress_below"))  # fmt: skip
        self.threshold.valueChanged.connect(self._threshold_changed)
        self.hide_small = QCheckBox(_("Hide small counts when a report form opens"))
        self.hide_small.setObjectName("hide_small_counts")
        self.hide_small.setChecked(values.hide_small_counts)
        fields.addRow("", self.hide_small)
        self.series = QLabel(next_numbers_text(opened, dt.date.today().year))
        self.series.setObjectName("series")
        self.series.setWordWrap(True)
        series_help = QLabel(_("Numbers start at 01 each year; the Reports page lists the "
                               "numbers given under “Numbers given”."))  # fmt: skip
        series_help.setWordWrap(True)
        fields.addRow(_("Document numbers:"), self.series)
        fields.addRow("", series_help)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addStretch(1)

    def _check(self, name: str) -> Callable[[], str]:
        return lambda: core_check(lambda: account_settings.check_field(name, self._value(name)))

    def _value(self, name: str) -> Any:
        if name == "suppress_below":
            return self.threshold.value()
        return self.edits[name].text()

    def _threshold_changed(self) -> None:
        self.form.fields["suppress_below"].touched = True
        self.form.validate()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: edit.text() for name, edit in self.edits.items()}
        out["suppress_below"] = self.threshold.value()
        out["hide_small_counts"] = self.hide_small.isChecked()
        return out


class PasswordPanel(QWidget):
    def __init__(self, opened: OpenProfile) -> None:
        super().__init__()
        self.profile = opened
        self.old = password_edit()
        self.old.setObjectName("old")
        self.new = password_edit()
        self.new.setObjectName("new")
        self.confirm = password_edit()
        self.confirm.setObjectName("confirm")
        self.change = QPushButton(_("Change password"))
        self.change.clicked.connect(self.submit)
        self.done = QLabel()
        self.done.setObjectName("done")
        fields = QFormLayout()
        self.form = Form(fields, self.change)
        self.form.add("old", _("Current password:"), self.old, self._old_check, required=True)
        self.form.add("new", _("New password:"), self.new, password_check(self.new), required=True)
        self.form.add("confirm", _("Repeat it:"), self.confirm, self._confirm_check, required=True)
        self.new.textEdited.connect(lambda: self.form.validate())
        # Enter in a password field changes the password; it does not close Settings.
        keys.enter_presses(self.change, self.old, self.new, self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.change))
        layout.addWidget(self.done)
        layout.addStretch(1)
        self.form.validate()

    def _old_check(self) -> str:
        return "" if self.old.text() else _("Enter your current password.")

    def _confirm_check(self) -> str:
        return "" if self.confirm.text() == self.new.text() else _("The two passwords differ.")

    def submit(self) -> None:
        self.done.clear()
        if not self.form.validate():
            return
        try:
            self.profile.change_password(self.old.text(), self.new.text())
        except WrongPassword as exc:
            self.form.set_error("old", exc.message)
            return
        except ValidationError as exc:
            self.form.set_error("new", exc.message)
            return
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        for edit in (self.old, self.new, self.confirm):
            edit.clear()
        for field in self.form.fields.values():
            field.touched = False
        self.form.validate()
        self.done.setText(_("Your password was changed."))


class SettingsDialog(QDialog):
    """Enter (Save) keeps the officer's settings and applies the text size and theme at once;
    Escape (Cancel) closes without keeping them. The language applies as it is chosen."""

    def __init__(
        self,
        opened: OpenProfile,
        set_language: Callable[[str], Any],
        tab: int = GENERAL,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._set_language = set_language
        self.profile = opened
        self.setMinimumWidth(520)
        self._fitted = False
        self.tabs = QTabWidget()
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        mine = account_settings.load(opened)
        general = QWidget()
        self.language = language_combo(i18n.language())
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.text_size = QComboBox()
        self.text_size.setObjectName("text_size")
        for size in account_settings.TEXT_SIZES:
            self.text_size.addItem("", size)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(mine.text_size)))
        self.text_size_label = QLabel()
        self.text_size_label.setBuddy(self.text_size)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        for code in account_settings.THEMES:
            self.theme.addItem("", code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(mine.theme)))
        self.theme_label = QLabel()
        self.theme_label.setBuddy(self.theme)
        self.look_help = QLabel()
        self.look_help.setWordWrap(True)
        lang_form = QFormLayout(general)
        lang_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        lang_form.addRow(self.language_label, self.language)
        lang_form.addRow(self.text_size_label, self.text_size)
        lang_form.addRow(self.theme_label, self.theme)
        lang_form.addRow(self.look_help)
        self.documents = DocumentsPanel(opened, mine, self.ok)
        self.password = PasswordPanel(opened)
        self.tabs.addTab(_scrolling(general), "")
        self._documents_area = _scrolling(self.documents)
        self.tabs.addTab(self._documents_area, "")
        self.tabs.addTab(self.password, "")
        # The same list as Administration → Backups (restoring is for administrators).
        self.backups = BackupsPanel(opened)
        self.tabs.addTab(self.backups, "")
        self.reason = ReasonLine()
        self.documents.form.reason_line = self.reason
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.tabs.setCurrentIndex(tab)
        self.retranslate()
        self.documents.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """At first show: the size the tabs want, within the screen's free area."""
        if not self._fitted:
            self._fitted = True
            screen = self.screen() or QApplication.primaryScreen()
            free = screen.availableGeometry() if screen is not None else None
            hint = self.sizeHint().expandedTo(self.minimumSizeHint())
            if free is not None:  # the title bar and frame take about 40 pixels
                hint = hint.boundedTo(QSize(free.width() - 20, free.height() - 60))
            self.resize(hint)
        super().showEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.tabs.setTabText(GENERAL, _("General"))
        self.tabs.setTabText(DOCUMENTS, _("Documents"))
        self.tabs.setTabText(PASSWORD, _("Password"))
        self.tabs.setTabText(BACKUPS, _("Backups"))
        for tab, name in TAB_ICONS.items():  # here too for the tabs rebuilt in a new language
            self.tabs.setTabIcon(tab, icons.icon(name))
        self.language_label.setText(_("Language:"))
        self.text_size_label.setText(_("Text size:"))
        self.theme_label.setText(_("Theme:"))
        for n in range(self.text_size.count()):
            size = self.text_size.itemData(n)
            shown = _("{percent}%").format(percent=i18n.format_number(size))
            if size == 100:
                shown = _("{percent}% (usual)").format(percent=i18n.format_number(size))
            self.text_size.setItemText(n, shown)
        for n in range(self.theme.count()):
            self.theme.setItemText(n, _(account_settings.THEMES[self.theme.itemData(n)]))
        self.look_help.setText(_("Text size and theme are yours alone: they apply when you "
                                 "save and each time you sign in."))  # fmt: skip
        self.ok.setText(_("Save"))
        cancel = self.buttons.buttons()[-1]
        if cancel is not self.ok:
            cancel.setText(_("Cancel"))

    def settings(self) -> AccountSettings:
        """The settings as shown (not yet kept)."""
        return AccountSettings(
            **self.documents.values(),
            text_size=int(self.text_size.currentData()),
            theme=str(self.theme.currentData()),
        )

    def accept(self) -> None:
        """Keep the settings and apply the look; a refusal keeps the dialog open."""
        if not self.documents.form.validate():
            self.tabs.setCurrentIndex(DOCUMENTS)
            return
        kept = self.documents.form.submit(
            self, lambda: account_settings.save(self.profile, self.settings())
        )
        if kept is None:
            self.tabs.setCurrentIndex(DOCUMENTS)
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_settings(app, kept)
        super().accept()

    def _language_chosen(self) -> None:
        self._set_language(str(self.language.currentData()))
        # The password tab is rebuilt in the new language (nothing typed there is kept);
        # the documents tab too, with what was typed in it.
        current = self.tabs.currentIndex()
        old, self.password = self.password, PasswordPanel(self.profile)
        self.tabs.removeTab(PASSWORD)
        self.tabs.insertTab(PASSWORD, self.password, "")
        typed = AccountSettings(**self.documents.values())
        old_area = self._documents_area
        self.documents = DocumentsPanel(self.profile, typed, self.ok)
        self.documents.form.reason_line = self.reason
        self._documents_area = _scrolling(self.documents)
        self.tabs.removeTab(DOCUMENTS)
        self.tabs.insertTab(DOCUMENTS, self._documents_area, "")
        self.tabs.setCurrentIndex(current)
        old.deleteLater()
        old_area.deleteLater()
        self.retranslate()
        self.documents.form.validate()
        name_fields(self)  # the rebuilt tabs' inputs named, their labels' Alt+letters
