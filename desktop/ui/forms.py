"""Forms that validate as the officer types: each field shows its reason next to it, and
the form's accept button stays disabled until every field is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.security import accounts

T = TypeVar("T")
Check = Callable[[], str]  # "" when valid, else the reason in the user's language


def core_check(fn: Callable[[], object]) -> str:
    """Run a core validator; its ValidationError's message is the reason."""
    try:
        fn()
    except ValidationError as exc:
        return exc.message
    return ""


def username_check(edit: QLineEdit) -> Check:
    return lambda: core_check(lambda: accounts.check_username(edit.text()))


def password_check(edit: QLineEdit) -> Check:
    return lambda: core_check(lambda: accounts.check_password_strength(edit.text()))


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _Field:
    def __init__(self, name: str, widget: QWidget, check: Check | None, error: QLabel):
        self.name, self.widget, self.check, self.error = name, widget, check, error
        self.touched = False
        self.server_error = ""


class Form(QObject):
    """Fields in a QFormLayout, each with a reason label under it."""

    validity_changed = Signal(bool)

    def __init__(self, layout: QFormLayout, accept: QPushButton | None = None):
        super().__init__(layout)
        self.layout = layout
        self.accept = accept
        self.fields: dict[str, _Field] = {}
        self.labels: dict[str, QLabel] = {}

    def add(self, name: str, label: str, widget: QWidget, check: Check | None = None) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.labels[name] = caption
        self.layout.addRow(caption, holder)
        field = _Field(name, widget, check, error)
        self.fields[name] = field
        self._connect(field)
        return widget

    def _connect(self, field: _Field) -> None:
        def edited() -> None:
            field.touched = True
            field.server_error = ""
            self.validate()

        w = field.widget
        if isinstance(w, QLineEdit):
            w.textEdited.connect(edited)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(edited)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(edited)

    def set_label(self, name: str, text: str) -> None:
        self.labels[name].setText(text)

    def set_error(self, name: str, message: str) -> None:
        """Show a refusal that came from the core for one field."""
        field = self.fields[name]
        field.server_error = message
        field.touched = True
        self.validate()

    def submit(self, parent: QWidget, action: Callable[[], T]) -> T | None:
        """Run a core call for the form: a refusal about one of its fields is shown next to
        that field, any other refusal as a message; returns None when refused."""
        from desktop.core.errors import KhienError
        from desktop.ui import texts

        try:
            return action()
        except ValidationError as exc:
            if exc.field in self.fields:
                self.set_error(exc.field, exc.message)
            else:
                texts.show_error(parent, exc.message)
        except KhienError as exc:
            texts.show_error(parent, exc.message)
        return None

    def error_of(self, name: str) -> str:
        error = self.fields[name].error
        return "" if error.isHidden() else error.text()

    def validate(self) -> bool:
        ok = True
        for field in self.fields.values():
            reason = field.server_error or (field.check() if field.check else "")
            if reason:
                ok = False
            shown = reason if field.touched else ""
            field.error.setText(shown)
            field.error.setVisible(bool(shown))
        if self.accept is not None:
            self.accept.setEnabled(ok)
        self.validity_changed.emit(ok)
        return ok
