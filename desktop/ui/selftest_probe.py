"""The Qt half of ``khien selftest``, run in a child process on an offscreen screen.

``khien selftest`` starts ``khien selftest --qt-child DIR`` with the temporary profile's
password in ``KHIEN_PASSWORD``: a Qt that cannot start (a platform plugin or a library
left out of the build) then fails this child with a readable line instead of killing the
whole self-test. With ``--window-only`` it only opens the main window and prints "shown"
(the start-up benchmark times a built copy this way; tests/bench/startup_probe.py does the
same from the source tree through ``open_main_window``).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Before Qt is imported: this child never needs a real screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCollator, QLibraryInfo, QLocale, QSize  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.core import i18n  # noqa: E402
from desktop.core.i18n import N_, _  # noqa: E402
from desktop.ui import icons  # noqa: E402
from desktop.ui.app import APP_FONT, prepare  # noqa: E402
from desktop.ui.preload import Preload  # noqa: E402

if TYPE_CHECKING:
    from desktop.core import profile
    from desktop.ui.main_window import MainWindow

OK, FAIL = "OK   ", "FAIL "
VIETNAMESE_SAMPLE = "Ắằẳẵặ Đđ Ươươ Ỹỹ"
# The platform plugin an officer's desktop needs, beside offscreen (which this child uses).
DESKTOP_PLATFORMS = {"linux": ("xcb", "wayland"), "win32": ("windows",)}


class ProbeFailed(Exception):
    pass


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise ProbeFailed(reason)


def wait_shown(app: QApplication, window: MainWindow) -> None:
    window.show()
    while not window.isVisible() or not window.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()


def open_main_window(
    app: QApplication,
    data_dir: Path,
    user: str,
    password: str,
    phases: dict[str, float] | None = None,
) -> tuple[MainWindow, profile.OpenProfile]:
    """What the application does from start to its main window, signing in directly: as
    the launcher does, the database layer is imported on the preload thread (the sign-in
    waits for it), and the main window's modules meanwhile, while Argon2id runs.

    *phases*, when given, receives the seconds each step took (the start-up benchmark
    prints them): fonts and translator, sign-in, waiting for the preload, building the
    window, showing it."""
    clock = [time.perf_counter()]

    def done(step: str) -> None:
        now = time.perf_counter()
        if phases is not None:
            phases[step] = now - clock[0]
        clock[0] = now

    prefs, _reporter = prepare(app, data_dir)
    preload = Preload(prefs.window.get("section", ""))
    done("prepare")
    preload.wait_core()
    from desktop.core import profile

    done("core_wait")
    opened = profile.open_profile(data_dir, user, password)
    done("sign_in")
    preload.wait()
    from desktop.ui.main_window import MainWindow

    done("preload_wait")
    window = MainWindow(opened)
    done("window")
    wait_shown(app, window)
    done("show")
    return window, opened


def _plugin_file(folder: Path, name: str) -> Path | None:
    for candidate in folder.glob(f"*q{name}*"):
        if candidate.suffix in (".so", ".dll", ".dylib"):
            return candidate
    return None


def check_platforms(app: QApplication) -> None:
    _expect(app.platformName() == "offscreen", _("the offscreen platform plugin did not load"))
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    wanted = DESKTOP_PLATFORMS.get(sys.platform, ())
    missing = [n for n in wanted if _plugin_file(folder, n) is None]
    _expect(
        not missing,
        _("the platform plugin for this desktop is missing: {names} in {folder}").format(
            names=", ".join(missing), folder=folder
        ),
    )


def check_fonts() -> None:
    families = set(QFontDatabase.families())
    for family in (APP_FONT, "Liberation Serif"):
        _expect(family in families, _("Qt did not load the font {family}").format(family=family))
    metrics = QFontMetrics(QFont(APP_FONT, 10))
    absent = [c for c in VIETNAMESE_SAMPLE if c != " " and not metrics.inFontUcs4(ord(c))]
    _expect(not absent, _("the screen font lacks {letters}").format(letters=" ".join(absent)))
    check_icons()


def check_icons() -> None:
    """The icon font (Font Awesome, from QtAwesome's folder) loaded: a build that lost it
    would show buttons without their icons."""
    _expect(icons.available(), _("the icon font did not load"))
    glyph = icons.icon("dashboard").pixmap(QSize(32, 32)).toImage()
    inked = any(
        glyph.pixelColor(x, y).alpha() > 0
        for x in range(glyph.width())
        for y in range(glyph.height())
    )
    _expect(inked, _("the icon font draws nothing"))


def check_icu() -> None:
    vi = QLocale("vi_VN")
    collator = QCollator(vi)
    words = ["Yến", "Đào", "Ánh", "Dương", "Duy"]
    got = sorted(words, key=collator.sortKey)
    _expect(
        got.index("Duy") < got.index("Dương") < got.index("Đào") < got.index("Yến"),
        _("Vietnamese words sort wrong: {words}").format(words=", ".join(got)),
    )
    _expect(vi.toUpper("đường") == "ĐƯỜNG", _("Vietnamese capitals are wrong"))


def check_printing() -> None:
    # Imported here, not at the top: the start-up benchmark times this module's imports
    # as the application's, and the application loads printing only to print.
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    QPrinterInfo.availablePrinterNames()  # asks the printing system (CUPS, Windows)
    with tempfile.TemporaryDirectory(prefix="khien-selftest-print-") as tmp:
        out = Path(tmp) / "page.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(20, 20, 20, 20),
            )
        )
        painter = QPainter()
        _expect(painter.begin(printer), _("Qt cannot print a page"))
        painter.drawText(100, 100, VIETNAMESE_SAMPLE)
        painter.end()
        _expect(out.is_file() and out.read_bytes()[:4] == b"%PDF", _("Qt cannot print a page"))


def check_window(app: QApplication, data_dir: Path, user: str, password: str) -> None:
    window, opened = open_main_window(app, data_dir, user, password)
    try:
        _expect(window.isVisible(), _("the main window did not appear"))
        _expect(not app.windowIcon().isNull(), _("the application icon is missing"))
        _expect(
            opened.node.office_name in window.windowTitle(),
            _("the main window does not name the office"),
        )
    finally:
        window.close()
        window.deleteLater()
        opened.close()


def main(
    data_dir: Path,
    user: str,
    password: str,
    emit: Callable[[str], None],
    *,
    window_only: bool = False,
) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    try:
        if window_only:
            window, opened = open_main_window(app, data_dir, user, password)
            emit("shown")
            window.close()
            opened.close()
            return 0
        return run_checks(app, data_dir, user, password, emit)
    finally:
        # No job left on the worker as this child ends (the dashboard's first load may still
        # run: see ops.finish_all); no op ran if the op runner was never imported.
        ops = sys.modules.get("desktop.ui.ops")
        if ops is not None:
            ops.finish_all()


def run_checks(
    app: QApplication, data_dir: Path, user: str, password: str, emit: Callable[[str], None]
) -> int:
    checks: list[tuple[str, Callable[[], None]]] = [
        (N_("Qt: platform plugins"), lambda: check_platforms(app)),
        (N_("Qt: the main window"), lambda: check_window(app, data_dir, user, password)),
        (N_("Qt: fonts on screen"), check_fonts),  # loaded as the window opened
        (N_("Qt: Vietnamese sorting and capitals"), check_icu),
        (N_("Qt: printing"), check_printing),
    ]
    failures = 0
    lang = i18n.language()
    for name, check in checks:
        try:
            check()
        except Exception as exc:
            failures += 1
            text = str(exc) if isinstance(exc, ProbeFailed) else f"{type(exc).__name__}: {exc}"
            i18n.set_language(lang)  # signing in took the profile's language
            emit(f"{FAIL}{_(name)}: {' '.join(text.split())[:300]}")
        else:
            i18n.set_language(lang)
            emit(f"{OK}{_(name)}")
    return 1 if failures else 0
