"""The main window's modules, imported on a second thread while the officer signs in.

Signing in spends about a third of a second in Argon2id on purpose (and, before that, the
officer types): C code that leaves Python free. Meanwhile this thread imports the main
window's modules and those of the page it will open on, so the window is built as soon as
the sign-in ends. Only imports run there (classes, constants), never a widget.

Whoever builds the window calls ``wait`` first, so the two threads never import the same
modules at once in opposite orders. A failure here is only logged: the GUI thread then
imports the module itself and meets the error where it is handled.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


def _import(section_text: str) -> None:
    try:
        from desktop.ui import main_window

        n = main_window.remembered_section(section_text)
        __import__(main_window.SECTIONS[n].module)
    except Exception:
        log.warning("Importing the main window ahead of time failed", exc_info=True)


class Preload:
    """Starts importing at once; *section_text* is the remembered section (preferences)."""

    def __init__(self, section_text: str) -> None:
        self._thread = threading.Thread(
            target=_import, args=(section_text,), name="khien-preload", daemon=True
        )
        self._thread.start()

    def wait(self) -> None:
        """Return once the imports are done (at once if they already are)."""
        self._thread.join()
