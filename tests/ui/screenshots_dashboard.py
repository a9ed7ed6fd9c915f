"""Screenshots of the dashboard over demo data, in Vietnamese, at 1280×800 and 1024×700,
and of the lists its figures open. Not a test (pytest does not collect it). Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_dashboard OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import demo, i18n, profile
from desktop.core.progress import run_job
from desktop.ui.app import prepare
from desktop.ui.main_window import MainWindow
from desktop.ui.ops import worker_pool
from desktop.ui.pages.dashboard import DashboardPage

SIZES = ((1280, 800), (1024, 700))


def _settle(app: QApplication, page: DashboardPage | None = None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        app.processEvents()
        if page is None or not page.loading():
            break
        worker_pool().waitForDone(50)
    for _n in range(5):
        app.processEvents()


def _shoot(app: QApplication, widget: QWidget, path: Path, page: DashboardPage | None = None):
    widget.show()
    _settle(app, page)
    widget.grab().save(str(path))
    print(path)


def shoot_dashboard(app: QApplication, work: Path, out: Path) -> None:
    data_dir = work / "dashboard-demo"
    run_job(demo.create_demo_profile(data_dir, events=4000, cases=600, seed=7)).close()
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    try:
        i18n.set_language("vi")
        win = MainWindow(opened)
        page = win.pages[0]
        assert isinstance(page, DashboardPage)
        for w, h in SIZES:
            win.resize(w, h)
            _shoot(app, win, out / f"dashboard-{w}x{h}.png", page)
        win.resize(1280, 800)
        _settle(app, page)
        page.by_month.setFocus()
        page.by_month.bar_clicked.emit(10)  # last month's bar
        _shoot(app, win, out / "dashboard-month-outreach.png")
        win.show_section(0)
        _settle(app, page)
        page.by_kind.bar_clicked.emit(0)
        _shoot(app, win, out / "dashboard-kind-outreach.png")
        win.show_section(0)
        _settle(app, page)
        page.late.click()
        _shoot(app, win, out / "dashboard-late-plans.png")
        win.show_section(0)
        _settle(app, page)
        page.by_status.bar_clicked.emit(0)
        _shoot(app, win, out / "dashboard-status-cases.png")
        win.close()
        empty = profile.create_province(
            work / "empty", province_code=20, admin_username="quantri",
            admin_password="mat-khau-tinh", admin_full_name="Hoàng Thị Lan",
        )[0]  # fmt: skip
        win = MainWindow(empty)
        win.resize(1024, 700)
        _shoot(app, win, out / "dashboard-empty.png", win.pages[0])  # type: ignore[arg-type]
        win.close()
        empty.close()
    finally:
        opened.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="khien-dash-"))
    prepare(app, work)  # type: ignore[arg-type]
    shoot_dashboard(app, work, out)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))
