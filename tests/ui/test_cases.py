"""Cases through the real widgets: receive a person, work the case to closure with the
identification paper, support, consent, a referral, a shelter stay and a follow-up; a
statistician sees it masked."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from desktop.core.cases import views
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.cases import CasesPage
from tests.ui.cases_ui import PAPER, give_consent, take_step
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


def test_a_case_from_reception_to_closure(
    qtbot, page, province, vi_sections, tmp_path, monkeypatch
):
    assert page.model.rowCount() == 0
    _click(qtbot, page.new)
    dlg = page.new_dialog
    assert dlg.isVisible() and not dlg.ok.isEnabled()
    type_into(dlg.full_name, "Hoàng Thị Hòa")
    _choose(dlg.sex, "female")
    _set(dlg.birth_date, "04/03/2009")
    _set(dlg.received_on, "02/09/2025")
    _choose(dlg.channel, "handed_over_border")
    _choose(dlg.gate, "huu_nghi")
    assert dlg.ok.isEnabled(), dlg.form.why_not()
    _click(qtbot, dlg.ok)
    assert not dlg.isVisible()
    settle(qtbot, page)
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row.name == "Hoàng Thị Hòa" and row.is_child
    case = page.case_dialog
    assert case is not None and case.isVisible()
    assert "Hoàng Thị Hòa" in case.header.text()
    assert _("Child (under 18)") in case.header.text()

    def step(status: str, **fields: str) -> None:
        said = take_step(qtbot, case, status, **fields)
        assert said == "", said
        assert case.detail.status == status

    # A forbidden move is not offered; a reason-less closure is refused with a sentence.
    assert case.next_status.findData("not_victim") == -1
    said = take_step(qtbot, case, "closed", closure="reintegrated")
    assert said == _("Give the reason for this step.") and case.detail.status == "received"
    assert case.workflow.form.error_of("reason") == said
    step("verifying")
    step("identified", **PAPER)
    # Support: an entitled type, then a negative amount refused.
    _choose(case.support_type, "a")
    _set(case.amount, "1.500.000")
    _set(case.provider, "UBND xã Đồng Đăng")
    _click(qtbot, case.apply_support)
    assert case.support_error.text() == ""
    _set(case.amount, "-5")
    _click(qtbot, case.apply_support)
    assert case.support_error.text() == _("An amount cannot be negative.")
    assert len(case.detail.support) == 1 and case.detail.support_total == 1_500_000
    type_into(case.facility, "Trung tâm Công tác xã hội tỉnh")
    _set(case.admitted_on, "03/09/2025")
    _click(qtbot, case.records.apply_stay)
    give_consent(qtbot, case, by="representative", representative="Hoàng Văn Bảy")
    step("referred", to_agency="Trung tâm Trợ giúp pháp lý")
    step("reintegrated")
    step("followed_up", finding="Đã đi học trở lại")
    assert case.records_error.text() == ""
    d = case.detail
    assert (len(d.stays), len(d.referrals), len(d.follow_ups)) == (1, 1, 1)
    step("closed", step_reason="Đã tái hòa nhập ổn định", closure="reintegrated")
    settle(qtbot, page)
    assert page.model.row_at(0).status == "closed"
    # Print the reception record: its preview, then Save as PDF (the save dialog replaced).
    target = tmp_path / "bb.pdf"
    case.choose_pdf = lambda _suggested: str(target)
    _click(qtbot, case.print_record)
    qtbot.waitUntil(lambda: case.preview is not None, timeout=30_000)
    assert case.preview.panel.view.page_count() >= 1
    _click(qtbot, case.preview.panel.save_button)
    assert (
        case.last_pdf == target
        and "Hoàng Thị Hòa" in PdfReader(str(target)).pages[0].extract_text()
    )
    case.accept()

    # The statistician opens the same case: the code, never the name.
    code = d.code
    _as(province, Role.STATISTICIAN)
    masked = CasesPage(province)
    qtbot.addWidget(masked)
    assert not masked.new.isEnabled()
    assert masked.model.row_at(0).name == "" and masked.model.row_at(0).code == code
    shown = [masked.model.data(masked.model.index(0, c)) for c in range(masked.model.columnCount())]
    assert "Hoàng Thị Hòa" not in " ".join(str(x) for x in shown)
    masked.table.selectRow(0)
    masked.open_selected()
    dlg2 = masked.case_dialog
    assert code in dlg2.header.text() and "Hòa" not in dlg2.header.text()
    assert not dlg2.apply_step.isEnabled() and not dlg2.print_record.isEnabled()
    assert views.get_case(province, d.id).identity is None
    dlg2.accept()


def test_duplicate_warning_links_to_the_existing_person(qtbot, page, vi_sections):
    for n in range(2):
        _click(qtbot, page.new)
        dlg = page.new_dialog
        _set(dlg.received_on, f"0{n + 1}/09/2025")
        type_into(dlg.full_name, "Lương Thị Mai")
        _choose(dlg.sex, "female")
        _set(dlg.birth_year, "1999")
        dlg.check_duplicates()
        if n == 1:
            assert dlg.link.isVisible() and "LS-20-2025-00001" in dlg.link.itemText(1)
            dlg.link.setCurrentIndex(1)
        _click(qtbot, dlg.ok)
        page.case_dialog.accept()
    settle(qtbot, page)
    ids = page.model.ids
    persons = {views.get_case(page.profile, i).identity.person_id for i in ids}
    assert len(ids) == 2 and len(persons) == 1


def test_filters_narrow_the_list(qtbot, page, vi_sections):
    from tests.core.cases_helpers import D, receive

    receive(page.profile, name="Vi Thị Đào", on=D(2024, 5, 6))
    receive(page.profile, name="Nông Văn Sáng", on=D(2025, 9, 2))
    page.refresh()
    settle(qtbot, page)
    assert page.model.rowCount() == 2
    _choose(page.regime, "2011")
    settle(qtbot, page)
    assert page.model.rowCount() == 1
    _choose(page.regime, None)
    type_into(page.search, "dao")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)  # the search waits
    assert [page.model.row_at(i).name for i in range(page.model.rowCount())] == ["Vi Thị Đào"]
