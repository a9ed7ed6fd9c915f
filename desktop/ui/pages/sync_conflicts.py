"""The Conflicts queue: the same field edited on two computers; a person chooses.

A person's identity stays masked for a role that may not see it: the core gives no value
(``OpenConflict.masked``), the panel shows that it is hidden and offers no choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KhienError
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.sync import conflicts
from desktop.ui import texts
from desktop.ui.forms import set_tone
from desktop.ui.pages.sync_texts import field_label, kind_label, value_text

COLUMNS = (N_("Kind"), N_("Record"), N_("Field"))
SIZED = (0, 2)  # kind and field: as wide as their longest text, never clipped
MIN_FIELD_WIDTH = 140


class ConflictsPanel(QWidget):
    resolved = Signal()

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.rows: list[conflicts.OpenConflict] = []
        self.labels: dict[str, str] = {}
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("conflicts")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in SIZED:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.view = QGroupBox(_("The versions side by side"))
        self.view_layout = QVBoxLayout(self.view)
        self.empty = QLabel(_("No conflicts: every edit has been merged."))
        self.empty.setObjectName("no_conflicts")
        self.empty.setWordWrap(True)
        self.versions: QWidget | None = None
        self.keep_buttons: list[QPushButton] = []
        self.typed = QLineEdit()
        self.typed.setObjectName("typed_value")
        self.typed.setPlaceholderText(_("Or type the right value…"))
        self.typed.textChanged.connect(self._typed_changed)
        self.save_typed = QPushButton(_("Save this value"))
        self.save_typed.clicked.connect(self._resolve_typed)
        typed_row = QHBoxLayout()
        typed_row.addWidget(self.typed, 1)
        typed_row.addWidget(self.save_typed)
        self.view_layout.addWidget(self.empty)
        self.typed_holder = QWidget()
        self.typed_holder.setLayout(typed_row)
        typed_row.setContentsMargins(0, 0, 0, 0)
        self.view_layout.addWidget(self.typed_holder)
        self.note = QLabel()  # why there is nothing to choose, when there is not
        self.note.setObjectName("resolve_note")
        self.note.setWordWrap(True)
        set_tone(self.note, "note")
        self.view_layout.addWidget(self.note)
        self.view_layout.addStretch(1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.view, 2)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected()
        self.rows = conflicts.open_conflicts(self.profile)
        self.labels = {
            c.row_id: conflicts.record_label(self.profile, c.table, c.row_id) for c in self.rows
        }
        self.table.setRowCount(len(self.rows))
        for n, c in enumerate(self.rows):
            cells = (
                kind_label(c.table),
                self.labels[c.row_id] or c.row_id[:8],
                field_label(c.field),
            )
            for col, text in enumerate(cells):
                self.table.setItem(n, col, QTableWidgetItem(text))
        self._size_columns()
        if self.rows:
            ids = [c.id for c in self.rows]
            self.table.selectRow(ids.index(keep.id) if keep and keep.id in ids else 0)
        self._show_selected()

    def _size_columns(self) -> None:
        """Kind and Field fit their longest text (and header) with room to spare; the
        record's name takes the rest."""
        metrics = self.table.fontMetrics()
        pad = 2 * self.table.style().pixelMetric(
            self.table.style().PixelMetric.PM_FocusFrameHMargin
        )
        for col in SIZED:
            texts = [self.table.horizontalHeaderItem(col).text()] + [
                self.table.item(r, col).text() for r in range(self.table.rowCount())
            ]
            widest = max(metrics.horizontalAdvance(t) for t in texts) + pad + 24
            self.table.setColumnWidth(col, max(widest, MIN_FIELD_WIDTH if col == 2 else 0))

    def selected(self) -> conflicts.OpenConflict | None:
        n = self.table.currentRow()
        if not self.table.selectedItems() or not 0 <= n < len(self.rows):
            return None
        return self.rows[n]

    def _show_selected(self) -> None:
        if self.versions is not None:
            self.view_layout.removeWidget(self.versions)
            self.versions.hide()
            self.versions.deleteLater()
            self.versions = None
        self.keep_buttons = []
        c = self.selected()
        allowed = c is not None and conflicts.may_resolve(self.profile, c)
        self.empty.setVisible(c is None)
        self.typed_holder.setVisible(allowed)
        self.note.setVisible(c is not None and not allowed)
        if c is None:
            return
        if c.masked:
            self.note.setText(
                _("Your role may not see a person's identity: an officer who may see it "
                  "chooses the value.")
            )  # fmt: skip
        else:
            self.note.setText(_("Your role may not resolve conflicts."))
        self.versions = QWidget()
        form = QFormLayout(self.versions)
        form.setContentsMargins(0, 0, 0, 0)
        title = QLabel(
            _("{kind} “{record}”, field “{field}”").format(
                kind=kind_label(c.table),
                record=self.labels.get(c.row_id) or c.row_id[:8],
                field=field_label(c.field),
            )
        )
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold;")
        form.addRow(title)
        hidden = conflicts.hidden_text()
        base = QLabel(hidden if c.masked else value_text(c.base))
        base.setObjectName("base_value")
        base.setWordWrap(True)
        set_tone(base, "note")
        form.addRow(_("Before the edits:"), base)
        for n, version in enumerate(conflicts.versions(self.profile, c)):
            rev, value = version.rev, version.value
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            text = QLabel(hidden if version.masked else value_text(value))
            text.setWordWrap(True)
            text.setObjectName(f"value_{n}")
            if rev == c.winner:
                text.setToolTip(_("Shown for now until someone chooses."))
            who = version.origin_name or _("(unnamed office)")
            origin = QLabel(
                _("by this office") if version.mine else _("by {office}").format(office=who)
            )
            origin.setObjectName(f"origin_{n}")
            set_tone(origin, "note")
            origin.setWordWrap(True)
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(text)
            column.addWidget(origin)
            keep = QPushButton(_("Keep this"))
            keep.setObjectName(f"keep_{n}")
            keep.clicked.connect(lambda _c=False, v=value: self._resolve(v))
            keep.setVisible(allowed)
            self.keep_buttons.append(keep)
            row.addLayout(column, 1)
            row.addWidget(keep)
            form.addRow(_("Version {n}:").format(n=n + 1), box)
        self.view_layout.insertWidget(0, self.versions)
        self.typed.clear()
        self._typed_changed()

    def _typed_changed(self) -> None:
        c = self.selected()
        ok = c is not None and bool(self.typed.text().strip())
        if ok and c is not None:
            ok = conflicts.typed_value(self.typed.text(), list(c.values.values())) is not None
        self.save_typed.setEnabled(ok)

    def _resolve_typed(self) -> None:
        c = self.selected()
        if c is None:
            return
        value = conflicts.typed_value(self.typed.text(), list(c.values.values()))
        if value is not None:
            self._resolve(value)

    def _resolve(self, value: Any) -> None:
        c = self.selected()
        if c is None:
            return
        try:
            conflicts.resolve(self.profile, c.table, c.row_id, {c.field: value})
        except conflicts.OtherFieldsInConflict as exc:
            if not texts.ask(self, exc.message, _("Keep the values shown")):
                return
            conflicts.resolve(self.profile, c.table, c.row_id, {c.field: value}, keep_others=True)
        except KhienError as exc:
            texts.show_error(self, exc.message)
            return
        self.refresh()
        self.resolved.emit()
