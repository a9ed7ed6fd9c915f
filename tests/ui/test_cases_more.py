"""The later case pieces through the real widgets: the receive form's further identity
fields (legacy commune, guardian for a child, photo), "Edit person", facts and legal regime,
responsible agencies and deadlines, discharge and referral outcome, child support options,
the dashboard figures opening the filtered list, and a debounced, once-audited search."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from desktop.core.cases import config, records, rules, views
from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.case_config import CaseConfigDialog
from desktop.ui.pages.cases import CasesPage
from tests.core.cases_helpers import D, consent, identify, receive, refer
from tests.ui.cases_ui import as_role as _as
from tests.ui.cases_ui import choose as _choose
from tests.ui.cases_ui import click as _click
from tests.ui.cases_ui import set_text as _set
from tests.ui.conftest import type_into
from tests.ui.lists_ui import settle


@pytest.fixture
def page(qtbot, province):
    _as(province, Role.PROVINCIAL_OFFICER)
    p = CasesPage(province)
    qtbot.addWidget(p)
    p.show()
    return p


def _visible_row(form, name: str) -> bool:
    return form.fields[name].widget.parentWidget().isVisibleTo(form.fields[name].widget.window())


def _png(tmp_path):
    path = tmp_path / "face.png"
    Image.new("RGB", (900, 1200), (180, 140, 100)).save(path)
    return path


def test_receiving_a_child_before_the_reform_with_every_field(qtbot, page, vi_sections, tmp_path):
    _click(qtbot, page.new)
    dlg = page.new_dialog
    more = dlg.more
    _set(dlg.received_on, "02/05/2025")
    assert _visible_row(dlg.form, "legacy_home")
    # Nothing known of the birth yet: presumed a child, so the guardian's rows show.
    assert _visible_row(dlg.form, "guardian")
    type_into(dlg.full_name, "Lường Thị Nga")
    _choose(dlg.sex, "female")
    _set(dlg.birth_date, "04/03/2012")
    assert _visible_row(dlg.form, "guardian") and dlg.child_note.isVisible()
    type_into(more.other_names, "Nga Lù")
    _choose(more.ethnic, "tay")
    type_into(more.id_number, "020312000111")
    more.legacy.setCurrentIndex(3)
    more.home.setCurrentIndex(2)
    type_into(more.current_address, "Trung tâm CTXH tỉnh")
    type_into(more.contact, "0912 000 111")
    more.languages.set_values(["vi", "tay"])
    type_into(more.guardian, "Lường Văn Tám")
    type_into(more.guardian_contact, "0987 111 222")
    # A file that is not a photo: the reason next to the field, the form cannot be sent.
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"not an image")
    more.pick_photo_file = lambda: str(bad)
    _click(qtbot, more.choose_photo)
    assert "JPEG" in dlg.form.error_of("photo") and not dlg.ok.isEnabled()
    more.pick_photo_file = lambda: str(_png(tmp_path))
    _click(qtbot, more.choose_photo)
    assert dlg.form.error_of("photo") == "" and dlg.ok.isEnabled()
    _click(qtbot, dlg.ok)
    assert not dlg.isVisible()
    ident = views.get_case(page.profile, dlg.case_id).identity
    assert ident.other_names == "Nga Lù" and ident.ethnic_group == "tay"
    assert ident.legacy_commune_code == more.legacy.itemData(3)
    assert ident.home_commune_code == more.home.itemData(2)
    assert set(ident.languages.split()) == {"vi", "tay"}
    assert ident.guardian_name == "Lường Văn Tám" and ident.has_photo
    page.case_dialog.accept()


def test_an_adult_received_after_the_reform_has_no_guardian_or_legacy_rows(
    qtbot, page, vi_sections
):
    _click(qtbot, page.new)
    dlg = page.new_dialog
    _set(dlg.received_on, "02/09/2025")
    _set(dlg.birth_date, "04/03/1999")
    assert not _visible_row(dlg.form, "legacy_home")
    assert not _visible_row(dlg.form, "guardian") and not dlg.child_note.isVisible()
    dlg.reject()


def test_edit_person_from_the_case_dialog_audited_and_masked(
    qtbot, page, province, vi_sections, tmp_path
):
    cid = receive(province, birth=D(2000, 1, 1))
    page.refresh()
    page.open_case(cid)
    case = page.case_dialog
    assert case.edit_person.isEnabled()
    with province.db.session() as s:
        reads = audit.count(s, "case.identity.read")
    _click(qtbot, case.edit_person)
    dlg = case.person_dialog
    with province.db.session() as s:
        assert audit.count(s, "case.identity.read") == reads + 1
    assert dlg.full_name.text() == "Hoàng Thị Hòa"
    dlg.full_name.selectAll()
    qtbot.keyClick(dlg.full_name, Qt.Key.Key_Backspace)
    assert dlg.form.error_of("full_name") and not dlg.ok.isEnabled()
    _set(dlg.full_name, "Hoàng Thị Hoà")
    _set(dlg.birth_date, "01/01/2030")
    assert dlg.form.error_of("birth") and not dlg.ok.isEnabled()
    _set(dlg.birth_date, "01/01/2010")  # a child after all: the guardian rows appear
    assert _visible_row(dlg.form, "guardian")
    type_into(dlg.more.guardian, "Hoàng Văn Bảy")
    type_into(dlg.more.contact, "0900 000 000")
    dlg.more.pick_photo_file = lambda: str(_png(tmp_path))
    _click(qtbot, dlg.more.choose_photo)
    _click(qtbot, dlg.ok)
    assert not dlg.isVisible()
    d = case.detail
    assert d.identity.full_name == "Hoàng Thị Hoà" and d.is_child and d.identity.has_photo
    assert d.identity.guardian_name == "Hoàng Văn Bảy"
    assert _("Child (under 18)") in case.header.text()
    settle(qtbot, page)
    assert page.model.row_at(0).is_child
    case.accept()
    _as(province, Role.STATISTICIAN)
    masked = CasesPage(province)
    qtbot.addWidget(masked)
    masked.open_case(cid)
    assert not masked.case_dialog.edit_person.isEnabled()
    masked.case_dialog.accept()


def test_facts_and_legal_regime_in_the_case_dialog(qtbot, page, province, vi_sections):
    cid = receive(province, on=D(2025, 9, 2))
    page.open_case(cid)
    case = page.case_dialog
    _choose(case.country, "CN")
    type_into(case.place, "Quảng Tây")
    case.exploitation.set_values(["forced_marriage"])
    _set(case.months_away, "abc")
    _click(qtbot, case.apply_facts)
    assert case.facts_error.text() and case.detail.destination_country == ""
    _set(case.months_away, "18")
    type_into(case.recruitment, "Được giới thiệu việc làm qua Zalo")
    _click(qtbot, case.apply_facts)
    d = case.detail
    assert case.facts_error.text() == ""
    assert (d.destination_country, d.exploitation, d.months_away) == (
        "CN", ("forced_marriage",), 18,
    )  # fmt: skip
    assert d.recruitment.startswith("Được giới thiệu")
    _choose(case.regime, "2011")
    assert not case.apply_regime.isEnabled() and case.regime_error.text()
    type_into(case.regime_reason, "Xác định trước cải cách")
    assert case.apply_regime.isEnabled()
    _click(qtbot, case.apply_regime)
    assert case.detail.legal_regime == "2011" and "2011" in case.header.text()
    assert case.detail.regime_reason == "Xác định trước cải cách"
    case.accept()


def test_agencies_and_deadlines_dialog_and_the_agency_of_a_step(qtbot, province, vi_sections):
    _as(province, Role.PROVINCIAL_ADMIN)
    admin_page = CasesPage(province)
    qtbot.addWidget(admin_page)
    assert not admin_page.config.isHidden()
    _click(qtbot, admin_page.config)
    dlg = admin_page.config_dialog
    assert isinstance(dlg, CaseConfigDialog)
    _choose(dlg.agency["verifying"], "police")
    _set(dlg.days["identified"], "0")
    assert dlg.deadline_form.error_of("days_identified") and not dlg.ok.isEnabled()
    _set(dlg.days["identified"], "10")
    assert dlg.ok.isEnabled()
    _click(qtbot, dlg.ok)
    assert config.step_agencies(province) == {"verifying": "police"}
    assert config.deadline_days(province)["identified"] == 10
    # A commune officer does not see the button; a provincial officer sets agencies only.
    _as(province, Role.COMMUNE_OFFICER)
    commune = CasesPage(province)
    qtbot.addWidget(commune)
    assert commune.config.isHidden()
    _as(province, Role.PROVINCIAL_OFFICER)
    dlg2 = CaseConfigDialog(province)
    qtbot.addWidget(dlg2)
    assert dlg2.agency["verifying"].isEnabled() and dlg2.days["identified"].isReadOnly()
    # The case dialog proposes the configured agency and records it with the step.
    cid = receive(province, on=D(2025, 9, 2))
    officer_page = CasesPage(province)
    qtbot.addWidget(officer_page)
    officer_page.open_case(cid)
    case = officer_page.case_dialog
    _choose(case.next_status, "verifying")
    assert case.step_agency.currentData() == "police"
    _set(case.step_on, "03/09/2025")
    _click(qtbot, case.apply_step)
    assert case.detail.steps[-1].agency == "police"
    assert any(case.agencies["police"] in t for t in case.timeline.texts(3))
    case.accept()


def test_discharge_and_referral_outcome_from_the_case_dialog(qtbot, page, province, vi_sections):
    cid = receive(province, on=D(2025, 9, 2))
    stay = records.add_shelter_stay(province, cid, "Trung tâm CTXH", D(2025, 9, 2))
    identify(province, cid, D(2025, 9, 3))
    consent(province, cid, D(2025, 9, 3))
    refer(province, cid, D(2025, 9, 3), agency="Trợ giúp pháp lý")
    page.open_case(cid)
    case = page.case_dialog
    assert case.open_stays.currentData() == stay and case.apply_discharge.isEnabled()
    _set(case.discharge_on, "01/09/2025")
    _click(qtbot, case.apply_discharge)
    assert case.records_error.text() == _("The discharge is before the admission.")
    assert case.detail.stays[0].discharged_on is None
    _set(case.discharge_on, "20/09/2025")
    _click(qtbot, case.apply_discharge)
    assert case.detail.stays[0].discharged_on == D(2025, 9, 20)
    assert case.open_stays.count() == 0 and not case.apply_discharge.isEnabled()
    _click(qtbot, case.apply_outcome)
    assert case.records_error.text() and case.detail.referrals[0].outcome == ""
    type_into(case.outcome, "Đã được tư vấn pháp lý")
    _click(qtbot, case.apply_outcome)
    assert case.detail.referrals[0].outcome == "Đã được tư vấn pháp lý"
    assert "Đã được tư vấn pháp lý" in case.records_list.toPlainText()
    case.accept()


def test_a_child_is_offered_child_support_first(qtbot, page, province, vi_sections):
    child = receive(province, birth=D(2012, 1, 1))
    identify(province, child, D(2025, 9, 2))
    page.open_case(child)
    case = page.case_dialog
    assert not case.child_support_note.isHidden()
    firsts = [case.support_type.itemData(n) for n in range(4)]
    assert firsts == ["a", "b", "g", "h"]
    assert case.support_type.itemText(0) == _("{type} — priority for a child").format(
        type=rules.support_label("a")
    )
    case.accept()
    adult = receive(province, name="Nông Thị Hạnh", birth=D(1990, 1, 1))
    page.open_case(adult)
    assert page.case_dialog.child_support_note.isHidden()
    page.case_dialog.accept()


def test_dashboard_figures_open_the_filtered_cases_list(qtbot, province, vi_sections):
    _as(province, Role.PROVINCIAL_OFFICER)
    waiting = receive(province, on=D(2025, 9, 2))  # overdue too: 3 days long past
    done = receive(province, name="Nông Thị Hạnh", on=D(2025, 9, 2))
    identify(province, done, D(2025, 9, 3))
    consent(province, done, D(2025, 9, 3))
    refer(province, done, D(2025, 9, 4))  # a step with no deadline
    win = MainWindow(province)
    qtbot.addWidget(win)
    win.show()
    dash = win.pages[0]
    qtbot.waitUntil(lambda: dash.figures is not None)  # loaded through the op runner
    assert dash.awaiting.text().endswith(": 1") and dash.overdue.text().endswith(": 1")
    _click(qtbot, dash.awaiting)
    cases = win.pages[win.current_section()]
    assert isinstance(cases, CasesPage)
    settle(qtbot, cases)
    assert cases.model.ids == [waiting] and cases.awaiting_note.isVisible()
    _click(qtbot, cases.awaiting_note)
    settle(qtbot, cases)
    assert len(cases.model.ids) == 2
    win.show_section(0)
    _click(qtbot, dash.overdue)
    settle(qtbot, cases)
    assert cases.overdue.isChecked() and cases.model.ids == [waiting]


def test_search_is_debounced_and_each_query_audited_once(qtbot, page, province, vi_sections):
    receive(province)
    page.refresh()
    settle(qtbot, page)  # the first list's read, audited

    def audits() -> int:
        with province.db.session() as s:
            return audit.count(s, "case.identity.list")

    before = audits()
    type_into(page.search, "hoa")
    assert audits() == before  # nothing yet: the officer is still typing
    qtbot.waitUntil(lambda: audits() == before + 1, timeout=2000)
    settle(qtbot, page)
    assert page.model.rowCount() == 1
    page.search.clear()
    qtbot.wait(400)
    type_into(page.search, "hoa")
    qtbot.wait(400)
    assert audits() == before + 1  # "" (the first list) and "hoa" again are not new
    page.refresh()
    assert audits() == before + 1
