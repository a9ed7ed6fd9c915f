"""Screenshots of the Reports section in Vietnamese: the choices, a generated periodic report
in the preview, a refused period, the print dialog, and a case document's preview dialog.
Run alone (not a test; pytest does not collect it):
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_reports OUT_DIR
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
from desktop.ui.main_window import SECTIONS, MainWindow
from desktop.ui.ops import Op
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.reports import ReportsPage


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _n in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def _wait(app: QApplication, op: Op | None, what: str) -> None:
    deadline = time.monotonic() + 300
    while op is not None and not op.done:
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not finish")
        app.processEvents()
        time.sleep(0.02)
    for _n in range(20):  # let the visible pages render
        app.processEvents()


def _section(kind: type) -> int:
    return next(n for n, cls in enumerate(SECTIONS) if cls is kind)


def shoot_reports(app: QApplication, work: Path, out: Path) -> None:
    data_dir = work / "reports-demo"
    run_job(demo.create_demo_profile(data_dir, events=2000, cases=300, seed=11)).close()
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    try:
        i18n.set_language("vi")
        win = MainWindow(opened)
        win.resize(1280, 800)
        win.show_section(_section(ReportsPage))
        page = win.pages[_section(ReportsPage)]
        assert isinstance(page, ReportsPage)
        _shoot(app, win, out / "reports-choices.png")

        form = page.form
        form.date_from.setText("01/01/2025")
        form.date_to.setText("30/06/2025")
        form.header_edits["number"].setText("15/BC-BCĐ")
        form.header_edits["signer_authority"].setText("KT. TRƯỞNG BAN")
        form.header_edits["signer_title"].setText("Phó Trưởng ban")
        form.header_edits["signer_name"].setText("Hoàng Văn Thắng")
        form.form.validate()
        _wait(app, page.generate(), "the periodic report")
        _shoot(app, win, out / "reports-preview.png")
        page.preview.view.zoom_in()
        page.preview.view.go_to(1)
        _wait(app, None, "")
        _shoot(app, win, out / "reports-preview-zoomed.png")

        flow = page.preview.print_()
        if flow is not None:
            _shoot(app, flow.dialog, out / "reports-print-dialog.png")
            flow.dialog.reject()

        form.date_to.setText("01/12/2024")
        form.form.fields["date_to"].touched = True
        form.form.validate()
        _shoot(app, win, out / "reports-refused-period.png")

        form.kind.setCurrentIndex(form.kind.findData("campaign"))
        _shoot(app, win, out / "reports-campaign-choices.png")

        win.show_section(_section(CasesPage))
        cases = win.pages[_section(CasesPage)]
        assert isinstance(cases, CasesPage)
        cases.table.selectRow(0)
        cases.open_selected()
        dialog = cases.case_dialog
        dialog.print_summary.click()
        _wait(app, dialog.print_op, "the case summary")
        if dialog.preview is not None:
            _shoot(app, dialog.preview, out / "case-summary-preview.png")
            dialog.preview.close()
        dialog.close()
        win.close()
    finally:
        opened.db.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    qapp = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp(prefix="khien-shots-"))
    prepare(qapp, tmp)
    shoot_reports(qapp, tmp, target)
