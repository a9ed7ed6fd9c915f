"""Exports are harmless: no text becomes a live formula, no stray character stops an
export; the import reads formulas as their text and opens only regular files of a sane
size."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from desktop.core import spreadsheet
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.outreach import excel, query
from desktop.core.progress import run_job
from desktop.core.reports import xlsx
from desktop.core.reports.content import ReportContent, Section, TableData
from desktop.core.reports.service import ReportHeader
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import add_event, as_role

TODAY = dt.date(2026, 11, 28)
EVIL = ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "#N/A"]
CONTROL = "Tọa\x1bđàm\x07 ở bản"


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _assert_no_formula(path) -> list:
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert cells and not [c.coordinate for c in cells if c.data_type in ("f", "e")]
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith(spreadsheet.FORMULA_PREFIXES):
            assert c.data_type == "s" and c.quotePrefix, c.coordinate
    return cells


def test_events_export_writes_text_never_formulas(officer, tmp_path):
    ids = [add_event(officer, title=f"Sự kiện {n}") for n in range(len(EVIL) + 1)]
    with officer.db.session() as s:  # as old rows, from before input was checked
        for event_id, value in zip(ids, EVIL, strict=False):
            s.execute(
                text("UPDATE outreach_events SET title = :v, notes = :v, village = :v "
                     "WHERE id = :id"), {"v": value, "id": event_id},
            )  # fmt: skip
        s.execute(
            text("UPDATE outreach_events SET title = :v WHERE id = :id"),
            {"v": CONTROL, "id": ids[-1]},
        )
    out = tmp_path / "events.xlsx"
    assert run_job(excel.export_events(officer, query.EventFilter(), out)) == len(ids)
    cells = _assert_no_formula(out)
    texts = {c.value for c in cells}
    for value in EVIL:  # kept as written (a carriage return reads back as a line feed)
        assert value.replace("\r", "\n") in texts
    assert "Tọađàm ở bản" in texts
    template = tmp_path / "mau.xlsx"
    excel.save_template(template)
    _assert_no_formula(template)


def test_report_workbook_writes_text_never_formulas(tmp_path):
    table = TableData("=Bảng\x07 1", ["=Xã", "@Số"], [[v, 3] for v in [*EVIL, CONTROL]], counts={1})
    content = ReportContent(
        kind="period",
        title="=Báo cáo\x1b",
        sections=[Section("+Phần 1", ["-đoạn", CONTROL], [table])],
        notes=["=ghi chú"],
    )
    header = ReportHeader(superior_agency="=UBND", agency="@BCĐ\x07", place="-Lạng Sơn")
    out = xlsx.write(content, header, dt.date(2026, 2, 6), tmp_path / "bc.xlsx")
    cells = _assert_no_formula(out)
    assert '=HYPERLINK("http://x","y")' in {c.value for c in cells}
    assert load_workbook(out).sheetnames[1] == "=Bảng 1"


def test_import_reads_a_formula_as_its_text(officer, tmp_path):
    path = tmp_path / "mau.xlsx"
    excel.save_template(path)
    wb = load_workbook(path)
    ws = wb.active
    # openpyxl writes formulas without a cached value: reading cached values would see None.
    ws.append(["30/07/2019", None, "Nói chuyện chuyên đề, tọa đàm", '=CONCAT("Tọa ","đàm")',
               None, None, None, None, None, 10])  # fmt: skip
    ws.append(["30/07/2019", None, "Nói chuyện chuyên đề, tọa đàm", "Tọa đàm", None, None,
               None, None, None, "=4+6"])  # fmt: skip
    wb.save(path)
    check = excel.check_file(officer, path, TODAY)
    assert [d.title for _r, d in check.good] == ['=CONCAT("Tọa ","đàm")']
    assert [(p.row, p.column) for p in check.problems] == [(3, _("Audience, total"))]
    run_job(excel.import_events(officer, check, only_good=True))
    out = tmp_path / "again.xlsx"
    run_job(excel.export_events(officer, query.EventFilter(), out))
    _assert_no_formula(out)


def test_import_opens_only_regular_files_of_a_sane_size(officer, tmp_path, monkeypatch):
    not_a_file = _("Only a file can be imported, not a folder or a device.")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, folder)
    assert err.value.message == not_a_file
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.xlsx"
        os.mkfifo(pipe)
        with pytest.raises(ValidationError) as err:
            excel.check_file(officer, pipe)  # refused at once, never waits for a writer
        assert err.value.message == not_a_file
    with pytest.raises(ValidationError, match=".ods"):
        excel.check_file(officer, tmp_path / "missing.csv")
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, tmp_path / "missing.xlsx")
    assert err.value.message == _("The file could not be read.")
    big = tmp_path / "big.xlsx"
    wb = Workbook()
    wb.active.append(["x" * 5000])
    wb.save(big)
    monkeypatch.setattr(excel, "MAX_IMPORT_FILE", 1000)
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, big)
    assert err.value.message == _(
        "This file is larger than {n} MB; split it into smaller files."
    ).format(n=0)
    monkeypatch.setattr(excel, "MAX_IMPORT_FILE", 10_000_000)
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 1000)  # a small zip that unpacks big
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, big)
    assert err.value.message == _("This spreadsheet is too large to import.")


def test_clean_text_keeps_what_a_workbook_can_hold():
    assert spreadsheet.clean_text("a\x00b\x1bc\td\ne\r\nf\ufffeg\ud800h") == "abc\td\ne\nfgh"
    assert len(spreadsheet.clean_text("x" * 40_000)) == 32_767
