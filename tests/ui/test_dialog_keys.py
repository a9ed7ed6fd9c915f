"""Issue 17 point 1: in every dialog Enter performs the main action and Escape cancels.

A registry of the QDialog subclasses of ``desktop.ui`` (found by importing every module and
walking ``QDialog``'s subclasses: a new dialog fails ``test_every_dialog_is_registered``
until it is added here). Each one is built with a provincial profile and shown, then:

- exactly one button is the default, and it is the main action (the accept role of its
  button box, or the dialog's own Save/Apply);
- no other button is auto-default (in a QDialog every QPushButton is, and the focused one,
  or the first in the tab order, would take Enter: "Forgot password?" did);
- Escape rejects the dialog.

Dialogs not built here, and why (``SKIPPED``):

- ``CaseDialog``: a workspace of several forms (the next step, support, records, facts),
  each with its own Apply button, and Close; Enter has no single main action there, so no
  button takes it (the first, "Record this step", took every Enter typed in any part).
  That and its Escape are checked in ``test_case_window_has_no_default_and_escape_closes``.
- ``reports_preview.PreviewDialog``: needs a generated PDF and is a viewer (Print, Close);
  its file belongs to another change until the reports work lands.
- ``SentDialog``: needs a numbered document of the Reports page's series.
- ``ImportReport``: needs the check of an imported workbook; Close is its one default
  button (importing only the correct rows is the choice to confirm), checked with a real
  check in ``tests/ui/test_import_report_keys.py``.

``EXPECTED_TO_FAIL`` names dialogs whose files other changes own at the moment; the test
says what is wrong with them until those files are fixed (``texts.main_action``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QPushButton, QWidget

import desktop.ui
from desktop.core import backup, profile
from desktop.core.i18n import _
from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.core.sync.exchange import Preview
from desktop.ui.event_dialog import EventDialog
from desktop.ui.help import AboutDialog, ShortcutsDialog
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.pages.account_dialog import AccountDialog
from desktop.ui.pages.admin_backups import RestoreDialog
from desktop.ui.pages.admin_offices import ReplaceDialog
from desktop.ui.pages.case_config import CaseConfigDialog
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.case_new import NewCaseDialog
from desktop.ui.pages.enrol_dialog import EnrolDialog, SlipDialog
from desktop.ui.pages.office_dialog import OfficeDialog
from desktop.ui.pages.person_dialog import PersonDialog
from desktop.ui.pages.refdata_dialog import RefItemDialog
from desktop.ui.pages.reports_figures import FigureDialog
from desktop.ui.pages.sync_import import PreviewDialog as BundlePreviewDialog
from desktop.ui.plan_dialogs import PlanDialog, TaskDialog
from desktop.ui.prefs import Prefs
from desktop.ui.recovery_dialog import RecoveryDialog
from desktop.ui.recovery_key_dialog import RecoveryKeyDialog
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.setup_dialog import SetupDialog
from desktop.ui.tour import TourDialog
from tests.conftest import ADMIN, PASSWORD
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import as_role

T = TypeVar("T")
Built = tuple[QDialog, QPushButton]
Builder = Callable[[profile.OpenProfile, Path], Built]


def _officer(p: profile.OpenProfile) -> profile.OpenProfile:
    return as_role(p, Role.PROVINCIAL_OFFICER, "canbo")


def _ok(dialog: QDialog) -> Built:
    return dialog, dialog.ok  # type: ignore[attr-defined]


def _plan(p: profile.OpenProfile) -> str:
    import datetime as dt

    officer = _officer(p)
    return plans.save_plan(
        officer,
        plans.PlanInput(
            number="12/KH-UBND",
            title="Kế hoạch phòng, chống mua bán người năm 2025",
            issued_on=dt.date(2025, 1, 10),
            issuer="UBND tỉnh Lạng Sơn",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
        ),
    )


def _preview() -> Preview:
    return Preview("b1", "n1", "Xã Đồng Đăng", "canbo", "2025-09-02T08:00:00Z", {}, False)


def _restore(p: profile.OpenProfile, _tmp: Path) -> Built:
    backup.backup_now(p)
    info = backup.list_backups(p.data_dir)[0]
    return _ok(RestoreDialog(info, ADMIN))


def _replace(p: profile.OpenProfile, _tmp: Path) -> Built:
    row = profile.office_rows(p)[0]
    return _ok(ReplaceDialog(p, row))


_WINDOWS: list[QMainWindow] = []  # the main windows the help dialogs belong to, kept alive


def _main_window(p: profile.OpenProfile) -> QMainWindow:
    from desktop.ui.main_window import MainWindow

    _WINDOWS.append(MainWindow(p))
    return _WINDOWS[-1]


def _closing(dialog: QDialog) -> Built:
    """A dialog whose main action is its Close button."""
    close = [b for b in dialog.findChildren(QPushButton) if b.text() == _("Close")]
    return dialog, close[0]


def _help(kind: str) -> Builder:
    def build(p: profile.OpenProfile, _t: Path) -> Built:
        window = _main_window(p)
        if kind == "about":
            return _closing(AboutDialog(window, p))
        if kind == "shortcuts":
            return _closing(ShortcutsDialog(window))
        tour = TourDialog(window, p)
        return tour, tour.next_button

    return build


BUILDERS: dict[type[QDialog], Builder] = {
    LoginDialog: lambda p, _t: _ok(LoginDialog(p.data_dir, Prefs(p.data_dir))),
    RecoveryDialog: lambda p, _t: _ok(RecoveryDialog(p.data_dir, ADMIN)),
    SetupDialog: lambda _p, t: _ok(SetupDialog(t / "new")),
    RecoveryKeyDialog: lambda _p, _t: _ok(RecoveryKeyDialog("AGE-SECRET-KEY-1TEST")),
    SettingsDialog: lambda p, _t: _ok(SettingsDialog(p, lambda _lang: None)),
    RefItemDialog: lambda p, _t: _ok(RefItemDialog(p, "agency")),
    BundlePreviewDialog: lambda _p, _t: _ok(BundlePreviewDialog(_preview(), "x.khb")),
    NewCaseDialog: lambda p, _t: _ok(NewCaseDialog(_officer(p))),
    PersonDialog: lambda p, _t: _ok(
        PersonDialog(_officer(p), receive(_officer(p), on=D(2025, 9, 2)))
    ),
    CaseConfigDialog: lambda p, _t: _ok(CaseConfigDialog(p)),
    OfficeDialog: lambda p, _t: _ok(OfficeDialog(p, "commune")),
    AccountDialog: lambda p, _t: _ok(AccountDialog(p)),
    EnrolDialog: lambda p, _t: _ok(EnrolDialog(p)),
    SlipDialog: lambda _p, _t: _ok(SlipDialog("<p>Phiếu</p>")),
    RestoreDialog: _restore,
    ReplaceDialog: _replace,
    PlanDialog: lambda p, _t: _ok(PlanDialog(_officer(p))),
    TaskDialog: lambda p, _t: _ok(TaskDialog(_officer(p), _plan(p))),
    FigureDialog: lambda p, _t: _ok(FigureDialog(p)),
    EventDialog: lambda p, _t: (d := EventDialog(_officer(p)), d.save_btn),
    AboutDialog: _help("about"),
    ShortcutsDialog: _help("shortcuts"),
    TourDialog: _help("tour"),
}

SKIPPED = {"CaseDialog", "PreviewDialog", "SentDialog", "ImportReport", "_Dialog"}
# Escape never closes it: the key would be lost for good (it closes once saved or copied).
KEEPS_ON_ESCAPE = {RecoveryKeyDialog}
EXPECTED_TO_FAIL: dict[type[QDialog], str] = {}


def subclasses_in_ui(base: type[T]) -> set[type[T]]:
    """Every subclass of *base* defined in ``desktop.ui``, each of its modules imported
    (so a new window is found without being listed anywhere)."""
    for info in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        if not info.name.endswith(("selftest_probe", "app")):
            importlib.import_module(info.name)
    found: set[type[T]] = set()
    todo = [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                todo.append(sub)
                if sub.__module__.startswith("desktop.ui"):
                    found.add(sub)
    return found


def _all_dialog_classes() -> set[type[QDialog]]:
    return subclasses_in_ui(QDialog)


def test_every_dialog_is_registered() -> None:
    names = {cls.__name__ for cls in BUILDERS} | SKIPPED
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _all_dialog_classes()
        if cls.__name__ not in names
    )
    assert not missing, f"add these dialogs to BUILDERS or SKIPPED: {missing}"


def _own_buttons(dialog: QDialog) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.window() is dialog and b.isVisible()]


def _press(widget: QWidget, key: Qt.Key) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, key)


@pytest.mark.parametrize("cls", list(BUILDERS), ids=lambda c: c.__name__)
def test_enter_is_the_main_action_and_escape_cancels(qtbot, province, tmp_path, cls, request):
    if cls in EXPECTED_TO_FAIL:
        request.applymarker(pytest.mark.xfail(reason=EXPECTED_TO_FAIL[cls], strict=False))
    dialog, main = BUILDERS[cls](province, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = _own_buttons(dialog)
    defaults = [b.text() for b in buttons if b.isDefault()]
    assert defaults == [main.text()], "one default button: the main action"
    box = main.parent()
    if isinstance(box, QDialogButtonBox):
        assert box.buttonRole(main) == QDialogButtonBox.ButtonRole.AcceptRole
    others = [b.text() for b in buttons if b is not main and b.autoDefault()]
    assert not others, "no other button takes Enter"

    _press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    if cls in KEEPS_ON_ESCAPE:
        assert dialog.isVisible()
    else:
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_case_window_has_no_default_and_escape_closes(qtbot, province):
    officer = _officer(province)
    dialog = CaseDialog(officer, receive(officer, on=D(2025, 9, 2)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not [b.text() for b in _own_buttons(dialog) if b.autoDefault() or b.isDefault()]
    _press(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_in_the_password_field_signs_in(qtbot, province):
    province.close()
    dialog = LoginDialog(province.data_dir, Prefs(province.data_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.username.setText(ADMIN)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in) as signed:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.recovery is None, "Enter never opens the recovery dialog"
    assert dialog.result() == QDialog.DialogCode.Accepted
    signed.args[0].close()


def test_enter_in_the_recovery_dialog_never_opens_a_file_picker(qtbot, province, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    picked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: picked.append("x") or ("", "")
    )
    dialog = RecoveryDialog(province.data_dir, ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.load.setFocus()
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert not picked and dialog.isVisible()


def test_a_destructive_question_defaults_to_cancel(qtbot):
    from desktop.ui import texts

    box, yes = texts.question_box(None, "Xoá?", "Xoá")
    qtbot.addWidget(box)
    assert box.defaultButton() is not yes and box.defaultButton() is box.escapeButton()
    box2, yes2 = texts.question_box(None, "Tạo?", "Tạo", destructive=False)
    qtbot.addWidget(box2)
    assert box2.defaultButton() is yes2


def test_enter_in_the_settings_password_fields_changes_the_password(qtbot, province):
    from desktop.ui.settings_dialog import PASSWORD as PASSWORD_TAB

    dialog = SettingsDialog(province, lambda _lang: None, PASSWORD_TAB)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    panel = dialog.password
    qtbot.keyClicks(panel.old, PASSWORD)
    qtbot.keyClicks(panel.new, "mat-khau-moi-456")
    qtbot.keyClicks(panel.confirm, "mat-khau-moi-456")
    qtbot.keyClick(panel.confirm, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter there is the panel's action, not Close"
    assert panel.done.text() and not panel.old.text()
