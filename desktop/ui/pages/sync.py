"""The Sync section: USB bundles are not built yet; it shows when this computer last
synced."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.ui.pages.base import Page, last_sync_text, note


class SyncPage(Page):
    title = N_("Sync")

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.last = QLabel()
        self.layout_.addWidget(self.last)
        self.layout_.addWidget(
            note(
                _(
                    "Sync bundles are not built yet: writing records to a USB stick and "
                    "reading them at the provincial office come with the sync work."
                )
            )
        )
        self.layout_.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.last.setText(last_sync_text(self.profile))
