"""Render the main screens in Vietnamese to PNG files for a visual check.

Not a test (pytest does not collect it). Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshots OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import i18n, profile
from desktop.ui.app import prepare
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.prefs import Prefs
from desktop.ui.recovery_key_dialog import RecoveryKeyDialog
from desktop.ui.setup_dialog import SetupDialog
from tests.ui.screenshots_cases import shoot_cases
from tests.ui.screenshots_dashboard import shoot_dashboard
from tests.ui.screenshots_outreach import shoot_outreach


def _shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    widget.show()
    for _n in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="khien-shots-"))
    prefs, _reporter = prepare(app, work)
    i18n.set_language("vi")

    setup = SetupDialog(work / "empty")
    _shoot(app, setup, out / "first-run.png")
    setup.close()

    data_dir = work / "profile"
    opened, identity = profile.create_province(
        data_dir,
        province_code=20,
        admin_username="quantri",
        admin_password="mat-khau-tinh",
        admin_full_name="Hoàng Thị Lan",
    )
    keys = RecoveryKeyDialog(identity or "")
    _shoot(app, keys, out / "recovery-key.png")
    keys.close()

    login = LoginDialog(data_dir, Prefs(data_dir))
    login.username.setText("quantri")
    login.show_error(i18n._("The user name or password is wrong."))
    _shoot(app, login, out / "login.png")
    login.close()

    win = MainWindow(opened)
    win.resize(1100, 720)
    _shoot(app, win, out / "main-dashboard.png")
    win.show_section(6)
    _shoot(app, win, out / "main-administration.png")
    admin = win.pages[6]
    root = profile.office_rows(opened)[0]
    area = profile.save_office(
        opened, level="area", name="Khu vực Tràng Định", parent_id=root.id, area_codes=[6040, 6046]
    )
    profile.save_office(
        opened, level="commune", name="Xã Thất Khê", parent_id=area.id, unit_code=6040
    )
    profile.save_office(
        opened, level="commune", name="Phường Đông Kinh", parent_id=root.id, unit_code=5977
    )
    admin.offices.refresh()
    admin.tabs.setCurrentWidget(admin.offices)
    _shoot(app, win, out / "main-offices.png")
    admin.offices.select_id(area.id)
    admin.offices.edit_selected()
    if admin.offices.dialog is not None:
        _shoot(app, admin.offices.dialog, out / "office-area-dialog.png")
        admin.offices.dialog.close()
    admin.offices._open("commune", None)
    if admin.offices.dialog is not None:
        _shoot(app, admin.offices.dialog, out / "office-commune-dialog.png")
        admin.offices.dialog.close()
    admin.tabs.setCurrentWidget(admin.accounts)
    _shoot(app, win, out / "main-accounts.png")
    win.show_section(1)
    _shoot(app, win, out / "main-outreach.png")
    win.hide()
    opened.close()
    shoot_outreach(app, work, out)
    shoot_cases(app, work, out)
    shoot_dashboard(app, work, out)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        raise SystemExit(2)
    raise SystemExit(main(Path(sys.argv[1])))
