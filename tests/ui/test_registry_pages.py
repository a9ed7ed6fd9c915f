"""Issue 17, "Tests": the registry of the main window and its pages, as test_dialog_keys
keeps the registry of the dialogs.

Every ``Page`` subclass of ``desktop.ui`` and every main window (``QMainWindow`` subclass)
is found by importing every module (``subclasses_in_ui``): a new one fails
``test_every_page_and_window_is_registered`` until it is listed here. Each page is shown as
its section of the main window, with demonstration data, in a window sized as it is
maximised on 1280×720 logical less a 40 px taskbar; each of its tabs in turn, then:

- every visible input (fields, lists, combo and check boxes, buttons) has an accessible
  name, what a screen reader says when it gets the focus;
- no button or input is cut by the window's edge or by its holder (outside a scrolled
  area, whose content scrolls), and the page is not squeezed below its minimum size; at
  the usual text size and at the largest an officer may choose (150 %);
- at most one button looks like the main action (a default button).

The Vietnamese texts of every registered page (no English left untranslated, no internal
code) are read by test_translations_ui, whose ``PAGES`` is this registry.

``EXPECTED_TO_FAIL`` names the findings in files that belong to other changes, with the file
that needs the fix.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from desktop.core import demo
from desktop.ui import window_state
from desktop.ui.main_window import SECTIONS, MainWindow, section_of
from desktop.ui.pages.base import Page
from tests.ui.test_accessible import (
    INPUTS,
    _describe,
    _name,
    _part_of_another,
    large_text,  # noqa: F401 (a fixture, used by name)
)
from tests.ui.test_dialog_keys import subclasses_in_ui

# Every page, in the order of the sidebar: each is a section of the main window.
PAGES = (
    "DashboardPage",
    "OutreachPage",
    "PlansPage",
    "CasesPage",
    "SyncPage",
    "ReportsPage",
    "AdminPage",
)
# The main windows; the user guide's window (desktop.ui.help.GuideWindow, a plain window)
# is checked below too.
WINDOWS = ("MainWindow",)
# 1280×720 logical less a 40 px taskbar at the bottom.
SMALL = QRect(0, 0, 1280, 680)
# "<page>.<check>" → what needs fixing, in a file this test's author may not change.
EXPECTED_TO_FAIL: dict[str, str] = {}


def test_every_page_and_window_is_registered() -> None:
    pages = {cls.__name__ for cls in subclasses_in_ui(Page)}
    windows = {cls.__name__ for cls in subclasses_in_ui(QMainWindow)}
    assert not sorted(pages - set(PAGES)), "add these pages to PAGES"
    assert not sorted(windows - set(WINDOWS)), "add these windows to WINDOWS"
    assert tuple(s.class_name for s in SECTIONS) == PAGES, "every page is a section, in order"


@pytest.fixture
def shown(qtbot, province) -> Iterator[MainWindow]:
    """The province administrator's main window over demonstration data, maximised on a
    1280×720 logical screen under a taskbar (every tab of every page is shown to an
    administrator)."""
    for _step in demo.generate(province, events=25, cases=6, seed=3):
        pass
    win = MainWindow(province)
    qtbot.addWidget(win)
    space = window_state.room(SMALL)
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.resize(space)
    win.show()
    qtbot.waitExposed(win)
    assert win.size() == space
    yield win


def _page(win: MainWindow, name: str) -> Page:
    win.show_section(section_of(name))
    page = win.stack.currentWidget()
    assert isinstance(page, Page) and type(page).__name__ == name
    return page


def _each_tab(top: QWidget) -> Iterator[str]:
    """Show each tab of *top* in turn (nested tabs too); yields where it is."""
    yield "first tabs"
    for tabs in top.findChildren(QTabWidget):
        if not tabs.isVisibleTo(top):
            continue
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            yield f"tab {tabs.tabText(i)!r}"
        tabs.setCurrentIndex(0)


def _inputs(page: QWidget) -> list[QWidget]:
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, INPUTS) and w.isVisible() and not _part_of_another(w)
    ]


def _xfail(request: pytest.FixtureRequest, name: str, check: str) -> None:
    reason = EXPECTED_TO_FAIL.get(f"{name}.{check}")
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=False))


@pytest.mark.parametrize("name", PAGES)
def test_every_input_of_a_page_has_an_accessible_name(shown, request, name):
    _xfail(request, name, "names")
    page = _page(shown, name)
    nameless: set[str] = set()
    for where in _each_tab(page):
        nameless |= {f"{where}: {_describe(w)}" for w in _inputs(page) if not _name(w)}
    assert not nameless, "no accessible name:\n" + "\n".join(sorted(nameless))


def _in_scrolled_area(widget: QWidget, page: QWidget) -> bool:
    holder = widget.parentWidget()
    while holder is not None and holder is not page:
        if isinstance(holder, QScrollArea):
            return True
        holder = holder.parentWidget()
    return False


def _cut(widget: QWidget) -> bool:
    """Whether part of *widget* is hidden by its holders' edges (the window's included)."""
    return widget.visibleRegion().boundingRect() != widget.rect()


def _fits(win: MainWindow, name: str) -> None:
    page = _page(win, name)
    room = win.stack.size()
    wanted = page.minimumSizeHint()
    assert wanted.width() <= room.width() and wanted.height() <= room.height(), (
        f"the page needs {wanted.width()}×{wanted.height()}, has {room.width()}×{room.height()}"
    )
    cut: set[str] = set()
    for where in _each_tab(page):
        for widget in _inputs(page):
            if not _in_scrolled_area(widget, page) and _cut(widget):
                cut.add(f"{where}: {_describe(widget)}")
    assert not cut, "cut by the window's edge:\n" + "\n".join(sorted(cut))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_fits_1280_by_720_with_a_taskbar(shown, request, name):
    _xfail(request, name, "fits")
    _fits(shown, name)


@pytest.mark.usefixtures("large_text")
@pytest.mark.parametrize("name", PAGES)
def test_every_page_fits_at_150_percent_text(shown, request, name):
    """The officer's largest text size (Settings → General) on the same screen."""
    _xfail(request, name, "fits at 150 %")
    _fits(shown, name)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_shows_at_most_one_main_action(shown, name):
    """A page is no dialog: Enter opens a list's row or goes to the focused button, never
    to a default one (Qt gives that key to default buttons only in dialogs). A button drawn
    as the default marks the page's main action (the Reports form's Generate): one at most
    in view."""
    page = _page(shown, name)
    for where in _each_tab(page):
        defaults = [
            b.text() for b in page.findChildren(QPushButton) if b.isVisible() and b.isDefault()
        ]
        assert len(defaults) <= 1, f"{where}: {defaults} all look like the main action"


