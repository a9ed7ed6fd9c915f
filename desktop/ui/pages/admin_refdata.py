"""Reference lists: pick a list, add, edit, retire or restore its items."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import profile, refdata
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.security import roles
from desktop.ui import keys, texts, window_state
from desktop.ui.empty_note import EmptyNote, nothing_yet
from desktop.ui.pages.base import note
from desktop.ui.pages.refdata_dialog import RefItemDialog
from desktop.ui.pages.refdata_model import CAPS, CODE, RefDataModel


class RefDataPanel(QWidget):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.editable = roles.can_administer(opened.user.role)
        self.dialog: RefItemDialog | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in refdata.KINDS.items():
            self.kind.addItem(_(label), code)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.model = RefDataModel()
        self.table = QTableView()
        self.table.setObjectName("refdata")  # its column widths are remembered by this name
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.setColumnHidden(CODE, True)  # codes are the software's, not officers'
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.empty_note = EmptyNote(self.table)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        keys.list_keys(self.table, self.edit_selected)  # items are retired, not deleted
        self.add = QPushButton(_("Add…"))
        self.add.clicked.connect(self.add_item)
        self.edit = QPushButton(_("Edit…"))
        self.edit.clicked.connect(self.edit_selected)
        self.retire = QPushButton(_("Retire"))
        self.retire.clicked.connect(self.toggle_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("List:")))
        top.addWidget(self.kind, 1)
        buttons = QHBoxLayout()
        for b in (self.add, self.edit, self.retire):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if not self.editable:
            layout.addWidget(note(_("Only a provincial administrator may change these lists.")))
        else:
            layout.addWidget(
                note(
                    _(
                        "A retired item stays on old records but is no longer offered on "
                        "new ones. Items marked “To be checked” were seeded from public "
                        "sources: confirm their names."
                    )
                )
            )
            layout.addWidget(
                note(
                    _(
                        "An item is offered only on records dated between its “valid from” "
                        "and “valid to” days (empty: no limit); older records keep showing it."
                    )
                )
            )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh()

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def refresh(self) -> None:
        self.model.set_items(profile.reference_items(self.profile, self.current_kind()))
        window_state.size_columns(self.table)
        for col, widest in CAPS.items():  # long names and notes: elided, whole in the tooltip
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
        button = self.add.text() if self.editable else ""
        self.empty_note.set_text(nothing_yet(_("This list has no item yet"), button))
        self._update_buttons()

    def selected(self) -> refdata.ItemView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        self.add.setEnabled(self.editable)
        self.edit.setEnabled(self.editable and item is not None)
        self.retire.setEnabled(self.editable and item is not None)
        self.retire.setText(_("Restore") if item is not None and not item.active else _("Retire"))

    def _open(self, item: refdata.ItemView | None) -> None:
        self.dialog = RefItemDialog(self.profile, self.current_kind(), item, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def add_item(self) -> None:
        if self.editable:
            self._open(None)

    def edit_selected(self) -> None:
        item = self.selected()
        if self.editable and item is not None:
            self._open(item)

    def _saved(self) -> None:
        saved = self.dialog.saved if self.dialog else None
        self.refresh()
        if saved is not None:
            self.select_id(saved.id)

    def select_id(self, item_id: str) -> None:
        for row, it in enumerate(self.model.rows):
            if it.id == item_id:
                self.table.selectRow(row)
                return

    def toggle_selected(self) -> None:
        item = self.selected()
        if not self.editable or item is None:
            return
        try:
            profile.set_reference_active(self.profile, item.id, not item.active)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.refresh()
        self.select_id(item.id)
