"""The last line of defence: any exception nobody caught is logged with its traceback and
shown to the user as a readable sentence (from whichever thread it came)."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.ui import texts

log = logging.getLogger("khien.crash")


def readable(exc: BaseException) -> str:
    if isinstance(exc, KhienError):
        return exc.message
    return _(
        "Khiên met an unexpected problem. What you saved is safe; please try again. "
        "If it happens again, give the log file to the provincial IT officer."
    )


class CrashReporter(QObject):
    """Lives on the GUI thread; other threads reach it through a queued signal."""

    report = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.report.connect(self._show)
        self.box: QMessageBox | None = None

    def _show(self, text: str) -> None:
        if self.box is not None and self.box.isVisible():
            return  # one message at a time; the rest are in the log
        self.box = texts.show_error(QApplication.activeWindow(), text)

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("Uncaught exception", exc_info=(kind, exc, tb))
        self.report.emit(readable(exc))

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.error(
            "Uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        self.report.emit(readable(args.exc_value))

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_hook
