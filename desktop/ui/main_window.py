"""The main window: a thin assembly of a sidebar, the section pages, menus and a status
bar. Changing the language rebuilds the pages in place and keeps the section.

The window comes back as it was left (``window_state``): its geometry, the section last
shown and its pages' splitters, kept in the machine's preference file when it hides; with
nothing remembered it starts maximised on a small screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.core import i18n
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import roles
from desktop.ui import icons, keys, window_state
from desktop.ui.help import install_help_menu
from desktop.ui.login_dialog import LANGUAGE_NAMES
from desktop.ui.pages.admin import AdminPage
from desktop.ui.pages.base import Page, last_sync_text
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.pages.outreach import OutreachPage
from desktop.ui.pages.plans import PlansPage
from desktop.ui.pages.reports import ReportsPage
from desktop.ui.pages.sync import SyncPage
from desktop.ui.prefs import Prefs
from desktop.ui.settings_dialog import GENERAL, PASSWORD, SettingsDialog
from desktop.ui.undo_bar import UndoBar, undo_key

SECTIONS: tuple[type[Page], ...] = (
    DashboardPage,
    OutreachPage,
    PlansPage,
    CasesPage,
    SyncPage,
    ReportsPage,
    AdminPage,
)
# The sidebar's icons (desktop.ui.icons), in the order of SECTIONS.
SECTION_ICONS = ("dashboard", "outreach", "plans", "cases", "sync", "reports", "admin")


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    quit_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, profile: OpenProfile, prefs: Prefs | None = None) -> None:
        super().__init__()
        self.profile = profile
        # Per machine, beside the profile (the launcher's own copy keeps the language).
        self.prefs = prefs if prefs is not None else Prefs(profile.data_dir)
        self.settings: SettingsDialog | None = None
        self.pages: list[Page] = []
        self.setMinimumSize(QSize(900, 560))
        # "Deleted … — Undo" after a deletion, with Ctrl+Z (also in the Edit menu) meanwhile.
        self.undo_bar = UndoBar(profile)
        self.statusBar().addWidget(self.undo_bar)
        self.action_undo = QAction(self)
        self.action_undo.setShortcut(undo_key())
        self.action_undo.setEnabled(False)
        self.action_undo.triggered.connect(self.undo_bar.undo)
        self.addAction(self.action_undo)
        self.undo_bar.available.connect(self.action_undo.setEnabled)
        self.undo_bar.restored.connect(self._restored)
        self.office_label, self.user_label, self.sync_label = QLabel(), QLabel(), QLabel()
        for label in (self.office_label, self.user_label, self.sync_label):
            label.setStyleSheet("padding: 0 10px; border-left: 1px solid palette(mid);")
            self.statusBar().addPermanentWidget(label)
        for n in range(len(SECTIONS)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            shortcut.activated.connect(lambda n=n: self.show_section(n))
        self._build(self._remembered_section())
        self.restore_window_state()

    # -- building ---------------------------------------------------------------------

    def _build(self, section: int) -> None:
        self.setWindowTitle(_("Khiên — {office}").format(office=self.profile.node.office_name))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(200)
        self._size_sidebar_icons()
        self.sidebar.setStyleSheet(
            # Colours from the palette and the application's font, so that the officer's
            # theme and text size (desktop.ui.theme) reach the sidebar too.
            "QListWidget { border: none; background: palette(alternate-base);"
            " color: palette(text); }"
            "QListWidget::item { padding: 9px 12px; }"
            "QListWidget::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        self.pages = [cls(self.profile) for cls in SECTIONS]
        for n, page in enumerate(self.pages):
            self.sidebar.addItem(_(page.title))
            self.sidebar.item(n).setIcon(icons.icon(SECTION_ICONS[n]))
            self.sidebar.item(n).setToolTip(keys.with_key(_(page.title), f"Ctrl+{n + 1}"))
            self.stack.addWidget(page)
            page.deleted.connect(self.undo_bar.offer)
        self.undo_bar.retranslate()
        self.sidebar.currentRowChanged.connect(self._section_changed)
        for page in self.pages:
            if isinstance(page, DashboardPage):
                page.open_cases.connect(self.open_cases)
                page.open_events.connect(self.open_events)
                page.open_plan_task.connect(self.open_plan_task)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.sidebar)
        row.addWidget(self.stack, 1)
        old = self.centralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        self._build_menus()
        self.update_status()
        self.show_section(section)

    def _size_sidebar_icons(self) -> None:
        """The sidebar's icons as tall as its text: they grow with the officer's text size."""
        side = max(16, self.fontMetrics().height())  # the window's font: the sidebar's follows
        self.sidebar.setIconSize(QSize(side, side))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange and hasattr(self, "sidebar"):
            self._size_sidebar_icons()  # a text size chosen in Settings (desktop.ui.theme)
        super().changeEvent(event)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        app_menu = bar.addMenu(_("&Khiên"))
        self.action_settings = app_menu.addAction(_("&Settings…"))
        self.action_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.action_settings.triggered.connect(lambda: self.open_settings(GENERAL))
        self.action_password = app_menu.addAction(_("Change &password…"))
        self.action_password.triggered.connect(lambda: self.open_settings(PASSWORD))
        app_menu.addSeparator()
        self.action_sign_out = app_menu.addAction(_("Sign &out"))
        self.action_sign_out.triggered.connect(self.sign_out_requested)
        self.action_quit = app_menu.addAction(_("&Quit"))
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.triggered.connect(self.close)
        edit_menu = bar.addMenu(_("&Edit"))
        self.action_undo.setText(_("&Undo the deletion"))
        edit_menu.addAction(self.action_undo)
        lang_menu = bar.addMenu(_("&Language"))
        group = QActionGroup(lang_menu)
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, lang_menu, checkable=True)
            action.setChecked(code == i18n.language())
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            lang_menu.addAction(action)
        install_help_menu(self, self.profile)  # rebuilt with the menus on a language change

    def update_status(self) -> None:
        user = self.profile.user
        self.office_label.setText(self.profile.node.office_name)
        self.user_label.setText(
            _("{name} ({role})").format(name=user.full_name, role=roles.label(user.role))
        )
        self.sync_label.setText(last_sync_text(self.profile))

    # -- behaviour --------------------------------------------------------------------

    def current_section(self) -> int:
        return self.stack.currentIndex()

    def show_section(self, n: int) -> None:
        if 0 <= n < len(self.pages):
            self.sidebar.setCurrentRow(n)

    def open_cases(self, preset: str) -> None:
        """Show the Cases section with one of its preset filters (from the dashboard)."""
        for n, page in enumerate(self.pages):
            if isinstance(page, CasesPage):
                page.show_preset(preset)
                self.show_section(n)

    def open_events(self, kind: str, date_from: object, date_to: object) -> None:
        """Show the Outreach section with events of *kind* over a period (dashboard)."""
        for n, page in enumerate(self.pages):
            if isinstance(page, OutreachPage):
                page.apply_preset(kind, date_from, date_to)  # type: ignore[arg-type]
                self.show_section(n)

    def open_plan_task(self, plan_id: str, task_id: str) -> None:
        """Show the Plans section on one task (the dashboard's late tasks)."""
        for n, page in enumerate(self.pages):
            if isinstance(page, PlansPage):
                self.show_section(n)
                page.show_task(plan_id, task_id)

    def _restored(self, table: str, row_id: str) -> None:
        """A deleted row is back (Undo): the pages that list it show it."""
        for page in self.pages:
            page.restored(table, row_id)

    def _section_changed(self, n: int) -> None:
        if n < 0:
            return
        self.stack.setCurrentIndex(n)
        self.pages[n].refresh()

    def set_language(self, lang: str) -> None:
        """Switch the language of the whole window at once, keeping the section (and the
        pages' splitters)."""
        if lang == i18n.language():
            return
        i18n.set_language(lang)
        splitters = self._splitter_states()
        self._build(self.current_section())
        self._restore_splitters(splitters)
        self.language_changed.emit(lang)

    def open_settings(self, tab: int = GENERAL) -> SettingsDialog:
        self.settings = SettingsDialog(self.profile, self.set_language, tab, self)
        # A backup restored from Settings signs out like one restored from Administration.
        self.settings.backups.restored.connect(self.sign_out_requested)
        self.settings.open()
        return self.settings

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.accept()
        self.quit_requested.emit()

    # -- remembered state -------------------------------------------------------------

    def _remembered_section(self) -> int:
        text = self.prefs.window.get("section", "")
        return int(text) if text.isdigit() and int(text) < len(SECTIONS) else 0

    def _splitter_states(self) -> dict[str, str]:
        states: dict[str, str] = {}
        for page in self.pages:
            states.update(window_state.splitter_states(page, type(page).__name__))
        return states

    def _restore_splitters(self, states: dict[str, str]) -> None:
        for page in self.pages:
            window_state.restore_splitters(page, type(page).__name__, states)

    def restore_window_state(self) -> bool:
        """The geometry and splitters kept in the preference file; with nothing kept,
        maximised on a small screen (not in offscreen renders: tests and the guide's
        screenshots size the window themselves). Returns whether a geometry was kept."""
        self._restore_splitters(self.prefs.window)
        return window_state.restore_main_window(
            self,
            self.prefs.window.get("geometry", ""),
            maximise_small=QGuiApplication.platformName() != "offscreen",
        )

    def save_window_state(self) -> None:
        """Keep the geometry, the section and the splitters in the preference file."""
        self.prefs.window = {
            "geometry": window_state.save_main_window(self),
            "section": str(max(self.current_section(), 0)),
            **self._splitter_states(),
        }
        self.prefs.save_window()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        # Closing, quitting and signing out hide the window; minimising (a spontaneous
        # hide from the window system) does not count.
        if not event.spontaneous():
            self.save_window_state()
        super().hideEvent(event)
