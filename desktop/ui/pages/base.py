"""What every section page shares: a heading, the open profile, and a plain note for
features that are not built yet (never fake data)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile, get_setting


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    label.setStyleSheet("font-size: 15pt; font-weight: bold; margin-bottom: 6px;")
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("note")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Page(QWidget):
    """A section of the main window. ``title`` is an N_-marked English source string."""

    title = ""
    # A row was deleted: (what, for "Deleted: …"; its table; its id). The main window
    # offers to undo it from the status bar.
    deleted = Signal(str, str, str)

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.addWidget(heading(_(self.title)))

    def refresh(self) -> None:
        """Reload what the page shows (called when it is shown again)."""

    def restored(self, table: str, row_id: str) -> None:
        """A deleted row of *table* came back (Undo): show it, if the page lists it."""


class NotBuiltPage(Page):
    """A section whose feature comes later: it says so, plainly."""

    message = ""

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.layout_.addWidget(note(_(self.message)))
        self.layout_.addStretch(1)


def last_sync_text(profile: OpenProfile) -> str:
    """“Last sync: …” from the ``last_sync`` setting (an ISO date-time), or “Never synced”."""
    value = get_setting(profile, "last_sync")
    if not value:
        return _("Never synced")
    try:
        when = i18n.format_datetime(dt.datetime.fromisoformat(value))
    except ValueError:
        when = value
    return _("Last sync: {when}").format(when=when)
