"""A figure tile: a caption, one big number and a line under it (a comparison or what the
number counts), drawn as one button that opens the list behind the figure.

Its ``text()`` is "caption: value", what screen readers announce (and tests read).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from desktop.ui.forms import alert_colour

PAD = 10.0
ACCENT = QColor("#1a4f9c")
GOOD = QColor("#1e7b34")
MUTED = QColor("#5f6b77")
BORDER = QColor("#c9d3de")
TONES = {"up": GOOD, "": MUTED}
ALERT_TONES = ("down", "alert")  # in the theme's red
CAPTION_LINES = 2
DETAIL_LINES = 2


def on_dark(widget: QWidget) -> bool:
    """Whether *widget* is drawn on a dark base (the high-contrast theme, a dark desktop)."""
    return widget.palette().base().color().lightness() < 128


def ink(widget: QWidget, colour: QColor) -> QColor:
    """*colour* on a light base; on a dark one, the palette's text colour (the fixed greys
    and blues of the light look would be unreadable there)."""
    return widget.palette().text().color() if on_dark(widget) else colour


class FigureTile(QAbstractButton):
    def __init__(self, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.value = "–"
        self.detail = ""
        self.tone = ""  # "up" (green), "down" or "alert" (red), "" (grey) for the detail line
        self.alert = False  # the number itself in red (something needs doing)
        self.hint = ""  # what a click does, last in the tooltip
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._sync_text()

    def set_figure(self, value: str, detail: str = "", tone: str = "", alert: bool = False) -> None:
        self.value, self.detail, self.tone, self.alert = value, detail, tone, alert
        self._sync_text()
        self.update()

    def set_caption(self, caption: str) -> None:
        self.caption = caption
        self._sync_text()
        self.update()

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self._sync_text()

    def _sync_text(self) -> None:
        """The text, tooltip and accessible names: everything the tile shows, in full
        (a narrow tile elides its lines)."""
        self.setText(f"{self.caption}: {self.value}")
        self.setAccessibleName(self.text())
        self.setAccessibleDescription(self.detail)
        self.setToolTip("\n".join(t for t in (self.text(), self.detail, self.hint) if t))

    # -- fonts and size ---------------------------------------------------------------------

    def _small(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.5))
        return font

    def _big(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.1)
        font.setBold(True)
        return font

    def _caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802
        cap = QFontMetricsF(self._caption_font()).height() * CAPTION_LINES
        big = QFontMetricsF(self._big()).height()
        small = QFontMetricsF(self._small()).height() * DETAIL_LINES
        return QSize(180, math.ceil(2 * PAD + cap + big + small + 6))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(100, self.sizeHint().height())

    # -- painting ---------------------------------------------------------------------------

    def _lines(self, font: QFont, text: str, width: float, lines: int) -> list[str]:
        """*text* wrapped at spaces into at most *lines* lines of *width*, the last elided."""
        fm = QFontMetricsF(font)
        out: list[str] = []
        words = text.split()
        while words and len(out) < lines:
            line = words.pop(0)
            while words and fm.horizontalAdvance(line + " " + words[0]) <= width:
                line += " " + words.pop(0)
            out.append(line)
        if words or (out and fm.horizontalAdvance(out[-1]) > width):
            rest = " ".join([out[-1], *words]) if out else " ".join(words)
            out[-1:] = [fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802, ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        hovered = self.underMouse() or self.isDown()
        frame = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        border = ACCENT if hovered or self.hasFocus() else BORDER
        if on_dark(self):
            border = self.palette().highlight().color() if self.hasFocus() else ink(self, border)
        p.setPen(QPen(border, 2 if self.hasFocus() else 1))
        light_hover = hovered and not on_dark(self)
        p.setBrush(QColor("#f2f6fb") if light_hover else self.palette().base().color())
        p.drawRoundedRect(frame, 6, 6)
        width = frame.width() - 2 * PAD
        y = frame.top() + PAD
        cap_font = self._caption_font()
        cap_h = QFontMetricsF(cap_font).height()
        p.setFont(cap_font)
        p.setPen(ink(self, QColor("#2b333b")))
        for line in self._lines(cap_font, self.caption, width, CAPTION_LINES):
            p.drawText(
                QRectF(frame.left() + PAD, y, width, cap_h), Qt.AlignmentFlag.AlignLeft, line
            )
            y += cap_h
        y = frame.top() + PAD + cap_h * CAPTION_LINES
        big = self._big()
        big_h = QFontMetricsF(big).height()
        while QFontMetricsF(big).horizontalAdvance(self.value) > width and big.pointSizeF() > 8:
            big.setPointSizeF(big.pointSizeF() - 1)  # a long number shrinks, never cut
        p.setFont(big)
        if self.alert:
            p.setPen(alert_colour(self.palette().base().color()))
        else:
            p.setPen(ink(self, ACCENT))
        p.drawText(
            QRectF(frame.left() + PAD, y, width, big_h), Qt.AlignmentFlag.AlignLeft, self.value
        )
        y += big_h + 4
        small = self._small()
        small_h = QFontMetricsF(small).height()
        p.setFont(small)
        if self.tone in ALERT_TONES:
            p.setPen(alert_colour(self.palette().base().color()))
        else:
            p.setPen(ink(self, TONES.get(self.tone, MUTED)))
        for line in self._lines(small, self.detail, width, DETAIL_LINES):
            p.drawText(
                QRectF(frame.left() + PAD, y, width, small_h), Qt.AlignmentFlag.AlignLeft, line
            )
            y += small_h
        p.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
        else:
            super().keyPressEvent(event)