def test_the_main_window_names_its_own_inputs(shown, request):
    """The sidebar and the status bar's controls (the pages are checked above)."""
    _xfail(request, "MainWindow", "names")
    stack = shown.stack
    nameless = [
        _describe(w)
        for w in shown.findChildren(QWidget)
        if isinstance(w, INPUTS)
        and w.isVisible()
        and w.window() is shown
        and not stack.isAncestorOf(w)
        and not _part_of_another(w)
        and not _name(w)
    ]
    assert not nameless, f"no accessible name: {nameless}"


def test_the_guide_window_fits_and_names_its_inputs(shown, monkeypatch):
    """The user guide (F1), opened over the main window on the same small screen."""
    from desktop.ui.help import help_for

    monkeypatch.setattr(window_state, "available_geometry", lambda _widget=None: SMALL)
    helper = help_for(shown)
    assert helper is not None
    guide = helper.show_guide()
    assert window_state.fits(guide, SMALL)
    inputs = [w for w in guide.findChildren(QWidget) if isinstance(w, INPUTS)]
    shown_inputs = [w for w in inputs if w.isVisible() and not _part_of_another(w)]
    assert shown_inputs and not [_describe(w) for w in shown_inputs if not _name(w)]
    assert not [_describe(w) for w in shown_inputs if _cut(w)]
