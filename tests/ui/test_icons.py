"""Khiên's icons (issue 17, point 4): every name draws a Font Awesome glyph, in the
palette's colours of the moment (so the high-contrast theme recolours icons already
shown), the sidebar carries them, and a font that cannot load gives empty icons, not a
crash."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from desktop.ui import icons, theme
from desktop.ui.main_window import SECTION_ICONS, SECTIONS, MainWindow

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
