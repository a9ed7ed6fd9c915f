"""Work left for after a widget's first paint.

What starts while a window is being shown competes with its painting for the interpreter
(a second thread's Python, the op runner's worker included, takes it in turns with the GUI
thread): the sign-in dialog and the main window's first page are shown first, then the
work starts. A widget never painted (its window minimised, no room for it) does not hold
the work back for long.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ANYWAY_MS = 500  # unpainted for this long, the work starts anyway


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object], anyway_ms: int) -> None:
        super().__init__(widget)  # gone with the widget, and its timers with it
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(anyway_ms, self, self._go)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._go)  # once this paint is done
        return False

    def _go(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(
    widget: QWidget, then: Callable[[], object], anyway_ms: int | None = None
) -> None:
    """Call *then* once, right after *widget* is first painted, or after *anyway_ms*
    (ANYWAY_MS) if it has not been by then; never if the widget is destroyed first."""
    _FirstPaint(widget, then, ANYWAY_MS if anyway_ms is None else anyway_ms)
