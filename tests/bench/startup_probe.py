"""Child process for the start-up benchmark: shows a window, then prints "shown".

python -m tests.bench.startup_probe bare
python -m tests.bench.startup_probe floor
python -m tests.bench.startup_probe app DATA_DIR USER PASSWORD [--every-page]
python -m tests.bench.startup_probe login DATA_DIR USER PASSWORD [--typing]

The app mode runs what the application runs from start to its main window (fonts,
translator, sign-in with Argon2id, the window), through the same function a built copy
runs for ``khien selftest --qt-child DIR --window-only`` (tests/bench/package.py times both).

The floor mode is the bare window after importing the libraries any start to Khiên's main
window must import (SQLAlchemy's ORM, SQLCipher, Argon2, Babel): what is left of the
start-up above it is Khiên's own.

The login mode takes the application's own path through its launcher and sign-in dialog:
it prints "dialog" when the sign-in dialog is shown, then signs in at once. With ``--typing``
it first lets the preload thread finish (as it does while an officer types a name and a
password: it prints how long that took, ``phase_preload_s``), then signs in.

After "shown" it prints how long its imports took (``imports_s S``: PySide6's widgets for the
bare window, the application's start path for the app) and the process's resident memory
when the window was shown (``rss_kb N``), and in app mode the lines of source text
``linecache`` then holds (``source_lines_kept N``: memory for nothing, see
desktop/ui/preload.py) and the seconds of each step after
the imports (``phase_<step>_s S``: selftest_probe.open_main_window's phases). With
``--every-page`` it then visits every section as an officer would (each page built, its
list loaded, its background work finished) and prints the resident memory again
(``rss_every_page_kb N``): issue 18's memory bound with all pages open.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def resident_kb() -> int:
    """This process's resident memory now (VmRSS), in KiB; 0 where /proc is missing."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def source_lines_kept() -> int:
    """The lines of source text ``linecache`` holds: PySide6 reads every module's source
    as it is imported (desktop/ui/preload.py, ``read_sources_uncached``), and what stays
    there is resident memory for nothing."""
    import linecache

    return sum(len(entry[2]) for entry in list(linecache.cache.values()) if len(entry) == 4)


def _wait_shown(app, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    while not window.isVisible() or not window.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()


def _settle(app, limit_s: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Process events until no background operation runs (the pages' loads finished)."""
    from desktop.ui import ops

    deadline = time.monotonic() + limit_s
    while ops._running and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def visit_every_page(app, window) -> None:  # type: ignore[no-untyped-def]
    for n in range(len(window.pages)):
        window.show_section(n)
        _settle(app)


def through_sign_in(
    data_dir: Path, user: str, password: str, start: float, typing: bool = False
) -> int:
    """The application's own path: its launcher shows the sign-in dialog ("dialog"), the
    name and password go in at once and Sign in is pressed, then the main window shows."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.app import ThemedLauncher, prepare

    imported = time.perf_counter() - start
    app = QApplication([])
    prefs, _reporter = prepare(app, data_dir)
    launcher = ThemedLauncher(data_dir, prefs)
    launcher.start()
    dialog = launcher.login_dialog
    assert dialog is not None, "the profile asks for its setup, not a sign-in"
    _wait_shown(app, dialog)
    at_dialog = time.perf_counter()
    print("dialog", flush=True)
    if typing:
        assert launcher.preload is not None
        launcher.preload.wait()
        typed = time.perf_counter()
        print(f"phase_preload_s {typed - at_dialog:.4f}", flush=True)
        at_dialog = typed
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.ok.click()
    window = launcher.main_window
    assert window is not None, "the sign-in was refused"
    _wait_shown(app, window)
    rss = resident_kb()
    print("shown", flush=True)
    print(f"imports_s {imported:.4f}\nrss_kb {rss}", flush=True)
    print(f"phase_after_sign_in_pressed_s {time.perf_counter() - at_dialog:.4f}", flush=True)
    _finish()
    return 0


def _finish() -> None:
    """The worker's job (the dashboard's first load) finished before the process ends: a
    job still running as Python and Qt are torn down crashes it (ops.finish_all)."""
    from desktop.ui import ops

    ops.finish_all()


def main(argv: list[str]) -> int:
    mode = argv[0]
    start = time.perf_counter()
    if mode == "login":
        return through_sign_in(Path(argv[1]), argv[2], argv[3], start, "--typing" in argv[4:])
    if mode in ("bare", "floor"):
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        if mode == "floor":
            import argon2  # noqa: F401
            import babel.dates  # noqa: F401
            import sqlalchemy.orm  # noqa: F401
            import sqlcipher3  # noqa: F401

        imported = time.perf_counter() - start
        app = QApplication([])
        window = QMainWindow()
        window.setCentralWidget(QLabel("Khiên"))
        window.resize(1100, 700)
        _wait_shown(app, window)
        rss = resident_kb()
        print("shown", flush=True)
        print(f"imports_s {imported:.4f}\nrss_kb {rss}", flush=True)
        return 0
    from PySide6.QtWidgets import QApplication

    from desktop.ui.selftest_probe import open_main_window

    imported = time.perf_counter() - start
    data_dir, user, password = Path(argv[1]), argv[2], argv[3]
    app = QApplication([])
    phases: dict[str, float] = {}
    window, _opened = open_main_window(app, data_dir, user, password, phases)
    rss = resident_kb()
    print("shown", flush=True)
    print(f"imports_s {imported:.4f}\nrss_kb {rss}", flush=True)
    print(f"source_lines_kept {source_lines_kept()}", flush=True)
    for step, seconds in phases.items():
        print(f"phase_{step}_s {seconds:.4f}", flush=True)
    if "--every-page" in argv[4:]:
        visit_every_page(app, window)
        print(f"rss_every_page_kb {resident_kb()}", flush=True)
    # Left without closing, as before: hiding the window would keep its section (the last
    # page visited) in the profile's preferences, and the next run would open there.
    _finish()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
