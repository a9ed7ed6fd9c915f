"""Screenshots of the cases section (list, receive dialog, case dialog) and a page of the
reception record, in Vietnamese. Called by tests/ui/screenshots.py, or run alone:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_cases OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import demo, i18n, profile
from desktop.core.progress import run_job
from desktop.core.reports import case_docs
from desktop.ui.app import prepare
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.cases import CasesPage

CASES_SECTION = 3


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _n in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def _shoot_steps(app: QApplication, page: CasesPage, out: Path) -> None:
    """The step form of an open case at each step it offers (its fields only)."""
    for status in ("received", "identified", "referred"):
        # Rows past the first page are known once the worker has every id: looked past.
        row = next((r for r in range(page.model.rowCount())
                    if getattr(page.model.row_at(r), "status", None) == status), None)  # fmt: skip
        if row is None:
            continue
        page.open_case(page.model.ids[row])
        dialog = page.case_dialog
        assert dialog is not None
        for n in range(dialog.next_status.count()):
            dialog.next_status.setCurrentIndex(n)
            step = dialog.next_status.itemData(n)
            _shoot(app, dialog, out / f"case-step-{status}-{step}.png")
        dialog.close()


def shoot_cases(app: QApplication, work: Path, out: Path) -> None:
    data_dir = work / "cases-demo"
    run_job(demo.create_demo_profile(data_dir, events=50, cases=400, seed=5)).close()
    for user in ("canbo", "thongke"):
        opened = profile.open_profile(data_dir, user, demo.DEMO_PASSWORD)
        try:
            i18n.set_language("vi")
            win = MainWindow(opened)
            win.resize(1280, 760)
            win.show_section(CASES_SECTION)
            _shoot(app, win, out / f"cases-list-{user}.png")
            page = win.pages[CASES_SECTION]
            page.table.selectRow(0)
            page.open_selected()
            _shoot(app, page.case_dialog, out / f"case-dialog-{user}.png")
            if user == "canbo":
                dialog = page.case_dialog
                names = ("timeline", "support", "records", "facts", "situation")
                for n, name in enumerate(names, start=1):
                    dialog.tabs.setCurrentIndex(n)
                    _shoot(app, dialog, out / f"case-dialog-{name}.png")
                dialog.open_person()
                _shoot(app, dialog.person_dialog, out / "case-person.png")
                dialog.person_dialog.close()
                page.case_dialog.close()
                _shoot_steps(app, page, out)
            page.case_dialog.close()
            if user == "canbo":
                win.show_section(0)
                _shoot(app, win, out / "dashboard-canbo.png")
                win.pages[0].overdue.click()
                _shoot(app, win, out / "cases-overdue-canbo.png")
                page.open_config()
                _shoot(app, page.config_dialog, out / "case-config.png")
                page.config_dialog.close()
                page.new_case()
                page.new_dialog.received_on.setText("02/05/2025")
                page.new_dialog.birth_date.setText("04/03/2012")
                _shoot(app, page.new_dialog, out / "case-new.png")
                page.new_dialog.close()
                pdf = case_docs.reception_record(opened, page.model.ids[0], out / "record.pdf")
                subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "record")],
                               check=False)  # fmt: skip
            win.close()
        finally:
            opened.db.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="khien-shots-"))
    prepare(qapp, tmp)
    shoot_cases(qapp, tmp, target)
