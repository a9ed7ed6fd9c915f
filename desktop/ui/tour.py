"""The first-run tour: a few pages, one per main section, for an officer new to Khiên.

Each step shows its section in the main window behind (``show_section``) and says in a
sentence or two what is done there; Next, Back and Skip (Escape). The tour does not block
the window: the officer may try the section shown, and its keys keep working. An account sees it once:
when it closes, finished or skipped, ``about.mark_tour_seen`` keeps that in the profile;
Help → Show the tour again opens it at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import about
from desktop.core.i18n import N_, _
from desktop.ui import keys, texts, window_state

if TYPE_CHECKING:  # the database layer is loaded after the sign-in dialog is shown
    from desktop.core.profile import OpenProfile


@dataclass(frozen=True)
class Step:
    section: int | None  # the main window's section shown behind, if any
    title: str  # N_ msgid
    text: str  # N_ msgid


# Sections as the main window numbers them (desktop.ui.main_window.SECTIONS).
DASHBOARD, OUTREACH, PLANS, CASES, SYNC, REPORTS = range(6)

STEPS = (
    Step(
        DASHBOARD,
        N_("Dashboard"),
        N_(
            "The Dashboard sums up your area: this month's events and people reached, late "
            "plan tasks, cases awaiting verification or overdue. Click a figure to open the "
            "records behind it."
        ),
    ),
    Step(
        OUTREACH,
        N_("Outreach"),
        N_(
            "Record each outreach event here: its date, place, kind and how many people came. "
            "{new} adds one; the list can be searched without diacritics."
        ),
    ),
    Step(
        PLANS,
        N_("Plans"),
        N_(
            "The province's plans and their tasks, with the progress your events bring to "
            "each target."
        ),
    ),
    Step(
        CASES,
        N_("Cases"),
        N_(
            "Receive a person and follow their case step by step: support, shelter, referral "
            "and follow-up. Identities are shown only to those who need them."
        ),
    ),
    Step(
        SYNC,
        N_("Sync"),
        N_(
            "Carry your records to the office above on a USB stick, and bring back its "
            "receipt, plans and lists. A lost stick costs nothing: send again."
        ),
    ),
    Step(
        REPORTS,
        N_("Reports"),
        N_(
            "Print the periodic and campaign reports in the official document layout, or "
            "save them as PDF and Excel."
        ),
    ),
    Step(
        None,
        N_("Help"),
        N_(
            "The user guide is one key away: {key}. The Help menu also lists the keyboard "
            "shortcuts and can show this tour again."
        ),
    ),
)


class TourDialog(QDialog):
    def __init__(self, window: QMainWindow, profile: OpenProfile) -> None:
        super().__init__(window)
        self.setObjectName("tour_dialog")
        self.window_ = window
        self.profile = profile
        self.step = 0
        self.setWindowTitle(_("Welcome to Khiên"))
        self.counter = QLabel()
        self.counter.setObjectName("tour_counter")
        self.heading = QLabel()
        self.heading.setObjectName("tour_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel()
        self.body.setObjectName("tour_text")
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setMinimumHeight(64)
        self.skip_button = QPushButton(_("&Skip the tour"))
        self.skip_button.setObjectName("tour_skip")
        self.skip_button.setToolTip(keys.with_key(_("Skip the tour"), Qt.Key.Key_Escape))
        self.skip_button.clicked.connect(self.reject)
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setObjectName("tour_back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton()
        self.next_button.setObjectName("tour_next")
        self.next_button.clicked.connect(self.next)
        row = QHBoxLayout()
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        box = QVBoxLayout(self)
        box.addWidget(self.counter)
        box.addWidget(self.heading)
        box.addWidget(self.body, 1)
        box.addLayout(row)
        texts.main_action(self, self.next_button)
        self.setMinimumWidth(460)
        window_state.fit_to_screen(self, 500, 210)
        self.finished.connect(self._seen)
        self._show_step()

    def _show_step(self) -> None:
        step = STEPS[self.step]
        self.counter.setText(_("Step {n} of {total}").format(n=self.step + 1, total=len(STEPS)))
        self.heading.setText(_(step.title))
        self.body.setText(
            _(step.text).format(
                key=keys.native(QKeySequence.StandardKey.HelpContents),
                new=keys.native(keys.NEW),
            )
        )
        last = self.step == len(STEPS) - 1
        if last:
            self.next_button.setText(_("&Finish"))
        else:
            self.next_button.setText(_("&Next"))
        self.back_button.setEnabled(self.step > 0)
        if step.section is not None:
            show = getattr(self.window_, "show_section", None)
            if show is not None:
                show(step.section)

    def next(self) -> None:
        if self.step >= len(STEPS) - 1:
            self.accept()
            return
        self.step += 1
        self._show_step()

    def back(self) -> None:
        if self.step > 0:
            self.step -= 1
            self._show_step()

    def _seen(self, _result: int) -> None:
        if not self.profile.closed:
            about.mark_tour_seen(self.profile)

    def place(self) -> None:
        """Over the lower right of the main window, so the section shows beside it."""
        parent = self.window_
        if not parent.isVisible():
            return
        corner = parent.mapToGlobal(QPoint(parent.width(), parent.height()))
        size = self.sizeHint().expandedTo(self.size())
        # Above the page's own buttons and the status bar.
        self.move(corner.x() - size.width() - 40, corner.y() - size.height() - 120)


def start_tour(window: QMainWindow, profile: OpenProfile) -> TourDialog:
    """Open the tour over *window* (Help → Show the tour again); one at a time."""
    shown = tour_widget(window)
    if shown is not None and shown.isVisible():
        shown.raise_()
        shown.activateWindow()
        return shown
    dialog = TourDialog(window, profile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.place()
    # Not modal: the officer may click about the window while reading (and its keys work).
    dialog.setModal(False)
    dialog.show()
    return dialog


class _WhenShown(QObject):
    def __init__(self, window: QMainWindow, profile: OpenProfile) -> None:
        super().__init__(window)
        self.window = window
        self.profile = profile

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            self.deleteLater()
            if not self.profile.closed and not about.tour_seen(self.profile):
                start_tour(self.window, self.profile)
        return False


def maybe_start_tour(window: QMainWindow, profile: OpenProfile) -> TourDialog | None:
    """Open the tour if the signed-in account has not seen it yet. Called before the
    window is shown, the tour waits for it."""
    if about.tour_seen(profile) or profile.notices:  # a notice to read comes first
        return None
    if not window.isVisible():
        window.installEventFilter(_WhenShown(window, profile))
        return None
    return start_tour(window, profile)


def tour_widget(window: QWidget) -> TourDialog | None:
    """The tour shown over *window*, if any."""
    shown = [t for t in window.findChildren(TourDialog) if t.isVisible()]
    return shown[0] if shown else None
