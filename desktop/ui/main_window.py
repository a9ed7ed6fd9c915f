"""The main window: a thin assembly of a sidebar, the section pages, menus and a status
bar. Changing the language rebuilds the pages in place and keeps the section.

Each page is built the first time it is shown (or asked for through ``pages``), and its
module imported only then: the window opens as soon as its first section is ready, without
the others' modules (spreadsheets, PDF viewers, their tables) or their queries.

The window comes back as it was left (``window_state``): its geometry, the section last
shown and its pages' splitters, kept in the machine's preference file when it hides; with
nothing remembered it starts maximised on a small screen. A page not yet built keeps its
remembered splitters until it is."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

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
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.security import roles
from desktop.ui import icons, keys, window_state
from desktop.ui.help import install_help_menu
from desktop.ui.login_dialog import LANGUAGE_NAMES
from desktop.ui.pages.base import Page, last_sync_text
from desktop.ui.prefs import Prefs
from desktop.ui.undo_bar import UndoBar, undo_key

if TYPE_CHECKING:
    from desktop.ui.settings_dialog import SettingsDialog


@dataclass(frozen=True)
class Section:
    """A section of the sidebar: where its page class lives, its title (the page class's
    own ``title``, here so that the sidebar needs no page module), its icon's name
    (desktop.ui.icons), and whether the page loads what it shows as it is built (then its
    first showing does not load it a second time; the others load in ``refresh``)."""

    module: str
    class_name: str
    title: str
    icon: str
    loads_when_built: bool = False

    def page_class(self) -> type[Page]:
        # __import__ rather than importlib.import_module: the import statement's own path,
        # which ``python -X importtime`` (tests/ui/test_start_path.py) sees.
        module = __import__(self.module, fromlist=[self.class_name])
        cls: type[Page] = getattr(module, self.class_name)
        return cls


SECTIONS: tuple[Section, ...] = (
    Section("desktop.ui.pages.dashboard", "DashboardPage", N_("Dashboard"), "dashboard"),
    Section("desktop.ui.pages.outreach", "OutreachPage", N_("Outreach"), "outreach", True),
    Section("desktop.ui.pages.plans", "PlansPage", N_("Plans"), "plans", True),
    Section("desktop.ui.pages.cases", "CasesPage", N_("Cases"), "cases", True),
    Section("desktop.ui.pages.sync", "SyncPage", N_("Sync"), "sync", True),
    Section("desktop.ui.pages.reports", "ReportsPage", N_("Reports"), "reports"),
    Section("desktop.ui.pages.admin", "AdminPage", N_("Administration"), "admin"),
)
# The sidebar's icons (desktop.ui.icons), in the order of SECTIONS.
SECTION_ICONS = tuple(section.icon for section in SECTIONS)


def remembered_section(text: str) -> int:
    """The sidebar row kept in the preferences as *text*; the first when none is."""
    return int(text) if text.isdigit() and int(text) < len(SECTIONS) else 0


def section_of(class_name: str) -> int:
    """The sidebar row of the page class named *class_name*."""
    return next(n for n, s in enumerate(SECTIONS) if s.class_name == class_name)


class Pages(Sequence[Page]):
    """The window's pages in sidebar order; a page is built when first asked for."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __len__(self) -> int:
        return len(SECTIONS)

    @overload
    def __getitem__(self, n: int) -> Page: ...

    @overload
    def __getitem__(self, n: slice) -> list[Page]: ...

    def __getitem__(self, n: int | slice) -> Page | list[Page]:
        if isinstance(n, slice):
            return [self._window.page(i) for i in range(len(SECTIONS))[n]]
        return self._window.page(range(len(SECTIONS))[n])  # IndexError past the end

    def __iter__(self) -> Iterator[Page]:
        return (self._window.page(n) for n in range(len(SECTIONS)))


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
        self._built: dict[int, Page] = {}  # sidebar row → its page, once built
        # The remembered splitters of pages not built yet, applied when they are.
        self._states: dict[str, str] = dict(self.prefs.window)
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
        self.sidebar.setAccessibleName(_("Sections"))
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
        self._built = {}
        for n, sec in enumerate(SECTIONS):
            self.sidebar.addItem(_(sec.title))
            self.sidebar.item(n).setIcon(icons.icon(sec.icon))
            self.sidebar.item(n).setToolTip(keys.with_key(_(sec.title), f"Ctrl+{n + 1}"))
            self.stack.addWidget(QWidget())  # its page's place until it is built
        self.undo_bar.retranslate()
        self.sidebar.currentRowChanged.connect(self._section_changed)
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

    @property
    def pages(self) -> Pages:
        """The pages in sidebar order; asking for one builds it if it was not yet."""
        return Pages(self)

    def built_pages(self) -> list[Page]:
        """The pages built so far (the others load what they show when first visited)."""
        return [self._built[n] for n in sorted(self._built)]

    def section_titles(self) -> list[str]:
        """The sections' titles in the current language, without building their pages."""
        return [_(sec.title) for sec in SECTIONS]

    def page(self, n: int) -> Page:
        """The page of sidebar row *n*, built now if it was not yet."""
        if n in self._built:
            return self._built[n]
        page = SECTIONS[n].page_class()(self.profile)
        name = SECTIONS[n].class_name
        window_state.restore_splitters(page, name, self._states)
        placeholder = self.stack.widget(n)
        self.stack.insertWidget(n, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        page.deleted.connect(self.undo_bar.offer)
        if name == "DashboardPage":
            page.open_cases.connect(self.open_cases)  # type: ignore[attr-defined]
            page.open_events.connect(self.open_events)  # type: ignore[attr-defined]
            page.open_plan_task.connect(self.open_plan_task)  # type: ignore[attr-defined]
        self._built[n] = page
        return page

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
        self.action_settings.triggered.connect(lambda: self.open_settings())
        self.action_password = app_menu.addAction(_("Change &password…"))
        self.action_password.triggered.connect(self._open_password)
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
        if 0 <= n < len(SECTIONS):
            self.sidebar.setCurrentRow(n)

    def open_cases(self, preset: str) -> None:
        """Show the Cases section with one of its preset filters (from the dashboard)."""
        n = section_of("CasesPage")
        self.page(n).show_preset(preset)  # type: ignore[attr-defined]
        self.show_section(n)

    def open_events(self, kind: str, date_from: object, date_to: object) -> None:
        """Show the Outreach section with events of *kind* over a period (dashboard)."""
        n = section_of("OutreachPage")
        self.page(n).apply_preset(kind, date_from, date_to)  # type: ignore[attr-defined]
        self.show_section(n)

    def open_plan_task(self, plan_id: str, task_id: str) -> None:
        """Show the Plans section on one task (the dashboard's late tasks)."""
        n = section_of("PlansPage")
        self.show_section(n)
        self.page(n).show_task(plan_id, task_id)  # type: ignore[attr-defined]

    def _restored(self, table: str, row_id: str) -> None:
        """A deleted row is back (Undo): the pages that list it show it (a page not built
        yet loads it when first shown)."""
        for page in self.built_pages():
            page.restored(table, row_id)

    def _section_changed(self, n: int) -> None:
        if n < 0:
            return
        built = n in self._built
        page = self.page(n)
        self.stack.setCurrentIndex(n)
        if built or not SECTIONS[n].loads_when_built:
            page.refresh()

    def set_language(self, lang: str) -> None:
        """Switch the language of the whole window at once, keeping the section (and the
        pages' splitters)."""
        if lang == i18n.language():
            return
        i18n.set_language(lang)
        self._states = self._splitter_states()  # the new pages take them as they are built
        self._build(self.current_section())
        self.language_changed.emit(lang)

    def open_settings(self, tab: int | None = None) -> SettingsDialog:
        """Settings on *tab* (settings_dialog.GENERAL, PASSWORD…; the first by default)."""
        from desktop.ui.settings_dialog import GENERAL, SettingsDialog

        self.settings = SettingsDialog(
            self.profile, self.set_language, GENERAL if tab is None else tab, self
        )
        # A backup restored from Settings signs out like one restored from Administration.
        self.settings.backups.restored.connect(self.sign_out_requested)
        self.settings.open()
        return self.settings

    def _open_password(self) -> None:
        from desktop.ui.settings_dialog import PASSWORD

        self.open_settings(PASSWORD)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.accept()
        self.quit_requested.emit()

    # -- remembered state -------------------------------------------------------------

    def _remembered_section(self) -> int:
        return remembered_section(self.prefs.window.get("section", ""))

    def _splitter_states(self) -> dict[str, str]:
        """The pages' splitters: as they are for the pages built, as remembered for the
        others."""
        states: dict[str, str] = {}
        for n, sec in enumerate(SECTIONS):
            if n in self._built:
                states.update(window_state.splitter_states(self._built[n], sec.class_name))
            else:
                prefix = sec.class_name + "/"
                states.update({k: v for k, v in self._states.items() if k.startswith(prefix)})
        return states

    def _restore_splitters(self, states: dict[str, str]) -> None:
        self._states = {**self._states, **states}
        for n, page in self._built.items():
            window_state.restore_splitters(page, SECTIONS[n].class_name, states)

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
