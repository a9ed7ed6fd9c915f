"""The installation's office tree: province office → area offices → commune offices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.errors import KhienError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.security import roles
from desktop.core.sync import enrol
from desktop.ui import keys, texts
from desktop.ui.forms import Form, password_check, username_check
from desktop.ui.ops import Op
from desktop.ui.pages.base import note
from desktop.ui.pages.enrol_dialog import EnrolDialog, PackageWriter, new_first_password
from desktop.ui.pages.office_dialog import OfficeDialog, level_label

COLUMNS = (N_("Office"), N_("Level"), N_("Commune or area served"))


class OfficesPanel(QWidget):
    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.editable = roles.can_administer(opened.user.role)
        self.dialog: OfficeDialog | None = None
        self.rows: list[profile.OfficeRow] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("offices")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_selected())
        keys.list_keys(self.tree, self.edit_selected)  # offices are retired, not deleted
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self.add_area = QPushButton(_("Add area office…"))
        self.add_area.clicked.connect(lambda: self._open("area", None))
        self.add_commune = QPushButton(_("Add commune office…"))
        self.add_commune.clicked.connect(lambda: self._open("commune", None))
        self.edit = QPushButton(_("Edit…"))
        self.edit.clicked.connect(self.edit_selected)
        self.retire = QPushButton(_("Retire"))
        self.retire.clicked.connect(self.retire_selected)
        self.enrol = QPushButton(_("Enrol a laptop…"))
        self.enrol.setObjectName("enrol")
        self.enrol.clicked.connect(self.open_enrol)
        self.enrol_dialog: EnrolDialog | None = None
        self.replace = QPushButton(_("Replace laptop…"))
        self.replace.setObjectName("replace")
        self.replace.setToolTip(
            _("Enrol a new laptop for this office when its laptop is lost, stolen or broken.")
        )
        self.replace.clicked.connect(self.replace_selected)
        self.replace_dialog: ReplaceDialog | None = None
        self.laptops: dict[str, bool] = {}

        layout = QVBoxLayout(self)
        if not self.editable:
            layout.addWidget(note(_("Only a provincial administrator may change the offices.")))
        else:
            layout.addWidget(
                note(
                    _(
                        "Area offices are optional: a commune office may report straight to "
                        "the province office. An office can be retired once no office and "
                        "no account is under it."
                    )
                )
            )
        layout.addWidget(self.tree, 1)
        # Two rows: the offices themselves, then their laptops (one row of six needs more
        # than the page has at 150 % text on a 1280 px wide screen).
        buttons = QHBoxLayout()
        for b in (self.add_area, self.add_commune, self.edit, self.retire):
            buttons.addWidget(b)
        buttons.addStretch(1)
        laptops = QHBoxLayout()
        laptops.addStretch(1)
        laptops.addWidget(self.replace)
        laptops.addWidget(self.enrol)
        layout.addLayout(buttons)
        layout.addLayout(laptops)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected()
        self.rows = profile.office_rows(self.profile)
        self.laptops = enrol.offices_with_laptops(self.profile)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            served = row.unit_name
            if row.level == "area":
                n = len(row.area_codes)
                communes = ngettext("{n} commune", "{n} communes", n)
                served = communes.format(n=i18n.format_number(n)) if n else ""
            item = QTreeWidgetItem([row.name, level_label(row.level), served])
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            parent = items.get(row.parent_id or "")
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[row.id] = item
        self.tree.expandAll()
        if keep is not None:
            self.select_id(keep.id)
        self._update_buttons()

    def selected(self) -> profile.OfficeRow | None:
        chosen = self.tree.selectedItems()
        if not chosen:
            return None
        office_id = chosen[0].data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == office_id), None)

    def select_id(self, office_id: str) -> None:
        for item in self._all_items():
            if item.data(0, Qt.ItemDataRole.UserRole) == office_id:
                self.tree.setCurrentItem(item)
                return

    def _all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            out.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return out

    def shown(self) -> list[tuple[int, str, str, str]]:
        """What the tree shows, parents first: (depth, name, level, served)."""

        def depth(item: QTreeWidgetItem) -> int:
            d = 0
            while item.parent() is not None:
                item, d = item.parent(), d + 1
            return d

        return [(depth(i), i.text(0), i.text(1), i.text(2)) for i in self._all_items()]

    def _update_buttons(self) -> None:
        row = self.selected()
        self.add_area.setEnabled(self.editable)
        self.add_commune.setEnabled(self.editable)
        self.edit.setEnabled(self.editable and row is not None)
        self.retire.setEnabled(self.editable and row is not None and row.level != "province")
        self.enrol.setEnabled(self.editable)
        self.replace.setEnabled(self.editable and row is not None and row.id in self.laptops)

    def open_enrol(self) -> EnrolDialog | None:
        """Make a setup package for a new commune or area laptop (its office is added)."""
        if not self.editable:
            return None
        self.enrol_dialog = EnrolDialog(self.profile, self)
        self.enrol_dialog.accepted.connect(self.refresh)
        self.enrol_dialog.open()
        return self.enrol_dialog

    def replace_selected(self) -> ReplaceDialog | None:
        """A new laptop for the selected office; its earlier laptop is locked out."""
        row = self.selected()
        if not self.editable or row is None or row.id not in self.laptops:
            return None
        question = _(
            "Enrol a replacement laptop for “{name}”? The office's current laptop will be "
            "locked out: its bundles are refused from the moment the package is written, and "
            "it locks itself when a receipt reaches it. Work on it not yet sent here is lost."
        )
        if not texts.ask(self, question.format(name=row.name), _("Replace laptop…")):
            return None
        self.replace_dialog = ReplaceDialog(self.profile, row, self)
        self.replace_dialog.accepted.connect(self.refresh)
        self.replace_dialog.open()
        return self.replace_dialog

    def _open(self, level: str, row: profile.OfficeRow | None) -> None:
        if not self.editable:
            return
        self.dialog = OfficeDialog(self.profile, level, row, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row.level, row)

    def _saved(self) -> None:
        saved = self.dialog.saved if self.dialog else None
        self.refresh()
        if saved is not None:
            self.select_id(saved.id)

    def retire_selected(self) -> None:
        row = self.selected()
        if not self.editable or row is None:
            return
        question = _("Retire “{name}”? It will no longer be offered for new accounts.")
        if not texts.ask(self, question.format(name=row.name), _("Retire")):
            return
        try:
            profile.retire_office(self.profile, row.id)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.refresh()


class ReplaceDialog(PackageWriter, QDialog):
    """A setup package for a replacement laptop of an existing office, then the slip."""

    def __init__(
        self, opened: profile.OpenProfile, row: profile.OfficeRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile, self.row = opened, row
        self.op: Op | None = None
        self.slip = None
        self.written = None
        self.setWindowTitle(_("Replace the laptop of “{name}”").format(name=row.name))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "The new laptop starts with this office's records that reached the province. "
                "Give the first officer's user name: an account of this office keeps its name "
                "and gets the first password below; another name gets a new account."
            )
        )
        intro.setWordWrap(True)
        known = [a for a in profile.list_accounts(opened) if a.office_id == row.id and a.active]
        self.username = QLineEdit(known[0].username if known else "")
        self.username.setObjectName("username")
        self.full_name = QLineEdit(known[0].full_name if known else "")
        self.full_name.setObjectName("full_name")
        self.password = QLineEdit(new_first_password())
        self.password.setObjectName("password")
        self.passphrase = enrol.new_passphrase()
        self.buttons, self.ok = texts.button_box(_("Write the setup package…"))
        self.buttons.accepted.connect(self.write_package)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        self.form.add(
            "username", _("First officer's user name:"), self.username,
            username_check(self.username), required=True,
        )  # fmt: skip
        self.form.add("full_name", _("Full name:"), self.full_name, self._name_check, required=True)
        self.form.add(
            "password", _("First password:"), self.password, password_check(self.password),
            required=True,
        )  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.form.validate()

    def _name_check(self) -> str:
        return "" if self.full_name.text().strip() else _("Enter the person's full name.")

    def slip_office(self) -> str:
        return self.row.name

    def write_package(self) -> Op | None:
        office_id, username = self.row.id, self.username.text().strip()
        full_name, password = self.full_name.text().strip(), self.password.text()
        return self.start_writing(
            lambda: enrol.make_replacement_package(
                self.profile,
                office_id,
                username=username,
                full_name=full_name,
                password=password,
                passphrase=self.passphrase,
            )  # fmt: skip
        )
