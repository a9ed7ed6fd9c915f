"""After the first run: hand the province's recovery key to the administrator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.core.i18n import _
from desktop.ui import texts


class RecoveryKeyDialog(QDialog):
    def __init__(self, identity: str) -> None:
        super().__init__()
        self._identity = identity
        self.setWindowTitle(_("Recovery key"))
        self.setMinimumWidth(600)
        head = QLabel(_("The installation is ready. This is its recovery key."))
        head.setStyleSheet("font-weight: bold;")
        head.setWordWrap(True)
        note = QLabel(
            _(
                "It is the only way to recover access when a password is forgotten. Save it "
                "to a USB stick or print it, and keep it offline in the province's safe; "
                "it is not stored on this computer."
            )
        )
        note.setWordWrap(True)
        self.key = QLabel(identity)
        self.key.setObjectName("key")
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setWordWrap(True)
        self.key.setStyleSheet("background: #f4f4f4; padding: 8px; border: 1px solid #ccc;")
        self.save = QPushButton(_("Save to file…"))
        self.save.clicked.connect(self._choose_file)
        self.copy = QPushButton(_("Copy"))
        self.copy.clicked.connect(self.copy_key)
        self.status = QLabel(_("Save or copy the key to continue."))
        self.status.setWordWrap(True)
        self.buttons, self.ok = texts.button_box(_("Continue"), cancel=False)
        self.ok.setEnabled(False)
        self.ok.setToolTip(self.status.text())
        self.buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addWidget(self.copy)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        for w in (head, note, self.key):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        # Closing without keeping the key would lose it for good.
        if self.ok.isEnabled():
            self.accept()

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self._identity)
        self._kept(_("Copied. Paste it into a file on a USB stick before you continue."))

    def _choose_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery key"), "khien-recovery-key.txt", _("Text files (*.txt)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        try:
            path.write_text(self._identity + "\n", encoding="utf-8")
        except OSError as exc:
            texts.show_error(
                self, _("The file could not be written: {reason}").format(reason=exc.strerror)
            )
            return False
        self._kept(_("Saved to {path}.").format(path=path))
        return True

    def _kept(self, message: str) -> None:
        self.status.setText(message)
        self.ok.setEnabled(True)
        self.ok.setToolTip("")
