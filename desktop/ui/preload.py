"""Khiên's modules, imported on a second thread while the officer signs in.

The sign-in dialog is shown before the database layer is loaded (SQLAlchemy, the models,
the profile: about half of the start path's imports), so that it appears as soon as Qt is
up; the thread starts once the dialog is painted (``start_after_paint``: the imports would
take the interpreter from its painting, about 40 ms of the officer's first wait). It then
imports, first, the profile and what it needs to open a database (``wait_core`` returns
once that is done: the dialog waits for it before it signs in), then configures the models'
mappers (what SQLAlchemy otherwise does at the first query, on the sign-in's path), then
imports the main window's modules and those of the page it will open on. Signing in spends
about a third of a second in Argon2id on purpose (and, before that, the officer types): C
code that leaves Python free, so the window is built as soon as the sign-in ends. Only
imports and that configuration run there (classes, constants), never a widget or a query.

Whoever imports one of these modules on the GUI thread waits first (``wait_core`` for the
profile, ``wait`` for the window), so the two threads never import the same modules at once
in opposite orders. A failure here is only logged: the GUI thread then imports the module
itself and meets the error where it is handled.
"""

from __future__ import annotations

import linecache
import logging
import sys
import threading
from pathlib import Path
from types import ModuleType

from PySide6.QtWidgets import QWidget

from desktop.ui.first_paint import after_first_paint

log = logging.getLogger(__name__)


def read_sources_uncached() -> None:
    """Stop PySide6 from keeping the source text of every module imported after it.

    PySide6 (6.7 to 6.11 at least) decides for each module imported after it whether the
    module uses ``from __feature__ import ...``: ``shibokensupport.feature._mod_uses_pyside``
    reads the module's whole source with ``inspect.getsource`` and looks for "PySide6" in it.
    ``inspect`` goes through ``linecache``, which keeps every line it read for good: about
    200,000 lines and 20 MiB of strings by the time the main window is shown (SQLAlchemy's
    sources, mostly), resident memory the application never uses. The same question answered
    from the file's bytes, read and dropped, gives the same answer; modules without a ``.py``
    file keep PySide6's own way (it raises at once for them, reading nothing).

    Entries of real files already cached (the modules imported before this call) are dropped
    too: a traceback reads them again when it needs them. Does nothing where PySide6's
    internals are not as expected."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "khien_uncached", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                return b"PySide6" in Path(path).read_bytes()
            except OSError:
                pass
        return bool(original(module))

    uses_pyside.khien_uncached = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    for name in [n for n in linecache.cache if not n.startswith("<")]:
        linecache.cache.pop(name, None)


def _import(section_text: str, core: threading.Event) -> None:
    try:
        from desktop.core import profile  # noqa: F401 (imported for the GUI thread)
    except Exception:
        log.warning("Importing the database layer ahead of time failed", exc_info=True)
    finally:
        core.set()
    try:
        # Otherwise done at the sign-in's first query, on its path (see configure_models).
        from desktop.core.db.base import configure_models

        configure_models()
    except Exception:
        log.warning("Configuring the models ahead of time failed", exc_info=True)
    try:
        from desktop.ui import main_window

        n = main_window.remembered_section(section_text)
        __import__(main_window.SECTIONS[n].module)
    except Exception:
        log.warning("Importing the main window ahead of time failed", exc_info=True)


class Preload:
    """The imports on a second thread; *section_text* is the remembered section
    (preferences). They start at once, or with ``start_after_paint`` once a widget is
    painted; waiting for them starts them if they have not started."""

    def __init__(self, section_text: str, *, start: bool = True) -> None:
        read_sources_uncached()
        self._core = threading.Event()
        self._thread = threading.Thread(
            target=_import, args=(section_text, self._core), name="khien-preload", daemon=True
        )
        self._started = False
        if start:
            self.start()

    def start(self) -> None:
        """Start the imports (nothing if they have started)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def start_after_paint(self, widget: QWidget) -> None:
        """Start once *widget* is first painted (``first_paint``): the imports and the
        painting both need the interpreter, and the sign-in dialog shown is the officer's
        first wait."""
        after_first_paint(widget, self.start)

    def wait_core(self) -> None:
        """Return once the profile and the database layer are imported."""
        self.start()
        self._core.wait()

    def wait(self) -> None:
        """Return once all the imports are done (at once if they already are)."""
        self.start()
        self._thread.join()

    def finish(self) -> None:
        """The application is ending: wait for the imports if they started, start none. No
        Python is left running on a second thread as Python and Qt are torn down (as for
        the worker's jobs, ``ops.finish_all``): an officer who closes the sign-in dialog at
        once waits the rest of the imports, under a second."""
        if self._started:
            self._thread.join()
