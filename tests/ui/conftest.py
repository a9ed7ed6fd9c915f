"""UI test helpers: a Launcher that is always shut down, typing Vietnamese into widgets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import i18n
from desktop.ui import ops
from desktop.ui.launcher import Launcher
from desktop.ui.prefs import Prefs


@pytest.fixture
def vi_sections() -> Iterator[None]:
    """The real Vietnamese catalog (built by `make catalogs`) names the sections."""
    i18n.set_language("vi")
    assert i18n.catalog_loaded(), "run `make catalogs` first"
    yield
    i18n.set_language("vi")


@pytest.fixture(autouse=True)
def no_work_left_running(qapp) -> Iterator[None]:  # noqa: ARG001  (the worker pool lives on the app)
    """A failed test must not leave a job running on the worker thread."""
    yield
    ops.finish_all(10_000)


@pytest.fixture
def launcher(data_dir: Path) -> Iterator[Launcher]:
    started = Launcher(data_dir, Prefs(data_dir))
    yield started
    started.shutdown()
    for dlg in (started.login_dialog, started.setup_dialog, started.key_dialog):
        if dlg is not None:
            dlg.close()


def type_into(widget, text: str) -> None:
    """Type *text* as key presses, Vietnamese letters included (QTest only knows ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
