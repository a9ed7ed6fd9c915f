"""UI test helpers: a Launcher that is always shut down, and a small Vietnamese catalog so
a language switch is visible even before the real catalog has a string."""

from __future__ import annotations

import gettext
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import i18n
from desktop.ui import ops
from desktop.ui.launcher import Launcher
from desktop.ui.prefs import Prefs

VI = {
    "Dashboard": "Tổng quan",
    "Outreach": "Tuyên truyền",
    "Plans": "Kế hoạch",
    "Cases": "Vụ việc",
    "Sync": "Đồng bộ",
    "Reports": "Báo cáo",
    "Administration": "Quản trị",
}


class _WithVietnamese(gettext.NullTranslations):
    def __init__(self, real: gettext.NullTranslations) -> None:
        super().__init__()
        self.real = real

    def gettext(self, message: str) -> str:
        return VI.get(message) or self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.real.ngettext(singular, plural, n)


@pytest.fixture
def vi_sections(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The section names in Vietnamese whatever state the real catalog is in."""

    def translation(domain, localedir=None, languages=None, fallback=False):
        real = gettext.translation(domain, localedir, languages=languages, fallback=True)
        return _WithVietnamese(real) if languages == ["vi"] else real

    shim = types.SimpleNamespace(translation=translation, NullTranslations=gettext.NullTranslations)
    monkeypatch.setattr(i18n, "_gettext", shim)
    i18n.set_language("vi")
    yield
    monkeypatch.undo()
    i18n.set_language("vi")


@pytest.fixture(autouse=True)
def no_work_left_running() -> Iterator[None]:
    """A failed test must not leave a job running on the worker thread."""
    yield
    for op in list(ops._running):
        op.cancel()
    ops.worker_pool().waitForDone(10_000)


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
