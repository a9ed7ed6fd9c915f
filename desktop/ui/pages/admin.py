"""Administration: reference lists, offices, accounts, backups, demonstration data."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.ui.pages.admin_accounts import AccountsPanel
from desktop.ui.pages.admin_backups import BackupsPanel
from desktop.ui.pages.admin_demo import DemoPanel
from desktop.ui.pages.admin_offices import OfficesPanel
from desktop.ui.pages.admin_refdata import RefDataPanel
from desktop.ui.pages.base import Page


class AdminPage(Page):
    title = N_("Administration")

    def __init__(self, profile: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(profile, parent)
        self.tabs = QTabWidget()
        self.refdata = RefDataPanel(profile)
        self.offices = OfficesPanel(profile)
        self.accounts = AccountsPanel(profile)
        self.backups = BackupsPanel(profile)
        self.demo = DemoPanel(profile)
        self.tabs.addTab(self.refdata, _("Reference lists"))
        self.tabs.addTab(self.offices, _("Offices"))
        self.tabs.addTab(self.accounts, _("Accounts"))
        self.tabs.addTab(self.backups, _("Backups"))
        self.tabs.addTab(self.demo, _("Demo data"))
        self.layout_.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.offices.refresh()
        self.accounts.refresh()
        self.backups.refresh()
