"""Issue 17, point 3: an empty list says why it is empty and what to do next — over the
empty table, naming the page's own button and its shortcut; a list emptied by a search or
the filters says so and how to get the rows back. Point 8: the Sync page says its state
once, and Administration shows names, not codes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.ui import keys
from desktop.ui.empty_note import EmptyNote, button_name, no_match, nothing_yet
from desktop.ui.pages.admin import AdminPage
from desktop.ui.pages.outreach import OutreachPage
from desktop.ui.pages.plans import PlansPage
from desktop.ui.pages.sync import SyncPage
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.lists_ui import settle


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def test_the_sentences_name_the_button_and_its_key(vi_sections):
    text = nothing_yet(_("No event yet"), "&Thêm hoạt động…", keys.NEW)
    assert "“Thêm hoạt động…”" in text and keys.native(keys.NEW) in text
    assert text.startswith(_("No event yet"))
    assert nothing_yet(_("No event yet")) == _("No event yet") + "."
    assert "“Nà  Lầu”".replace("  ", " ") in no_match(_("No event"), "  Nà  Lầu ")
    assert no_match(_("No event")) != no_match(_("No event"), "x")
    assert button_name("Save && close") == "Save & close"


def test_the_outreach_list_says_what_to_do_when_empty_and_when_nothing_matches(
    qtbot, province, vi_sections
):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    page = _show(qtbot, OutreachPage(officer))
    note = page.empty_note
    assert isinstance(note, EmptyNote) and note.parent() is page.table.viewport()
    assert note.isVisible()
    assert note.text() == nothing_yet(_("No event yet"), page.new_btn.text(), keys.NEW)
    assert page.new_btn.text() in note.text()

    add_event(officer, title="Nói chuyện tại thôn Nà Lầu", village="Nà Lầu")
    page.refresh()
    settle(qtbot, page)
    assert not note.isVisible(), "a list with rows says nothing"

    page.filters.search.setText("không có đâu")
    page.filters.emit_now()
    settle(qtbot, page)
    assert note.isVisible()
    assert note.text() == no_match(_("No event"), "không có đâu")
    assert "“không có đâu”" in note.text()

    page.filters.search.clear()
    page.filters.state.setCurrentIndex(page.filters.state.findData("draft"))
    settle(qtbot, page)
    assert note.isVisible() and note.text() == no_match(_("No event"))


def test_a_reader_is_not_told_to_click_a_button_it_cannot(qtbot, province, vi_sections):
    page = _show(qtbot, OutreachPage(province))  # the administrator records no event
    assert not page.new_btn.isEnabled()
    assert page.new_btn.text() not in page.empty_note.text()
    assert page.empty_note.isVisible()


def test_the_plans_list_says_how_to_add_a_plan(qtbot, province, vi_sections):
    page = _show(qtbot, PlansPage(province))
    assert page.empty.isVisible()
    if page.can_plan:
        assert page.empty.text() == nothing_yet(_("No campaign plan yet"), page.new_plan_btn.text())
    else:
        assert page.empty.text() == _(
            "No campaign plan yet: plans come from the provincial office."
        )


def test_the_sync_page_says_its_state_once_and_what_to_do_first(qtbot, province, vi_sections):
    page = _show(qtbot, SyncPage(province))
    assert page.history.rowCount() == 0
    assert not page.last.isVisible(), "the status bar says the last sync"
    shown = [w.text() for w in page.findChildren(type(page.last)) if w.isVisible()]
    assert _("Never synced") not in shown
    note = page.history_empty
    assert note.isVisible()
    assert page.import_button.text() in note.text()
    assert page.receipt_button.text() in note.text()  # a province writes receipts


def test_a_laptop_is_told_to_export_first(qtbot, province, tmp_path, vi_sections):
    from desktop.core.sync import enrol

    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username="canbo.xa", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-xa-1", passphrase="ab2c-de3f-gh4j",
    )  # fmt: skip
    laptop = enrol.start_from_package(
        tmp_path / "laptop", data, "ab2c-de3f-gh4j", "canbo.xa", "mat-khau-xa-1"
    )
    try:
        page = _show(qtbot, SyncPage(laptop))
        text = page.history_empty.text()
        assert page.export_button.text() in text and page.import_button.text() in text
        assert page.receipt_button.text() not in text
    finally:
        laptop.db.close()


def test_reference_lists_show_names_and_keep_codes_in_the_tooltip(qtbot, province, vi_sections):
    admin = _show(qtbot, AdminPage(province))
    panel = admin.refdata
    panel.kind.setCurrentIndex(panel.kind.findData("agency"))
    assert panel.table.isColumnHidden(0), "no code column"
    row = next(n for n, r in enumerate(panel.model.rows) if r.code == "womens_union")
    shown = [
        str(panel.model.index(row, c).data() or "")
        for c in range(panel.model.columnCount())
        if not panel.table.isColumnHidden(c)
    ]
    assert "womens_union" not in shown
    assert panel.model.rows[row].name in shown
    tip = panel.model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert _("Code: {code}").format(code="womens_union") in tip
    header = panel.table.horizontalHeader()
    for col in range(1, panel.model.columnCount()):
        assert header.sectionSize(col) >= min(header.sectionSizeHint(col), 60)


@pytest.mark.parametrize("col", [5])
def test_the_audience_header_is_not_clipped(qtbot, province, vi_sections, col):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    page = _show(qtbot, OutreachPage(officer))
    header = page.table.horizontalHeader()
    assert page.model.headerData(col, Qt.Orientation.Horizontal) == _("Audience")
    assert header.sectionSize(col) >= header.sectionSizeHint(col)


def test_backups_say_how_to_make_the_first(qtbot, province, vi_sections):
    admin = _show(qtbot, AdminPage(province))
    panel = admin.backups
    if panel.rows:
        pytest.skip("this profile already holds a backup")
    assert panel.empty.isVisibleTo(panel)
    assert panel.backup_button.text() in panel.empty.text()


def test_the_cases_list_names_the_law_not_the_regime_code(qtbot, province, vi_sections):
    from desktop.core import demo
    from desktop.core.cases import rules
    from desktop.ui.pages.cases import CasesPage

    for _step in demo.generate(province, events=0, cases=3, seed=5):
        pass
    page = _show(qtbot, CasesPage(province))
    assert page.model.rowCount() == 3
    shown = {page.model.index(r, 7).data() for r in range(3)}
    assert shown <= {_(label) for label in rules.REGIMES.values()}
