"""Figures reported by other bodies (``desktop.core.other_figures``): the list the
provincial office keeps, and the form for one entry — what it counts, the days it covers,
the figure, and the document it was copied from."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
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

from desktop.core import i18n, other_figures, profile
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.other_figures import FigureInput, FigureView
from desktop.ui import texts, window_state
from desktop.ui.forms import Form, core_check, name_fields, set_tone
from desktop.ui.widgets.search_box import FoldCompleter

TABLE = "other_body_figures"  # as core.trash names it (Undo)


def _day(box: QLineEdit) -> dt.date | None:
    """The day typed in *box*, None when empty; raises ValidationError when malformed."""
    typed = box.text().strip()
    return i18n.parse_date(typed) if typed else None


class FigureDialog(QDialog):
    """Add or correct one entry; checked as it is typed, by the core's own rules."""

    def __init__(self, opened: profile.OpenProfile, view: FigureView | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.profile, self.view = opened, view
        self.saved_id: str | None = None
        title = _("Correct a figure of another body") if view else _("New figure of another body")
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.figure = QComboBox()
        self.figure.setObjectName("figure")
        for code in other_figures.FIGURES:
            self.figure.addItem(other_figures.figure_name(code), code)
        self.start = QLineEdit()
        self.start.setObjectName("period_start")
        self.end = QLineEdit()
        self.end.setObjectName("period_end")
        self.value = QLineEdit()
        self.value.setObjectName("value")
        self.body = QComboBox()
        self.body.setObjectName("source_body")
        self.body.setEditable(True)
        self.body.addItems(other_figures.body_suggestions(opened))
        self.body.setCompleter(FoldCompleter(self.body.model(), self.body))  # free text too
        self.document = QLineEdit()
        self.document.setObjectName("source_document")
        self.document.setPlaceholderText(_("such as Report No. 215/BC-CAT"))
        self.source_date = QLineEdit()
        self.source_date.setObjectName("source_date")
        self.notes = QLineEdit()
        self.notes.setObjectName("notes")
        for box in (self.start, self.end, self.source_date):
            box.setPlaceholderText(_("dd/mm/yyyy"))
        if view is not None:
            self.figure.setCurrentIndex(max(self.figure.findData(view.figure), 0))
            self.start.setText(i18n.format_date(view.period_start))
            self.end.setText(i18n.format_date(view.period_end))
            self.value.setText(str(view.value))
            self.body.setEditText(view.source_body)
            self.document.setText(view.source_document)
            self.source_date.setText(i18n.format_date(view.source_date))
            self.notes.setText(view.notes)
        else:
            self.body.setEditText(self.body.itemText(0) if self.body.count() else "")
        self.buttons, self.ok = texts.button_box(_("Save"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        self.form = Form(fields, self.ok)
        self.form.add("figure", _("Figure:"), self.figure, required=True)
        self.form.add("period_start", _("Days covered, from:"), self.start,
                      self._date_check(self.start), required=True)  # fmt: skip
        self.form.add("period_end", _("to:"), self.end, self._date_check(self.end),
                      required=True)  # fmt: skip
        self.form.add("value", _("Figure given:"), self.value, self._value_check, required=True)
        self.form.add("source_body", _("Body that gave it:"), self.body, self._body_check,
                      required=True)  # fmt: skip
        self.form.add("source_document", _("Its document (number and symbol):"), self.document)
        self.form.add("source_date", _("Date of the document:"), self.source_date,
                      self._date_check(self.source_date), required=True)  # fmt: skip
        self.form.add("notes", _("Note:"), self.notes)
        hint = QLabel(_("Copy the figure as the body reported it: the report prints it with "
                        "this source, and does not compute it."))  # fmt: skip
        hint.setWordWrap(True)
        set_tone(hint, "note")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(fields)
        layout.addWidget(self.form.footer(self.buttons))
        self.body.editTextChanged.connect(lambda _t: self.form.validate())
        self.form.validate()
        name_fields(self)  # every input named from its label (screen readers)

    def _date_check(self, box: QLineEdit):  # type: ignore[no-untyped-def]
        def check() -> str:
            if not box.text().strip():
                return _("Enter a date as dd/mm/yyyy.")
            return core_check(lambda: _day(box))

        return check

    def _body_check(self) -> str:
        if self.body.currentText().strip():
            return ""
        return _("Enter the body that gave the figure, such as the provincial police.")

    def _value_check(self) -> str:
        typed = self.value.text().strip().replace(".", "").replace(" ", "")
        if not typed.isdigit():
            return _("Enter a whole number, 0 or more.")
        return ""

    def data(self) -> FigureInput:
        """The entry as typed (the fields' own checks passed)."""
        start, end, on = _day(self.start), _day(self.end), _day(self.source_date)
        assert start is not None and end is not None and on is not None
        value = int(self.value.text().strip().replace(".", "").replace(" ", ""))
        return FigureInput(
            str(self.figure.currentData()), start, end, value, self.body.currentText(),
            self.document.text(), on, self.notes.text(),
        )  # fmt: skip

    def _save(self) -> None:
        if not self.form.validate():
            return
        figure_id = self.view.id if self.view else None
        saved = self.form.submit(
            self, lambda: other_figures.save(self.profile, self.data(), figure_id)
        )
        if saved is None:
            return
        self.saved_id = saved
        self.accept()


class OtherFiguresPanel(QWidget):
    """The entries the province keeps (a tab of the Reports page); the provincial office
    adds, corrects and removes them, every other office reads them. A removal can be undone
    from the status bar: ``deleted`` says what went, as ``Page.deleted`` does."""

    deleted = Signal(str, str, str)  # what, for "Deleted: …"; its table; its id

    def __init__(self, opened: profile.OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = opened
        self.editable = other_figures.can_edit(opened.user.role)
        intro = QLabel(
            _("The police's, procuracy's and courts' figures that the periodic report prints "
              "beside Khiên's own, each with the document it comes from. A figure counts in a "
              "report when the days it covers lie within the report's period.")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("figures_table")
        self.table.setHorizontalHeaderLabels(
            [_("Figure"), _("Days covered"), _("Figure given"), _("Source")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The figure's name and its source share what the dates and the number leave,
        # wrapped on as many lines as they need.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        window_state.rows_follow_columns(self.table)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.empty = QLabel(_("No figure of another body has been entered yet."))
        self.empty.setObjectName("figures_empty")
        self.add_button = QPushButton(_("Add…"))
        self.add_button.setObjectName("figure_add")
        self.edit_button = QPushButton(_("Correct…"))
        self.edit_button.setObjectName("figure_edit")
        self.delete_button = QPushButton(_("Remove"))
        self.delete_button.setObjectName("figure_delete")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.remove)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, activated=self.remove)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        if not self.editable:
            why = _("Only the provincial office enters figures from other bodies.")
            for button in (self.add_button, self.edit_button, self.delete_button):
                button.setEnabled(False)
                button.setToolTip(why)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.views: list[FigureView] = []
        self.table.itemSelectionChanged.connect(self._selection)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.views = other_figures.entries(self.profile)
        self.table.setRowCount(len(self.views))
        for row, v in enumerate(self.views):
            days = _("{start} to {end}").format(
                start=i18n.format_date(v.period_start), end=i18n.format_date(v.period_end)
            )
            cells = [v.name, days, i18n.format_number(v.value), v.source()]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                item.setToolTip(v.notes or value)
                self.table.setItem(row, col, item)
            if v.id == select:
                self.table.selectRow(row)
        self.empty.setVisible(not self.views)
        self._selection()

    def selected(self) -> FigureView | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.views[min(rows)] if rows else None

    def _selection(self) -> None:
        chosen = self.editable and self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def add(self) -> None:
        if not self.editable:
            return
        dialog = FigureDialog(self.profile, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.saved_id)

    def edit(self) -> None:
        view = self.selected()
        if not self.editable or view is None:
            return
        dialog = FigureDialog(self.profile, view, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload(dialog.saved_id)

    def remove(self) -> None:
        view = self.selected()
        if not self.editable or view is None:
            return
        values = {
            "figure": view.name, "body": view.source_body,
            "start": i18n.format_date(view.period_start), "end": i18n.format_date(view.period_end),
        }  # fmt: skip
        question = _(
            "Remove “{figure}” given by {body} for {start} to {end}? You can undo it from the "
            "status bar for a few seconds."
        ).format(**values)
        if not texts.ask(self, question, _("Remove"), destructive=True):
            return
        try:
            other_figures.delete(self.profile, view.id)
        except (KhienError, ValidationError) as exc:
            texts.show_error(self, exc.message)
            self.reload()
            return
        self.reload()
        what = _("“{figure}” given by {body} for {start} to {end}").format(**values)
        self.deleted.emit(what, TABLE, view.id)

    def restored(self, table: str, row_id: str) -> None:
        """A removed entry is back (Undo): listed again, chosen."""
        if table == TABLE:
            self.reload(row_id)
