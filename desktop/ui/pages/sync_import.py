"""Before a bundle is applied the officer sees what it holds and confirms."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.core.i18n import _
from desktop.core.sync.exchange import Preview
from desktop.ui import texts
from desktop.ui.pages.sync_texts import counts_text, when_text


class PreviewDialog(QDialog):
    """Origin office, author, date and counts per kind; Apply or Cancel."""

    def __init__(self, preview: Preview, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(_("Import a bundle"))
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        shown = {
            "file": (_("File:"), file_name),
            "origin": (_("From office:"), preview.origin_name or _("(unnamed office)")),
            "author": (_("Made by:"), preview.author),
            "created": (_("Made on:"), when_text(preview.created)),
            "counts": (_("Records:"), counts_text(preview.counts)),
        }
        for key, (caption, value) in shown.items():
            label = QLabel(value)
            label.setObjectName(key)
            label.setWordWrap(True)
            self.rows[key] = label
            form.addRow(caption, label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if preview.already_imported:
            note = QLabel(_("This bundle was imported already: applying it again changes nothing."))
            note.setObjectName("already")
            note.setWordWrap(True)
            layout.addWidget(note)
        box, self.ok = texts.button_box(_("Apply"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
