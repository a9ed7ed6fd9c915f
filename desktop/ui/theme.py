"""The text size and the theme an officer chose (``core.account_settings``), applied to the
whole application: at sign-in for that account, at once when changed in Settings, and back
to the usual look at sign-out.

- Text size: the application font's point size, scaled from the size it had before the
  first change (the platform's, or the bundled font's set at start).
- Light: the style and the palette the application started with (Fusion's own palette
  where Fusion is the style).
- High contrast: the Fusion style (the one that follows a palette on every platform), a
  black, white and yellow palette, and a style sheet that draws a thick yellow outline
  around whatever has the keyboard focus.

Each theme has its own red for refusals and warnings (``alert``): a dark red on the light
theme, a light one on black, each readable on its window (WCAG AA, 4.5:1). A widget asks
for it with the dynamic property ``alert`` (``forms.set_alert``), matched by a rule of the
theme's style sheet, so it changes with the theme; painted things ask ``alert_colour``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

if TYPE_CHECKING:  # the database layer is loaded after the sign-in dialog is shown
    from desktop.core.account_settings import AccountSettings
    from desktop.core.profile import OpenProfile

_BASE_FONT = "khien_base_font"
_BASE_STYLE = "khien_base_style"
_BASE_PALETTE = "khien_base_palette"
_SHEET = "khien_theme_sheet"
_THEME = "khien_theme"

YELLOW = "#ffff00"
ALERT_ON_LIGHT = "#b00020"
ALERT_ON_DARK = "#ff8a8a"
ALERT_PROPERTY = "alert"
# Quieter texts, by the property ``tone``: a note (grey) and a caution (amber).
TONE_PROPERTY = "tone"
TONES_ON_LIGHT = {"note": "#555555", "caution": "#8a5a00"}
TONES_ON_DARK = {"note": "#c8c8c8", "caution": "#ffd24d"}


def alert_rule(colour: str, tones: dict[str, str]) -> str:
    """The style sheet rules that colour every widget marked ``alert`` or with a tone."""
    on = f'[{ALERT_PROPERTY}="true"]'
    # A refused field gets a red frame too (before the focus rules: the focus frame wins).
    rules = f"*{on} {{ color: {colour}; }}\nQLineEdit{on} {{ border: 1px solid {colour}; }}\n"
    for tone, ink in tones.items():
        rules += f'*[{TONE_PROPERTY}="{tone}"] {{ color: {ink}; }}\n'
    return rules


def alert_colour(background: QColor | None = None) -> QColor:
    """The red that reads on *background* (the application's window by default): the dark
    red on a light one, the light red on a dark one."""
    if background is None:
        background = QApplication.palette().color(QPalette.ColorRole.Window)
    return QColor(ALERT_ON_DARK if background.lightness() < 128 else ALERT_ON_LIGHT)


def tone_colour(tone: str, background: QColor | None = None) -> QColor:
    """The colour of a "note" or "caution" that reads on *background* (the application's
    window by default), for text painted by hand as ``alert_colour`` is."""
    if background is None:
        background = QApplication.palette().color(QPalette.ColorRole.Window)
    return QColor((TONES_ON_DARK if background.lightness() < 128 else TONES_ON_LIGHT)[tone])


LIGHT_SHEET = alert_rule(ALERT_ON_LIGHT, TONES_ON_LIGHT)
FOCUS_SHEET = (
    alert_rule(ALERT_ON_DARK, TONES_ON_DARK)
    + f"""
QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox {{
    border: 1px solid #ffffff; padding: 2px;
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus,
QAbstractSpinBox:focus, QComboBox:focus {{
    border: 3px solid {YELLOW};
}}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button, QComboBox::drop-down {{
    border: none; background: #000000; width: 18px;
}}
QAbstractSpinBox::up-arrow {{
    width: 0; height: 0; border-left: 5px solid #000000; border-right: 5px solid #000000;
    border-bottom: 6px solid #ffffff;
}}
QAbstractSpinBox::down-arrow, QComboBox::down-arrow {{
    width: 0; height: 0; border-left: 5px solid #000000; border-right: 5px solid #000000;
    border-top: 6px solid #ffffff;
}}
QPushButton {{
    border: 1px solid #ffffff; border-radius: 3px; padding: 4px 12px;
    background: #000000; color: #ffffff;
}}
QPushButton:default {{ border: 2px solid #ffffff; }}
QPushButton:focus, QToolButton:focus {{ border: 3px solid {YELLOW}; }}
QPushButton:disabled {{ border: 1px dashed #9a9a9a; color: #9a9a9a; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 0.9em; height: 0.9em; border: 2px solid #ffffff; background: #000000;
}}
QRadioButton::indicator {{ border-radius: 0.55em; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background: {YELLOW};
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: #9a9a9a; }}
QCheckBox:focus, QRadioButton:focus {{ outline: none; border: 2px solid {YELLOW}; }}
QTabBar::tab:selected {{ border-bottom: 3px solid {YELLOW}; }}
QTabBar::tab:focus {{ border: 3px solid {YELLOW}; }}
"""
)


def high_contrast_palette() -> QPalette:
    """White on black, yellow for the selection, the focus and links."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor(YELLOW)
    grey = QColor("#9a9a9a")
    p = QPalette()
    R = QPalette.ColorRole
    for role, color in (
        (R.Window, black), (R.WindowText, white), (R.Base, black),
        (R.AlternateBase, QColor("#1c1c1c")), (R.Text, white), (R.Button, black),
        (R.ButtonText, white), (R.BrightText, yellow), (R.Highlight, yellow),
        (R.HighlightedText, black), (R.ToolTipBase, black), (R.ToolTipText, white),
        (R.Link, yellow), (R.LinkVisited, QColor("#ffd700")), (R.PlaceholderText, grey),
        (R.Light, white), (R.Midlight, QColor("#c0c0c0")), (R.Mid, grey),
        (R.Dark, QColor("#d0d0d0")), (R.Shadow, white),
    ):  # fmt: skip
        p.setColor(role, color)
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    p.setColor(QPalette.ColorGroup.Disabled, R.Highlight, grey)
    return p


def _base_font(app: QApplication) -> QFont:
    """The application font as it was before the first change of text size."""
    kept = app.property(_BASE_FONT)
    if isinstance(kept, QFont):
        return QFont(kept)
    base = QFont(app.font())
    app.setProperty(_BASE_FONT, base)
    return QFont(base)


def scaled_font(app: QApplication, text_size: int) -> QFont:
    font = _base_font(app)
    if font.pointSizeF() > 0:
        font.setPointSizeF(round(font.pointSizeF() * text_size / 100, 1))
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * text_size / 100))
    return font


def _style_name(app: QApplication) -> str:
    """The style the application started with (its palette kept beside it)."""
    kept = app.property(_BASE_STYLE)
    if isinstance(kept, str) and kept:
        return kept
    name = app.style().name()
    app.setProperty(_BASE_STYLE, name)
    app.setProperty(_BASE_PALETTE, QPalette(app.palette()))
    return name


def _set_style(app: QApplication, name: str) -> None:
    if app.style().name().lower() != name.lower():  # "" under a style sheet: set it again
        style = QStyleFactory.create(name)
        if style is not None:
            app.setStyle(style)


def apply(app: QApplication, text_size: int = 100, theme: str = "light") -> None:
    """Show the whole application at *text_size* per cent in *theme*."""
    base_style = _style_name(app)
    app.setFont(scaled_font(app, text_size))
    ours = app.property(_SHEET)
    if ours and app.styleSheet() == ours:
        app.setStyleSheet("")
        app.setProperty(_SHEET, "")
    app.setProperty(_THEME, theme)
    if theme == "high_contrast":
        _set_style(app, "Fusion")
        app.setPalette(high_contrast_palette())
        _set_sheet(app, FOCUS_SHEET)
        return
    _set_style(app, base_style)
    kept = app.property(_BASE_PALETTE)
    app.setPalette(QPalette(kept) if isinstance(kept, QPalette) else app.style().standardPalette())
    _set_sheet(app, LIGHT_SHEET)


def _set_sheet(app: QApplication, sheet: str) -> None:
    if not app.styleSheet():  # never over a style sheet someone else set
        app.setStyleSheet(sheet)
        app.setProperty(_SHEET, sheet)


def apply_settings(app: QApplication, settings: AccountSettings) -> None:
    apply(app, settings.text_size, settings.theme)


def apply_account(app: QApplication, opened: OpenProfile) -> None:
    """The signed-in account's text size and theme."""
    from desktop.core import account_settings

    apply_settings(app, account_settings.load(opened))


def reset(app: QApplication) -> None:
    """The usual look (before anyone signs in, and after signing out)."""
    apply(app)


def current_theme(app: QApplication) -> str:
    """ "high_contrast" while that theme is shown, else "light"."""
    return "high_contrast" if app.property(_THEME) == "high_contrast" else "light"
