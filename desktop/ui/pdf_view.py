"""A page preview of a PDF inside the app.

Qt's own PDF module lives in the large Addons wheel we do not ship, so pages are rasterised
with pypdfium2 into QImages. The view paints only the pages that are on screen and renders
them one per event-loop turn, at the current zoom, keeping a few in a cache: a report of
hundreds of pages opens at once and scrolling never waits for pages out of sight.

PDFium is not thread-safe (not even across documents), so every call into it holds
``PDFIUM_LOCK``; printing (desktop/ui/print_pdf.py) renders on the worker thread under the
same lock.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import KhienError
from desktop.core.i18n import _

PDFIUM_LOCK = threading.RLock()

ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
GAP = 14  # pixels between pages and around them
CACHE_PAGES = 10


class UnreadablePdf(KhienError):
    """The file is not a PDF that PDFium can open."""


class PdfFile:
    """An open PDF, held in memory: no file needs to stay on disk while it is shown."""

    def __init__(self, data: bytes, name: str = "") -> None:
        import pypdfium2 as pdfium  # here, not at the top: only a document shown needs PDFium

        self.data, self.name = data, name
        self.closed = False
        with PDFIUM_LOCK:
            try:
                self._doc = pdfium.PdfDocument(data)  # PDFium reads from *data* while open
                self.sizes = [self._doc.get_page_size(i) for i in range(len(self._doc))]
            except pdfium.PdfiumError as exc:
                raise UnreadablePdf(_("The document is damaged and cannot be shown.")) from exc

    @classmethod
    def read(cls, path: Path) -> PdfFile:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadablePdf(_("The document could not be read from the disk.")) from exc
        return cls(data, path.stem)

    def __len__(self) -> int:
        return len(self.sizes)

    def render(self, index: int, scale: float) -> QImage:
        """Page *index* (from 0) at *scale* pixels per point, on white."""
        with PDFIUM_LOCK:
            page = self._doc[index]
            try:
                bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
                try:
                    image = QImage(
                        bitmap.buffer,  # read in place (buffer protocol), copied just below
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        QImage.Format.Format_RGBX8888,
                    ).copy()  # own the pixels: the bitmap's buffer goes away below
                finally:
                    bitmap.close()
            finally:
                page.close()
        return image

    def close(self) -> None:
        with PDFIUM_LOCK:
            if not self.closed:
                self._doc.close()
                self.closed = True


class _Pages(QWidget):
    """The pages laid out top to bottom; paints what is visible, renders lazily."""

    rendered = Signal(int)  # a page's image at the current zoom is ready

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: PdfFile | None = None
        self.scale = 1.0  # pixels per point
        self._tops: list[int] = []
        self._rects: list[QRect] = []
        self._cache: OrderedDict[int, tuple[float, QImage]] = OrderedDict()
        self._wanted: list[int] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)
        self.setAutoFillBackground(False)
        self.setSizePolicy(self.sizePolicy().Policy.Fixed, self.sizePolicy().Policy.Fixed)

    def set_pdf(self, pdf: PdfFile | None) -> None:
        self.pdf = pdf
        self._cache.clear()
        self._wanted.clear()
        self._layout()

    def set_scale(self, scale: float) -> None:
        if abs(scale - self.scale) < 1e-6:
            return
        self.scale = scale
        self._wanted.clear()
        self._layout()

    def _layout(self) -> None:
        self._rects, self._tops = [], []
        y, widest = GAP, 0
        for w, h in self.pdf.sizes if self.pdf else []:
            pw, ph = max(1, round(w * self.scale)), max(1, round(h * self.scale))
            widest = max(widest, pw)
            self._rects.append(QRect(0, y, pw, ph))
            self._tops.append(y)
            y += ph + GAP
        width = widest + 2 * GAP
        for rect in self._rects:  # centre each page horizontally
            rect.moveLeft((width - rect.width()) // 2)
        self.setFixedSize(QSize(width, y if self._rects else 0))
        self.update()

    def page_rect(self, index: int) -> QRect:
        return QRect(self._rects[index])

    def page_at(self, y: int) -> int:
        """The page under the vertical position *y* (or the one just above the gap)."""
        if not self._tops:
            return -1
        return max(0, bisect.bisect_right(self._tops, y) - 1)

    def is_rendered(self, index: int) -> bool:
        cached = self._cache.get(index)
        return cached is not None and abs(cached[0] - self._pixel_scale()) < 1e-6

    def _pixel_scale(self) -> float:
        return self.scale * self.devicePixelRatioF()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, QColor("#8a8f96"))
        if not self._rects:
            return
        first = self.page_at(area.top())
        for index in range(first, len(self._rects)):
            rect = self._rects[index]
            if rect.top() > area.bottom():
                break
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 70))
            painter.fillRect(rect, Qt.GlobalColor.white)
            cached = self._cache.get(index)
            if cached is not None:
                painter.drawImage(rect, cached[1])  # a stale zoom is scaled until re-rendered
            if not self.is_rendered(index):
                self._want(index)
        painter.end()

    def _want(self, index: int) -> None:
        if index not in self._wanted:
            self._wanted.append(index)
        self._timer.start()

    def _visible(self, index: int) -> bool:
        return not self.visibleRegion().intersected(self._rects[index]).isEmpty()

    def _render_next(self) -> None:
        """Render one wanted page that is still on screen, then come back for the next."""
        while self._wanted:
            index = self._wanted.pop(0)
            if self.pdf is None or index >= len(self._rects) or self.is_rendered(index):
                continue
            if not self._visible(index):
                continue
            scale = self._pixel_scale()
            image = self.pdf.render(index, scale)
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self._cache[index] = (scale, image)
            self._cache.move_to_end(index)
            while len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
            self.update(self._rects[index])
            self.rendered.emit(index)
            break
        if self._wanted:
            self._timer.start()


def _close(held: list[PdfFile | None]) -> None:
    if held[0] is not None:
        held[0].close()
        held[0] = None


class PdfView(QWidget):
    """Pages of one PDF in a scrollable list, with zoom, page number and keyboard."""

    page_changed = Signal(int)  # the page at the top of the view, from 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: list[PdfFile | None] = [None]  # closed with the widget, even unannounced
        self.destroyed.connect(lambda _obj=None, held=self._pdf: _close(held))
        self.fit = True  # zoom follows the width of the view
        self.zoom = 1.0  # 1.0 = the paper's real size on screen
        self._current = -1

        self.pages = _Pages()
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pdf_scroll")
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8f96; border: none; }")
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Always there, so fitting the width never makes it come and go.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.scroll.viewport().installEventFilter(self)

        self.zoom_out_button = self._tool("−", _("Zoom out (Ctrl+−)"), self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(52)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._tool("+", _("Zoom in (Ctrl++)"), self.zoom_in)
        self.fit_button = self._tool(_("Fit width"), _("Fit the page to the width (Ctrl+0)"),
                                     self.fit_width)  # fmt: skip
        self.fit_button.setCheckable(True)
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("page_spin")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.page_caption = QLabel(_("Page"))
        self.page_caption.setBuddy(self.page_spin)
        self.count_label = QLabel()
        self.count_label.setObjectName("page_count")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.page_caption, self.page_spin, self.count_label):
            bar.addWidget(w)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.scroll, 1)

        keys = (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("Ctrl+=", self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("Ctrl+0", self.fit_width),
            ("PgDown", self.next_page),
            ("PgUp", self.previous_page),
            ("Ctrl+Home", lambda: self.go_to(0)),
            ("Ctrl+End", lambda: self.go_to(self.page_count() - 1)),
        )
        for key, slot in keys:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._show_state()

    def _tool(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(False)
        button.clicked.connect(slot)
        return button

    # -- document ---------------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Show the PDF at *path*; raises UnreadablePdf with one sentence."""
        self.show_pdf(PdfFile.read(path))

    def show_pdf(self, pdf: PdfFile) -> None:
        """Show *pdf* (the view owns it from now on and closes it)."""
        self.clear()
        self.pdf = pdf
        self.pages.set_pdf(pdf)
        self._current = -1
        self._apply_zoom()
        self.scroll.verticalScrollBar().setValue(0)
        self._scrolled()
        self._show_state()

    def clear(self) -> None:
        if self.pdf is not None:
            self.pages.set_pdf(None)
            self.pdf.close()
            self.pdf = None
        self._current = -1
        self._show_state()

    @property
    def pdf(self) -> PdfFile | None:
        """The document shown (None when nothing is)."""
        return self._pdf[0]

    @pdf.setter
    def pdf(self, value: PdfFile | None) -> None:
        self._pdf[0] = value

    def page_count(self) -> int:
        return len(self.pdf) if self.pdf else 0

    def current_page(self) -> int:
        """The page at the top of the view, from 0 (-1 when nothing is shown)."""
        return self._current

    # -- navigation -------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        if not self.page_count():
            return
        index = max(0, min(index, self.page_count() - 1))
        self.scroll.verticalScrollBar().setValue(self.pages.page_rect(index).top() - GAP // 2)
        self._set_current(index)

    def next_page(self) -> None:
        self.go_to(self._current + 1)

    def previous_page(self) -> None:
        bar = self.scroll.verticalScrollBar()
        top = self.pages.page_rect(self._current).top() if self.page_count() else 0
        # Part-way down a page, PgUp first returns to its top, like a reader would expect.
        self.go_to(self._current if bar.value() > top else self._current - 1)

    def _scrolled(self) -> None:
        if not self.page_count():
            return
        bar = self.scroll.verticalScrollBar()
        self._set_current(self.pages.page_at(bar.value() + GAP))

    def _set_current(self, index: int) -> None:
        if index == self._current:
            return
        self._current = index
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        self.page_changed.emit(index)

    # -- zoom -------------------------------------------------------------------------

    def _screen_scale(self) -> float:
        """Pixels per point at 100 %: the paper's real size on this screen."""
        return self.logicalDpiX() / 72.0

    def _fit_zoom(self) -> float:
        if not self.page_count():
            return 1.0
        widest = max(w for w, _h in self.pdf.sizes) if self.pdf else 1.0
        room = self.scroll.viewport().width() - 2 * GAP - 1  # never a horizontal scroll bar
        return max(ZOOMS[0], room / (widest * self._screen_scale()))

    def _apply_zoom(self) -> None:
        if self.fit:
            self.zoom = self._fit_zoom()
        keep = self._current
        self.pages.set_scale(self.zoom * self._screen_scale())
        if keep >= 0:
            self._current = -1
            self.go_to(keep)
        self._show_state()

    def set_zoom(self, zoom: float) -> None:
        self.fit = False
        self.zoom = max(ZOOMS[0], min(zoom, ZOOMS[-1]))
        self._apply_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 1e-3), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 1e-3), ZOOMS[0]))

    def fit_width(self) -> None:
        self.fit = True
        self._apply_zoom()

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 (Qt's name)
        from PySide6.QtCore import QEvent

        if (
            watched is self.scroll.viewport()
            and isinstance(event, QEvent)
            and event.type() == QEvent.Type.Resize
            and self.fit
        ):
            QTimer.singleShot(0, self._apply_zoom)  # after the scroll bars have settled
        return False

    def _show_state(self) -> None:
        n = self.page_count()
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.fit_button.setChecked(self.fit)
        for w in (self.zoom_in_button, self.zoom_out_button, self.fit_button, self.page_spin):
            w.setEnabled(n > 0)
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if n else 0, max(n, 0))
        self.page_spin.setValue(self._current + 1 if n else 0)
        self.page_spin.blockSignals(False)
        self.count_label.setText(_("of {count}").format(count=n))
