"""The GUI entry point: ``khien`` with no subcommand."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

import desktop
from desktop.core import i18n, paths
from desktop.ui import theme
from desktop.ui.crash import CrashReporter
from desktop.ui.launcher import Launcher
from desktop.ui.prefs import Prefs
from desktop.ui.qt_translator import QtTranslator, follow_language

APP_FONT = "Liberation Sans"
log = logging.getLogger("khien")


def parse_args(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="khien")
    parser.add_argument("--data-dir", type=Path, default=None)
    ns, _unknown = parser.parse_known_args(args)  # Qt may add its own options
    return ns


def setup_logging(data_dir: Path) -> Path:
    """A rotating log in <data-dir>/logs/khien.log: tracebacks and events, never
    passwords, recovery keys or anything about the people in the records."""
    log_dir = data_dir / paths.LOG_DIR
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "khien.log"
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


VERSION_FILE = "khien-version.txt"


def _version_key(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.strip().split(".")[:4]:
        digits = "".join(c for c in piece if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def note_version(data_dir: Path) -> None:
    """Record in the data folder the newest Khiên that opened it (plain text, nothing
    about anyone): the Windows installer reads it and refuses to put an older Khiên on a
    computer whose records a newer one may have upgraded."""
    path = data_dir / VERSION_FILE
    try:
        seen = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        seen = ""
    if _version_key(desktop.__version__) > _version_key(seen):
        try:
            path.write_text(desktop.__version__ + "\n", encoding="ascii")
        except OSError:
            log.warning("Could not write %s", path)


def load_fonts(app: QApplication) -> None:
    """Register the bundled fonts (full Vietnamese coverage on every machine)."""
    for font in sorted((paths.resources_dir() / "fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(font)) < 0:
            log.warning("Could not load font %s", font.name)
    app.setFont(QFont(APP_FONT, 10))


def app_icon() -> QIcon:
    """The shield, at every size drawn (resources/icons, made from khien.svg)."""
    icon = QIcon()
    for png in sorted((paths.resources_dir() / "icons").glob("khien-*.png")):
        icon.addFile(str(png))
    return icon


class ThemedLauncher(Launcher):
    """The launcher that shows each officer in their own text size and theme (Settings):
    applied as they sign in, before their main window is built, and the usual look again
    for the sign-in dialog (the next person's)."""

    def show_main(self) -> None:
        app = QApplication.instance()
        if self.profile is not None and isinstance(app, QApplication):
            theme.apply_account(app, self.profile)
        super().show_main()

    def show_login(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.reset(app)
        super().show_login()


def prepare(app: QApplication, data_dir: Path) -> tuple[Prefs, CrashReporter]:
    """Everything the windows need before the first one opens."""
    load_fonts(app)
    app.setWindowIcon(app_icon())
    prefs = Prefs(data_dir)
    i18n.set_language(prefs.language)
    follow_language()  # spin boxes and date edits format numbers as the language does
    translator = QtTranslator(app)
    app.installTranslator(translator)
    reporter = CrashReporter(app)
    reporter.install()
    return prefs, reporter


def main(args: list[str]) -> int:
    ns = parse_args(args)
    data_dir: Path = ns.data_dir or paths.default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_logging(data_dir)
    note_version(data_dir)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Khiên")
    app.setDesktopFileName("khien")  # matches khien.desktop: the icon in Linux task bars
    prefs, _reporter = prepare(app, data_dir)
    log.info("Khiên starting")
    launcher = ThemedLauncher(data_dir, prefs)
    launcher.finished.connect(app.quit)
    launcher.start()
    code = app.exec()
    launcher.shutdown()
    return int(code)
