"""Screenshots of the outreach register (events list, event form, plans page) on a demo
profile, in Vietnamese and English. Called by tests/ui/screenshots.py, or run alone:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots_outreach OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import demo, i18n, profile
from desktop.core.progress import run_job
from desktop.ui.app import prepare
from desktop.ui.main_window import MainWindow


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _n in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def shoot_outreach(app: QApplication, work: Path, out: Path) -> None:
    data_dir = work / "demo"
    run_job(demo.create_demo_profile(data_dir, events=3000, cases=0, seed=4)).close()
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    try:
        for lang in ("vi", "en"):
            i18n.set_language(lang)
            win = MainWindow(opened)
            win.resize(1280, 760)
            win.show_section(1)
            _shoot(app, win, out / f"outreach-list-{lang}.png")
            page = win.pages[1]
            page.new_event()
            dlg = page.dialog
            assert dlg is not None
            dlg.kind.setCurrentIndex(dlg.kind.findData("talk"))
            dlg.title.setText("Nói chuyện chuyên đề tại thôn Nà Lầu")
            dlg.w["audience_total"].setText("80")  # type: ignore[attr-defined]
            dlg.w["audience_women"].setText("95")  # type: ignore[attr-defined]
            dlg.form.fields["audience_women"].touched = True
            dlg.form.validate()
            _shoot(app, dlg, out / f"event-form-{lang}.png")
            dlg.draft_timer.stop()
            dlg.done(0)
            win.show_section(2)
            plans_page = win.pages[2]
            row = next(n for n, p in enumerate(plans_page.plans) if p.number == "78/KH-BCĐ")
            plans_page.plan_list.setCurrentRow(row)
            _shoot(app, win, out / f"plans-{lang}.png")
            win.hide()
            win.deleteLater()
    finally:
        i18n.set_language("vi")
        opened.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    application = QApplication.instance() or QApplication([])
    workdir = Path(tempfile.mkdtemp(prefix="khien-shots-"))
    prepare(application, workdir)  # type: ignore[arg-type]
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    shoot_outreach(application, workdir, target)  # type: ignore[arg-type]
