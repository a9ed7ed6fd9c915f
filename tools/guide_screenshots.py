"""Screenshots for the user and administrator guides (docs/*.md), in Vietnamese and English.

Everything is made from scratch in a temporary folder: a demo profile (the one `make run`
opens: accounts quantri, canbo, thongke) and a province with an area office and a commune
laptop enrolled through real setup packages, exchanging real bundles on a folder that
stands for the USB stick. Every picture is a real window of Khiên driven by its own code.

Run (no screen needed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/guide_screenshots.py [--out docs/images]
        [--lang vi,en]
or `make guide-images`. Writes OUT/vi/*.png and OUT/en/*.png, optimised with Pillow.
The guides reference these names; tests/core/test_docs.py checks that each exists.

The offscreen screen is a 1366×768 laptop's (the commonest officers have): dialogs size
themselves for it as they would there, and the main window is shot as it shows maximised
under a 40 px taskbar and a title bar (``WINDOW``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `desktop` and `tests` importable
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import load_workbook  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QPoint, QRect, Qt  # noqa: E402, TID251 (a GUI tool, like tests/ui)
from PySide6.QtGui import QPainter, QPalette  # noqa: E402, TID251
from PySide6.QtWidgets import QApplication, QComboBox, QTabWidget, QWidget  # noqa: E402, TID251

from desktop.core import backup, demo, i18n, profile, refdata  # noqa: E402
from desktop.core.i18n import _  # noqa: E402
from desktop.core.outreach import events, excel  # noqa: E402
from desktop.core.progress import run_job  # noqa: E402
from desktop.core.security import keystore  # noqa: E402
from desktop.core.security.roles import Role  # noqa: E402
from desktop.core.sync import enrol, exchange  # noqa: E402
from desktop.ui import ops  # noqa: E402
from desktop.ui.app import prepare  # noqa: E402
from desktop.ui.help import help_for  # noqa: E402
from desktop.ui.login_dialog import LoginDialog  # noqa: E402
from desktop.ui.main_window import MainWindow, section_of  # noqa: E402
from desktop.ui.pages.account_dialog import AccountDialog  # noqa: E402
from desktop.ui.pages.admin import AdminPage  # noqa: E402
from desktop.ui.pages.cases import CasesPage  # noqa: E402
from desktop.ui.pages.dashboard import DashboardPage  # noqa: E402
from desktop.ui.pages.enrol_dialog import EnrolDialog, SlipDialog, slip_html  # noqa: E402
from desktop.ui.pages.outreach import OutreachPage  # noqa: E402
from desktop.ui.pages.outreach_excel import ImportReport  # noqa: E402
from desktop.ui.pages.plans import PlansPage  # noqa: E402
from desktop.ui.pages.reports import ReportsPage  # noqa: E402
from desktop.ui.pages.sync import SyncPage  # noqa: E402
from desktop.ui.prefs import Prefs  # noqa: E402
from desktop.ui.recovery_dialog import RecoveryDialog  # noqa: E402
from desktop.ui.recovery_key_dialog import RecoveryKeyDialog  # noqa: E402
from desktop.ui.settings_dialog import DOCUMENTS, GENERAL, PASSWORD, SettingsDialog  # noqa: E402
from desktop.ui.setup_dialog import SetupDialog  # noqa: E402
from desktop.ui.tour import start_tour  # noqa: E402
from tests.ui.screenshots import _shoot  # noqa: E402
from tests.ui.screenshots_dashboard import _settle  # noqa: E402
from tests.ui.screenshots_reports import _wait  # noqa: E402
from tests.ui.screenshots_sync import build  # noqa: E402

SCREEN = (1366, 768)  # the offscreen screen: a 1366×768 laptop
# The main window maximised on it, under a 40 px taskbar and a 30 px title bar; dialogs
# keep their own size (window_state.fit_to_screen, for SCREEN).
WINDOW = (1366, 768 - 40 - 30)
LANGS = ("vi", "en")
TYPED = "mat-khau-cua-toi"  # shown as dots in password fields
FIRST_PASSWORD = "k7mq2xhp9a"  # a first password as the enrol dialog makes them
SLIP_PASSPHRASE = "hq7c-mx3d-p9ka-t2wn-r8fe-y4bs"  # a one-time passphrase, as generated


@dataclasses.dataclass
class World:
    """The profiles the guides show; made once, shown in each language."""

    work: Path
    stick: Path
    demo_dir: Path
    identity: str
    prov: profile.OpenProfile
    area: profile.OpenProfile
    xa: profile.OpenProfile
    package: Path


class Camera:
    """Shoots widgets into OUT/<lang>/<name>.png and optimises each file with Pillow."""

    def __init__(self, app: QApplication, out: Path) -> None:
        self.app, self.out, self.lang = app, out, "vi"
        self.written: list[Path] = []

    def __call__(self, widget: QWidget, name: str, settle: DashboardPage | None = None) -> Path:
        path = self.out / self.lang / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        widget.show()
        _settle(self.app, settle)
        _shoot(self.app, widget, path)
        optimise(path)
        self.written.append(path)
        return path

    def over(self, window: QWidget, dialog: QWidget, name: str) -> Path:
        """*window* with *dialog* drawn where it stands over it (a tour beside its page)."""
        path = self.out / self.lang / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        window.show()
        dialog.show()
        _settle(self.app)
        picture = window.grab()
        corner = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
        painter = QPainter(picture)
        painter.drawPixmap(corner, dialog.grab())
        # The frame the window system would draw (the offscreen platform draws none).
        painter.setPen(dialog.palette().color(QPalette.ColorRole.Dark))
        painter.drawRect(QRect(corner, dialog.size()).adjusted(-1, -1, 0, 0))
        painter.end()
        picture.save(str(path))
        print(path)
        optimise(path)
        self.written.append(path)
        return path


def optimise(path: Path) -> None:
    """Screenshots are flat colours and text: 256 colours lose nothing one can see and
    make the files several times smaller."""
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _window(opened: profile.OpenProfile) -> MainWindow:
    win = MainWindow(opened)
    win.resize(*WINDOW)
    return win


def _section(kind: type) -> int:
    return section_of(kind.__name__)


def _show_tab(tabs: QTabWidget, part: QWidget) -> None:
    """Show the tab of *tabs* that holds *part* (a tab may wrap it in a scroll area)."""
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if page is part or page.isAncestorOf(part):
            tabs.setCurrentIndex(i)
            return
    raise SystemExit(f"no tab holds {part.objectName() or type(part).__name__}")


def _close(*widgets: QWidget | None) -> None:
    for w in widgets:
        if w is not None:
            w.hide()
            w.deleteLater()


def _pick(box: QComboBox, text: str) -> None:
    """Choose the item of a combo box whose text contains *text*."""
    for i in range(box.count()):
        if text in box.itemText(i):
            box.setCurrentIndex(i)
            return
    raise SystemExit(f"no item “{text}” to choose")


# -- the data -----------------------------------------------------------------------


def make_world(work: Path) -> World:
    keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)  # throwaway profiles: fast unlock
    demo_dir = work / "demo-profile"
    print("Making the demo profile…")
    run_job(demo.create_demo_profile(demo_dir, events=2000, cases=300, seed=1)).close()
    identity = (demo_dir / demo.RECOVERY_FILE).read_text(encoding="utf-8").strip()
    print("Making a province, an area office and a commune laptop…")
    sync_dir = work / "sync"
    sync_dir.mkdir()
    prov, area, xa = build(sync_dir)
    # One more laptop's setup package, as the province hands it out (slip and first run).
    package = work / "USB" / "khien-setup.khs"
    package.parent.mkdir()
    communes = dict((name, code) for code, name in profile.commune_choices(prov))
    code = next(c for name, c in communes.items() if "Na Sầm" in name)
    package.write_bytes(
        enrol.make_setup_package(
            prov, level="commune", unit_code=code, office_name="UBND xã Na Sầm",
            parent_office_id=None, username="canbo.nasam", full_name="Lộc Thị Mai",
            role=Role.COMMUNE_OFFICER, password=FIRST_PASSWORD, passphrase=SLIP_PASSPHRASE,
        )
    )  # fmt: skip
    return World(work, sync_dir / "usb", demo_dir, identity, prov, area, xa, package)


# -- the user guide -----------------------------------------------------------------


def shoot_sign_in(shot: Camera, w: World) -> None:
    login = LoginDialog(w.demo_dir, Prefs(w.work / "prefs"))
    login.username.setText("canbo")
    login.password.setText(TYPED)
    shot(login, "sign-in")
    login.password.clear()
    login.show_error(_("The user name or password is wrong."))
    shot(login, "sign-in-error")
    _close(login)


def shoot_outreach(shot: Camera, win: MainWindow) -> None:
    win.show_section(_section(DashboardPage))
    shot(win, "dashboard", win.pages[_section(DashboardPage)])  # type: ignore[arg-type]
    n = _section(OutreachPage)
    win.show_section(n)
    page = win.pages[n]
    assert isinstance(page, OutreachPage)
    shot(win, "events")
    page.new_event()
    dlg = page.dialog
    assert dlg is not None
    dlg.kind.setCurrentIndex(dlg.kind.findData("talk"))
    dlg.title.setText("Nói chuyện chuyên đề về Luật Phòng, chống mua bán người")
    dlg.w["held_on"].setText("24/07/2026")  # type: ignore[attr-defined]
    dlg.w["held_at"].setText("08:00")  # type: ignore[attr-defined]
    _pick(dlg.commune, "Thất Khê")
    dlg.w["village"].setText("Nà Lầu")  # type: ignore[attr-defined]
    dlg.w["venue"].setText("Nhà văn hóa thôn Nà Lầu")  # type: ignore[attr-defined]
    dlg.lead.setCurrentIndex(dlg.lead.findData("womens_union"))
    dlg.partners.set_values(["commune_police", "commune_pc"])
    dlg.ethnic.set_values(["tay", "nung", "kinh"])
    dlg.languages.set_values(["vi", "tay"])
    for name, value in (("audience_total", "85"), ("audience_women", "47"),
                        ("audience_men", "38"), ("audience_youth", "20")):  # fmt: skip
        dlg.w[name].setText(value)  # type: ignore[attr-defined]
    dlg.form.validate()
    shot(dlg, "event-new")
    dlg.draft_timer.stop()
    dlg.done(0)
    _close(dlg)

    # An Excel file with two wrong rows, checked before anything is written.
    tmp = Path(tempfile.mkdtemp(prefix="khien-xlsx-")) / f"su-kien-{shot.lang}.xlsx"
    excel.save_template(tmp)
    book = load_workbook(tmp)
    sheet = book.active
    assert sheet is not None
    talk = next(
        refdata.display_name(i, i18n.language())
        for i in profile.reference_items(page.profile, "outreach_kind")
        if i.code == "talk"
    )
    rows = [
        ("02/03/2026", talk, "Nói chuyện tại thôn Bản Hẻo", 60),
        ("31/02/2026", talk, "Nói chuyện tại thôn Khuổi Khe", 45),
        ("05/03/2026", talk, "", 30),
        ("09/03/2026", talk, "Nói chuyện tại trường THCS xã", -5),
    ]
    for held_on, kind, title, audience in rows:
        sheet.append([held_on, None, kind, title, None, None, None, None, None, audience])
    book.save(tmp)
    check = excel.check_file(page.profile, tmp)
    report = ImportReport(check, page)
    report.resize(760, 330)
    shot(report, "events-import-check")
    _close(report)

    n = _section(PlansPage)
    win.show_section(n)
    plans_page = win.pages[n]
    assert isinstance(plans_page, PlansPage)
    row = next(i for i, p in enumerate(plans_page.plans) if p.number == "78/KH-BCĐ")
    plans_page.plan_list.setCurrentRow(row)
    plans_page.task_table.selectRow(0)
    shot(win, "plans")


def shoot_cases(shot: Camera, win: MainWindow) -> None:
    n = _section(CasesPage)
    win.show_section(n)
    page = win.pages[n]
    assert isinstance(page, CasesPage)
    shot(win, "cases")
    page.new_case()
    new = page.new_dialog
    new.received_on.setText(i18n.format_date(dt.date(2026, 7, 24)))
    new.channel.setCurrentIndex(new.channel.findData("handed_over_border"))
    _pick(new.gate, "Hữu Nghị")
    new.full_name.setText("Hoàng Thị Hiền")
    _pick(new.sex, _("Female"))
    new.birth_date.setText("04/03/2010")
    _pick(new.commune, "Đồng Đăng")
    new.form.validate()
    shot(new, "case-receive")
    _close(new)

    page.show_preset("referred")
    page.table.selectRow(0)
    page.open_selected()
    dialog = page.case_dialog
    shelter = "Trung tâm Công tác xã hội tỉnh Lạng Sơn"
    if shelter not in dialog.records.records_list.toPlainText():  # once, by the tab's buttons
        records = dialog.records
        records.facility.setText(shelter)
        records.admitted_on.setText("20/11/2026")
        records.discharged_on.setText("26/11/2026")
        records.add_stay()
        records.agency.setText("Sở Y tế tỉnh Lạng Sơn")
        records.referred_on.setText("21/11/2026")
        records.add_referral()
        records.finding.setText("Đã về với gia đình, sức khỏe ổn định, đang học nghề may")
        records.visited_on.setText("27/11/2026")
        records.add_follow_up()
        _close(dialog)  # and open the case again, as an officer would find it
        page.open_selected()
        dialog = page.case_dialog
    for part, name in ((dialog.workflow, "case-workflow"), (dialog.ledger, "case-support"),
                       (dialog.records, "case-records"), (dialog.facts, "case-facts")):  # fmt: skip
        _show_tab(dialog.tabs, part)
        shot(dialog, name)
    dialog.print_summary.click()
    _wait(shot.app, dialog.print_op, "the case summary")
    if dialog.preview is not None:
        dialog.preview.resize(900, 760)
        shot(dialog.preview, "case-summary")
        _close(dialog.preview)
    _close(dialog)
    page.show_preset("")


def shoot_reports(shot: Camera, win: MainWindow) -> None:
    n = _section(ReportsPage)
    win.show_section(n)
    page = win.pages[n]
    assert isinstance(page, ReportsPage)
    form = page.form
    form.date_from.setText("01/01/2026")
    form.date_to.setText("30/06/2026")
    form.header_edits["number"].setText("15/BC-BCĐ")
    form.header_edits["signer_authority"].setText("KT. TRƯỞNG BAN")
    form.header_edits["signer_title"].setText("Phó Trưởng ban")
    form.header_edits["signer_name"].setText("Hoàng Văn Thắng")
    form.form.validate()
    shot(win, "reports")
    _wait(shot.app, page.generate(), "the periodic report")
    shot(win, "report-preview")
    page.tabs.setCurrentWidget(page.figures)
    page.figures.table.selectRow(0)
    shot(win, "reports-figures")
    page.tabs.setCurrentIndex(0)


# Words typed in the guide's search box: without diacritics, as officers often type.
GUIDE_SEARCH = {"vi": "dong bo", "en": "stick"}


def shoot_help(shot: Camera, win: MainWindow) -> None:
    """The user guide (F1) with a search typed, and the first-run tour over its page."""
    helper = help_for(win)
    assert helper is not None
    guide = helper.show_guide()
    guide.search.setText(GUIDE_SEARCH[shot.lang])
    shot(guide, "help-guide")
    _close(guide)
    helper.guide = None
    win.show()
    tour = start_tour(win, win.profile)
    tour.next()  # the Outreach step: its page behind
    shot.over(win, tour, "tour")
    tour.reject()


def shoot_masked(shot: Camera, w: World) -> None:
    opened = profile.open_profile(w.demo_dir, "thongke", demo.DEMO_PASSWORD)
    try:
        win = _window(opened)
        win.show_section(_section(CasesPage))
        shot(win, "cases-masked")
        _close(win)
    finally:
        opened.close()


def _new_event(opened: profile.OpenProfile, title: str) -> None:
    raw = {
        "kind": "talk", "title": title, "held_on": "25/07/2026", "commune_code": 6040,
        "village": "Nà Lầu", "audience_total": "64", "languages": ["vi", "tay"],
        "state": events.FINAL,
    }  # fmt: skip
    events.save_event(opened, events.parse(raw))


def shoot_sync(shot: Camera, w: World) -> None:
    """A commune laptop writes a bundle to the stick; the area office imports it."""
    win = _window(w.xa)
    n = _section(SyncPage)
    win.show_section(n)
    page = win.pages[n]
    assert isinstance(page, SyncPage)
    shot(win, "sync-commune")
    _new_event(w.xa, "Chiếu phim tuyên truyền phòng, chống mua bán người")
    page.set_result("")
    # The page's own result line, for a stick that Windows calls E: (the bundle itself is
    # written to the folder standing for the stick; no drive dialog opens in a script).
    out = exchange.export_bundle(w.xa, w.stick)
    drive = PureWindowsPath("E:/")
    page._exported(dataclasses.replace(out, path=drive / out.path.name))  # type: ignore[arg-type]
    shot(win, "sync-exported")
    _close(win)

    win = _window(w.area)
    win.show_section(n)
    page = win.pages[n]
    assert isinstance(page, SyncPage)
    page.import_files([out.path])
    _wait(shot.app, page.op, "the bundle check")
    assert page.preview_dialog is not None
    shot(page.preview_dialog, "sync-import-preview")
    page.preview_dialog.accept()
    _wait(shot.app, page.op, "the import")
    if page.summary_box is not None:
        shot(page.summary_box, "sync-import-done")
        page.summary_box.accept()
    page.tabs.setCurrentIndex(1)
    page.conflicts.table.selectRow(0)
    shot(win, "sync-conflicts")
    _close(win)


# -- the administrator guide --------------------------------------------------------


def shoot_first_run(shot: Camera, w: World) -> None:
    setup = SetupDialog(w.work / f"empty-{shot.lang}")
    setup.username.setText("quantri")
    setup.full_name.setText("Hoàng Thị Lan")
    setup.password.setText(TYPED)
    setup.confirm.setText(TYPED)
    setup.form.validate()
    setup.adjustSize()
    shot(setup, "setup-province")
    _close(setup)
    # The package as Windows names it on a stick. On Linux "E:\\khien-setup.khs" is a plain
    # file name: a copy under that name in the temporary folder passes the form's check.
    windows_name = str(PureWindowsPath("E:/") / w.package.name)
    (w.work / windows_name).write_bytes(w.package.read_bytes())
    with contextlib.chdir(w.work):
        setup = SetupDialog(w.work / f"empty-{shot.lang}")
        setup.from_package.setChecked(True)
        fields = setup.package
        fields.file.setText(windows_name)
        fields.passphrase.setText(SLIP_PASSPHRASE)
        fields.username.setText("canbo.nasam")
        fields.password.setText(FIRST_PASSWORD)
        for name in fields.form.fields:
            fields.form.fields[name].touched = True
        fields.form.validate()
        setup.adjustSize()
        shot(setup, "setup-package")
        _close(setup)
    keys = RecoveryKeyDialog(w.identity)
    shot(keys, "recovery-key")
    _close(keys)
    recovery = RecoveryDialog(w.demo_dir, "canbo")
    recovery.identity.setPlainText(w.identity)
    recovery.new.setText(TYPED)
    recovery.confirm.setText(TYPED)
    recovery.form.validate()
    shot(recovery, "recovery-dialog")
    _close(recovery)


def shoot_admin(shot: Camera, w: World) -> None:
    win = _window(w.prov)
    n = _section(AdminPage)
    win.show_section(n)
    admin = win.pages[n]
    assert isinstance(admin, AdminPage)
    admin.tabs.setCurrentWidget(admin.accounts)
    shot(win, "admin-accounts")
    account = AccountDialog(w.prov, admin.accounts)
    account.username.setText("thongke.tinh")
    account.full_name.setText("Vi Văn Kê")
    _pick(account.role, _("Statistician (aggregates only)"))
    account.password.setText(TYPED)
    account.confirm.setText(TYPED)
    account.form.validate()
    shot(account, "account-new")
    _close(account)
    admin.tabs.setCurrentWidget(admin.offices)
    admin.offices.refresh()
    shot(win, "admin-offices")
    admin.tabs.setCurrentWidget(admin.refdata)
    shot(win, "admin-reference")

    dialog = EnrolDialog(w.prov)
    dialog.level.setCurrentIndex(dialog.level.findData("commune"))
    dialog.commune.setCurrentIndex(dialog.commune.findText("Xã Hoàng Văn Thụ"))
    if dialog.commune.currentIndex() < 0:
        dialog.commune.setCurrentIndex(0)
    dialog.office.setText("UBND xã Hoàng Văn Thụ")
    dialog.username.setText("canbo.hvt")
    dialog.full_name.setText("Hà Văn Thụ")
    dialog.password.setText(FIRST_PASSWORD)
    dialog.form.validate()
    shot(dialog, "enrol-commune")
    _close(dialog)
    dialog = EnrolDialog(w.prov)
    dialog.level.setCurrentIndex(dialog.level.findData("area"))
    dialog.office.setText("Phòng Khu vực Văn Lãng")
    dialog.covered_filter.setText("")
    for i in range(3):
        dialog.covered.item(i).setCheckState(Qt.CheckState.Checked)
    dialog.username.setText("canbo.vanlang")
    dialog.full_name.setText("Nông Văn Lãng")
    dialog.password.setText(FIRST_PASSWORD)
    dialog.form.validate()
    dialog.adjustSize()
    shot(dialog, "enrol-area")
    _close(dialog)
    slip = SlipDialog(
        slip_html(
            office="UBND xã Na Sầm", username="canbo.nasam", full_name="Lộc Thị Mai",
            password=FIRST_PASSWORD, passphrase=SLIP_PASSPHRASE, file_name=w.package.name,
        )
    )  # fmt: skip
    shot(slip, "setup-slip")
    _close(slip)

    n = _section(SyncPage)
    win.show_section(n)
    shot(win, "sync-province")
    _close(win)


def shoot_backups(shot: Camera, w: World) -> None:
    """Administration → Backups with a backup made by hand, and its restore question."""
    if not backup.list_backups(w.prov.data_dir):
        backup.backup_now(w.prov)
    win = _window(w.prov)
    n = _section(AdminPage)
    win.show_section(n)
    admin = win.pages[n]
    assert isinstance(admin, AdminPage)
    admin.tabs.setCurrentWidget(admin.backups)
    admin.backups.refresh()
    shot(win, "admin-backups")
    dialog = admin.backups.ask_restore()
    assert dialog is not None
    dialog.password.setText(TYPED)
    shot(dialog, "backup-restore")
    _close(dialog, win)


def shoot_settings(shot: Camera, w: World) -> None:
    """Settings: the officer's own settings, the documents' defaults and the password tab
    (the user guide's “your own settings” and “change your password”)."""
    win = _window(w.prov)
    settings = SettingsDialog(w.prov, win.set_language, GENERAL, win)
    shot(settings, "settings-general")
    settings.tabs.setCurrentIndex(DOCUMENTS)
    shot(settings, "settings-documents")
    _close(settings)
    settings = SettingsDialog(w.prov, win.set_language, PASSWORD, win)
    settings.password.old.setText(TYPED)
    shot(settings, "settings-password")
    _close(settings, win)


# -- running ------------------------------------------------------------------------

STEPS: tuple[Callable[[Camera, World], None], ...] = (
    shoot_sign_in,
    lambda shot, w: _as_officer(shot, w),
    shoot_masked,
    shoot_sync,
    shoot_first_run,
    shoot_admin,
    shoot_backups,
    shoot_settings,
)


def _as_officer(shot: Camera, w: World) -> None:
    opened = profile.open_profile(w.demo_dir, "canbo", demo.DEMO_PASSWORD)
    try:
        win = _window(opened)
        shoot_outreach(shot, win)
        shoot_cases(shot, win)
        shoot_reports(shot, win)
        shoot_help(shot, win)
        _close(win)
    finally:
        opened.close()


def _platform_args(work: Path) -> list[str]:
    """The application's arguments: on the offscreen platform, a screen of ``SCREEN`` (its
    own is 800×800, where dialogs would shrink as on no officer's laptop)."""
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        return [sys.argv[0]]
    config = work / "screen.json"
    width, height = SCREEN
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return [sys.argv[0], "-platform", f"offscreen:configfile={config}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--lang", default=",".join(LANGS), help="vi,en (default both)")
    args = parser.parse_args(argv)
    langs = [lang for lang in args.lang.split(",") if lang]
    work = Path(tempfile.mkdtemp(prefix="khien-guide-"))
    app = QApplication.instance() or QApplication(_platform_args(work))
    assert isinstance(app, QApplication)
    prepare(app, work)
    started = time.monotonic()
    world = make_world(work)
    shot = Camera(app, args.out)
    try:
        for lang in langs:
            i18n.set_language(lang)
            shot.lang = lang
            for step in STEPS:
                step(shot, world)
    finally:
        ops.finish_all()  # no job left on the worker as the process ends (see finish_all)
        for opened in (world.prov, world.area, world.xa):
            opened.close()
        i18n.set_language("vi")
    print(f"{len(shot.written)} images in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
