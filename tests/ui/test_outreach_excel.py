"""Excel from the Outreach page: export the filtered list, import with a report of rows."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from desktop.core.security.roles import Role
from desktop.ui.pages.outreach import OutreachPage
from tests.core.outreach_helpers import add_event, as_role
from tests.core.test_excel_names import write_ods
from tests.ui.lists_ui import settle


def test_export_filtered_list_and_import_only_good_rows(qtbot, province, tmp_path, vi_sections):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    add_event(officer, title="Tọa đàm thứ nhất")
    add_event(officer, title="Mít tinh", kind="rally")
    page = OutreachPage(officer)
    qtbot.addWidget(page)
    page.filters.kind.setCurrentIndex(page.filters.kind.findData("rally"))
    out = tmp_path / "list.xlsx"
    op = page.excel.export_to(out)
    qtbot.waitUntil(lambda: op.done, timeout=10_000)
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == "Mít tinh"
    assert "1 hoạt động" in page.excel.last_message

    template = tmp_path / "mau.xlsx"
    page.excel.save_template_to(template)
    wb = load_workbook(template)
    wb.active.append(["01/08/2019", None, "Mít tinh, diễu hành", "Mít tinh mới"])
    wb.active.append(
        ["01/08/2019", None, "Mít tinh, diễu hành", None, None, None, None, None, None, "x"]
    )
    wb.save(template)
    page.excel.import_from(template)
    report = page.excel.report
    assert report is not None and report.isVisible()
    assert report.table.rowCount() == 2  # no title, and a count that is not a number
    assert report.table.item(0, 0).text() == "3"
    assert page.model.rowCount() == 1, "nothing imported before the officer chooses"
    report.import_good.click()
    qtbot.waitUntil(lambda: page.excel.op is not None and page.excel.op.done, timeout=10_000)
    settle(qtbot, page)
    assert page.model.rowCount() == 2


def test_the_import_chooser_offers_ods_files(qtbot, province, tmp_path, monkeypatch):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    page = OutreachPage(officer)
    qtbot.addWidget(page)
    path = tmp_path / "bang.ods"
    write_ods(path, [["Ngày", "Loại hoạt động", "Tiêu đề"],
                     [dt.date(2019, 8, 1), "Mít tinh, diễu hành", "Mít tinh từ LibreOffice"]])  # fmt: skip
    offered = []

    def choose(_parent, _title, _folder, filters):
        offered.append(filters)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    page.excel.import_action.trigger()  # from the page's "More" menu
    assert "*.ods" in offered[0].split(";;")[0] and "*.xlsx" in offered[0].split(";;")[0]
    qtbot.waitUntil(lambda: page.excel.op is not None and page.excel.op.done, timeout=10_000)
    settle(qtbot, page)
    assert page.model.rowCount() == 1
