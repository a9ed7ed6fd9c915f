"""The op runner: progress, result, errors and cancel all come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.progress import Progress
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
