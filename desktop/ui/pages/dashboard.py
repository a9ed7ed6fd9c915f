"""Dashboard: who and where this installation is. Figures come with the registers."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop.core import places, profile
from desktop.core.i18n import N_, _, format_number
from desktop.core.security import roles
from desktop.ui.pages.base import Page, last_sync_text, note

LEVELS = {"province": N_("Provincial office"), "area": N_("Area office"), "commune": N_("Commune")}


class DashboardPage(Page):
    title = N_("Dashboard")

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
        self.layout_.addWidget(
            note(
                _(
                    "Figures on outreach events and cases are not built yet: they come with "
                    "the outreach register and the case register."
                )
            )
        )
        self.layout_.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.accounts.setText(format_number(profile.account_count(self.profile)))
        self.sync.setText(last_sync_text(self.profile))
