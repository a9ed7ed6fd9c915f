"""Dashboard: who and where this installation is, and the cases that need attention
(awaiting verification, overdue), each opening the Cases section with that filter."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.core import places, profile
from desktop.core.cases import listing
from desktop.core.i18n import N_, _, format_number
from desktop.core.security import roles
from desktop.ui.pages.base import Page, last_sync_text, note

LEVELS = {"province": N_("Provincial office"), "area": N_("Area office"), "commune": N_("Commune")}


class DashboardPage(Page):
    title = N_("Dashboard")
    # A figure was clicked: open the Cases section with this filter ("awaiting", "overdue").
    open_cases = Signal(str)

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        user, node = opened.user, opened.node
        self.welcome = QLabel(_("Welcome, {name}.").format(name=user.full_name))
        self.layout_.addWidget(self.welcome)
        facts = QFormLayout()
        facts.addRow(_("Office:"), QLabel(node.office_name))
        facts.addRow(_("Province:"), QLabel(places.province_name(node.province_code)))
        facts.addRow(_("Installation:"), QLabel(_(LEVELS.get(node.level, node.level))))
        facts.addRow(_("Your role:"), QLabel(roles.label(user.role)))
        self.accounts = QLabel()
        facts.addRow(_("Accounts:"), self.accounts)
        self.sync = QLabel()
        facts.addRow(_("Sync:"), self.sync)
        self.layout_.addLayout(facts)
        self.layout_.addSpacing(12)
        self.awaiting = QPushButton()
        self.awaiting.setObjectName("awaiting")
        self.overdue = QPushButton()
        self.overdue.setObjectName("overdue")
        figures = QHBoxLayout()
        for button, preset in ((self.awaiting, "awaiting"), (self.overdue, "overdue")):
            button.setMinimumHeight(56)
            button.setToolTip(_("Open the Cases section with this filter"))
            button.clicked.connect(lambda _c=False, p=preset: self.open_cases.emit(p))
            figures.addWidget(button)
        figures.addStretch(1)
        self.layout_.addWidget(QLabel("<b>" + _("Cases") + "</b>"))
        self.layout_.addLayout(figures)
        self.layout_.addSpacing(12)
        self.layout_.addWidget(
            note(_("Figures on outreach events come with the outreach register."))
        )
        self.layout_.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.accounts.setText(format_number(profile.account_count(self.profile)))
        self.sync.setText(last_sync_text(self.profile))
        waiting = listing.awaiting_count(self.profile)
        late = listing.overdue_count(self.profile)
        self.awaiting.setText(_("Awaiting verification: {n}").format(n=format_number(waiting)))
        self.overdue.setText(_("Overdue: {n}").format(n=format_number(late)))
        self.overdue.setStyleSheet("color: #b00020; font-weight: bold;" if late else "")
