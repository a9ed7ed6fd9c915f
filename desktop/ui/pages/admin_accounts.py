"""Accounts of this installation: the list, and a new account."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import profile
from desktop.core.i18n import N_, _
from desktop.core.security import roles
from desktop.core.security.accounts import AccountView
from desktop.ui import window_state
from desktop.ui.pages.account_dialog import AccountDialog
from desktop.ui.pages.base import note

COLUMNS = (N_("User name"), N_("Full name"), N_("Role"), N_("Office"), N_("Status"))
Index = QModelIndex | QPersistentModelIndex


class AccountsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AccountView] = []

    def set_rows(self, rows: list[AccountView]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        a = self.rows[index.row()]
        status = _("Active") if a.active else _("Disabled")
        return (a.username, a.full_name, roles.label(a.role), a.office_name, status)[index.column()]


class AccountsPanel(QWidget):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.editable = roles.can_administer(opened.user.role)
        self.dialog: AccountDialog | None = None
        self.model = AccountsModel()
        self.table = QTableView()
        self.table.setObjectName("accounts")  # its column widths are kept (window_state)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.new = QPushButton(_("New account…"))
        self.new.setEnabled(self.editable)
        self.new.clicked.connect(self.new_account)
        layout = QVBoxLayout(self)
        if not self.editable:
            layout.addWidget(note(_("Only a provincial administrator may create accounts.")))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.new)
        row.addStretch(1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(profile.list_accounts(self.profile))
        window_state.size_columns(self.table)

    def new_account(self) -> None:
        self.dialog = AccountDialog(self.profile, self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
