"""What the parts of the case window share: the case they show (``CaseContext``), a red
line for a refusal, a date field, and a section whose Enter key runs its main button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.core import i18n
from desktop.core.cases import views
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.ui.forms import set_alert


class CaseContext(Protocol):
    """The case window as its parts see it."""

    profile: OpenProfile
    case_id: str
    detail: views.CaseDetail
    read_only_reason: str  # why nothing can be changed ("" when the role may record)

    def run(self, error: QLabel, action: Callable[[], object]) -> bool:
        """Run a core call: its refusal on *error*, else the case shown again."""
        ...

    def case_changed(self) -> None:
        """Show the case again after a change (and tell the list)."""
        ...


class ErrorLine(QLabel):
    """A refusal in one sentence, in red; it takes no room while there is none."""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


def error_label(name: str = "error") -> ErrorLine:
    label = ErrorLine()
    label.setObjectName(name)
    set_alert(label)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.hide()
    return label


def note_label(name: str, alert: bool = False) -> QLabel:
    """A note in the window's text colour (readable in either theme), in red when *alert*."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    set_alert(label, alert)
    return label


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit(name: str, today: bool = True) -> QLineEdit:
    edit = QLineEdit(i18n.format_date(dt.date.today()) if today else "")
    edit.setObjectName(name)
    edit.setPlaceholderText(_("dd/mm/yyyy"))
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
    return edit


def read_date(edit: QLineEdit, field: str) -> dt.date:
    """The date typed in *edit*, or the core's refusal naming *field*."""
    try:
        return i18n.parse_date(edit.text())
    except ValidationError as exc:
        raise ValidationError(exc.message, field) from None


def read_optional_date(edit: QLineEdit, field: str) -> dt.date | None:
    return read_date(edit, field) if edit.text().strip() else None


def button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAutoDefault(False)  # Enter in another part's field never applies this one
    b.clicked.connect(slot)
    return b


def at_right(widget: QWidget) -> QHBoxLayout:
    """*widget* at the right of a row (a form's button, as the dialogs place theirs)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    return row


class Section(QWidget):
    """A part of a form whose Enter key (from a line, a list or a check box in it) presses
    its main button, when enabled; Enter in a multi-line text still starts a new line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main_button: QPushButton | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.main_button is not None:
            event.accept()
            if self.main_button.isEnabled():
                self.main_button.click()
            return
        super().keyPressEvent(event)
