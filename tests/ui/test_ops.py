"""The op runner: progress, result, errors and cancel all come back on the GUI thread."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.progress import Progress
from desktop.ui import ops
from desktop.ui.ops import Op, error_text


def _counting(n: int):
    for i in range(n):
        yield Progress(i + 1, n, f"step {i + 1}")
    return "done"


def test_progress_then_success_on_the_gui_thread(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen, results = [], []
    op = Op(parent, "Counting", lambda: _counting(5), progress_delay_ms=0)
    op.signals.progress.connect(lambda p: seen.append(p.done))
    op.on_success(lambda r: results.append((r, QThread.currentThread())))
    with qtbot.waitSignal(op.signals.succeeded):
        op.run()
    qtbot.waitUntil(lambda: bool(results))
    assert results == [("done", QApplication.instance().thread())]
    assert seen[0] == 1 and seen == sorted(set(seen)) and set(seen) <= {1, 2, 3, 4, 5}
    assert op.done and op.dialog is None


def test_plain_function_result(qtbot):
    got = []
    op = Op(None, "Adding", lambda: 2 + 3).on_success(got.append)
    with qtbot.waitSignal(op.signals.succeeded):
        op.run()
    assert got == [5]


def test_khien_error_reaches_the_failure_callback_with_its_sentence(qtbot):
    def job():
        yield Progress(1, 2)
        raise KhienError("Ổ USB đã bị rút ra.")

    errors = []
    op = Op(None, "Reading", job).on_failure(errors.append)
    with qtbot.waitSignal(op.signals.failed):
        op.run()
    assert [error_text(e) for e in errors] == ["Ổ USB đã bị rút ra."]


def test_unexpected_error_shows_a_generic_message_and_is_logged(qtbot, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def job():
        raise ZeroDivisionError("secret detail")

    op = Op(parent, "Dividing", job)
    with qtbot.waitSignal(op.signals.failed):
        op.run()
    qtbot.waitUntil(lambda: op.error_box is not None)
    assert op.error_box.text() == error_text(ZeroDivisionError())
    assert "secret detail" not in op.error_box.text()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)
    op.error_box.close()


def test_cancel_stops_the_job_and_runs_its_cleanup(qtbot):
    started, cleaned = threading.Event(), threading.Event()

    def endless():
        try:
            n = 0
            while True:
                n += 1
                started.set()
                yield Progress(n, 0, "working")
        finally:
            cleaned.set()

    cancelled, succeeded = [], []
    op = Op(None, "Forever", endless, progress_delay_ms=0)
    op.on_cancel(lambda: cancelled.append(True)).on_success(succeeded.append)
    op.run()
    qtbot.waitUntil(lambda: op.last_progress is not None)
    cancel_button = op.dialog.findChild(QPushButton)
    assert cancel_button.text() == _("Cancel")
    with qtbot.waitSignal(op.signals.cancelled):
        cancel_button.click()
    assert cancelled == [True] and succeeded == []
    assert cleaned.is_set()
    assert op.dialog is None


def test_work_queued_before_sign_out_is_dropped_quietly(qtbot):
    from desktop.core.db.database import ProfileClosed

    parent = QWidget()
    qtbot.addWidget(parent)
    errors = []

    def job():
        raise ProfileClosed("closed")

    op = Op(parent, "Loading", job)
    op.signals.failed.connect(errors.append)
    with qtbot.waitSignal(op.signals.failed):
        op.run()
    qtbot.wait(50)
    assert errors and op.error_box is None, "no message box for a window that has gone"


def _idle() -> bool:
    return ops.worker_pool().activeThreadCount() == 0


def test_finish_all_stops_a_job_at_its_next_step_and_waits_for_the_worker(qtbot):
    """What the application's end does (Launcher.shutdown, the self-test, the benchmark's
    probes): no Python left running on the worker as the process is torn down."""
    stopped = threading.Event()

    def endless():
        try:
            n = 0
            while True:
                n += 1
                yield Progress(n, 0, "working")
        finally:
            stopped.set()

    op = Op(None, "Forever", endless, progress_delay_ms=0)
    op.run()
    qtbot.waitUntil(lambda: op.last_progress is not None)
    assert ops.finish_all(10_000)
    assert stopped.is_set() and _idle()


def test_finish_all_waits_for_a_job_without_steps_to_end(qtbot):
    started, gate, ended = threading.Event(), threading.Event(), threading.Event()

    def job():
        started.set()
        gate.wait(10)
        ended.set()

    Op(None, "Loading", job).run()
    qtbot.waitUntil(started.is_set)  # (a job not yet begun is dropped: Cancelled)
    threading.Timer(0.2, gate.set).start()  # the job ends on its own, a moment later
    assert ops.finish_all(10_000)
    assert ended.is_set() and _idle()


def test_finish_all_says_when_the_worker_is_still_busy(qtbot, caplog):
    started, gate = threading.Event(), threading.Event()

    def job():
        started.set()
        gate.wait(10)

    Op(None, "Loading", job).run()
    qtbot.waitUntil(started.is_set)  # inside the job: asked to stop, it runs on
    with caplog.at_level(logging.WARNING):
        assert not ops.finish_all(50)
    assert "still running when Khiên ended" in caplog.text
    gate.set()
    assert ops.finish_all(10_000)


def test_the_launchers_end_stops_the_background_work(qtbot, launcher):
    stopped = threading.Event()

    def endless():
        try:
            while True:
                yield Progress(1, 0)
        finally:
            stopped.set()

    op = Op(None, "Forever", endless, progress_delay_ms=0)
    op.run()
    qtbot.waitUntil(lambda: op.last_progress is not None)
    launcher.shutdown()
    assert stopped.is_set() and _idle()
