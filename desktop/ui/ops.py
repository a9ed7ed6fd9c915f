"""The op runner: long core work runs on one worker thread, never on the GUI thread.

A job factory is called on the worker. When it returns a generator of ``Progress`` (a core
job), the runner drives it, shows progress in a cancellable dialog and hands the job's
return value to the success callback; a plain function's return value is the result.
Results, errors and cancellations come back on the GUI thread through queued signals.
Every failure reaches the user (a KhienError's own sentence, otherwise a generic one) and
every unexpected one also reaches the log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.core.db.database import ProfileClosed
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.progress import Cancelled, Progress, run_job
from desktop.ui import texts

log = logging.getLogger(__name__)

_POOL_NAME = "khien-db-worker"
FINISH_WAIT_MS = 30_000  # at the end, how long to wait for the worker's job to stop
# Ops keep themselves alive until their result is delivered.
_running: set[Op] = set()


def _existing_pool() -> QThreadPool | None:
    app = QCoreApplication.instance()
    return app.findChild(QThreadPool, _POOL_NAME) if app is not None else None


def worker_pool() -> QThreadPool:
    """The one worker thread that runs database jobs, owned by the application object."""
    pool = _existing_pool()
    if pool is None:
        app = QCoreApplication.instance()
        pool = QThreadPool(app)
        pool.setObjectName(_POOL_NAME)
        pool.setMaxThreadCount(1)  # one writer at a time: jobs queue up in order
    return pool


def cancel_all() -> None:
    """Ask every running op to stop at its next progress step."""
    for op in list(_running):
        op.cancel()


def finish_all(wait_ms: int = FINISH_WAIT_MS) -> bool:
    """Before the application (or a test) ends: ask every running op to stop at its next
    progress step, then wait (at most *wait_ms*) until the worker thread runs no job.
    Returns whether it runs none.

    No Python may run on the worker while the interpreter and Qt are torn down: a job that
    was still emitting its result as the process ended crashed it (a segmentation fault
    after the main window was shown, in 2 of 184 starts of the start-up benchmark's probe,
    which left the dashboard's first load running). Results that arrive after this are
    never delivered: nobody is left to show them."""
    cancel_all()
    pool = _existing_pool()
    if pool is None:
        return True
    done = bool(pool.waitForDone(wait_ms))
    if not done:
        log.warning("A background job was still running when Khiên ended")
    return done


class _Signals(QObject):
    progress = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Task(QRunnable):
    def __init__(
        self,
        factory: Callable[[], Any],
        signals: _Signals,
        stop: threading.Event,
        shown: threading.Event,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._factory, self._signals, self._stop, self._shown = factory, signals, stop, shown

    def _progress(self, step: Progress) -> None:
        # At most one progress report waits in the GUI's queue: a fast job must not flood
        # it (Cancel and the result would wait behind thousands of stale steps).
        if self._shown.is_set():
            self._shown.clear()
            self._emit(self._signals.progress, step)

    def _emit(self, signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that asked for the work is gone
            self._stop.set()

    def run(self) -> None:
        try:
            if self._stop.is_set():
                raise Cancelled()
            result = self._factory()
            if isinstance(result, Generator):
                result = run_job(result, self._progress, self._stop.is_set)
        except Cancelled:
            self._emit(self._signals.cancelled)
        except BaseException as exc:  # everything reaches the GUI thread, nothing vanishes
            self._emit(self._signals.failed, exc)
        else:
            self._emit(self._signals.succeeded, result)


def error_text(exc: BaseException) -> str:
    """The sentence to show for *exc*: a KhienError's own, otherwise a generic one."""
    if isinstance(exc, KhienError):
        return exc.message
    return _(
        "Something went wrong and the work was stopped. Nothing was lost; "
        "the details are in the log file."
    )


class Op(QObject):
    """One piece of background work: ``Op(parent, label, factory).on_success(cb).run()``."""

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        job_factory: Callable[[], Any],
        *,
        cancellable: bool = True,
        progress_delay_ms: int = 300,
    ) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self.label = label
        self._factory = job_factory
        self._cancellable = cancellable
        self._delay = progress_delay_ms
        self._success: Callable[[Any], Any] | None = None
        self._failure: Callable[[BaseException], Any] | None = None
        self._cancelled_cb: Callable[[], Any] | None = None
        self._stop = threading.Event()
        self._shown = threading.Event()
        self._shown.set()
        self.signals = _Signals()
        # Connected first, so the callbacks have run when anyone else hears the signal.
        self.signals.progress.connect(self._on_progress)
        self.signals.succeeded.connect(self._on_succeeded)
        self.signals.failed.connect(self._on_failed)
        self.signals.cancelled.connect(self._on_cancelled)
        self.dialog: QProgressDialog | None = None
        self.error_box: QMessageBox | None = None
        self.last_progress: Progress | None = None
        self.done = False

    def on_success(self, cb: Callable[[Any], Any]) -> Op:
        self._success = cb
        return self

    def on_failure(self, cb: Callable[[BaseException], Any]) -> Op:
        """Replace the default error message box with *cb*."""
        self._failure = cb
        return self

    def on_cancel(self, cb: Callable[[], Any]) -> Op:
        self._cancelled_cb = cb
        return self

    def run(self) -> Op:
        dlg = QProgressDialog(self._parent_widget)
        dlg.setWindowTitle(_("Please wait"))
        dlg.setLabelText(self.label)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoReset(False)
        dlg.setAutoClose(False)
        dlg.setMinimumWidth(420)
        dlg.setMinimumDuration(self._delay)
        dlg.setRange(0, 0)
        if self._cancellable:
            dlg.setCancelButtonText(_("Cancel"))
        else:
            dlg.setCancelButton(None)
        dlg.canceled.connect(self.cancel)
        dlg.setValue(0)  # starts the minimum-duration timer
        self.dialog = dlg
        _running.add(self)
        worker_pool().start(_Task(self._factory, self.signals, self._stop, self._shown))
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next progress step."""
        if self.dialog is not None:
            self.dialog.setLabelText(_("Stopping…"))
        self._stop.set()

    def _on_progress(self, step: Progress) -> None:
        self.last_progress = step
        self._shown.set()
        dlg = self.dialog
        if dlg is None or self._stop.is_set():
            return
        if step.message:
            dlg.setLabelText(f"{self.label}\n{step.message}")
        if step.total > 0:
            # A modal progress dialog processes events in setValue: the result may arrive
            # (and close the dialog) inside this call, so it is the last thing done here.
            dlg.setMaximum(step.total)
            dlg.setValue(min(step.done, step.total))

    def _finish(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _running.discard(self)

    def _on_succeeded(self, result: Any) -> None:
        self._finish()
        if self._success is not None:
            self._success(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, ProfileClosed):
            # Queued before the user signed out: the window it was for has gone.
            log.info("Background work dropped after sign-out: %s", self.label)
            return
        if not isinstance(exc, KhienError):
            log.error("Background work failed: %s", self.label, exc_info=exc)
        if self._failure is not None:
            self._failure(exc)
        else:
            self.error_box = texts.show_error(self._parent_widget, error_text(exc))

    def _on_cancelled(self) -> None:
        self._finish()
        if self._cancelled_cb is not None:
            self._cancelled_cb()
