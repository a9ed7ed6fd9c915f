"""Buttons and message boxes with our own translated texts (Qt has no Vietnamese catalog).

Message boxes open without blocking (``open()``): the event loop keeps running, so
background results still arrive and tests can read and close the box.

Keys: Enter performs a dialog's main action and nothing else. In a QDialog every
QPushButton is an "auto default" button, and when the dialog has no default of its own
Qt makes the first of them in the tab order the default (the sign-in dialog's "Forgot
password?" opened on Enter): ``main_action()`` makes one button the default and takes
auto-default from every other; a ``button_box()`` does it when its dialog is shown.
A confirmation of a destructive action (``ask``) has Cancel as its default.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from desktop.core.i18n import _

APP_TITLE = "Khiên"


def main_action(dialog: QWidget, button: QPushButton) -> None:
    """Make *button* the one Enter presses in *dialog*: its default, and the only
    auto-default button of the dialog's own (a focused button other than it is pressed
    with Space, as everywhere; Enter stays the main action)."""
    for other in dialog.findChildren(QPushButton):
        if other is not button and other.window() is dialog.window():
            other.setAutoDefault(False)
    button.setAutoDefault(True)
    button.setDefault(True)


class _MainOnShow(QObject):
    """Settles the keys of a button box's dialog each time the box is shown (the dialog
    is unknown when the box is made, and may add buttons after it)."""

    def __init__(self, box: QDialogButtonBox, ok: QPushButton) -> None:
        super().__init__(box)
        self.ok = ok

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            window = watched.window()
            if isinstance(window, QDialog):
                main_action(window, self.ok)
        return False


def button_box(
    ok_text: str | None = None, cancel_text: str | None = None, *, cancel: bool = True
) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box whose buttons carry our texts; returns it and its accept button,
    which is the dialog's default (Enter) button."""
    box = QDialogButtonBox()
    ok = box.addButton(ok_text or _("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    if cancel:
        no = box.addButton(cancel_text or _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        no.setAutoDefault(False)
    box.installEventFilter(_MainOnShow(box, ok))
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


def question_box(
    parent: QWidget | None, text: str, yes_text: str, title: str = "", *, destructive: bool = True
) -> tuple[QMessageBox, QPushButton]:
    """The yes/cancel question ``ask`` shows (not yet open); returns it and its yes button.
    Enter presses Cancel when the action is *destructive* (deletes, retires, locks out,
    overrides a warning), *yes_text* otherwise; Escape always cancels."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title or APP_TITLE)
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setEscapeButton(no)
    box.setDefaultButton(no if destructive else yes)  # it has the focus when shown
    return box, yes


def ask(
    parent: QWidget | None, text: str, yes_text: str, title: str = "", *, destructive: bool = True
) -> bool:
    """A blocking yes/cancel question; True when the user chose *yes_text*. Cancel is the
    default unless the caller says the action is not destructive."""
    box, yes = question_box(parent, text, yes_text, title, destructive=destructive)
    box.exec()
    return box.clickedButton() is yes
