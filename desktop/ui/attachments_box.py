"""The photos and scans of one event in its form: name, size, a thumbnail for images, and
adding or removing them (the core refuses a file that is too large or of the wrong type,
and that sentence is shown next to the list). A removal asks first and can be undone for a
few seconds from the line under the list ("Deleted: … — Undo", Ctrl+Z there): the form is
a dialog over the main window, whose status bar cannot be reached while it is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.outreach import attachments
from desktop.core.profile import OpenProfile
from desktop.ui import texts
from desktop.ui.forms import set_alert
from desktop.ui.undo_bar import UndoBar, undo_key

THUMB_PX = 64
TABLE = "event_attachments"  # as core.trash names it (Undo)


def size_text(size: int) -> str:
    """A file size as officers read it: 850 KB, 2,4 MB (the language's separators)."""
    if size < 1024 * 1024:
        return _("{n} KB").format(n=i18n.format_number(max(1, -(-size // 1024))))
    return _("{n} MB").format(n=i18n.format_number(size / (1024 * 1024), 1))


class AttachmentsBox(QGroupBox):
    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(_("Attachments"), parent)
        self.profile = opened
        self.event_id: str | None = None
        self.editable = False
        self.items: list[attachments.AttachmentView] = []
        self.rows: list[tuple[QLabel, QLabel, QPushButton]] = []
        self.list_box = QVBoxLayout()
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel()
        self.empty.setObjectName("attachments_empty")
        self.empty.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("attachment_error")
        set_alert(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        self.add_btn = QPushButton(_("Add photo or scan…"))
        self.add_btn.setAutoDefault(False)  # Enter in the form saves; it never opens a picker
        self.add_btn.clicked.connect(self.choose)
        self.undo = UndoBar(opened)
        self.undo.button.setAutoDefault(False)  # Enter in the form still saves the event
        self.undo.restored.connect(lambda _table, _id: self.refresh())
        undo = QShortcut(undo_key(), self, self.undo.undo)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_btn)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(self.list_box)
        box.addWidget(self.empty)
        box.addWidget(self.error)
        box.addWidget(self.undo, 0, Qt.AlignmentFlag.AlignLeft)  # "Undo" beside its message
        box.addLayout(buttons)

    def set_event(self, event_id: str | None, editable: bool) -> None:
        self.event_id, self.editable = event_id, editable
        self.error.hide()
        self.undo.clear()  # a removal from another event is not undone here
        self.refresh()

    def refresh(self) -> None:
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            row = item.widget() if item is not None else None
            if row is not None:
                row.hide()  # the focus leaves it now, not when it is deleted
                row.deleteLater()
        self.rows = []
        self.items = (
            attachments.list_attachments(self.profile, self.event_id) if self.event_id else []
        )
        for view in self.items:
            self._add_row(view)
        if self.event_id is None:
            self.empty.setText(_("Save the event first, then add its photos or scans."))
        else:
            self.empty.setText(_("No photo or scan yet."))
        self.empty.setVisible(not self.items)
        self.add_btn.setEnabled(self.editable and self.event_id is not None)

    def _add_row(self, view: attachments.AttachmentView) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        thumb = QLabel()
        thumb.setFixedSize(THUMB_PX, THUMB_PX)
        thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap()
        if view.thumbnail and pixmap.loadFromData(view.thumbnail):
            thumb.setPixmap(
                pixmap.scaled(
                    THUMB_PX, THUMB_PX, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )  # fmt: skip
        else:
            thumb.setText("PDF" if view.mime == "application/pdf" else "")
        name = QLabel(f"{view.file_name}\n{size_text(view.size)}")
        name.setTextFormat(Qt.TextFormat.PlainText)
        remove = QPushButton(_("Remove"))
        remove.setAutoDefault(False)
        remove.setEnabled(self.editable)
        remove.clicked.connect(lambda _c=False, i=view.id: self.remove(i))
        line.addWidget(thumb)
        line.addWidget(name, 1)
        line.addWidget(remove)
        self.list_box.addWidget(row)
        self.rows.append((thumb, name, remove))

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Add photo or scan"), "", _("Photos and scans (*.jpg *.jpeg *.png *.pdf)")
        )
        if path:
            self.add(Path(path))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def add(self, path: Path) -> bool:
        if self.event_id is None:
            return False
        try:
            attachments.add_attachment(self.profile, self.event_id, path)
        except KhienError as exc:
            self._show_error(exc.message)
            return False
        except OSError:
            self._show_error(_("This file cannot be read."))
            return False
        self._show_error("")
        self.refresh()
        return True

    def remove(self, attachment_id: str) -> None:
        """Remove one photo or scan after the officer confirms; Undo brings it back."""
        name = next((v.file_name for v in self.items if v.id == attachment_id), "")
        question = _(
            "Remove “{name}” from this event? You can undo it below the list for a few seconds."
        ).format(name=name)
        if not texts.ask(self, question, _("Remove"), destructive=True):
            return
        try:
            attachments.remove_attachment(self.profile, attachment_id)
        except KhienError as exc:
            self._show_error(exc.message)
            return
        self._show_error("")
        self.refresh()
        self.undo.offer(f"“{name}”", TABLE, attachment_id)
        self.undo.button.setFocus()  # where Enter, Space and Ctrl+Z bring it back
