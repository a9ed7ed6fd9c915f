"""Khiên's icons: Font Awesome 6 solid glyphs (SIL OFL) from the font QtAwesome ships in
its wheel (so it works offline), named by what they mean in Khiên, not by their glyph.

Each icon is drawn when it is painted, in the colours of the application's palette at that
moment: the text colour, the disabled text colour for a disabled control and the
highlighted text colour on a selected row. A theme change (``desktop.ui.theme``) therefore
recolours every icon already shown, the high-contrast theme's white on black included,
with nothing to re-create.

Only the Font Awesome 6 solid font is loaded (not QtAwesome's eleven others), and only its
files are used: the glyphs are drawn here with QPainter, so QtAwesome's Python code (and
the qtpy layer it imports, a quarter of a second) stays off the start path. When the font
cannot be loaded, ``icon`` returns an empty QIcon: the controls keep their text and
nothing crashes (and ``khien selftest`` fails: a build that lost the font is broken)."""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

log = logging.getLogger(__name__)

SOLID = "fontawesome6-solid-webfont-"  # + version + ".ttf" / "charmap-" + version + ".json"
GLYPH_SHARE = 0.875  # of the icon's height: the glyph's size, leaving a thin margin

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


@dataclass(frozen=True)
class GlyphFont:
    """The loaded icon font: its family as Qt registered it, and glyph name → character."""

    family: str
    charmap: dict[str, str]

    def qfont(self, pixels: int) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(1, pixels))
        font.setWeight(QFont.Weight.Black)  # the solid style (900), not a regular one
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
        return font


_font: GlyphFont | None = None
_failed = False
# One QIcon per name, kept for the life of the program: PySide ties a Python icon engine to
# the Python QIcon made from it, so both stay alive while Qt's copies of the icon are used.
_icons: dict[str, QIcon] = {}
_clones: list[QIconEngine] = []  # engines handed to Qt by clone(), kept alive likewise


def _fonts_folder() -> Path:
    """QtAwesome's fonts folder, found without importing QtAwesome (its import pulls in
    qtpy and every Qt module). The built program carries only that folder
    (packaging/khien.spec), beside its other data."""
    bundled = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundled:
        return Path(bundled) / "qtawesome" / "fonts"
    spec = importlib.util.find_spec("qtawesome")
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    if not places:
        raise FileNotFoundError("the qtawesome package is not installed")
    return Path(places[0]) / "fonts"


def _font_files() -> tuple[Path, Path]:
    """The font and its character map in QtAwesome's fonts folder (their names carry Font
    Awesome's version, which a newer QtAwesome may change)."""
    folder = _fonts_folder()
    for ttf in sorted(folder.glob(f"{SOLID}*.ttf"), reverse=True):
        version = ttf.name.removeprefix(SOLID).removesuffix(".ttf")
        charmap = folder / f"{SOLID}charmap-{version}.json"
        if charmap.is_file():
            return ttf, charmap
    raise FileNotFoundError(f"no {SOLID}*.ttf with its character map in {folder}")


def _load() -> GlyphFont:
    ttf, charmap_file = _font_files()
    font_id = QFontDatabase.addApplicationFont(str(ttf))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        raise RuntimeError(f"Qt could not load the icon font {ttf.name}")
    codes = json.loads(charmap_file.read_text(encoding="utf-8"))
    charmap = {name: chr(int(code, 16)) for name, code in codes.items()}
    missing = sorted(set(GLYPHS.values()) - set(charmap))
    if missing:
        raise RuntimeError(f"the icon font lacks {', '.join(missing)}")
    return GlyphFont(families[0], charmap)


def _iconic() -> GlyphFont | None:
    """The Font Awesome 6 solid font, loaded once; None when it cannot be."""
    global _font, _failed
    if _font is not None or _failed:
        return _font
    if QGuiApplication.instance() is None:
        return None  # fonts load into a running application only (try again later)
    try:
        _font = _load()
    except Exception:  # a missing or blocked font: icons are a nicety, never a crash
        log.warning("The icon font could not be loaded; controls show text only", exc_info=True)
        _failed = True
    return _font


def _colour(mode: QIcon.Mode) -> QColor:
    """The glyph's colour for *mode*, from the application's palette now."""
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


class _PaletteIconEngine(QIconEngine):
    """Paints one glyph in the palette's colours of the moment it is painted."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        font = _iconic()
        if font is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font.qfont(round(GLYPH_SHARE * rect.height())))
        painter.setPen(_colour(mode))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, font.charmap[GLYPHS[self.name]])
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        engine = _PaletteIconEngine(self.name)
        _clones.append(engine)
        return engine


def icon(name: str) -> QIcon:
    """The icon Khiên calls *name* (a key of ``GLYPHS``); an empty QIcon when the icon font
    cannot be loaded."""
    if name not in GLYPHS:
        raise KeyError(name)
    if _iconic() is None:
        return QIcon()
    if name not in _icons:
        _icons[name] = QIcon(_PaletteIconEngine(name))
    return _icons[name]


def available() -> bool:
    """Whether icons can be drawn (the icon font loaded)."""
    return _iconic() is not None
