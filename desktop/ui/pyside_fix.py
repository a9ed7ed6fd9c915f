"""Guard against a reference-count bug of PySide6 6.12 on Python 3.11.

That build returns ``None`` from every void method (``setText``, ``setEnabled``…) and
``True`` from ``Signal.emit`` without taking a reference, as if they were immortal (they
are from Python 3.12 on). On 3.11 each call takes one reference away, and after a few
thousand calls the interpreter aborts ("none_dealloc: deallocating None").

These singletons are static objects that are never freed, so the guard does what Python
3.12 does: it gives them a reference count so large that no session can exhaust it. It
only acts when a probe shows the leak, and only on interpreters whose singletons are not
already immortal. The real fix is a PySide6 without the bug (6.11) or Python ≥ 3.12.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject

_HEADROOM = 1 << 40  # about 10^12 leaked calls


def _leaks_none() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _n in range(8):
        probe.setObjectName("probe")  # a void method
    leaked = sys.getrefcount(None) < before
    del probe
    return leaked


def apply() -> bool:
    """Give None, True and False immortal-sized reference counts when the bug is present;
    returns True when it did."""
    if sys.version_info >= (3, 12) or not _leaks_none():
        return False
    for singleton in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt comes first
        refcnt.value += _HEADROOM
    return True


APPLIED = apply()
