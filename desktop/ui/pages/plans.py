"""The Plans section: campaign plans, each task's status derived from its events, the gap
to its target, overdue tasks standing out, and the events linked to the chosen task.

How far a plan has come shows as bars: one over the tasks (tasks done of all), and in
the tasks table's Achieved column one per task with a target, "n / target (p %)" (a task
without a target shows its count only)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import i18n, profile, refdata
from desktop.core.i18n import N_, _
from desktop.core.outreach import plans, query
from desktop.core.profile import OpenProfile
from desktop.ui import icons, keys, window_state
from desktop.ui.empty_note import EmptyNote, nothing_yet
from desktop.ui.forms import alert_colour
from desktop.ui.pages.base import Page
from desktop.ui.pages.outreach_model import EventTableModel
from desktop.ui.plan_dialogs import PlanDialog, TaskDialog

TASK_COLUMNS = (
    N_("No."), N_("Task"), N_("Lead agency"), N_("Deadline"), N_("Target"), N_("Achieved"),
    N_("Gap"), N_("Status"),
)  # fmt: skip
STATUS_TEXT = "#000000"  # on the pale status colours, in the high-contrast theme too
PROGRESS_COLUMN = 5  # "Achieved": a bar for a task with a target
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # the share of the target reached, in per cent
PROGRESS_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2  # "n / target (p %)", written on the bar
STATUS_COLOURS = {plans.LATE: "#fde0e0", plans.DONE: "#e3f4e1", plans.IN_PROGRESS: "#fff6d6"}


def share(measure: int, target: int) -> int:
    """The per cent of *target* that *measure* reached, rounded down (99 % until it is met)."""
    return measure * 100 // target if target > 0 else 0


def progress_text(measure: int, target: int | None) -> str:
    """ "n / target (p %)", or the count alone without a target."""
    n = i18n.format_number
    if not target:
        return n(measure)
    return f"{n(measure)} / {n(target)} ({n(share(measure, target))} %)"


class ProgressDelegate(QStyledItemDelegate):
    """Paints a cell that holds a share (``PROGRESS_ROLE``) as a progress bar with its
    ``PROGRESS_TEXT_ROLE`` on it (the cell's own text stays for screen readers and copies);
    any other cell as usual."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        widget = cell.widget
        style = widget.style() if widget is not None else QApplication.style()
        cell.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, widget)
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 3, -4, -3)
        bar.minimum, bar.maximum = 0, 100
        bar.progress = max(0, min(int(value), 100))
        bar.textVisible = False  # written below, readable on the bar's both parts
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
        text = str(index.data(PROGRESS_TEXT_ROLE) or "")
        r = bar.rect
        split = r.left() + r.width() * bar.progress // 100
        done = QRect(r.left(), r.top(), split - r.left(), r.height())
        rest = QRect(split, r.top(), r.right() - split + 1, r.height())
        palette = option.palette
        painter.save()
        for role, part in (
            (QPalette.ColorRole.HighlightedText, done),
            (QPalette.ColorRole.Text, rest),
        ):
            painter.setClipRect(part)
            painter.setPen(palette.color(QPalette.ColorGroup.Active, role))
            painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if index.data(PROGRESS_ROLE) is not None:
            metrics = option.fontMetrics
            text = str(index.data(PROGRESS_TEXT_ROLE) or "")
            width = max(hint.width(), metrics.horizontalAdvance(text)) + 24
            hint = QSize(width, max(hint.height(), metrics.height() + 10))
        return hint


