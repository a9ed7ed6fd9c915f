"""The Cases section: a lazy list of reception cases with filters and search (a case code
from any part of it; every query answered off the GUI thread, the rows shown kept until
then), and the dialogs to receive a person (Ctrl+N) and to work a case. An empty list says
what to do next."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.core import i18n, profile
from desktop.core.cases import config, listing, rules
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.security import roles
from desktop.core.stats import AGE_GROUPS, AGE_OLDEST, AGE_UNKNOWN
from desktop.ui import icons, keys, texts, window_state
from desktop.ui.empty_note import EmptyNote
from desktop.ui.forms import set_alert
from desktop.ui.pages.base import Page
from desktop.ui.pages.case_config import CaseConfigDialog
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.case_new import NewCaseDialog
from desktop.ui.pages.cases_model import NAME_COLUMN, CasesModel
from desktop.ui.pages.choice_box import ChoiceBox, Choices
from desktop.ui.pages.lazy_list import select_id

SEARCH_DELAY_MS = 300
FILTER_COLUMNS = 4  # caption and box pairs in a row
FIT_ROWS = 20  # the rows a column's width is fitted to: about a screen


class _WholeItems(QComboBox):
    """A filter box as wide as its cell, not as its longest item (a channel, a commune):
    the filters fit a 1280×720 screen; the open list shows the items whole."""

    def showPopup(self) -> None:  # noqa: N802
        # Set when it opens: asking for the list's view at once would build it (and its
        # frame) for every box before the first screen.
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        super().showPopup()


class _LazyBox(_WholeItems, ChoiceBox):
    """A filter box of choices read from the database when first needed (see ChoiceBox)."""


def _sized(box: QComboBox, name: str) -> QComboBox:
    box.setObjectName(name)
    box.setMinimumContentsLength(6)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return box


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = _WholeItems()
    box.addItem(_("All"), None)
    for label, value in items:
        box.addItem(label, value)
    return _sized(box, name)


def _lazy_combo(name: str, caption: str, load: Callable[[], Choices]) -> QComboBox:
    box = _LazyBox(caption, (None, _("All")), load)
    box.setToolTip("")  # its caption stands before it
    return _sized(box, name)


def _gates(opened: profile.OpenProfile) -> Choices:
    gates = profile.reference_items(opened, "border_gate", include_inactive=False)
    return [(g.code, g.name) for g in gates]


class CasesPage(Page):
    title = N_("Cases")

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        self.new_dialog: NewCaseDialog | None = None
        self.awaiting = False  # the dashboard's "awaiting verification" filter
        self.awaiting_note = QPushButton(_("Awaiting verification only ✕"))
        self.awaiting_note.setObjectName("awaiting_note")
        self.awaiting_note.setToolTip(_("Click to show every case"))
        self.awaiting_note.hide()
        self.awaiting_note.clicked.connect(self._clear_awaiting)
        self.case_dialog: CaseDialog | None = None
        self.can_record = roles.can_record(opened.user.role)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        if roles.can_see_identity(opened.user.role):
            self.search.setPlaceholderText(_("Search by name or case code…"))
        else:
            self.search.setPlaceholderText(_("Search by case code…"))
        self.status = _combo("status", [(_(v), k) for k, v in rules.STATUSES.items()])
        self.regime = _combo("regime", [(_(v), k) for k, v in rules.REGIMES.items()])
        self.channel = _combo("channel", [(_(v), k) for k, v in rules.CHANNELS.items()])
        self.sex = _combo("sex", [(_(v), k) for k, v in rules.SEXES.items()])
        ages = [label for label, _lo, _hi in AGE_GROUPS] + [AGE_OLDEST]
        self.age = _combo("age", [(a, a) for a in ages] + [(_("Unknown"), AGE_UNKNOWN)])
        # Read when first opened (see ChoiceBox): the list's first screen does not wait.
        self.gate = _lazy_combo("gate", _("Border gate"), lambda: _gates(opened))
        self.commune = _lazy_combo("commune", _("Commune"), lambda: profile.commune_choices(opened))
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        self.date_from.setAccessibleName(_("First day of the period"))
        self.date_to.setAccessibleName(_("Last day of the period"))
        for edit in (self.date_from, self.date_to):
            edit.setPlaceholderText(_("dd/mm/yyyy"))
            # wide enough for its placeholder ("ngày/tháng/năm") and a typed date
            wide = edit.fontMetrics().horizontalAdvance(edit.placeholderText() + "  ") + 16
            edit.setFixedWidth(max(110, wide))
            edit.editingFinished.connect(self.refresh)
        self.overdue = QCheckBox(_("Overdue only"))
        self.children = QCheckBox(_("Children only"))
        self.select_after: str | None = None  # a case to choose once the list has it
        self.model = CasesModel(opened)
        self.model.show_first(self.current_filter())  # the first screen, at once
        self.model.shown.connect(self._shown)
        self.model.names_shown.connect(self._names_shown)
        self.name_width: int | None = None  # the name column's width fitted without names
        self.model.failed.connect(self._failed)
        self.table = QTableView()
        self.table.setObjectName("cases")
        # Hidden before the model comes: a shown row header measures its first and last
        # hundred rows' headers when the model is set (800 calls of the model for nothing).
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setModel(self.model)
        self.model.watch(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Columns fit to some rows in view (the first ones while hidden), not to the first
        # 1,000 (five pages read and formatted).
        header.setResizeContentsPrecision(FIT_ROWS)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        # Masked roles have no name to show: the code is the case's only handle.
        self.table.setColumnHidden(1, not roles.can_see_identity(opened.user.role))
        self.count = QLabel()
        self.count.setObjectName("count")
        self.empty_note = EmptyNote(self.table)  # over the empty table: what to do next
        self.new = QPushButton(_("Receive a person…"))
        self.new.setObjectName("new_case")
        self.new.setIcon(icons.icon("add"))
        self.new.setEnabled(self.can_record)
        self.new.setToolTip(keys.with_key(_("Receive a person…"), keys.NEW))
        self.new.clicked.connect(self.new_case)
        QShortcut(QKeySequence(keys.NEW), self, activated=self.new_case)
        QShortcut(QKeySequence(keys.FIND), self, activated=self.search.setFocus)
        self.search.setToolTip(keys.with_key(_("Search"), keys.FIND))
        keys.list_keys(self.table, self.open_selected)  # cases are never deleted
        self.open = QPushButton(_("Open case…"))
        self.open.setToolTip(keys.with_key(_("Open case…"), "Enter"))
        self.open.setIcon(icons.icon("open"))
        self.open.clicked.connect(self.open_selected)
        self.config = QPushButton(_("Responsible agencies and deadlines…"))
        self.config.setObjectName("case_config")
        self.config.setIcon(icons.icon("settings"))
        self.config.setVisible(
            config.can_configure_agencies(opened.user.role)
            or roles.can_administer(opened.user.role)
        )
        self.config.clicked.connect(self.open_config)
        self.config_dialog: CaseConfigDialog | None = None
        # Typing a search refreshes once the officer pauses, not at every key.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self._layout()
        self.search.textChanged.connect(self.search_timer.start)
        for box in (self.status, self.regime, self.channel, self.sex, self.age, self.gate,
                    self.commune):  # fmt: skip
            box.currentIndexChanged.connect(self.refresh)
        for check in (self.overdue, self.children):
            check.toggled.connect(self.refresh)
        self._shown()

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.addWidget(self.search, 0, 0, 1, 2 * FILTER_COLUMNS)
        pairs = [(_("Status:"), self.status), (_("Regime:"), self.regime),
                 (_("Start:"), self.channel), (_("Sex:"), self.sex), (_("Age:"), self.age),
                 (_("Border gate:"), self.gate), (_("Commune:"), self.commune)]  # fmt: skip
        # Captions and boxes in columns of their own: the boxes line up row under row.
        for n, (label, widget) in enumerate(pairs):
            row, col = 1 + n // FILTER_COLUMNS, 2 * (n % FILTER_COLUMNS)
            caption = QLabel(label)
            caption.setBuddy(widget)
            grid.addWidget(caption, row, col)
            grid.addWidget(widget, row, col + 1)
        for col in range(FILTER_COLUMNS):
            grid.setColumnStretch(2 * col + 1, 1)
        period = QHBoxLayout()
        period.addWidget(QLabel(_("Received from:")))
        period.addWidget(self.date_from)
        period.addWidget(QLabel(_("to")))
        period.addWidget(self.date_to)
        period.addWidget(self.overdue)
        period.addWidget(self.children)
        period.addWidget(self.awaiting_note)
        period.addStretch(1)
        grid.addLayout(period, 3, 0, 1, 2 * FILTER_COLUMNS)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        buttons.addStretch(1)
        buttons.addWidget(self.config)
        buttons.addWidget(self.open)
        buttons.addWidget(self.new)
        self.layout_.addLayout(buttons)

    def _date(self, edit: QLineEdit) -> object:
        text = edit.text().strip()
        if not text:
            set_alert(edit, False)  # an emptied field is no longer wrong
            return None
        try:
            value = i18n.parse_date(text)
        except ValidationError as exc:
            set_alert(edit)  # the theme's red frame
            edit.setToolTip(exc.message)
            return None
        set_alert(edit, False)
        return value

    def current_filter(self) -> listing.CaseFilter:
        return listing.CaseFilter(
            status=self.status.currentData() or "",
            awaiting_verification=self.awaiting,
            overdue=self.overdue.isChecked(),
            regime=self.regime.currentData() or "",
            channel=self.channel.currentData() or "",
            border_gate=self.gate.currentData() or "",
            commune_code=self.commune.currentData(),
            age_group=self.age.currentData() or "",
            sex=self.sex.currentData() or "",
            children=self.children.isChecked(),
            date_from=self._date(self.date_from),  # type: ignore[arg-type]
            date_to=self._date(self.date_to),  # type: ignore[arg-type]
            text=self.search.text(),
        )

    def show_preset(self, preset: str) -> None:
        """Show the list with one of the dashboard's filters: "awaiting" (received or under
        verification), "overdue" or a status code; every other filter is cleared."""
        self.search_timer.stop()
        widgets = (self.status, self.regime, self.channel, self.sex, self.age, self.gate,
                   self.commune, self.overdue, self.children, self.search, self.date_from,
                   self.date_to)  # fmt: skip
        for w in widgets:
            w.blockSignals(True)
        for box in widgets[:7]:
            box.setCurrentIndex(0)  # type: ignore[attr-defined]
        self.children.setChecked(False)
        for edit in (self.search, self.date_from, self.date_to):
            edit.clear()
        self.overdue.setChecked(preset == "overdue")
        self.awaiting = preset == "awaiting"
        if preset in rules.STATUSES:
            self.status.setCurrentIndex(self.status.findData(preset))
        for w in widgets:
            w.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Ask for the cases of the filters; the list shows the old ones until they come."""
        self.search_timer.stop()
        self.awaiting_note.setVisible(self.awaiting)
        self.model.request(self.current_filter())

    def _failed(self, text: str) -> None:
        texts.show_error(self, text)  # (a method: a lambda would keep the page alive)

    def _shown(self) -> None:
        """The list shows new cases: say how many, and what to do when there are none."""
        self.count.setText(_("{n} cases").format(n=i18n.format_number(self.model.total)))
        self.empty_note.set_text(self.empty_text())
        if not self.table.property(window_state.COLUMNS_KEPT):  # the officer's widths stay
            window_state.size_columns(self.table)
            self.name_width = self.table.horizontalHeader().sectionSize(NAME_COLUMN)
        if self.select_after is not None and not self.model.loading():
            select_id(self.table, self.model, self.select_after)
            self.select_after = None

    def _names_shown(self) -> None:
        """The first rows' names came after the columns were fitted (once the list's read
        was audited): their column is fitted to them, unless its width was restored from
        the preference file or dragged meanwhile."""
        width, self.name_width = self.name_width, None
        if width is not None and self.table.horizontalHeader().sectionSize(NAME_COLUMN) == width:
            window_state.fit_column(self.table, NAME_COLUMN)

    def filtered(self) -> bool:
        """True when any filter or search narrows the list."""
        return self.current_filter() != listing.CaseFilter() or bool(
            self.date_from.text().strip() or self.date_to.text().strip()
        )

    def empty_text(self) -> str:
        """What an empty list tells the officer to do next."""
        if self.filtered():
            if self.can_record:
                return _("No case matches: change the filters or receive a person with Ctrl+N.")
            return _("No case matches: change the filters.")
        if self.can_record:
            return _("No case yet: receive a person with Ctrl+N.")
        return _("No case yet: cases recorded by the offices appear here once imported.")

    def _clear_awaiting(self) -> None:
        self.awaiting = False
        self.refresh()

    def open_config(self) -> None:
        self.config_dialog = CaseConfigDialog(self.profile, self)
        self.config_dialog.open()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def select_id(self, case_id: str) -> None:
        select_id(self.table, self.model, case_id)

    def new_case(self) -> None:
        if not self.can_record:
            return
        self.new_dialog = NewCaseDialog(self.profile, self)
        self.new_dialog.accepted.connect(self._created)
        self.new_dialog.open()

    def _created(self) -> None:
        dialog = self.new_dialog
        if dialog is not None and dialog.case_id:
            self.select_after = dialog.case_id
        self.refresh()
        if dialog is not None and dialog.case_id:
            self.open_case(dialog.case_id)

    def open_selected(self) -> None:
        case_id = self.selected_id()
        if case_id:
            self.open_case(case_id)

    def open_case(self, case_id: str) -> None:
        self.case_dialog = CaseDialog(self.profile, case_id, self)
        self.case_dialog.changed.connect(self._case_changed)
        self.case_dialog.open()

    def _case_changed(self) -> None:
        self.select_after = self.selected_id()
        self.refresh()
