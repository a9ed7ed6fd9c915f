"""Child process for the start-up benchmark: shows a window, then prints "shown".

python -m tests.bench.startup_probe bare
python -m tests.bench.startup_probe app DATA_DIR USER PASSWORD

The app mode runs what the application runs from start to its main window (fonts,
translator, sign-in with Argon2id, the window), through the same function a built copy
runs for ``khien selftest --qt-child DIR --window-only`` (tests/bench/package.py times both).
"""

from __future__ import annotations

import sys


def _wait_shown(app, window) -> None:  # type: ignore[no-untyped-def]
    window.show()
    while not window.isVisible() or not window.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

        app = QApplication([])
        window = QMainWindow()
        window.setCentralWidget(QLabel("Khiên"))
        window.resize(1100, 700)
        _wait_shown(app, window)
    else:
        from pathlib import Path

        from PySide6.QtWidgets import QApplication

        from desktop.ui.selftest_probe import open_main_window

        data_dir, user, password = Path(argv[1]), argv[2], argv[3]
        app = QApplication([])
        open_main_window(app, data_dir, user, password)
    print("shown", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
