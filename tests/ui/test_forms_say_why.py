"""Issue 13 point 7: a disabled Save button always says why, without hovering (a line
beside the buttons and the button's tooltip, in the core's words), and required fields
are marked in their labels. One test per dialog: a required field left empty, then filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from desktop.core import profile
from desktop.core.cases import persons, service
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.outreach import events, plans
from desktop.core.security import accounts
from desktop.core.security.roles import Role
from desktop.ui.event_dialog import EventDialog
from desktop.ui.forms import Form, ReasonLine, is_marked_required
from desktop.ui.pages.account_dialog import AccountDialog
from desktop.ui.pages.case_config import CaseConfigDialog
from desktop.ui.pages.case_dialog import CaseDialog
from desktop.ui.pages.case_new import NewCaseDialog
from desktop.ui.pages.enrol_dialog import EnrolDialog
from desktop.ui.pages.office_dialog import OfficeDialog
from desktop.ui.pages.person_dialog import PersonDialog
from desktop.ui.pages.refdata_dialog import RefItemDialog
from desktop.ui.plan_dialogs import PlanDialog, TaskDialog
from desktop.ui.recovery_dialog import RecoveryDialog
from desktop.ui.settings_dialog import PasswordPanel
from desktop.ui.setup_dialog import SetupDialog
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.cases_ui import as_role as case_role
from tests.ui.cases_ui import choose, set_text
from tests.ui.conftest import type_into


def refusal(action: Callable[[], object]) -> str:
    """The sentence the core refuses *action* with."""
    with pytest.raises(KhienError) as caught:
        action()
    return caught.value.message


def reason_line(dialog) -> ReasonLine:
    line = dialog.findChild(ReasonLine, "form_reason")
    assert line is not None, "the dialog has a reason line beside its buttons"
    return line


def says(dialog, button, sentence: str) -> None:
    """*button* is disabled and the line and its tooltip say *sentence*."""
    line = reason_line(dialog)
    assert sentence
    assert not button.isEnabled()
    assert line.isVisibleTo(dialog) and line.text() == sentence
    assert button.toolTip() == sentence


def clear(dialog, button) -> None:
    line = reason_line(dialog)
    assert button.isEnabled()
    assert not line.isVisibleTo(dialog) and line.text() == ""
    assert button.toolTip() == ""


def marked(form: Form, *names: str) -> set[str]:
    """Of *names*, those whose label carries the required mark."""
    return {n for n in names if is_marked_required(form.labels[n])}


def show(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def test_event_form_says_what_is_missing(qtbot, officer, vi_sections):
    dlg = show(qtbot, EventDialog(officer))
    assert marked(dlg.form, "kind", "title", "held_on", "venue", "notes") == {
        "kind", "title", "held_on",
    }  # fmt: skip
    assert dlg.findChild(type(dlg.note), "required_legend").text().endswith("bắt buộc")
    says(dlg, dlg.save_btn, events.problems(dlg.raw())["kind"])
    assert dlg.save_new_btn.toolTip() == dlg.save_btn.toolTip()
    choose(dlg.kind, "talk")
    says(dlg, dlg.save_btn, events.problems(dlg.raw())["title"])
    assert reason_line(dlg).text() == "Hãy nhập tiêu đề."
    type_into(dlg.title, "Tọa đàm tại xã Tân Thanh")
    clear(dlg, dlg.save_btn)
    assert dlg.save_new_btn.isEnabled()
    dlg.w["held_on"].clear()
    type_into(dlg.w["held_on"], "31/02/2019")
    says(dlg, dlg.save_btn, events.problems(dlg.raw())["held_on"])


def test_the_event_form_checks_the_whole_event_once_per_key(qtbot, officer, monkeypatch):
    """Each field's reason comes from one check of the whole event (Form.check_whole): a
    key typed runs the core's check once, not once for each of the form's 19 fields."""
    dlg = show(qtbot, EventDialog(officer))
    choose(dlg.kind, "talk")
    calls = []
    real = events.problems
    monkeypatch.setattr(events, "problems", lambda raw: calls.append(1) or real(raw))
    type_into(dlg.title, "Tọa")
    assert len(calls) == 3, len(calls)
    assert dlg.form.error_of("title") == "" and dlg.save_btn.isEnabled()
    dlg.title.clear()
    type_into(dlg.title, "x")
    dlg.title.backspace()  # an edit that empties the field: its reason shows beside it
    assert dlg.form.error_of("title") == real(dlg.raw())["title"]


def test_an_event_of_someone_else_says_why_it_cannot_be_saved(qtbot, officer, vi_sections):
    event_id = add_event(officer, title="Nói chuyện tại thôn Nà Lầu")
    other = as_role(officer, Role.COMMUNE_OFFICER, "canbo_xa")
    dlg = show(qtbot, EventDialog(other, event_id))
    assert not events.can_edit(other, "canbo")
    says(dlg, dlg.save_btn, _("Only its author or a supervisor may change this event."))


def test_plan_and_task_dialogs(qtbot, officer, vi_sections):
    dlg = show(qtbot, PlanDialog(officer))
    assert marked(dlg.form, "number", "issuer", "issued_on", "title", "period_start",
                  "period_end", "theme") == {
        "number", "issued_on", "title", "period_start", "period_end",
    }  # fmt: skip
    day = dt.date(2019, 6, 7)
    says(dlg, dlg.ok, refusal(lambda: plans.save_plan(
        officer, plans.PlanInput("", "", day, "Tiêu đề", day, day))))  # fmt: skip
    type_into(dlg.number, "78/KH-BCĐ")
    says(dlg, dlg.ok, refusal(lambda: plans.save_plan(
        officer, plans.PlanInput("78", "", day, "", day, day))))  # fmt: skip
    type_into(dlg.title, "Hưởng ứng ngày 30/7")
    type_into(dlg.period_start, "07/06/2019")
    type_into(dlg.period_end, "01/06/2019")
    says(dlg, dlg.ok, refusal(lambda: plans.save_plan(
        officer, plans.PlanInput("78", "", day, "T", day, day - dt.timedelta(days=6)))))  # fmt: skip
    set_text(dlg.period_end, "31/12/2019")
    clear(dlg, dlg.ok)

    plan_id = plans.save_plan(officer, plans.PlanInput("78", "", day, "T", day, day))
    task = show(qtbot, TaskDialog(officer, plan_id))
    assert marked(task.form, "title", "lead_agency", "deadline", "target") == {"title"}
    says(task, task.ok, refusal(lambda: plans.save_task(officer, plan_id, plans.TaskInput(""))))
    type_into(task.title, "Băng rôn ở 65 xã")
    clear(task, task.ok)


def test_account_dialog(qtbot, province, vi_sections):
    dlg = show(qtbot, AccountDialog(province))
    assert marked(dlg.form, "username", "full_name", "role", "office", "password",
                  "confirm") == {"username", "full_name", "office", "password", "confirm"}  # fmt: skip
    says(dlg, dlg.ok, refusal(lambda: accounts.check_username("")))
    type_into(dlg.username, "canbo_moi")
    office = str(dlg.office.currentData())
    says(dlg, dlg.ok, refusal(lambda: province.create_account(
        username="canbo_moi", full_name="", role="commune_officer", office_id=office,
        password="x")))  # fmt: skip
    type_into(dlg.full_name, "Nông Văn Dũng")
    says(dlg, dlg.ok, refusal(lambda: accounts.check_password_strength("")))
    type_into(dlg.password, "một mật khẩu dài")
    type_into(dlg.confirm, "một mật khẩu dài")
    clear(dlg, dlg.ok)


def test_reference_item_dialog(qtbot, province, vi_sections):
    dlg = show(qtbot, RefItemDialog(province, "border_gate"))
    assert marked(dlg.form, "code", "name", "name_en", "detail") == {"code", "name"}
    says(dlg, dlg.ok, refusal(lambda: profile.save_reference_item(
        province, kind="border_gate", code="", name="x")))  # fmt: skip
    type_into(dlg.code, "po_chai")
    says(dlg, dlg.ok, refusal(lambda: profile.save_reference_item(
        province, kind="border_gate", code="po_chai", name="")))  # fmt: skip
    type_into(dlg.name, "Cửa khẩu Pò Chài")
    clear(dlg, dlg.ok)


def test_office_dialogs(qtbot, province, vi_sections):
    dlg = show(qtbot, OfficeDialog(province, "area"))
    assert marked(dlg.form, "name", "parent", "area_codes") == {"name", "parent"}
    parent = str(dlg.parent_box.currentData())
    says(dlg, dlg.ok, refusal(lambda: profile.save_office(
        province, level="area", name="", parent_id=parent)))  # fmt: skip
    type_into(dlg.name, "Cụm xã phía Bắc")
    clear(dlg, dlg.ok)

    commune = show(qtbot, OfficeDialog(province, "commune"))
    assert marked(commune.form, "unit_code", "name", "parent") == {"unit_code", "name", "parent"}
    says(commune, commune.ok, refusal(lambda: profile.save_office(
        province, level="commune", name="Xã X", parent_id=parent, unit_code=None)))  # fmt: skip
    type_into(commune.commune.lineEdit(), commune.commune.itemText(0))
    clear(commune, commune.ok)
    assert commune.name.text() == commune.commune.itemText(0)


def test_enrol_dialog(qtbot, province, vi_sections):
    dlg = show(qtbot, EnrolDialog(province))
    assert marked(dlg.form, "unit_code", "parent", "office_name", "username", "full_name",
                  "role", "password") == {
        "unit_code", "parent", "office_name", "username", "full_name", "password",
    }  # fmt: skip
    parent = str(dlg.parent_box.currentData())
    says(dlg, dlg.ok, refusal(lambda: profile.save_office(
        province, level="commune", name="Xã X", parent_id=parent, unit_code=None)))  # fmt: skip
    type_into(dlg.commune.lineEdit(), dlg.commune.itemText(0))
    says(dlg, dlg.ok, refusal(lambda: accounts.check_username("")))
    type_into(dlg.username, "canbo_xa")
    type_into(dlg.full_name, "Hoàng Văn Hải")
    clear(dlg, dlg.ok)


def test_receive_a_person_and_edit_the_person(qtbot, officer, vi_sections):
    dlg = show(qtbot, NewCaseDialog(officer))
    assert marked(dlg.form, "received_on", "channel", "full_name", "sex", "birth", "nationality",
                  "guardian") == {"received_on", "full_name", "sex", "nationality"}  # fmt: skip
    says(dlg, dlg.ok, refusal(lambda: service.check_name("")))
    type_into(dlg.full_name, "Lường Thị Nga")
    # The sex is never chosen for the officer.
    says(dlg, dlg.ok, refusal(lambda: persons.check_person(
        service.PersonInput("Lường Thị Nga", sex=""), None)))  # fmt: skip
    dlg.sex.setCurrentIndex(dlg.sex.findData("female"))
    clear(dlg, dlg.ok)
    set_text(dlg.received_on, "01/01/2099")
    says(dlg, dlg.ok, refusal(lambda: service.check_received(dt.date(2099, 1, 1))))

    case_id = receive(officer, on=D(2025, 9, 2))
    person = show(qtbot, PersonDialog(officer, case_id))
    assert marked(person.form, "full_name", "birth", "nationality") == {"full_name", "nationality"}
    clear(person, person.ok)
    person.full_name.clear()
    type_into(person.full_name, " ")
    says(person, person.ok, refusal(lambda: service.check_name(" ")))
    type_into(person.full_name, "Hoàng Thị Hòa")
    clear(person, person.ok)


def test_setup_dialog_for_both_kinds_of_computer(qtbot, tmp_path, vi_sections):
    dlg = show(qtbot, SetupDialog(tmp_path / "new"))
    assert marked(dlg.form, "province", "office", "username", "full_name", "password",
                  "confirm") == {"office", "username", "full_name", "password", "confirm"}  # fmt: skip
    says(dlg, dlg.ok, refusal(lambda: accounts.check_username("")))
    type_into(dlg.username, "quantri")
    type_into(dlg.full_name, "Nguyễn Văn An")
    type_into(dlg.password, "một mật khẩu dài")
    type_into(dlg.confirm, "một mật khẩu dài")
    clear(dlg, dlg.ok)
    dlg.from_package.setChecked(True)
    package = dlg.package.form
    assert marked(package, "file", "passphrase", "username", "password") == set(package.fields)
    says(dlg, dlg.ok, package.why_not())
    assert reason_line(dlg).text() == _("Choose the setup package file.")


def test_password_and_recovery_forms(qtbot, province, tmp_path, vi_sections):
    panel = show(qtbot, PasswordPanel(province))
    assert marked(panel.form, "old", "new", "confirm") == {"old", "new", "confirm"}
    says(panel, panel.change, _("Enter your current password."))
    type_into(panel.old, "cũ")
    says(panel, panel.change, refusal(lambda: accounts.check_password_strength("")))
    recovery = show(qtbot, RecoveryDialog(tmp_path, "quantri"))
    assert marked(recovery.form, "identity", "username", "new", "confirm") == set(
        recovery.form.fields
    )
    says(recovery, recovery.ok, _("Load the recovery key file or paste its text."))


def test_case_config_says_why_it_cannot_be_saved(qtbot, province, vi_sections):
    case_role(province, Role.PROVINCIAL_ADMIN)
    dlg = show(qtbot, CaseConfigDialog(province))
    clear(dlg, dlg.ok)
    set_text(dlg.days["identified"], "0")
    says(dlg, dlg.ok, dlg.deadline_form.fields["days_identified"].check())
    set_text(dlg.days["identified"], "10")
    clear(dlg, dlg.ok)
    case_role(province, Role.DISTRICT_OFFICER)
    reader = show(qtbot, CaseConfigDialog(province))
    from desktop.core.cases import config

    says(reader, reader.ok, refusal(lambda: config.set_step_agencies(province, {})))


def test_case_dialog_regime_and_read_only(qtbot, province, vi_sections):
    case_role(province, Role.PROVINCIAL_OFFICER)
    case_id = receive(province, on=D(2025, 9, 2))
    dlg = show(qtbot, CaseDialog(province, case_id))
    regime = dlg.regime.currentData()
    reason = dlg.apply_regime.toolTip()
    assert not dlg.apply_regime.isEnabled() and dlg.regime_error.text() == reason
    assert reason == _("Choose a legal regime other than the current one.")
    other = next(dlg.regime.itemData(i) for i in range(dlg.regime.count())
                 if dlg.regime.itemData(i) != regime)  # fmt: skip
    choose(dlg.regime, other)
    missing = refusal(lambda: service.change_regime(province, case_id, other, ""))
    assert not dlg.apply_regime.isEnabled() and dlg.regime_error.text() == missing
    assert dlg.apply_regime.toolTip() == missing
    type_into(dlg.regime_reason, "Xác định trước cải cách")
    assert dlg.apply_regime.isEnabled() and dlg.regime_error.text() == ""
    assert dlg.apply_regime.toolTip() == ""
    # Nothing to discharge: the empty list says so.
    assert not dlg.apply_discharge.isEnabled()
    assert dlg.apply_discharge.toolTip() == dlg.open_stays.placeholderText() != ""
    # A role that may not change cases reads why on the dialog and on every button.
    case_role(province, Role.PROVINCIAL_ADMIN)
    reader = show(qtbot, CaseDialog(province, case_id))
    why = refusal(lambda: service.require_recorder(province))
    assert reader.read_only_note.isVisibleTo(reader) and reader.read_only_note.text() == why
    assert not reader.apply_step.isEnabled() and reader.apply_step.toolTip() == why
