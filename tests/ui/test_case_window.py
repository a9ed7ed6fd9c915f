"""The case window through its real widgets: the step form shows the chosen step's fields
only; identifying needs the paper; referring and handing over wait for the consent; the
timeline, the support ledger with its corrections, the facts and the situation; the
header's ages; everything within a 1366×768 screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.core import i18n
from desktop.core.cases import records, rules, views
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.case_dialog import MAX_HEIGHT, MAX_WIDTH, CaseDialog
from tests.core.cases_helpers import D, consent, hand_over, identify, receive, refer
from tests.ui.cases_ui import PAPER, choose, click, fill, give_consent, set_text, take_step
from tests.ui.cases_ui import as_role as _as
from tests.ui.conftest import type_into


@pytest.fixture
def officer(province):
    return _as(province, Role.PROVINCIAL_OFFICER)


def open_case(qtbot, opened, case_id: str) -> CaseDialog:
    dlg = CaseDialog(opened, case_id)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def shown(case: CaseDialog) -> set[str]:
    form = case.workflow
    return {name for name in form.form.fields if form.field_shown(name)}


def test_the_step_form_shows_only_the_chosen_steps_fields(qtbot, officer, vi_sections):
    case = open_case(qtbot, officer, receive(officer))
    form = case.workflow
    offered = [form.next_status.itemData(i) for i in range(form.next_status.count())]
    assert offered == list(rules.next_statuses("received"))
    choose(form.next_status, "identified")
    assert shown(case) == {"next_status", "on", "step_agency", "doc_type", "doc_number",
                           "doc_date", "doc_issuer"}  # fmt: skip
    choose(form.next_status, "closed")
    assert shown(case) == {"next_status", "on", "closure_reason", "reason"}
    assert "closure_reason" in form.form.required and "reason" in form.form.required
    choose(form.next_status, "verifying")
    assert shown(case) == {"next_status", "on", "step_agency", "reason"}
    assert form.form.captions["reason"] == _("Note:") and "reason" not in form.form.required


def test_identifying_without_a_paper_is_refused_then_the_paper_shows(qtbot, officer, vi_sections):
    cid = receive(officer)
    case = open_case(qtbot, officer, cid)
    said = take_step(qtbot, case, "identified", doc_number="12/XN")
    assert said == _("Choose the paper that confirms the person as a victim.")
    assert case.workflow.form.error_of("doc_type") == said
    assert case.detail.status == "received"
    assert take_step(qtbot, case, "identified", **PAPER) == ""
    d = case.detail
    assert d.status == "identified" and d.document.number == "12/XN-CAT"
    assert "12/XN-CAT" in case.header.text()
    row = case.timeline.texts(1).index(rules.status_label("identified"))
    assert "12/XN-CAT" in case.timeline.texts(3)[row]
    assert case.workflow.doc_number.text() == ""  # the form is ready for the next step


def test_refer_waits_for_consent_then_makes_the_referral(qtbot, officer, vi_sections):
    cid = receive(officer)
    identify(officer, cid, D(2025, 9, 3))
    case = open_case(qtbot, officer, cid)
    form = case.workflow
    choose(form.next_status, "referred")
    assert shown(case) == {"next_status", "on", "to_agency", "referral_reason"}
    assert form.consent_note.text() == _(
        "Record the person's consent to referral and to sharing first."
    )
    assert not form.apply_step.isEnabled() and form.apply_step.toolTip() == form.consent_note.text()
    assert case.consent.in_force.text() == _("No consent recorded.")
    # The representative's consent needs their name.
    give_consent(qtbot, case, sharing=False, by="representative")
    assert case.consent.consent_error.text() == _("Enter the legal representative's name.")
    give_consent(qtbot, case, sharing=False, by="representative", representative="Hoàng Văn Bảy")
    assert case.detail.consent.representative == "Hoàng Văn Bảy"
    assert "Hoàng Văn Bảy" in case.consent.in_force.text()
    assert form.consent_note.text() == _(
        "The person has not consented to sharing their information."
    )
    assert not form.apply_step.isEnabled()
    give_consent(qtbot, case)
    assert form.consent_note.isHidden() and form.apply_step.isEnabled()
    said = take_step(qtbot, case, "referred", on="04/09/2025")
    assert said == _("Name the agency the person is referred to.")
    assert form.form.error_of("to_agency") == said
    said = take_step(qtbot, case, "referred", on="04/09/2025", to_agency="Trung tâm Trợ giúp pháp lý",
                     referral_reason="Cần tư vấn pháp lý")  # fmt: skip
    assert said == ""
    d = case.detail
    assert d.status == "referred" and [r.to_agency for r in d.referrals] == [
        "Trung tâm Trợ giúp pháp lý"
    ]
    what = _("Referred to {agency}").format(agency="Trung tâm Trợ giúp pháp lý")
    assert what in case.timeline.texts(1)
    # A further referral is now possible from the records tab.
    assert case.records.apply_referral.isEnabled()


def test_the_handover_step_makes_a_handover_record(qtbot, officer, vi_sections):
    cid = receive(officer)
    identify(officer, cid, D(2025, 9, 3))
    consent(officer, cid, D(2025, 9, 3))
    case = open_case(qtbot, officer, cid)
    form = case.workflow
    choose(form.next_status, "handed_over")
    assert shown(case) == {"next_status", "on", "handover_kind", "receiver", "receiver_role",
                           "province", "commune", "place", "record_number", "handover_note"}  # fmt: skip
    # The province list holds every province; its communes are searched without accents.
    assert form.province.count() == 1 + 34
    choose(form.handover_kind, "home_locality")
    assert "province" in form.form.required
    choose(form.province, None)
    said = take_step(qtbot, case, "handed_over", handover_kind="home_locality", receiver="UBND xã")
    assert said == _("Choose the province the person goes to.")
    assert form.form.error_of("province") == said
    lang_son = form.province.findText("Lạng Sơn", Qt.MatchFlag.MatchContains)
    form.province.setCurrentIndex(lang_son)
    set_text(form.commune.lineEdit(), "dong dang")
    popup = form.commune.completer().popup()
    names = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert names and all("Đồng Đăng" in n for n in names)
    form.commune.setCurrentIndex(form.commune.findText(names[0]))
    said = take_step(qtbot, case, "handed_over", on="05/09/2025",
                     handover_kind="home_locality", receiver="UBND xã Đồng Đăng",
                     receiver_role="Chủ tịch UBND xã", place="Trụ sở UBND xã",
                     record_number="05/BB-BG")  # fmt: skip
    assert said == ""
    d = case.detail
    assert d.status == "handed_over" and len(d.handovers) == 1
    h = d.handovers[0]
    assert (h.kind, h.receiver, h.record_number, h.province_code) == (
        "home_locality", "UBND xã Đồng Đăng", "05/BB-BG", form.province.itemData(lang_son),
    )  # fmt: skip
    assert h.commune_code is not None
    handovers = case.handovers
    assert handovers.table.rowCount() == 1 and handovers.selected_id() == h.id
    assert handovers.print_handover.isEnabled()
    # Print its record: generated through the op runner, then shown.
    click(qtbot, handovers.print_handover)
    qtbot.waitUntil(lambda: case.preview is not None, timeout=30_000)
    assert case.preview.panel.view.page_count() >= 1
    case.preview.close()


def test_the_ledger_shows_a_correction_and_the_net_total(qtbot, officer, vi_sections):
    cid = receive(officer)
    identify(officer, cid, D(2025, 9, 3))
    case = open_case(qtbot, officer, cid)
    ledger = case.ledger
    assert ledger.entitlement.text() == _("Support under {basis}.").format(
        basis=case.detail.entitlement.basis
    )
    offered = [ledger.support_type.itemData(i) for i in range(ledger.support_type.count())]
    assert offered == list(rules.regime_types("2024"))
    fill(ledger, support_type="a", amount="1.500.000", provider="UBND xã Đồng Đăng")
    set_text(ledger.support_on, "04/09/2025")
    click(qtbot, ledger.apply_support)
    assert ledger.support_error.text() == ""
    fill(ledger, support_type="b", amount="-5")
    click(qtbot, ledger.apply_support)
    assert ledger.support_error.text() == _("An amount cannot be negative.")
    fill(ledger, amount="300.000")
    click(qtbot, ledger.apply_support)
    assert ledger.table.rowCount() == 2
    # Nothing chosen: "Correct…" says why; the first entry chosen, it asks the reason.
    ledger.table.clearSelection()
    assert not ledger.correct.isEnabled()
    ledger.table.selectRow(0)
    assert ledger.correct.isEnabled()
    ledger.ask_reason = lambda: ""
    click(qtbot, ledger.correct)
    assert ledger.correct_error.text() == _("Give the reason for the correction.")
    ledger.ask_reason = lambda: "Nhập sai số tiền"
    ledger.table.selectRow(0)
    click(qtbot, ledger.correct)
    d = case.detail
    assert len(d.support) == 3 and d.support_total == 300_000
    marks = [ledger.table.item(r, 6).text() for r in range(3)]
    assert marks[0] == _("Corrected") and marks[2].startswith(
        _("Correction of the entry of {date}")[:8]
    )
    assert ledger.table.item(2, 2).text() == i18n.format_money(-1_500_000)
    assert i18n.format_money(300_000) in ledger.total.text()
    ledger.table.selectRow(0)
    assert not ledger.correct.isEnabled()
    assert ledger.correct.toolTip() == _("This entry has already been corrected.")
    ledger.table.selectRow(2)
    assert ledger.correct.toolTip() == _("A correction cannot itself be corrected.")


def test_support_outside_the_entitlement_needs_a_reason(qtbot, officer, vi_sections):
    cid = receive(officer)  # being identified, in Viet Nam: Art. 37(3), letters a to g
    case = open_case(qtbot, officer, cid)
    ledger = case.ledger
    assert case.detail.entitlement.types == ("a", "b", "c", "d", "dd", "e", "g")
    choose(ledger.support_type, "a")
    assert ledger.outside_note.isHidden()
    choose(ledger.support_type, "k")
    assert ledger.outside_note.text() == _(
        "This support is outside what the person is entitled to: give a reason."
    )
    set_text(ledger.support_on, "04/09/2025")
    click(qtbot, ledger.apply_support)
    assert ledger.support_error.text() == ledger.outside_note.text()
    set_text(ledger.support_reason, "Hoàn cảnh đặc biệt khó khăn")
    click(qtbot, ledger.apply_support)
    assert ledger.support_error.text() == "" and case.detail.support[0].outside_eligibility
    assert ledger.table.item(0, 6).text() == _("Outside entitlement")


def test_timeline_rows_are_in_date_order(qtbot, officer, vi_sections):
    cid = receive(officer, on=D(2025, 9, 2))
    identify(officer, cid, D(2025, 9, 5), verify_on=D(2025, 9, 3))
    records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 4), 100_000))
    consent(officer, cid, D(2025, 9, 6))
    refer(officer, cid, D(2025, 9, 7))
    records.add_shelter_stay(officer, cid, "Trung tâm CTXH", D(2025, 9, 3))
    hand_over(officer, cid, D(2025, 9, 8))
    case = open_case(qtbot, officer, cid)
    dates = [i18n.parse_date(t) for t in case.timeline.texts(0)]
    assert dates == sorted(dates) and dates[0] == D(2025, 9, 2)
    assert case.timeline.rowCount() == len(views.timeline(case.detail))
    kinds = [case.timeline.item(r, 1).data(Qt.ItemDataRole.UserRole)
             for r in range(case.timeline.rowCount())]  # fmt: skip
    assert {"step", "support", "consent", "referral", "stay", "handover"} <= set(kinds)
    assert "Hoàng Văn Bình, Bố đẻ" in case.handovers.table.item(0, 2).text()


def test_facts_and_situation(qtbot, officer, vi_sections):
    mother = receive(officer, name="Lò Thị Mai")
    cid = receive(officer, name="Lò Văn An", birth=D(2015, 1, 1))
    case = open_case(qtbot, officer, cid)
    facts = case.facts
    facts.purposes.set_values(["sexual", "material"])
    facts.recruitment_methods.set_values(["online_zalo", "job_offer"])
    facts.control_means.set_values(["withholds_documents"])
    choose(facts.recruiter_relation, "acquaintance")
    facts.age_trafficked.setValue(11)
    set_text(facts.country.lineEdit(), "trung quoc")
    facts.country.lineEdit().editingFinished.emit()  # leaving the field settles the choice
    assert facts.country.code() == "CN"
    click(qtbot, facts.apply_facts)
    d = case.detail
    assert facts.facts_error.text() == "" and facts.country.currentText() == i18n.country_name("CN")
    assert d.purposes == ("material", "sexual") and d.recruitment_methods == (
        "job_offer",
        "online_zalo",
    )
    assert (d.control_means, d.recruiter_relation, d.age_trafficked, d.destination_country) == (
        ("withholds_documents",), "acquaintance", 11, "CN",
    )  # fmt: skip
    facts.age_trafficked.setValue(facts.age_trafficked.minimum())  # blank: not known
    click(qtbot, facts.apply_facts)
    assert case.detail.age_trafficked is None
    sit = case.situation
    set_text(sit.accompanied, "LS-0000")
    click(qtbot, sit.apply_situation)
    assert sit.situation_error.text() == _("No case has the code {code}.").format(code="LS-0000")
    code = views.get_case(officer, mother).code
    set_text(sit.accompanied, code.lower())
    sit.abroad.setChecked(True)
    click(qtbot, sit.apply_situation)
    d = case.detail
    assert sit.situation_error.text() == ""
    assert d.accompanied_case_id == mother and d.abroad and sit.accompanied.text() == code


def test_opening_the_window_reads_the_identity_once(qtbot, officer, vi_sections):
    from desktop.core.security import audit

    cid = receive(officer)
    with officer.db.session() as s:
        before = audit.count(s, "case.identity.read")
    open_case(qtbot, officer, cid)
    with officer.db.session() as s:
        assert audit.count(s, "case.identity.read") == before + 1


def test_header_ages_and_presumed_child(qtbot, officer, vi_sections):
    by_year = receive(officer, birth=None, birth_year=1990)
    case = open_case(qtbot, officer, by_year)
    assert "≈35" in case.header.text()
    unknown = receive(officer, name="Vi Thị Lan", birth=None)
    case = open_case(qtbot, officer, unknown)
    assert case.detail.child_presumed
    assert _("presumed a child (age uncertain)") in case.header.text()
    child = receive(officer, name="Nông Thị Hoa", birth=D(2012, 1, 1))
    case = open_case(qtbot, officer, child)
    assert _("Child (under 18)") in case.header.text() and "≈" not in case.header.text()


def test_enter_runs_the_main_action_and_the_window_fits_the_screen(qtbot, officer, vi_sections):
    cid = receive(officer)
    case = open_case(qtbot, officer, cid)
    assert case.width() <= MAX_WIDTH and case.height() <= MAX_HEIGHT
    assert case.minimumSizeHint().height() <= MAX_HEIGHT
    choose(case.workflow.next_status, "verifying")
    set_text(case.step_on, "03/09/2025")
    qtbot.keyClick(case.step_on, Qt.Key.Key_Return)
    assert case.isVisible() and case.detail.status == "verifying"
    # Enter in a line of the records tab adds that line's record, not another.
    case.tabs.setCurrentWidget(case.records)
    type_into(case.note_text, "Đã liên hệ gia đình")
    qtbot.keyClick(case.note_text, Qt.Key.Key_Return)
    assert [n.text for n in case.detail.notes] == ["Đã liên hệ gia đình"]
    assert case.detail.status == "verifying" and case.isVisible()
    assert all(isinstance(w, QLineEdit) for w in (case.note_text, case.step_on))


def test_a_reader_sees_the_window_with_nothing_to_change(qtbot, province, vi_sections):
    _as(province, Role.PROVINCIAL_OFFICER)
    cid = receive(province)
    identify(province, cid, D(2025, 9, 3))
    consent(province, cid, D(2025, 9, 3))
    hand_over(province, cid, D(2025, 9, 4))
    _as(province, Role.STATISTICIAN)
    case = open_case(qtbot, province, cid)
    why = case.read_only_reason
    assert why
    for b in (case.apply_step, case.consent.apply_consent, case.ledger.apply_support,
              case.apply_facts, case.situation.apply_situation):  # fmt: skip
        assert not b.isEnabled() and b.toolTip() == why
    assert not case.handovers.print_handover.isEnabled()
    assert case.detail.identity is None and "Hoàng" not in case.header.text()


def test_a_childs_consent_and_the_agency_set_for_a_step(qtbot, officer, vi_sections):
    from desktop.core.cases import config

    config.set_step_agencies(officer, {"referred": "police"})
    cid = receive(officer, birth=D(2012, 1, 1))
    identify(officer, cid, D(2025, 9, 3))
    case = open_case(qtbot, officer, cid)
    assert case.consent.consent_by.currentData() == "representative"  # proposed for a child
    give_consent(qtbot, case, by="representative", representative="Hoàng Văn Bảy")
    assert take_step(qtbot, case, "referred", to_agency="Sở Y tế") == ""
    assert case.detail.steps[-1].agency == "police"  # the step does not ask; the province set it
