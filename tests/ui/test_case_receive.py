"""Receiving a person through the real dialog: a home province and commune anywhere in Viet
Nam (found without diacritics, from any part of the name), the notice date of the channels
counted from the commune's notice, the sex never preselected, the age at reception with the
presumption of minority, a minor accompanying another received person; editing the person;
the cases list's labels, code search, "≈" ages and what an empty list says."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core.cases import listing, rules, views
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.cases_model import age_label, channel_label
from desktop.ui.pages.person_fields import age_text
from tests.core.cases_helpers import D, receive
from tests.ui.cases_ui import as_role, choose, click, set_text
from tests.ui.conftest import type_into
from tests.ui.lists_ui import settle

HANOI, HOAN_KIEM = 1, 70
LANG_SON = 20


@pytest.fixture
def page(qtbot, province):
    as_role(province, Role.PROVINCIAL_OFFICER)
    p = CasesPage(province)
    qtbot.addWidget(p)
    p.show()
    return p


def _open(qtbot, page):
    click(qtbot, page.new)
    dlg = page.new_dialog
    assert dlg is not None and dlg.isVisible()
    return dlg


def _visible(dlg, name: str) -> bool:
    widget = dlg.form.fields[name].widget
    return widget.parentWidget().isVisibleTo(dlg)


def _search(qtbot, box, text: str) -> None:
    """Type into a searchable box and press Enter, as an officer picks from it."""
    edit = box.lineEdit()
    edit.setFocus()
    edit.clear()
    type_into(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    box.completer().popup().hide()


def _fill(dlg, name: str = "Lò Thị Mai", received: str = "02/09/2025") -> None:
    set_text(dlg.received_on, received)
    type_into(dlg.full_name, name)
    choose(dlg.sex, "female")


def _save(qtbot, page, dlg) -> str:
    assert dlg.ok.isEnabled(), dlg.form.why_not()
    click(qtbot, dlg.ok)
    assert not dlg.isVisible()
    page.case_dialog.accept()
    assert dlg.case_id is not None
    settle(qtbot, page)  # the list read again
    return dlg.case_id


def test_a_person_from_another_province_is_received_with_home_province_and_commune(
    qtbot, page, vi_sections
):
    dlg = _open(qtbot, page)
    more = dlg.more
    # This installation's province by default, and its communes.
    assert more.province.currentData() == LANG_SON
    assert more.home.findData(6040) > 0
    _fill(dlg, received="02/05/2025")  # before the reform: this province's legacy commune
    set_text(dlg.birth_date, "04/03/1999")
    assert _visible(dlg, "legacy_home")
    _search(qtbot, more.province, "ha noi")  # without diacritics
    assert more.province.currentData() == HANOI
    assert not _visible(dlg, "legacy_home")  # other provinces' old units are not kept
    assert more.home.findData(6040) < 0 and more.home.currentData() is None
    _search(qtbot, more.home, "kiem")  # anywhere in the name
    assert more.home.currentData() == HOAN_KIEM
    cid = _save(qtbot, page, dlg)
    ident = views.get_case(page.profile, cid).identity
    assert (ident.home_province_code, ident.home_commune_code) == (HANOI, HOAN_KIEM)
    assert ident.legacy_commune_code is None


def test_a_search_that_names_no_item_goes_back_to_the_chosen_one(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    box = dlg.more.province
    _search(qtbot, box, "zzz")
    assert box.currentData() == LANG_SON and box.currentText() == box.itemText(box.currentIndex())
    _search(qtbot, box, "ha")  # many provinces: nothing chosen
    assert box.currentData() == LANG_SON
    _search(qtbot, box, "")  # emptied: the blank item
    assert box.currentData() is None and box.currentText() == _("(unknown)")
    nationality = dlg.more.nationality  # a country list with a separator, no blank item
    _search(qtbot, nationality, "")
    assert nationality.code() == "VN"
    _search(qtbot, nationality, "trung quoc")
    assert nationality.code() == "CN"
    dlg.reject()


def test_the_notice_date_is_asked_only_for_the_channels_counted_from_it(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    for channel in rules.CHANNELS:
        choose(dlg.channel, channel)
        counted = channel in ("self_reported", "self_returned")
        assert _visible(dlg, "notified_on") == counted, channel
        assert dlg.channel_basis.text() == rules.channel_basis(channel, "2024"), channel
    choose(dlg.channel, "self_reported")
    _fill(dlg)
    assert dlg.notified_on.text() == "02/09/2025"  # the reception date by default
    set_text(dlg.notified_on, "01/09/2025")
    assert dlg.form.error_of("notified_on") == _("The notice is before the reception.")
    assert not dlg.ok.isEnabled()
    set_text(dlg.notified_on, "03/09/2025")
    cid = _save(qtbot, page, dlg)
    d = views.get_case(page.profile, cid)
    assert d.notified_on == D(2025, 9, 3) and d.channel == "self_reported"
    assert d.due_on == D(2025, 9, 6)  # Art. 27(2): 3 days from the notice


def test_a_channel_not_counted_from_the_notice_saves_no_notice_date(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    choose(dlg.channel, "self_reported")
    _fill(dlg)
    set_text(dlg.notified_on, "03/09/2025")
    choose(dlg.channel, "rescued")
    assert dlg.channel_basis.text() == rules.channel_basis("rescued", "2024")
    cid = _save(qtbot, page, dlg)
    assert views.get_case(page.profile, cid).notified_on is None


def test_the_sex_is_not_preselected_and_must_be_chosen(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    assert dlg.sex.currentIndex() == 0 and dlg.sex.currentData() is None
    assert "sex" in dlg.form.required
    set_text(dlg.received_on, "02/09/2025")
    type_into(dlg.full_name, "Lò Thị Mai")
    assert not dlg.ok.isEnabled()
    assert dlg.form.why_not() == _("Choose the person's sex.")
    assert dlg.ok.toolTip() == _("Choose the person's sex.")
    choose(dlg.sex, "male")
    assert dlg.ok.isEnabled()
    cid = _save(qtbot, page, dlg)
    assert views.get_case(page.profile, cid).sex == "male"


def test_no_birth_information_is_shown_and_saved_as_a_presumed_child(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    _fill(dlg)
    assert dlg.age_line.text() == _("Unknown — presumed a child (age uncertain)")
    assert dlg.child_note.isVisibleTo(dlg) and _visible(dlg, "guardian")
    type_into(dlg.more.guardian, "Lò Văn Pao")
    cid = _save(qtbot, page, dlg)
    d = views.get_case(page.profile, cid)
    assert d.child_presumed and d.is_child and d.age is None
    assert d.identity.guardian_name == "Lò Văn Pao"


def test_a_year_alone_giving_18_is_approximate_and_presumed_a_child(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    _fill(dlg)
    set_text(dlg.birth_year, "2007")
    expected = age_text(rules.reception_age(None, 2007, True, D(2025, 9, 2)))
    assert dlg.age_line.text() == expected and "≈" in expected
    assert _("presumed a child (age uncertain)") in expected
    assert _visible(dlg, "guardian")
    cid = _save(qtbot, page, dlg)
    d = views.get_case(page.profile, cid)
    assert (d.age, d.age_approximate, d.child_presumed, d.is_child) == (18, True, True, True)
    # The list shows the age as approximate.
    row = page.model.row_at(page.model.ids.index(cid))
    assert page.model.text(row, 3) == "≈ 18" and row.is_child


def test_an_adult_by_date_has_no_guardian_rows(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    _fill(dlg)
    set_text(dlg.birth_date, "04/03/1999")
    assert dlg.age_line.text() == age_text(rules.reception_age(D(1999, 3, 4), None, False,
                                                               D(2025, 9, 2)))  # fmt: skip
    assert not dlg.child_note.isVisibleTo(dlg) and not _visible(dlg, "guardian")
    dlg.reject()


def test_a_minor_accompanying_another_received_person(qtbot, page, province, vi_sections):
    mother = receive(province, name="Lò Thị Hoa")
    code = views.get_case(province, mother).code
    dlg = _open(qtbot, page)
    assert not _visible(dlg, "accompanied")
    _fill(dlg, name="Lò Văn Tí")
    set_text(dlg.birth_date, "01/06/2018")
    choose(dlg.group, "accompanying_minor")
    assert _visible(dlg, "accompanied")
    type_into(dlg.accompanied, "99999")
    assert dlg.form.why_not() == _("No case has a code containing “{text}”.").format(text="99999")
    assert not dlg.ok.isEnabled()
    set_text(dlg.accompanied, code.rsplit("-", 1)[1])  # "00001": part of the code
    assert dlg.accompanied_found.text() == f"→ {code}"
    cid = _save(qtbot, page, dlg)
    d = views.get_case(page.profile, cid)
    assert d.accompanied_case_id == mother and d.person_status == "accompanying_minor"


def test_an_adult_cannot_be_a_person_under_18_accompanying(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    _fill(dlg)
    set_text(dlg.birth_date, "04/03/1990")
    choose(dlg.group, "accompanying_minor")
    assert dlg.form.why_not() == _("A person under 18 accompanying someone cannot be 18 or older.")
    assert not dlg.ok.isEnabled()
    dlg.reject()


def test_stateless_abroad_and_trafficked_in_viet_nam_where_they_matter(qtbot, page, vi_sections):
    dlg = _open(qtbot, page)
    more = dlg.more
    assert _visible(dlg, "abroad")  # a Vietnamese citizen
    assert not _visible(dlg, "stateless") and not _visible(dlg, "trafficked_in_vn")
    more.nationality.set_code("LA")
    assert _visible(dlg, "stateless") and _visible(dlg, "trafficked_in_vn")
    assert not _visible(dlg, "abroad")
    more.stateless.setChecked(True)  # supported as a citizen: Art. 37(4) does not apply
    assert not _visible(dlg, "trafficked_in_vn")
    more.stateless.setChecked(False)
    dlg.trafficked_in_vn.setChecked(True)
    _fill(dlg)
    set_text(dlg.birth_date, "04/03/1999")
    cid = _save(qtbot, page, dlg)
    d = views.get_case(page.profile, cid)
    assert d.trafficked_in_vn and not d.abroad
    assert d.identity.nationality == "LA" and not d.identity.stateless_resident


def test_editing_the_person_moves_the_home_and_recomputes_the_age(
    qtbot, page, province, vi_sections
):
    cid = receive(province, birth=D(2001, 3, 4))
    page.refresh()
    page.open_case(cid)
    click(qtbot, page.case_dialog.edit_person)
    dlg = page.case_dialog.person_dialog
    more = dlg.more
    assert more.province.currentData() == LANG_SON and more.home.currentData() == 6040
    assert [dlg.status.itemText(i) for i in range(dlg.status.count())] == [
        _(label) for label in rules.PERSON_STATUSES.values()
    ]
    _search(qtbot, more.province, "ha noi")
    _search(qtbot, more.home, "hoan kiem")
    set_text(dlg.birth_date, "")
    set_text(dlg.birth_year, "2007")
    assert "≈" in dlg.age_line.text() and _visible(dlg, "guardian")
    click(qtbot, dlg.ok)
    assert not dlg.isVisible(), dlg.form.why_not()
    d = views.get_case(province, cid)
    assert (d.identity.home_province_code, d.identity.home_commune_code) == (HANOI, HOAN_KIEM)
    assert (d.age, d.age_approximate, d.child_presumed) == (18, True, True)
    page.case_dialog.accept()


def test_the_list_finds_a_code_from_any_part_and_says_what_to_do_when_empty(
    qtbot, page, province, vi_sections
):
    assert page.empty_note.isVisibleTo(page)
    assert page.empty_note.text() == _("No case yet: receive a person with Ctrl+N.")
    cid = receive(province)
    page.refresh()
    settle(qtbot, page)
    assert not page.empty_note.isVisibleTo(page)
    code = views.get_case(province, cid).code
    page.search.setText(code.rsplit("-", 1)[1][2:])  # "001"
    page.refresh()
    settle(qtbot, page)
    assert page.model.ids == [cid]
    page.search.setText("99999")
    page.refresh()
    settle(qtbot, page)
    assert page.model.ids == [] and page.empty_note.isVisibleTo(page)
    assert page.empty_note.text() == _(
        "No case matches: change the filters or receive a person with Ctrl+N."
    )
    # Every status of the workflow is offered, by its label.
    offered = {page.status.itemData(i) for i in range(1, page.status.count())}
    assert offered == set(rules.STATUSES)


def test_labels_of_version_0_1_rows_and_approximate_ages(page):
    old = listing.CaseRow(
        "x", "LS-2024-00001", "", "female", 17, True, dt.date(2024, 5, 2), "supported",
        None, False, "2011", "family_hotline", "", None, True, False,
    )  # fmt: skip
    assert page.model.text(old, 5) == rules.status_label("supported")
    assert page.model.text(old, 8) == channel_label("family_hotline")
    assert channel_label("family_hotline") == _(rules.LEGACY_CHANNELS["family_hotline"])
    assert channel_label("unknown_code") == "unknown_code"
    assert age_label(old) == "≈ 17" and page.model.text(old, 3) == "≈ 17"
