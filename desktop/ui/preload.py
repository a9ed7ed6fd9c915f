"""Khiên's modules, imported on a second thread while the officer signs in.

The sign-in dialog is shown before the database layer is loaded (SQLAlchemy, the models,
the profile: about half of the start path's imports), so that it appears as soon as Qt is
up. This thread then imports, first, the profile and what it needs to open a database
(``wait_core`` returns once that is done: the dialog waits for it before it signs in), then
the main window's modules and those of the page it will open on. Signing in spends about a
third of a second in Argon2id on purpose (and, before that, the officer types): C code that
leaves Python free, so the window is built as soon as the sign-in ends. Only imports run
there (classes, constants), never a widget.

Whoever imports one of these modules on the GUI thread waits first (``wait_core`` for the
profile, ``wait`` for the window), so the two threads never import the same modules at once
in opposite orders. A failure here is only logged: the GUI thread then imports the module
itself and meets the error where it is handled.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


def _import(section_text: str, core: threading.Event) -> None:
    try:
        from desktop.core import profile  # noqa: F401 (imported for the GUI thread)
    except Exception:
        log.warning("Importing the database layer ahead of time failed", exc_info=True)
    finally:
        core.set()
    try:
        from desktop.ui import main_window

        n = main_window.remembered_section(section_text)
        __import__(main_window.SECTIONS[n].module)
    except Exception:
        log.warning("Importing the main window ahead of time failed", exc_info=True)


class Preload:
    """Starts importing at once; *section_text* is the remembered section (preferences)."""

    def __init__(self, section_text: str) -> None:
        self._core = threading.Event()
        self._thread = threading.Thread(
            target=_import, args=(section_text, self._core), name="khien-preload", daemon=True
        )
        self._thread.start()

    def wait_core(self) -> None:
        """Return once the profile and the database layer are imported."""
        self._core.wait()

    def wait(self) -> None:
        """Return once all the imports are done (at once if they already are)."""
        self._thread.join()