class PlansPage(Page):
    title = N_("Plans")

    def __init__(self, opened: OpenProfile, parent: QWidget | None = None) -> None:
        super().__init__(opened, parent)
        self.today = dt.date.today()
        self.tasks: list[plans.TaskProgress] = []
        lang = i18n.language()
        self.agencies = {
            i.code: refdata.display_name(i, lang)
            for i in profile.reference_items(opened, "agency", include_inactive=True)
        }
        self.plan_list = QListWidget()
        self.plan_list.setObjectName("plans")
        self.plan_list.setMaximumWidth(300)
        self.plan_list.setWordWrap(True)
        self.plan_list.currentRowChanged.connect(self._plan_chosen)
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.task_table = QTableWidget(0, len(TASK_COLUMNS))
        self.task_table.setObjectName("tasks")
        self.task_table.setHorizontalHeaderLabels([_(c) for c in TASK_COLUMNS])
        self.task_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.task_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.task_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.task_table.setWordWrap(True)
        self.task_table.verticalHeader().hide()
        header = self.task_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.task_table.setColumnWidth(2, 170)
        window_state.rows_follow_columns(self.task_table)
        self.progress_delegate = ProgressDelegate(self.task_table)
        self.task_table.setItemDelegateForColumn(PROGRESS_COLUMN, self.progress_delegate)
        # The plan's tasks done of all, over its tasks: words beside a bar (text drawn on a
        # bar's chunk is unreadable in some styles and themes).
        self.plan_bar = QProgressBar()
        self.plan_bar.setObjectName("plan_progress")
        self.plan_bar.setRange(0, 100)
        self.plan_bar.setTextVisible(False)
        self.plan_bar.setStyleSheet(  # its outline seen in the high-contrast theme too
            "QProgressBar { border: 1px solid palette(window-text); border-radius: 3px;"
            " background: palette(base); min-height: 1em; }"
            "QProgressBar::chunk { background: palette(highlight); }"
        )
        self.plan_bar_label = QLabel()
        self.plan_bar_label.setObjectName("plan_progress_label")
        self.plan_bar.setAccessibleName(_("Tasks done"))
        self.plan_progress = QWidget()
        bar_row = QHBoxLayout(self.plan_progress)
        bar_row.setContentsMargins(0, 0, 0, 0)
        bar_row.addWidget(self.plan_bar_label)
        bar_row.addWidget(self.plan_bar, 1)
        self.plan_progress.hide()
        self.task_table.itemSelectionChanged.connect(self._task_chosen)
        self.events = EventTableModel(opened)
        self.events.set_filter(query.EventFilter(task_id="-"))
        self.event_table = QTableView()
        self.event_table.setObjectName("task_events")
        self.event_table.setModel(self.events)
        self.event_table.verticalHeader().hide()
        self.event_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hint = self.event_table.horizontalHeader().sectionSizeHint
        for col, width in ((0, 85), (2, 140), (3, 160), (4, 140), (5, 70), (6, 80), (7, 70)):
            self.event_table.setColumnWidth(col, max(width, hint(col)))  # its header fits
        for col in (4, 7):  # the task names its agency; the author matters less here
            self.event_table.setColumnHidden(col, True)
        self.events_label = QLabel(_("Events of the chosen task"))
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.details)
        box.addWidget(self.plan_progress)
        inner = QSplitter(Qt.Orientation.Vertical)
        inner.addWidget(self.task_table)
        lower = QWidget()
        lbox = QVBoxLayout(lower)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(self.events_label)
        lbox.addWidget(self.event_table)
        inner.addWidget(lower)
        inner.setSizes([420, 200])
        box.addWidget(inner, 1)
        split = QSplitter()
        split.addWidget(self.plan_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        self.can_plan = plans.can_plan(opened.user.role)
        self.empty = EmptyNote(self.plan_list)
        self.tasks_empty = EmptyNote(self.task_table)
        self.events_empty = EmptyNote(self.event_table)
        self.dialog: PlanDialog | TaskDialog | None = None
        self.new_plan_btn = QPushButton(icons.icon("add"), _("New plan…"))
        self.new_plan_btn.clicked.connect(self.new_plan)
        self.edit_plan_btn = QPushButton(icons.icon("edit"), _("Edit plan…"))
        self.edit_plan_btn.clicked.connect(self.edit_plan)
        self.add_task_btn = QPushButton(icons.icon("add"), _("Add task…"))
        self.add_task_btn.clicked.connect(self.add_task)
        self.edit_task_btn = QPushButton(icons.icon("edit"), _("Edit task…"))
        self.edit_task_btn.clicked.connect(self.edit_task)
        # Enter opens the chosen plan or task (plans and tasks are not deleted here).
        keys.list_keys(self.plan_list, self.edit_plan)
        keys.list_keys(self.task_table, self.edit_task)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        why_not = ""
        if not self.can_plan:
            why_not = _("Only the provincial office edits campaign plans.")
        for b in (self.new_plan_btn, self.edit_plan_btn, self.add_task_btn, self.edit_task_btn):
            b.setToolTip(why_not)
            buttons.addWidget(b)
        self.layout_.addWidget(split, 1)
        self.layout_.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        current = self.plan_list.currentRow()
        self.plans = plans.list_plans(self.profile)
        self.plan_list.blockSignals(True)
        self.plan_list.clear()
        for p in self.plans:
            item = QListWidgetItem(f"{p.number}\n{p.title}")
            item.setToolTip(p.title)
            self.plan_list.addItem(item)
        self.plan_list.blockSignals(False)
        if self.can_plan:
            self.empty.set_text(nothing_yet(_("No campaign plan yet"), self.new_plan_btn.text()))
        else:
            self.empty.set_text(_("No campaign plan yet: plans come from the provincial office."))
        if self.plans:
            self.plan_list.setCurrentRow(min(max(current, 0), len(self.plans) - 1))
            self._plan_chosen(self.plan_list.currentRow())
        self._buttons()

    def show_task(self, plan_id: str, task_id: str = "") -> None:
        """Show plan *plan_id* with its task *task_id* chosen (the dashboard's late tasks);
        statuses as of today."""
        self.today = dt.date.today()
        self.refresh()
        ids = [p.id for p in self.plans]
        if plan_id in ids:
            self.plan_list.setCurrentRow(ids.index(plan_id))  # shows its tasks
            tasks = [t.id for t in self.tasks]
            if task_id in tasks:
                self.task_table.selectRow(tasks.index(task_id))

    def current_plan(self) -> plans.PlanView | None:
        row = self.plan_list.currentRow()
        return self.plans[row] if 0 <= row < len(self.plans) else None

    def _buttons(self) -> None:
        has_plan = self.current_plan() is not None
        self.new_plan_btn.setEnabled(self.can_plan)
        self.edit_plan_btn.setEnabled(self.can_plan and has_plan)
        self.add_task_btn.setEnabled(self.can_plan and has_plan)
        self.edit_task_btn.setEnabled(self.can_plan and self.selected_task() is not None)

    def _open(self, dialog: PlanDialog | TaskDialog, select_plan: bool = False) -> None:
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._dialog_saved(dialog, select_plan))
        dialog.open()

    def _dialog_saved(self, dialog: PlanDialog | TaskDialog, select_plan: bool) -> None:
        task_row = self.task_table.currentRow()
        self.refresh()
        if select_plan:
            ids = [p.id for p in self.plans]
            if dialog.saved_id in ids:
                self.plan_list.setCurrentRow(ids.index(dialog.saved_id))
        else:
            ids = [t.id for t in self.tasks]
            row = ids.index(dialog.saved_id) if dialog.saved_id in ids else task_row
            if 0 <= row < len(self.tasks):
                self.task_table.selectRow(row)

    def new_plan(self) -> None:
        if self.can_plan:
            self._open(PlanDialog(self.profile, None, self), select_plan=True)

    def edit_plan(self) -> None:
        plan = self.current_plan()
        if self.can_plan and plan is not None:
            self._open(PlanDialog(self.profile, plan, self), select_plan=True)

    def add_task(self) -> None:
        plan = self.current_plan()
        if self.can_plan and plan is not None:
            self._open(TaskDialog(self.profile, plan.id, None, self))

    def edit_task(self) -> None:
        plan, task = self.current_plan(), self.selected_task()
        if self.can_plan and plan is not None and task is not None:
            self._open(TaskDialog(self.profile, plan.id, task, self))

    def _plan_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.plans):
            return
        p = self.plans[row]
        self.details.setText(
            _("{number}, issued {date} by {issuer}\n{title}\nPeriod: {start} – {end}. {theme}").format(
                number=p.number, date=i18n.format_date(p.issued_on), issuer=p.issuer,
                title=p.title, start=i18n.format_date(p.period_start),
                end=i18n.format_date(p.period_end), theme=p.theme,
            )
        )  # fmt: skip
        extra = []
        if p.legal_basis:
            extra.append(_("Legal basis: {basis}").format(basis=" ".join(p.legal_basis.split())))
        if p.report_due_on is not None:
            extra.append(
                _("Result report due on {date}.").format(date=i18n.format_date(p.report_due_on))
            )
        if extra:
            self.details.setText("\n".join([self.details.text(), *extra]))
        self.tasks = plans.plan_progress(self.profile, p.id, self.today)
        self._fill_tasks()
        self._plan_progress()
        button = self.add_task_btn.text() if self.can_plan else ""
        self.tasks_empty.set_text(nothing_yet(_("No task in this plan yet"), button))
        if self.tasks:
            self.task_table.selectRow(0)
        self._task_chosen()  # the same row may stay selected while the plan changed

    def _fill_tasks(self) -> None:
        n = i18n.format_number
        self.task_table.setRowCount(len(self.tasks))
        for row, t in enumerate(self.tasks):
            measure = _(plans.MEASURES[t.target_measure])
            target = f"{n(t.target)} {measure}" if t.target else ""
            counted = t.target or t.target_measure in plans.CASE_MEASURES
            achieved = f"{n(t.measure)} {measure}" if counted else n(t.final_events)
            cells = (
                str(t.position), t.title, self.agencies.get(t.lead_agency, t.lead_agency),
                i18n.format_date(t.deadline), target, achieved,
                n(t.gap) if t.target else "", _(plans.STATUS_LABELS[t.status]),
            )  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(text)
                colour = STATUS_COLOURS.get(t.status)
                if colour:
                    item.setBackground(QBrush(QColor(colour)))
                    item.setForeground(QBrush(QColor(STATUS_TEXT)))
                if col == PROGRESS_COLUMN and t.target:
                    item.setData(PROGRESS_ROLE, share(t.measure, t.target))
                    item.setData(PROGRESS_TEXT_ROLE, progress_text(t.measure, t.target))
                    item.setToolTip(f"{text} / {target}")
                if t.status == plans.LATE and col == 7:
                    item.setForeground(QBrush(alert_colour(QColor(colour))))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.task_table.setItem(row, col, item)
        self.task_table.resizeRowsToContents()

    def _plan_progress(self) -> None:
        """The bar over the tasks: how many of the plan's tasks are done."""
        total = len(self.tasks)
        done = sum(1 for t in self.tasks if t.status == plans.DONE)
        self.plan_progress.setVisible(total > 0)
        self.plan_bar.setValue(share(done, total))
        n = i18n.format_number
        self.plan_bar_label.setText(
            _("Tasks done: {done} / {total} ({percent} %)").format(
                done=n(done), total=n(total), percent=n(share(done, total))
            )
        )

    def selected_task(self) -> plans.TaskProgress | None:
        rows = self.task_table.selectionModel().selectedRows()
        return self.tasks[rows[0].row()] if rows else None

    def _task_chosen(self) -> None:
        t = self.selected_task()
        if hasattr(self, "edit_task_btn"):
            self._buttons()
        self.events.set_filter(query.EventFilter(task_id=t.id if t else "-"))
        unlinked = ""
        if t is not None:
            unlinked = _("No event is linked to this task yet: link one to it in its event form.")
        self.events_empty.set_text(unlinked)
        if t is not None:
            self.events_label.setText(
                _("Events of task {no} ({n})").format(
                    no=t.position, n=i18n.format_number(self.events.total)
                )
            )
