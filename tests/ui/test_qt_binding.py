"""PySide6 6.12 on Python 3.11 drops a reference to None on every void method call and
aborts the app after a few thousand calls; pyproject pins below it. This guards the pin."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(int)


def test_void_methods_and_emit_keep_reference_counts(qapp):
    obj = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(2000):
        obj.setObjectName("probe")
        obj.changed.emit(i)
    assert sys.getrefcount(None) >= none_before - 50
    assert sys.getrefcount(True) >= true_before - 50
