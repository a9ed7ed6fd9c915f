"""Names that mean two places are never guessed: a round trip through Excel (and .ods) puts
every event back where it was; a shared commune name without a code or district is a row
error naming the choices; apostrophes of any shape match; .ods files are read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.core import demo
from desktop.core.db.models import AdminUnit
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.db.syncmeta import tombstone
from desktop.core.i18n import _
from desktop.core.outreach import events, excel, query
from desktop.core.outreach.excel_names import NameIndex
from desktop.core.places import LEGACY_COMMUNE
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from desktop.core.text import fold
from tests.core.outreach_helpers import add_event, as_role

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _shared_names(p) -> dict[str, list[int]]:
    """Pre-reform communes of the province whose folded name another one shares."""
    by_name: dict[str, list[int]] = defaultdict(list)
    with p.db.session() as s:
        q = select(AdminUnit.code, AdminUnit.name).where(
            AdminUnit.kind == LEGACY_COMMUNE, AdminUnit.province_code == p.node.province_code
        )
        for code, name in s.execute(q):
            by_name[fold(name)].append(code)
    return {k: v for k, v in by_name.items() if len(v) > 1}


def _contents(p) -> list[str]:
    out = []
    for event_id in query.event_ids(p, query.EventFilter()):
        out.append(repr(sorted(dataclasses.asdict(events.load_event(p, event_id).data).items())))
    return sorted(out)


def _clear(p) -> None:
    with p.db.session() as s:
        for ev in s.query(OutreachEvent).all():
            tombstone(ev)


def write_ods(path, rows) -> None:
    """An .ods file as LibreOffice writes one: typed cells, a formula with its value."""
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    for values in rows:
        tr = TableRow()
        for v in values:
            if v is None:
                cell = TableCell()
            elif isinstance(v, dt.datetime | dt.date):
                day = v.date() if isinstance(v, dt.datetime) else v
                cell = TableCell(valuetype="date", datevalue=day.isoformat())
                cell.addElement(P(text=day.strftime("%d/%m/%Y")))
            elif isinstance(v, int | float):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            elif isinstance(v, str) and v.startswith("of:="):
                cell = TableCell(valuetype="float", value=2, formula=v)
                cell.addElement(P(text="2"))
            else:
                cell = TableCell(valuetype="string")
                for line in str(v).split("\n"):
                    cell.addElement(P(text=line))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def test_round_trip_of_demo_events_through_xlsx_and_ods_is_exact(officer, tmp_path):
    run_job(demo.generate(officer, events=300, cases=0, seed=13))
    shared = _shared_names(officer)
    assert len(shared) == 11 and len(shared["xa hoa binh"]) == 4
    for codes in shared.values():  # every commune of every shared name holds an event
        for code in codes:
            add_event(officer, commune_code=code, title=f"Tọa đàm {code}", village="Nà Lầu",
                      ethnic_groups="hmong tay", notes="Dòng 1\nDòng 2")  # fmt: skip
    before = _contents(officer)
    assert len(before) == 300 + sum(len(c) for c in shared.values())
    out = tmp_path / "events.xlsx"
    run_job(excel.export_events(officer, query.EventFilter(), out))
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-2:] == (_("Commune code"), _("District before July 2025"))
    ods = tmp_path / "events.ods"  # as LibreOffice would save the same sheet
    write_ods(ods, rows)
    _clear(officer)
    for path in (out, ods):
        check = excel.check_file(officer, path, TODAY)
        assert check.problems == [] and len(check.good) == len(before)
        assert run_job(excel.import_events(officer, check)) == len(before)
        assert _contents(officer) == before, path.name
        _clear(officer)


def _template_with(tmp_path, *rows, name="mau.xlsx"):
    path = tmp_path / name
    excel.save_template(path)
    wb = load_workbook(path)
    heads = [c.value for c in wb.active[1]]
    for values in rows:
        wb.active.append([values.get(h) for h in heads])
    wb.save(path)
    return path


def _row(**values):
    base = {_("Date"): "30/07/2019", _("Kind of activity"): "Nói chuyện chuyên đề, tọa đàm",
            _("Title"): "Tọa đàm", _("Audience, total"): 10}  # fmt: skip
    base.update({_(k): v for k, v in values.items()})
    return base


def test_a_shared_commune_name_is_an_error_naming_the_choices(officer, tmp_path):
    codes = _shared_names(officer)["xa hoa binh"]
    path = _template_with(
        tmp_path,
        _row(Commune="Xã Hòa Bình"),
        _row(Commune="Xa Hoa Binh"),
        _row(Commune="Xã Hòa Bình", **{"Commune code": codes[2]}),
        _row(Commune="Xã Hòa Bình", **{"District before July 2025": "Huyện Chi Lăng"}),
        _row(Commune="Xã Hòa Bình", **{"District before July 2025": "Chi Lăng"}),
        _row(Commune="Xã Hồng Phong", **{"Commune code": codes[0]}),
        _row(Commune="Xã Vạn Thủy"),  # spelt exactly: one commune, though "Vân Thủy" folds alike
        _row(Commune="Xa Van Thuy"),
    )
    check = excel.check_file(officer, path, TODAY)
    problems = {p.row: p for p in check.problems}
    assert set(problems) == {2, 3, 7, 9}
    for row in (2, 3):
        assert problems[row].column == _("Commune")
        assert all(str(c) in problems[row].message for c in codes)
        assert "Huyện Chi Lăng" in problems[row].message
    assert "Xã Hòa Bình" in problems[7].message
    good = {row: data.commune_code for row, data in check.good}
    with officer.db.session() as s:
        chi_lang = s.execute(
            select(AdminUnit.code).where(AdminUnit.kind == LEGACY_COMMUNE,
                                         AdminUnit.name == "Xã Hòa Bình",
                                         AdminUnit.parent_code.in_(
                                             select(AdminUnit.code).where(
                                                 AdminUnit.name == "Huyện Chi Lăng")))
        ).scalar_one()  # fmt: skip
        van_thuy = s.execute(
            select(AdminUnit.code).where(AdminUnit.name == "Xã Vạn Thủy")
        ).scalar_one()
    assert good == {4: codes[2], 5: chi_lang, 6: chi_lang, 8: van_thuy}


def test_apostrophes_of_any_shape_match(officer, tmp_path):
    path = _template_with(
        tmp_path,
        _row(**{"Ethnic groups": "H’Mông; Tày"}),
        _row(**{"Ethnic groups": "H'Mông"}),
        _row(**{"Ethnic groups": "hʼmong"}),
    )
    check = excel.check_file(officer, path, TODAY)
    assert check.problems == []
    assert [d.ethnic_groups for _r, d in check.good] == [["hmong", "tay"], ["hmong"], ["hmong"]]


def test_names_fitting_several_entries_are_never_taken():
    index: NameIndex[str] = NameIndex()
    index.add("Hòa", "a")
    index.add("Hoà", "b")
    index.add("Hoa", "c")
    assert index.find("hòa") == ["a"] and index.find("HOA") == ["c"]
    assert index.find("Hóa") == ["a", "b", "c"]  # accents ignored: three fit, none is taken


def test_an_ods_file_is_read_with_formulas_as_text(officer, tmp_path):
    heads = [_("Date"), _("Kind of activity"), _("Title"), _("Audience, total"),
             _("Ethnic groups"), _("Notes"), _("Commune")]  # fmt: skip
    path = tmp_path / "bang.ods"
    write_ods(path, [
        heads,
        [dt.date(2019, 7, 30), "Nói chuyện chuyên đề, tọa đàm", "Tọa đàm ở bản", 40, "H’Mông",
         "Hai\ndòng", "Xã Vạn Thủy"],
        [None] * 7,
        [dt.date(2019, 7, 31), "Nói chuyện chuyên đề, tọa đàm", "of:=1+1", 12, None, None, None],
        [dt.date(2019, 7, 31), "Nói chuyện chuyên đề, tọa đàm", "Sai", "of:=[.D2]*2"],
    ])  # fmt: skip
    check = excel.check_file(officer, path, TODAY)
    assert [(p.row, p.column) for p in check.problems] == [(5, _("Audience, total"))]
    first, second = (d for _r, d in check.good)
    assert first.held_on == dt.date(2019, 7, 30) and first.audience_total == 40
    assert first.ethnic_groups == ["hmong"] and first.notes == "Hai\ndòng"
    assert first.commune_code is not None
    assert second.title == "=1+1"  # the formula's text, not its value 2
    assert run_job(excel.import_events(officer, check, only_good=True)) == 2
