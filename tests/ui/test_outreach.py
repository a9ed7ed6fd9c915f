"""The Outreach page through its real widgets: record, edit, filter and search events."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.core.outreach import drafts, events, query
from desktop.core.security.roles import Role
from desktop.ui import texts
from desktop.ui.event_dialog import EventDialog
from desktop.ui.pages.outreach import OutreachPage
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.conftest import type_into
from tests.ui.lists_ui import settle


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@pytest.fixture
def page(qtbot, officer, vi_sections):
    add_event(officer, title="Nói chuyện tại thôn Nà Lầu", village="Nà Lầu")
    add_event(officer, title="Treo băng rôn ở chợ Đông Kinh", kind="banner", quantity=4)
    p = OutreachPage(officer)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    return p


def _choose(box, data):
    box.setCurrentIndex(box.findData(data))


def test_list_counts_and_search_without_accents(qtbot, page):
    assert page.model.rowCount() == 2 and page.count.text() == "2 hoạt động"
    qtbot.keyClicks(page.filters.search, "dong kinh")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.data(page.model.index(0, 1)) == "Treo băng rôn ở chợ Đông Kinh"
    assert page.count.text() == "1 hoạt động"
    page.filters.search.clear()
    _choose(page.filters.kind, "talk")
    settle(qtbot, page)
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 2)) == "Nói chuyện chuyên đề, tọa đàm"


def test_record_an_event_with_the_keyboard_and_save_and_new(qtbot, page, officer):
    page.new_event()
    dlg: EventDialog = page.dialog
    assert dlg.isVisible()
    _choose(dlg.kind, "talk")
    type_into(dlg.title, "Tọa đàm tại xã Tân Thanh")
    dlg.w["held_on"].setText("")
    type_into(dlg.w["held_on"], "30/07/2019")
    type_into(dlg.w["audience_total"], "80")
    type_into(dlg.w["audience_women"], "90")
    assert "không được vượt quá" in dlg.form.error_of("audience_women")
    assert not dlg.save_btn.isEnabled()
    dlg.w["audience_women"].clear()
    type_into(dlg.w["audience_women"], "50")
    assert dlg.form.error_of("audience_women") == ""
    _choose(dlg.lead, "womens_union")
    assert dlg.save_btn.isEnabled()
    qtbot.mouseClick(dlg.save_new_btn, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.title.text() == ""
    assert dlg.lead.currentData() == "womens_union"
    settle(qtbot, page)
    assert page.model.rowCount() == 3
    saved = events.load_event(officer, dlg.saved_ids[0])
    assert (saved.data.audience_total, saved.data.audience_women) == (80, 50)


def test_fields_follow_the_kind(qtbot, page):
    page.new_event()
    dlg = page.dialog
    _choose(dlg.kind, "banner")
    assert not dlg.w["audience_total"].isVisibleTo(dlg) and dlg.w["quantity"].isVisibleTo(dlg)
    # (the "&" before its Alt+letter aside)
    assert dlg.form.labels["quantity"].text().replace("&", "") == "Số băng rôn, khẩu hiệu:"
    _choose(dlg.kind, "loudspeaker")
    assert dlg.w["minutes"].isVisibleTo(dlg)
    _choose(dlg.kind, "talk")
    assert dlg.w["audience_total"].isVisibleTo(dlg) and not dlg.w["quantity"].isVisibleTo(dlg)


def test_future_date_only_for_a_draft(qtbot, page):
    page.new_event()
    dlg = page.dialog
    _choose(dlg.kind, "talk")
    type_into(dlg.title, "Kế hoạch tháng sau")
    dlg.w["held_on"].setText("")
    type_into(dlg.w["held_on"], (dt.date.today() + dt.timedelta(days=10)).strftime("%d/%m/%Y"))
    assert dlg.form.error_of("held_on")
    dlg.draft.setChecked(True)
    assert dlg.form.error_of("held_on") == "" and dlg.save_btn.isEnabled()


def test_a_closed_form_keeps_its_draft(qtbot, page, officer):
    page.new_event()
    dlg = page.dialog
    type_into(dlg.title, "Đang nhập dở")
    dlg.reject()
    assert drafts.load_draft(officer, drafts.draft_key(officer, "event"))["title"] == "Đang nhập dở"
    page.new_event()
    assert page.dialog.title.text() == "Đang nhập dở" and page.dialog.note.isVisibleTo(page.dialog)


def test_duplicate_warning_before_saving(qtbot, page):
    page.new_event()
    dlg = page.dialog
    _choose(dlg.kind, "talk")
    type_into(dlg.title, "noi chuyen tai thon Na Lau")
    dlg.w["held_on"].setText("30/07/2019")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.duplicate.isVisibleTo(dlg)
    assert "Nói chuyện tại thôn Nà Lầu" in dlg.duplicate.text()
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert not dlg.isVisible() and page.model.rowCount() == 3


def test_edit_from_the_list_and_others_cannot(qtbot, page, officer):
    page.table.selectRow(0)
    page.edit_row(0)
    dlg = page.dialog
    dlg.title.selectAll()
    type_into(dlg.title, "Tiêu đề đã sửa")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    titles = [r.title for r in query.event_rows(officer, page.model.ids, page.model.names)]
    assert "Tiêu đề đã sửa" in titles
    other = OutreachPage(as_role(officer, Role.COMMUNE_OFFICER, "xa1"))
    qtbot.addWidget(other)
    other.edit_row(0)
    assert not other.dialog.save_btn.isEnabled()


def test_attachments_in_the_event_form(qtbot, page, officer, tmp_path, monkeypatch):
    from PIL import Image
    from PySide6.QtWidgets import QFileDialog

    from desktop.core.outreach import attachments

    photo = tmp_path / "bang_ron.png"
    Image.new("RGB", (800, 600), "red").save(photo)
    text = tmp_path / "ghi_chu.txt"
    text.write_text("không phải ảnh")
    chosen = [str(photo)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))

    page.new_event()
    box = page.dialog.attachments
    assert not box.add_btn.isEnabled() and "Lưu hoạt động" in box.empty.text()
    page.dialog.reject()

    page.table.selectRow(0)
    page.edit_row(0)
    box = page.dialog.attachments
    assert box.add_btn.isEnabled() and box.empty.isVisibleTo(box)
    qtbot.mouseClick(box.add_btn, Qt.MouseButton.LeftButton)
    assert len(box.rows) == 1 and not box.error.isVisibleTo(box)
    thumb, name, remove = box.rows[0]
    assert not thumb.pixmap().isNull() and thumb.pixmap().width() == 64
    assert name.text().startswith("bang_ron.png\n") and name.text().endswith(" KB")

    chosen[0] = str(text)
    qtbot.mouseClick(box.add_btn, Qt.MouseButton.LeftButton)
    assert len(box.rows) == 1 and box.error.isVisibleTo(box)
    assert "10 MB" in box.error.text()

    monkeypatch.setattr(texts, "ask", lambda *_a, **_k: True)  # "Remove …?" answered
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert box.rows == [] and not box.error.isVisibleTo(box)
    assert attachments.list_attachments(officer, page.model.id_at(0)) == []

    other = OutreachPage(as_role(officer, Role.COMMUNE_OFFICER, "xa1"))
    qtbot.addWidget(other)
    other.edit_row(0)
    assert not other.dialog.attachments.add_btn.isEnabled()


def test_attachment_sizes_read_naturally(vi_sections):
    from desktop.ui.attachments_box import size_text

    assert size_text(850 * 1024) == "850 KB"
    assert size_text(int(2.4 * 1024 * 1024)) == "2,4 MB"


def test_delete_an_event_after_confirming(qtbot, page, officer, monkeypatch):
    from desktop.ui import texts

    assert not page.delete_btn.isEnabled()
    page.table.selectRow(0)
    assert page.delete_btn.isEnabled()
    title = page.model.row_at(0).title
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(
        texts, "ask", lambda _p, text, yes, title="", **_k: asked.append(text) or answer[0]
    )
    qtbot.mouseClick(page.delete_btn, Qt.MouseButton.LeftButton)
    assert title in asked[0]
    assert page.model.rowCount() == 2
    answer[0] = True
    qtbot.mouseClick(page.delete_btn, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert page.model.rowCount() == 1 and page.count.text() == "1 hoạt động"
    assert title not in [page.model.row_at(0).title]

    other = OutreachPage(as_role(officer, Role.COMMUNE_OFFICER, "xa1"))
    qtbot.addWidget(other)
    other.table.selectRow(0)
    assert not other.delete_btn.isEnabled()
    other.delete_selected()
    assert other.model.rowCount() == 1


def test_each_cell_answers_its_own_roles_and_no_other(qtbot, officer, vi_sections):
    """The model answers roles as plain numbers (lazy_list): a draft's cells in the theme's
    caution colour, the title's full text as its tooltip, the audience to the right, and
    nothing for a role no cell has, nor for a cell outside the list."""
    from desktop.ui.forms import tone_colour

    add_event(officer, title="Hội nghị đã xong", held_on="2026-11-20")
    add_event(officer, title="Tọa đàm còn nháp", held_on="2026-11-21", state="draft")
    p = OutreachPage(officer)
    qtbot.addWidget(p)
    model = p.model
    texts_ = [model.data(model.index(r, 1)) for r in range(2)]
    draft, final = texts_.index("Tọa đàm còn nháp"), texts_.index("Hội nghị đã xong")
    role = Qt.ItemDataRole

    def at(row, column, r):
        return model.data(model.index(row, column), r)

    assert at(draft, 0, role.ForegroundRole).color() == tone_colour("caution")
    assert at(final, 0, role.ForegroundRole) is None
    assert at(draft, 1, role.ToolTipRole) == "Tọa đàm còn nháp"
    assert at(draft, 0, role.ToolTipRole) is None
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert at(final, 5, role.TextAlignmentRole) == right
    assert at(final, 5, role.DisplayRole) == "120"
    assert at(final, 1, role.TextAlignmentRole) is None
    for other in (role.DecorationRole, role.FontRole, role.BackgroundRole, role.CheckStateRole):
        assert all(at(final, c, other) is None for c in range(model.columnCount()))
    assert model.data(model.index(5, 1)) is None  # no such row
