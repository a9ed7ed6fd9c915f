"""Excel: export then import gives the same events; wrong files and rows change nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import KhienError, ValidationError
from desktop.core.outreach import events, excel, plans, query
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import add_event, as_role, communes

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _contents(p):
    out = []
    for event_id in query.event_ids(p, query.EventFilter(), "title", False):
        data = dataclasses.asdict(events.load_event(p, event_id).data)
        out.append(data)
    return out


def test_export_then_import_gives_the_same_events(officer, tmp_path):
    plan_id = plans.save_plan(
        officer, plans.PlanInput("78/KH-BCĐ", "BCĐ", dt.date(2019, 6, 7), "KH", dt.date(2019, 6, 7),
                                 dt.date(2019, 12, 31)),
    )  # fmt: skip
    task_id = plans.save_task(officer, plan_id, plans.TaskInput("Băng rôn"))
    old_code = communes(officer)[3][0]
    new_code = communes(officer, dt.date(2026, 1, 1))[5][0]
    add_event(officer, commune_code=old_code, village="Nà Lầu", partner_agencies="police labour",
              languages="vi tay", ethnic_groups="tay nung", held_at="08:30", notes="Ghi chú",
              plan_task_id=task_id)  # fmt: skip
    add_event(officer, kind="loudspeaker", quantity=4, minutes=60, title="Phát thanh",
              held_on=dt.date(2026, 3, 2), commune_code=new_code)  # fmt: skip
    add_event(officer, state="draft", title="Bản nháp", held_on=dt.date(2026, 11, 1))
    before = _contents(officer)
    out = tmp_path / "events.xlsx"
    assert run_job(excel.export_events(officer, query.EventFilter(), out)) == 3
    sheet = load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "Ngày" and sheet["D1"].value == "Tiêu đề"
    assert isinstance(sheet["A2"].value, dt.datetime) and sheet["A2"].number_format == "DD/MM/YYYY"
    assert isinstance(sheet["J2"].value, int)
    with officer.db.session() as s:  # start again from an empty register
        from desktop.core.db.models_outreach import OutreachEvent
        from desktop.core.db.syncmeta import tombstone

        for ev in s.query(OutreachEvent).all():
            tombstone(ev)
    check = excel.check_file(officer, out, TODAY)
    assert check.problems == [] and len(check.good) == 3
    assert run_job(excel.import_events(officer, check)) == 3
    assert _contents(officer) == before


def test_wrong_rows_are_named_and_nothing_is_imported(officer, tmp_path):
    path = tmp_path / "filled.xlsx"
    excel.save_template(path)
    wb = load_workbook(path)
    ws = wb.active
    ws.append(["30/07/2019", "08:00", "Nói chuyện chuyên đề, tọa đàm", "Tọa đàm", None, None,
               None, None, None, 100, 60, 30])  # fmt: skip
    ws.append(["30/07/2019", None, "Không có loại này", "Sai loại", None, None, None, None, None,
               10, 20])  # fmt: skip
    ws.append(["2019-07-31", None, "talk", "Sai số", None, None, None, None, None, "-5"])
    wb.save(path)
    check = excel.check_file(officer, path, TODAY)
    assert len(check.good) == 1 and check.bad_rows == 2
    where = {(p.row, p.column) for p in check.problems}
    assert (3, "Loại hoạt động") in where and (4, "Tổng số người dự") in where
    with pytest.raises(KhienError):
        run_job(excel.import_events(officer, check))
    assert query.event_ids(officer, query.EventFilter()) == []
    assert run_job(excel.import_events(officer, check, only_good=True)) == 1
    assert len(query.event_ids(officer, query.EventFilter())) == 1


def test_not_an_xlsx_or_wrong_columns_is_refused(officer, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, bad)
    assert ".xlsx" in err.value.message
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.active.append(["Họ tên", "Ngày"])
    wb.save(other)
    with pytest.raises(ValidationError) as err:
        excel.check_file(officer, other)
    assert "Họ tên" in err.value.message
