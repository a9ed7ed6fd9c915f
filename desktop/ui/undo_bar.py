"""The status bar's offer to undo the last deletion: "Deleted … — Undo" for a few seconds
(or until the next deletion), also Ctrl+Z while it shows. The core decides whether the
row may still come back (``desktop.core.trash``); a refusal is its one sentence."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.core import trash
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.ui import texts

UNDO_SECONDS = 15
MESSAGE_EMS = 45  # the longest message shown, in widths of an M


def undo_key() -> QKeySequence:
    return QKeySequence(QKeySequence.StandardKey.Undo)


class UndoBar(QWidget):
    restored = Signal(str, str)  # table, row id: the row is back
    available = Signal(bool)  # an undo is offered (Ctrl+Z works) or not

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.target: tuple[str, str] | None = None
        self.label = QLabel()
        self.label.setObjectName("undo_message")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.setObjectName("undo")
        self.button.setFlat(True)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.setStyleSheet(
            "text-decoration: underline; color: palette(link); padding: 0 4px;"
        )
        self.button.clicked.connect(self.undo)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(UNDO_SECONDS * 1000)
        self.timer.timeout.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.label)
        row.addWidget(self.button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.button.setText(_("Undo"))
        key = undo_key().toString(QKeySequence.SequenceFormat.NativeText)
        self.button.setToolTip(_("Bring it back ({key})").format(key=key))

    def offer(self, what: str, table: str, row_id: str) -> None:
        """Show "Deleted *what* — Undo"; it replaces an earlier offer."""
        self.target = (table, row_id)
        text = _("Deleted: {what} —").format(what=what)
        # A long title is shortened in its middle: the office, user and sync stay readable.
        width = self.label.fontMetrics().horizontalAdvance("M") * MESSAGE_EMS
        self.label.setText(
            self.label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width)
        )
        self.label.setToolTip(text)
        self.show()
        self.timer.start()
        self.available.emit(True)

    def clear(self) -> None:
        self.timer.stop()
        self.target = None
        self.hide()
        self.available.emit(False)

    def undo(self) -> None:
        if self.target is None:
            return
        table, row_id = self.target
        self.clear()
        try:
            trash.restore(self.profile, table, row_id)
        except KhienError as exc:
            texts.show_error(self.window(), exc.message)
            return
        self.restored.emit(table, row_id)
