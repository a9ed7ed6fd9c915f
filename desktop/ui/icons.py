"""Khiên's icons: Font Awesome 6 solid glyphs from QtAwesome (MIT; the font travels inside
its wheel, so it works offline), named by what they mean in Khiên, not by their glyph.

Each icon is drawn when it is painted, in the colours of the application's palette at that
moment: the text colour, the disabled text colour for a disabled control and the
highlighted text colour on a selected row. A theme change (``desktop.ui.theme``) therefore
recolours every icon already shown, the high-contrast theme's white on black included,
with nothing to re-create.

Only the Font Awesome 6 solid font is loaded (not QtAwesome's eleven others). When it
cannot be loaded, ``icon`` returns an empty QIcon: the controls keep their text and
nothing crashes."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

log = logging.getLogger(__name__)

PREFIX = "fa6s"
SOLID = "fontawesome6-solid-webfont-"  # + version + ".ttf" / "-charmap-" + version + ".json"

# Khiên's names → Font Awesome 6 solid glyphs.
GLYPHS = {
    "dashboard": "house",
    "outreach": "bullhorn",
    "plans": "list-check",
    "cases": "folder-open",
    "sync": "arrows-rotate",
    "reports": "file-lines",
    "admin": "user-gear",
    "add": "plus",
    "edit": "pen",
    "delete": "trash-can",
    "search": "magnifying-glass",
    "export": "file-export",
    "import": "file-import",
    "print": "print",
    "save_pdf": "file-pdf",
    "excel": "file-excel",
    "settings": "gear",
    "help": "circle-question",
    "undo": "rotate-left",
    "open": "folder-open",
    "send": "paper-plane",
    "check": "check",
    "password": "key",
    "backup": "box-archive",
}

_font: Any = None  # the loaded qtawesome IconicFont
_failed = False
# One QIcon per name, kept for the life of the program: PySide ties a Python icon engine to
# the Python QIcon made from it, so both stay alive while Qt's copies of the icon are used.
_icons: dict[str, QIcon] = {}
_clones: list[QIconEngine] = []  # engines handed to Qt by clone(), kept alive likewise


def _font_files() -> tuple[str, str]:
    """The file names of the font and its character map inside qtawesome's fonts folder
    (their names carry Font Awesome's version, which a newer QtAwesome may change)."""
    import qtawesome

    folder = Path(qtawesome.__file__).parent / "fonts"
    for ttf in sorted(folder.glob(f"{SOLID}*.ttf"), reverse=True):
        version = ttf.name.removeprefix(SOLID).removesuffix(".ttf")
        charmap = f"{SOLID}charmap-{version}.json"
        if (folder / charmap).is_file():
            return ttf.name, charmap
    raise FileNotFoundError(f"no {SOLID}*.ttf with its character map in {folder}")


def _iconic() -> Any:
    """The Font Awesome 6 solid font, loaded once; None when it cannot be."""
    global _font, _failed
    if _font is not None or _failed:
        return _font
    if QGuiApplication.instance() is None:
        return None  # fonts load into a running application only (try again later)
    try:
        os.environ.setdefault("QT_API", "pyside6")  # qtpy: the binding Khiên uses
        from qtawesome.iconic_font import IconicFont

        font = IconicFont((PREFIX, *_font_files()))
        if PREFIX not in font.charmap:
            raise RuntimeError("the icon font's character map did not load")
        _font = font
    except Exception:  # a missing or blocked font: icons are a nicety, never a crash
        log.warning("The icon font could not be loaded; controls show text only", exc_info=True)
        _failed = True
    return _font


def _colours() -> dict[str, str]:
    """The glyph's colours for each icon mode, from the application's palette now."""
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText).name()
    return {
        "color": text,
        "color_active": text,
        "color_disabled": palette.color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
        ).name(),
        "color_selected": palette.color(
            QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
        ).name(),
    }


class _PaletteIconEngine(QIconEngine):
    """Paints one glyph in the palette's colours of the moment it is painted."""

    def __init__(self, glyph: str) -> None:
        super().__init__()
        self.glyph = glyph

    def _icon(self) -> QIcon:
        font = _iconic()
        return font.icon(self.glyph, **_colours()) if font is not None else QIcon()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._icon().paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._icon().pixmap(size, mode, state)

    def clone(self) -> QIconEngine:
        engine = _PaletteIconEngine(self.glyph)
        _clones.append(engine)
        return engine


def icon(name: str) -> QIcon:
    """The icon Khiên calls *name* (a key of ``GLYPHS``); an empty QIcon when the icon font
    cannot be loaded."""
    glyph = f"{PREFIX}.{GLYPHS[name]}"
    if _iconic() is None:
        return QIcon()
    if name not in _icons:
        _icons[name] = QIcon(_PaletteIconEngine(glyph))
    return _icons[name]


def available() -> bool:
    """Whether icons can be drawn (the icon font loaded)."""
    return _iconic() is not None
