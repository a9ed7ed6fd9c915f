"""What every section page shares: a heading, the open profile, accessible names for its
inputs, and the "Last sync" text."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile, get_setting
from desktop.ui.input_names import name_inputs


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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        # Built by hand, the filter bars and lists have no labels of their own: each input
        # without an accessible name takes its caption's, placeholder's or tab's (a page's
        # parts may be built after it first shows: named each time it is shown).
        name_inputs(self, _(self.title))
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload what the page shows (called when it is shown again)."""

    def restored(self, table: str, row_id: str) -> None:
        """A deleted row of *table* came back (Undo): show it, if the page lists it."""


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
