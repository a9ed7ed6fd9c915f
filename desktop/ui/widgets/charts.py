"""A small bar chart drawn with QPainter (PySide6-Essentials has no QtCharts).

Vertical bars (a series over time, labels under the bars, turned 45° when they do not fit
their column) or horizontal bars (categories with long names, labels on the left, elided
with the full name in the tooltip). Values are written on the bars' ends over a light grid
with a labelled axis. Every bar is a target: a click on its column or row, or Enter/Space
on the bar chosen with the arrow keys, emits ``bar_clicked(index)``. No bars, or only
zeros, draw a plain sentence instead of an empty frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from desktop.core.i18n import _, format_number
from desktop.ui.widgets.figure import ink, on_dark

MARGIN = 10.0
BAR_COLOUR = QColor("#4f7fc4")
HIGHLIGHT_COLOUR = QColor("#1a4f9c")
HOVER_COLOUR = QColor("#7ea4db")
GRID_COLOUR = QColor("#e1e6ec")
AXIS_COLOUR = QColor("#8a96a3")
TEXT_COLOUR = QColor("#2b333b")
MUTED_COLOUR = QColor("#5f6b77")
BORDER_COLOUR = QColor("#d3dbe4")
SIN45 = math.sqrt(0.5)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    tooltip: str = ""  # the label and value when empty
    highlight: bool = False  # drawn darker (e.g. the current month)


def nice_ticks(maximum: int, count: int = 4) -> list[int]:
    """Round axis marks from 0 to at least *maximum*: steps of 1, 2 or 5 × 10ⁿ, about
    *count* of them, never a fraction (the charts count whole things)."""
    if maximum <= 0:
        return [0]
    raw = max(maximum / count, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    top = math.ceil(maximum / step) * step
    return list(range(0, top + 1, step))


@dataclass
class Geometry:
    """Where everything of the chart goes, for painting and for hit tests."""

    title: QRectF
    plot: QRectF
    ticks: list[int]
    bars: list[QRectF] = field(default_factory=list)
    hits: list[QRectF] = field(default_factory=list)
    labels: list[QRectF] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # the labels as drawn (elided)
    rotated: bool = False
    empty: bool = False


class BarChart(QWidget):
    """``BarChart(title, horizontal=False)``; ``set_bars([Bar(label, value), …])``."""

    bar_clicked = Signal(int)

    def __init__(self, title: str = "", horizontal: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.horizontal = horizontal
        self.empty_text = _("No figures to show yet.")
        self._bars: list[Bar] = []
        self._hover = -1
        self._current = -1
        self._pressed = -1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    # -- data -----------------------------------------------------------------------------

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self._hover = -1
        self._current = min(self._current, len(self._bars) - 1)
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {format_number(b.value)}" for b in self._bars)
        )
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def is_empty(self) -> bool:
        return not any(b.value > 0 for b in self._bars)

    def current_index(self) -> int:
        return self._current

    def tooltip_text(self, index: int) -> str:
        bar = self._bars[index]
        return bar.tooltip or f"{bar.label}: {format_number(bar.value)}"

    # -- geometry -------------------------------------------------------------------------

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 3

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetricsF(self.font())
        top = QFontMetricsF(self._title_font()).height() + 8 + 2 * MARGIN
        if self.horizontal and self._bars and not self.is_empty():
            rows = len(self._bars) * self._row_height()
            return QSize(260, math.ceil(top + rows + fm.height() + 6))
        if self._bars and not self.is_empty():
            # Values, a plot with room for a few axis marks, and labels turned 45°.
            widest = max(fm.horizontalAdvance(b.label) for b in self._bars)
            labels = widest * SIN45 + fm.height()
            return QSize(260, math.ceil(top + fm.height() + 2 + 3 * fm.height() + labels))
        return QSize(260, math.ceil(top + 6 * fm.height()))

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.minimumSizeHint()
        if self.horizontal:
            return QSize(420, hint.height() + 12)
        return QSize(560, max(hint.height(), 230))

    def geometry_(self) -> Geometry:
        """The chart's layout at its current size (recomputed each time: it is cheap)."""
        fm = QFontMetricsF(self.font())
        tfm = QFontMetricsF(self._title_font())
        w, h = float(self.width()), float(self.height())
        y = MARGIN
        title = QRectF(MARGIN, y, w - 2 * MARGIN, tfm.height() if self.title else 0.0)
        if self.title:
            y += tfm.height() + 8
        if self.is_empty():
            plot = QRectF(MARGIN, y, w - 2 * MARGIN, max(h - y - MARGIN, 0.0))
            return Geometry(title, plot, [0], empty=True)
        ticks = nice_ticks(max(b.value for b in self._bars))
        if self.horizontal:
            return self._horizontal(fm, title, y, w, h, ticks)
        return self._vertical(fm, title, y, w, h, ticks)

    def _vertical(
        self, fm: QFontMetricsF, title: QRectF, y: float, w: float, h: float, ticks: list[int]
    ) -> Geometry:
        n = len(self._bars)
        tick_w = max(fm.horizontalAdvance(format_number(t)) for t in ticks) + 8
        left, right = MARGIN + tick_w, w - MARGIN
        slot = max(right - left, 1.0) / n
        widest = max(fm.horizontalAdvance(b.label) for b in self._bars)
        rotated = widest > slot - 6
        if rotated:
            # Room under the axis for text turned 45°, at most a third of the height; the
            # first label must not run off the widget's left edge either.
            label_h = min(widest * SIN45 + fm.height(), h * 0.34)
            along = min((label_h - fm.height()) / SIN45, (left + slot / 2) / SIN45)
        else:
            label_h = fm.height() + 6
            along = slot - 4
        value_h = fm.height() + 2
        plot = QRectF(left, y + value_h, right - left, max(h - MARGIN - label_h - y - value_h, 1))
        ticks = self._fit_ticks(plot.height() / (fm.height() * 1.6))
        top = ticks[-1]
        g = Geometry(title, plot, ticks, rotated=rotated)
        bar_w = min(slot * 0.68, 56.0)
        for i, bar in enumerate(self._bars):
            x0 = left + i * slot
            bh = plot.height() * bar.value / top
            g.bars.append(QRectF(x0 + (slot - bar_w) / 2, plot.bottom() - bh, bar_w, bh))
            g.hits.append(QRectF(x0, plot.top() - value_h, slot, plot.height() + value_h + label_h))
            g.labels.append(QRectF(x0, plot.bottom() + 4, slot, label_h - 4))
            g.texts.append(fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, max(along, 8)))
        return g

    def _horizontal(
        self, fm: QFontMetricsF, title: QRectF, y: float, w: float, h: float, ticks: list[int]
    ) -> Geometry:
        n = len(self._bars)
        widest = max(fm.horizontalAdvance(b.label) for b in self._bars)
        label_w = min(widest + 10, w * 0.46)
        value_w = max(fm.horizontalAdvance(format_number(b.value)) for b in self._bars) + 10
        axis_h = fm.height() + 6
        left, right = MARGIN + label_w, w - MARGIN - value_w
        plot = QRectF(left, y, max(right - left, 1.0), max(h - MARGIN - axis_h - y, 1.0))
        mark = max(fm.horizontalAdvance(format_number(t)) for t in ticks)
        ticks = self._fit_ticks(plot.width() / (mark * 1.8 + 8))
        top = ticks[-1]
        g = Geometry(title, plot, ticks)
        row = plot.height() / n
        thick = min(row * 0.7, 26.0)
        for i, bar in enumerate(self._bars):
            y0 = plot.top() + i * row
            g.bars.append(
                QRectF(left, y0 + (row - thick) / 2, plot.width() * bar.value / top, thick)
            )
            g.hits.append(QRectF(MARGIN, y0, w - 2 * MARGIN, row))
            g.labels.append(QRectF(MARGIN, y0, label_w - 10, row))
            g.texts.append(fm.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 10))
        return g

    def _fit_ticks(self, room: float) -> list[int]:
        """Axis marks for the largest value, as many (up to 4 steps) as *room* allows."""
        return nice_ticks(max(b.value for b in self._bars), max(1, min(4, int(room))))

    def bar_rect(self, index: int) -> QRectF:
        """The drawn bar number *index* (an empty rectangle when there is none)."""
        g = self.geometry_()
        return g.bars[index] if 0 <= index < len(g.bars) else QRectF()

    def index_at(self, pos: QPointF) -> int:
        """The bar whose column (or row) holds *pos*, or -1."""
        g = self.geometry_()
        for i, rect in enumerate(g.hits):
            if rect.contains(pos):
                return i
        return -1

    # -- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802, ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(ink(self, BORDER_COLOUR), 1))
        p.setBrush(self.palette().base())
        p.drawRoundedRect(frame, 6, 6)
        g = self.geometry_()
        fm = QFontMetricsF(self.font())
        if self.title:
            p.setFont(self._title_font())
            p.setPen(ink(self, TEXT_COLOUR))
            tfm = QFontMetricsF(self._title_font())
            text = tfm.elidedText(self.title, Qt.TextElideMode.ElideRight, g.title.width())
            p.drawText(g.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            p.setFont(self.font())
        if g.empty:
            p.setPen(ink(self, MUTED_COLOUR))
            p.drawText(
                g.plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text
            )
            p.end()
            return
        self._paint_grid(p, g, fm)
        for i, (bar, rect) in enumerate(zip(self._bars, g.bars, strict=True)):
            active = i in (self._hover, self._pressed) or (i == self._current and self.hasFocus())
            colour = HOVER_COLOUR if active else HIGHLIGHT_COLOUR if bar.highlight else BAR_COLOUR
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRect(rect)
            self._paint_value(p, g, fm, i, rect)
            self._paint_label(p, g, fm, i)
        if self.hasFocus() and 0 <= self._current < len(g.hits):
            pen = QPen(HIGHLIGHT_COLOUR, 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(g.hits[self._current].adjusted(1, 1, -1, -1))
        p.end()

    def _grid(self, tick: float) -> QColor:
        """The axis (tick 0) and grid lines' colour, visible on a light or a dark base."""
        if on_dark(self):
            return self.palette().text().color() if not tick else QColor("#5a5a5a")
        return GRID_COLOUR if tick else AXIS_COLOUR

    def _paint_grid(self, p: QPainter, g: Geometry, fm: QFontMetricsF) -> None:
        top = g.ticks[-1]
        plot = g.plot
        for t in g.ticks:
            text = format_number(t)
            if self.horizontal:
                x = plot.left() + plot.width() * t / top
                p.setPen(QPen(self._grid(t), 1))
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                p.setPen(ink(self, MUTED_COLOUR))
                tw = fm.horizontalAdvance(text)
                box = QRectF(x - tw / 2 - 2, plot.bottom() + 3, tw + 4, fm.height())
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            else:
                y = plot.bottom() - plot.height() * t / top
                p.setPen(QPen(self._grid(t), 1))
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(ink(self, MUTED_COLOUR))
                box = QRectF(MARGIN, y - fm.height() / 2, plot.left() - MARGIN - 6, fm.height())
                p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_value(
        self, p: QPainter, g: Geometry, fm: QFontMetricsF, i: int, rect: QRectF
    ) -> None:
        text = format_number(self._bars[i].value)
        width = fm.horizontalAdvance(text)
        p.setPen(ink(self, TEXT_COLOUR))
        if self.horizontal:
            box = QRectF(
                rect.right() + 5, rect.center().y() - fm.height() / 2, width + 4, fm.height()
            )
            p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        elif width <= g.hits[i].width() - 2:
            box = QRectF(
                g.hits[i].left(), rect.top() - fm.height() - 1, g.hits[i].width(), fm.height()
            )
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)

    def _paint_label(self, p: QPainter, g: Geometry, fm: QFontMetricsF, i: int) -> None:
        p.setPen(ink(self, TEXT_COLOUR))
        text, box = g.texts[i], g.labels[i]
        if self.horizontal:
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        elif not g.rotated:
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        else:
            p.save()
            p.translate(box.center().x() + fm.height() * 0.3, box.top())
            p.rotate(-45)
            width = fm.horizontalAdvance(text) + 2
            p.drawText(
                QRectF(-width, -fm.height() / 2, width, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            p.restore()

    # -- interaction ----------------------------------------------------------------------

    def _set_hover(self, index: int) -> None:
        if index != self._hover:
            self._hover = index
            shape = Qt.CursorShape.PointingHandCursor if index >= 0 else Qt.CursorShape.ArrowCursor
            self.setCursor(shape)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._set_hover(self.index_at(event.position()))

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802
        self._set_hover(-1)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.index_at(event.position())
            self.update()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pressed, self._pressed = self._pressed, -1
        left = event.button() == Qt.MouseButton.LeftButton
        if left and pressed >= 0 and self.index_at(event.position()) == pressed:
            self._current = pressed
            self.update()
            self.bar_clicked.emit(pressed)
            return
        self.update()
        super().mouseReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if self._current < 0 and self._bars and not self.is_empty():
            self._current = 0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        n = len(self._bars)
        if n == 0 or self.is_empty():
            super().keyPressEvent(event)
            return
        key = event.key()
        moves = {
            Qt.Key.Key_Left: self._current - 1, Qt.Key.Key_Up: self._current - 1,
            Qt.Key.Key_Right: self._current + 1, Qt.Key.Key_Down: self._current + 1,
            Qt.Key.Key_Home: 0, Qt.Key.Key_End: n - 1,
        }  # fmt: skip
        if key in moves:
            self._current = max(0, min(n - 1, moves[Qt.Key(key)]))
            self.update()
            g = self.geometry_()
            spot = g.hits[self._current].center().toPoint()
            QToolTip.showText(self.mapToGlobal(spot), self.tooltip_text(self._current), self)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._current >= 0:
            self.bar_clicked.emit(self._current)
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(QPointF(event.pos()))
            if index >= 0:
                rect = self.geometry_().hits[index].toRect()
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self, rect)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
