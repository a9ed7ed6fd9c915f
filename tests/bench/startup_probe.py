"""Child process for the start-up benchmark: shows a window, then prints "shown".

python -m tests.bench.startup_probe bare
python -m tests.bench.startup_probe app DATA_DIR USER PASSWORD
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

        from desktop.core import profile
        from desktop.ui.app import prepare
        from desktop.ui.main_window import MainWindow

        data_dir, user, password = Path(argv[1]), argv[2], argv[3]
        app = QApplication([])
        prepare(app, data_dir)
        opened = profile.open_profile(data_dir, user, password)
        window = MainWindow(opened)
        _wait_shown(app, window)
    print("shown", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
