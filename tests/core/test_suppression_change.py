"""A hidden small count stays hidden beside the same period last year: the change cells
of its row are left empty, in the PDF and in Excel (else "<5" beside 10 and "-7" would
give the 3 back)."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from desktop.core.reports import period, render, xlsx
from desktop.core.reports.content import ReportContent, Section
from desktop.core.reports.service import ReportHeader


def _table():
    return period.compare_table(
        "Bảng 1", "Giới tính", [("Nữ", 3, 10), ("Nam", 12, 8)], suppressible=True,
        total=("Tổng", 15, 18),
    )  # fmt: skip


def test_the_change_beside_a_hidden_count_is_blank():
    table = _table()
    hidden = render.shown_cells(table, table.rows[0], threshold=5)
    assert hidden[4] is None and hidden[5] is None
    assert [render.cell_text(table, c, v, 5) for c, v in enumerate(hidden)][2:4] == ["<5", "10"]
    shown = render.shown_cells(table, table.rows[1], threshold=5)
    assert shown == table.rows[1]  # nothing small: the change is printed
    assert render.shown_cells(table, table.rows[0], threshold=0) == table.rows[0]


def test_the_excel_file_hides_it_too(tmp_path):
    content = ReportContent("period", "Báo cáo", [Section("1. Tiếp nhận", tables=[_table()])])
    out = tmp_path / "x.xlsx"
    xlsx.write(content, ReportHeader(agency="BCĐ"), dt.date(2026, 7, 1), out, threshold=5)
    rows = [[c.value for c in r] for ws in load_workbook(out).worksheets for r in ws.iter_rows()]
    first = next(r for r in rows if len(r) > 5 and r[1] == "Nữ")
    assert first[2] == "<5" and first[4] in (None, "") and first[5] in (None, "")
