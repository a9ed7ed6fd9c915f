"""Buttons and message boxes with our own translated texts (Qt has no Vietnamese catalog).

Message boxes open without blocking (``open()``): the event loop keeps running, so
background results still arrive and tests can read and close the box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget

from desktop.core.i18n import _

APP_TITLE = "Khiên"


def button_box(
    ok_text: str | None = None, cancel_text: str | None = None, *, cancel: bool = True
) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box whose buttons carry our texts; returns it and its accept button."""
    box = QDialogButtonBox()
    ok = box.addButton(ok_text or _("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    if cancel:
        box.addButton(cancel_text or _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    return box, ok


def _box(parent: QWidget | None, icon: QMessageBox.Icon, text: str, title: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title or APP_TITLE)
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_error(parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Warning, text, title)


def show_info(parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    return _box(parent, QMessageBox.Icon.Information, text, title)


def ask(parent: QWidget | None, text: str, yes_text: str, title: str = "") -> bool:
    """A blocking yes/cancel question; True when the user chose *yes_text*."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title or APP_TITLE)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes
