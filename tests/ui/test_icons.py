"""A look of its own (issue 17, point 4): Khiên's icons — every name draws a Font Awesome
glyph, in the palette's colours of the moment (so the high-contrast theme recolours icons
already shown), the sidebar carries them, and a font that cannot load gives empty icons,
not a crash — and the plans' progress bars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from desktop.core.i18n import _
from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.ui import icons, theme
from desktop.ui.main_window import SECTION_ICONS, SECTIONS, MainWindow
from desktop.ui.pages.plans import (
    PROGRESS_COLUMN,
    PROGRESS_ROLE,
    PROGRESS_TEXT_ROLE,
    PlansPage,
    ProgressDelegate,
    progress_text,
    share,
)
from tests.core.outreach_helpers import add_event, as_role

NAMES = ("dashboard", "outreach", "plans", "cases", "sync", "reports", "admin", "add", "edit",
         "delete", "search", "export", "import", "print", "save_pdf", "excel", "settings",
         "help", "undo")  # fmt: skip


def _ink(ico: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    """The colours of the glyph's solid pixels."""
    image = ico.pixmap(QSize(32, 32), mode).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() > 220
    }


@pytest.fixture
def themed(qapp) -> Iterator[object]:
    yield qapp
    theme.apply(qapp, 100, "light")


def test_every_name_draws_a_glyph(qapp):  # noqa: ARG001
    assert icons.available()
    assert set(NAMES) <= set(icons.GLYPHS)
    for name in icons.GLYPHS:
        ico = icons.icon(name)
        assert not ico.isNull(), name
        assert _ink(ico), f"{name}: nothing drawn"


def test_icons_follow_the_theme_they_are_painted_in(themed):
    house = icons.icon("dashboard")
    theme.apply(themed, 100, "light")
    light = _ink(house)
    text = themed.palette().windowText().color().name()
    assert light == {text}
    theme.apply(themed, 100, "high_contrast")
    assert _ink(house) == {"#ffffff"}, "the same icon, white on the black theme"
    assert _ink(house, QIcon.Mode.Selected) == {"#000000"}, "black on the yellow selection"
    assert _ink(house, QIcon.Mode.Disabled) == {"#9a9a9a"}
    theme.apply(themed, 100, "light")
    assert _ink(house) == light


def test_a_font_that_cannot_load_gives_empty_icons(qapp, monkeypatch):  # noqa: ARG001
    def missing() -> tuple[str, str]:
        raise FileNotFoundError("no font here")

    monkeypatch.setattr(icons, "_font", None)
    monkeypatch.setattr(icons, "_failed", False)
    monkeypatch.setattr(icons, "_font_files", missing)
    assert icons.icon("add").isNull()
    assert not icons.available()


def test_the_sidebar_shows_an_icon_per_section(qtbot, province, themed):
    assert len(SECTION_ICONS) == len(SECTIONS)
    win = MainWindow(province)
    qtbot.addWidget(win)
    for n in range(win.sidebar.count()):
        assert not win.sidebar.item(n).icon().isNull(), win.sidebar.item(n).text()
    small = win.sidebar.iconSize().height()
    assert small >= 16
    theme.apply(themed, 150, "light")
    # The new font reaches the window through a posted event.
    qtbot.waitUntil(lambda: win.sidebar.iconSize().height() > small)  # grows with the text


def test_plan_tasks_show_their_progress_as_bars(qtbot, province, vi_sections):  # noqa: ARG001
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    plan_id = plans.save_plan(
        officer,
        plans.PlanInput("78/KH-BCĐ", "Ban Chỉ đạo", dt.date(2019, 6, 7), "Hưởng ứng ngày 30/7",
                        dt.date(2019, 6, 7), dt.date(2019, 12, 31)),
    )  # fmt: skip
    talks = plans.save_task(officer, plan_id, plans.TaskInput("Nói chuyện", target=3))
    plans.save_task(officer, plan_id, plans.TaskInput("Tờ rơi"))  # no target
    add_event(officer, plan_task_id=talks)
    page = PlansPage(officer)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    table = page.task_table
    assert isinstance(table.itemDelegateForColumn(PROGRESS_COLUMN), ProgressDelegate)
    cell = table.item(0, PROGRESS_COLUMN)
    assert cell.data(PROGRESS_ROLE) == 33, "1 of 3, rounded down"
    assert cell.data(PROGRESS_TEXT_ROLE) == "1 / 3 (33 %)"
    plain = table.item(1, PROGRESS_COLUMN)
    assert plain.data(PROGRESS_ROLE) is None and plain.text() == "0", "its count only"
    # The bar is painted: the highlight fills about a third of the cell.
    table.clearSelection()
    rect = table.visualRect(table.model().index(0, PROGRESS_COLUMN))
    image = table.viewport().grab(rect).toImage()
    highlight = table.palette().highlight().color()
    row = image.height() // 2

    def filled(x: int) -> bool:
        c = image.pixelColor(x, row)
        return abs(c.red() - highlight.red()) + abs(c.blue() - highlight.blue()) < 90

    assert any(filled(x) for x in range(image.width() // 10, image.width() // 4))
    assert not any(filled(x) for x in range(image.width() * 2 // 3, image.width() - 8))
    assert page.plan_progress.isVisible() and page.plan_bar.value() == 0
    assert page.plan_bar_label.text() == _("Tasks done: {done} / {total} ({percent} %)").format(
        done="0", total="2", percent="0"
    )


def test_progress_figures(vi_sections):  # noqa: ARG001
    assert share(1, 3) == 33 and share(199, 200) == 99 and share(5, 4) == 125
    assert progress_text(1200, 1000) == "1.200 / 1.000 (120 %)"
    assert progress_text(7, None) == "7"
