"""The periodic report: its figures are exactly those of ``stats.compute``, named not coded;
the service checks a request before any work, writes its files atomically, can be cancelled
and renders in a language other than the GUI's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.core import i18n, other_figures, stats
from desktop.core.cases import rules
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import _, language_override
from desktop.core.outreach import plans
from desktop.core.progress import Cancelled, run_job
from desktop.core.reports import case_docs, period, render, service
from desktop.core.reports.content import TableData
from desktop.core.security.roles import Role
from tests.conftest import build_once
from tests.core.cases_helpers import as_role, receive
from tests.core.reports_helpers import demo_with_records, flat, page_texts, text_runs

D = dt.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
TODAY = D(2026, 1, 10)


@pytest.fixture
def out_dir(tmp_path):
    """Where files are written (the profile lives in tmp_path too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _demo(province, _folder) -> dict:
    demo_with_records(province, events=600, cases=220, seed=7)
    return {}


@pytest.fixture
def demo(province, tmp_path, tmp_path_factory):
    """600 events, 220 cases (the first test's, copied: generating them takes seconds)."""
    build_once("reports-period-demo", province, tmp_path, tmp_path_factory, _demo)
    return province


def _header(opened, kind="period"):
    h = service.load_header(opened, kind)
    h.signer_name = "Hoàng Văn Quản"
    h.number = "15/BC-BCĐ"
    return h


def _request(opened, **kw):
    base = dict(kind="period", date_from=YEAR[0], date_to=YEAR[1], header=_header(opened),
                on=D(2026, 1, 5))  # fmt: skip
    base.update(kw)
    return service.ReportRequest(**base)


def _tables(content) -> dict[str, TableData]:
    return {t.title.split(". ", 1)[1]: t for s in content.sections for t in s.tables}


def _total(table: TableData) -> int:
    assert table.total_row
    value = table.rows[-1][2]
    assert isinstance(value, int)
    return value


def _as_dict(table: TableData) -> dict[str, int]:
    rows = table.rows[:-1] if table.total_row else table.rows
    return {str(r[1]): int(r[2]) for r in rows}  # type: ignore[arg-type]


def test_figures_are_those_of_stats(demo):
    content = period.build(demo, *YEAR, today=TODAY)
    with demo.db.session() as s:
        fig = stats.compute(s, *YEAR, TODAY, compare=True)
    prev = fig["previous"]
    t = _tables(content)
    ev, cs, ps = fig["events"], fig["cases"], fig["persons"]
    assert ev["total"] > 0 and cs["total"] > 0 and prev["cases"]["total"] > 0
    by_kind = t[_("Outreach activities by kind")]
    assert by_kind.rows[-1][2:4] == [ev["total"], prev["events"]["total"]]
    assert sum(r[2] for r in by_kind.rows[:-1]) == ev["total"]  # type: ignore[misc]
    people = t[_("People reached by kind of activity")]
    assert people.rows[-1][2:4] == [ev["participants"]["total"],
                                    prev["events"]["participants"]["total"]]  # fmt: skip
    assert _total(t[_("Outreach activities by lead agency")]) == ev["total"]
    assert _total(t[_("Outreach activities by commune")]) == ev["total"]
    groups = [r[2] for r in t[_("People reached by group")].rows]
    assert groups == [ev["participants"][k] for k in ("total", "women", "men", "youth")]
    for title in ("Cases received by how they started", "Cases received by border gate",
                  "Cases received by legal regime", "Present status of the cases received"):  # fmt: skip
        assert _total(t[_(title)]) == cs["total"], title
        assert t[_(title)].rows[-1][3] == prev["cases"]["total"], title
    for title in ("Persons received by sex", "Persons received by age group at reception",
                  "Persons received by ethnic group", "Persons received by home province",
                  "Persons received by destination country",
                  "Persons received by purpose of trafficking",
                  "Persons received by way of return"):  # fmt: skip
        assert _total(t[_(title)]) == ps["total"], title
        assert t[_(title)].rows[-1][3] == prev["persons"]["total"], title
    summary = [r[2:4] for r in t[_("Persons and cases received")].rows]
    assert summary == [[cs["total"], prev["cases"]["total"]]] + [
        [ps[k], prev["persons"][k]] for k in ("total", "children", "identified", "supported")
    ]
    times = t[_("Support given by type: times given")]
    amounts = t[_("Support given by type: amounts")]
    assert times.rows[-1][2:4] == [fig["support"]["count"], prev["support"]["count"]]
    assert amounts.rows[-1][2:4] == [fig["support"]["amount"], prev["support"]["amount"]]
    steps = _as_dict(t[_("Steps taken on cases in the period")])
    assert steps[rules.status_label(rules.IDENTIFIED)] == fig["steps"]["identified"] > 0
    assert steps[rules.status_label(rules.HANDED_OVER)] == fig["steps"].get("handed_over", 0)
    stays = [r[2] for r in t[_("Shelter stays")].rows]
    sh = fig["shelter"]
    assert stays == [sh["admitted"], sh["discharged"], sh["staying_at_end"]]
    assert sh["admitted"] > 0
    assert _total(t[_("Referrals by agency referred to")]) == fig["referrals"]["total"] > 0
    assert _total(t[_("Overdue steps by status")]) == fig["overdue"]["total"]
    others = {r[1]: r[2:4] for r in t[_("Figures reported by other bodies")].rows}
    given = {other_figures.figure_name(code): [v["value"], prev["other_bodies"]["by_figure"]
                                               .get(code, {}).get("value", period.NOT_GIVEN)]
             for code, v in fig["other_bodies"]["by_figure"].items()}  # fmt: skip
    assert others == given and given  # the demo's police and court figures


def test_every_table_but_overdue_compares_with_the_same_period(demo):
    content = period.build(demo, *YEAR, today=TODAY)
    for table in (t for s in content.sections for t in s.tables):
        # 2025's communes are not 2024's (the reform of 1 July 2025): not compared
        if table.title.endswith((_("Overdue steps by status"),
                                 _("Outreach activities by commune"))):  # fmt: skip
            assert len(table.columns) == 3
            continue
        if table.title.endswith(_("Sources of the figures reported by other bodies")):
            continue  # the documents each figure of another body was copied from
        assert table.columns[2:] == [_("This period"), _("Same period last year"), _("Change"),
                                     _("Change (%)")], table.title  # fmt: skip
        for row in table.rows:
            now, before, diff, pct = row[2:]
            if period.NOT_GIVEN in (now, before):  # another body gave no figure then
                assert [diff, pct] == [None, None]
                continue
            assert isinstance(now, int) and isinstance(before, int)
            assert [diff, pct] == period.change_cells(now, before, money=bool(table.money))
    assert (
        _(
            "The communes were reorganised on 1 July 2025: activities by commune are not compared "
            "with the same period last year."
        )
        in content.notes
    )
    later = period.build(demo, D(2026, 7, 1), D(2026, 9, 30), today=TODAY)
    communes = _tables(later)[_("Outreach activities by commune")]
    assert communes.columns[3] == _("Same period last year")
    assert period.change_cells(12, 10) == ["+2", "+" + i18n.format_number(20.0, 1) + "%"]
    assert period.change_cells(3, 5) == ["-2", "-" + i18n.format_number(40.0, 1) + "%"]
    assert period.change_cells(3, 0) == ["+3", "—"]
    assert period.change_cells(0, 0) == ["0", "—"]


def test_names_not_codes(demo):
    content = period.build(demo, *YEAR, today=TODAY)
    t = _tables(content)
    labels = {str(r[1]) for table in t.values() for r in table.rows}
    for code in ("talk", "banner", "police", "womens_union", "huu_nghi", "handed_over_border",
                 "female", "identified", "tay", "2024"):  # fmt: skip
        assert code not in labels, code
    assert "Công an tỉnh" in labels and "Cửa khẩu quốc tế Hữu Nghị" in labels
    assert "Tày" in labels
    communes = _as_dict(t[_("Outreach activities by commune")])
    assert not any(name.isdigit() or name.startswith("legacy") for name in communes)
    with language_override("en"):
        english = period.build(demo, *YEAR, today=TODAY)
    en_labels = {str(r[1]) for table in english.sections[0].tables for r in table.rows}
    assert "Provincial Police" in en_labels


def test_period_phrases():
    assert period.period_phrase(D(2026, 7, 1), D(2026, 7, 31)) == _("month {month} of {year}").format(
        month="07", year=2026)  # fmt: skip
    with language_override("en"):
        assert period.period_phrase(D(2026, 7, 1), D(2026, 9, 30)) == "quarter III of 2026"
        assert period.period_phrase(D(2026, 1, 1), D(2026, 6, 30)) == "the first six months of 2026"
        assert period.period_phrase(D(2026, 1, 1), D(2026, 12, 31)) == "the year 2026"
        assert period.period_phrase(D(2026, 7, 3), D(2026, 8, 15)) == (
            "the period from 03/07/2026 to 15/08/2026"
        )


def test_period_presets():
    presets = service.period_presets(D(2026, 2, 5))
    assert len(presets) == 8
    got = [(a, b) for _label, a, b in presets]
    assert got == [
        (D(2026, 2, 1), D(2026, 2, 28)), (D(2026, 1, 1), D(2026, 1, 31)),
        (D(2026, 1, 1), D(2026, 3, 31)), (D(2025, 10, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 12, 31)),
        (D(2026, 1, 1), D(2026, 12, 31)), (D(2025, 1, 1), D(2025, 12, 31)),
    ]  # fmt: skip
    assert all(label for label, _a, _b in presets)
    assert service.period_presets(D(2026, 12, 31))[1][1:] == (D(2026, 11, 1), D(2026, 11, 30))


def test_pdf_prints_the_figures(demo, tmp_path):
    out = run_job(service.build_pdf(demo, _request(demo), tmp_path / "bc.pdf"))
    text = flat(" ".join(page_texts(out)))
    with demo.db.session() as s:
        fig = stats.compute(s, *YEAR)
    assert "BÁO CÁO" in text or _("Report").upper() in text
    assert "Lạng Sơn, ngày 05 tháng 01 năm 2026" in text
    assert i18n.format_number(fig["events"]["total"]) in text
    assert flat(i18n.format_money(fig["support"]["amount"])) in text
    assert "Hoàng Văn Quản" in text and "Nơi nhận:" in text
    assert not list(tmp_path.glob("*.part"))


def test_small_counts_are_suppressed_in_case_tables_only(demo, tmp_path):
    content = period.build(demo, *YEAR, today=TODAY)
    t = _tables(content)
    ethnic = t[_("Persons received by ethnic group")]
    small = [r for r in ethnic.rows if isinstance(r[2], int) and 0 < r[2] < 5]
    assert small, "the demo should have an ethnic group with fewer than 5 cases"
    out = run_job(service.build_pdf(demo, _request(demo, suppress_below=5), tmp_path / "s.pdf"))
    runs = text_runs(out)
    line = [r for r in runs if r.text.strip() == str(small[0][1])]
    assert line
    same_row = [r.text.strip() for r in runs if r.page == line[0].page and abs(r.y - line[0].y) < 1]
    assert "<5" in same_row and str(small[0][2]) not in same_row
    text = flat(" ".join(page_texts(out)))
    assert render.suppression_note(5) in text
    # outreach tables count activities: a kind with 3 events would still print 3
    assert all(not t.suppressible for t in content.sections[0].tables)


def test_empty_period_says_so(demo, tmp_path):
    req = _request(demo, date_from=D(2031, 1, 1), date_to=D(2031, 1, 31))
    content = service.build_content(demo, req)
    assert content.empty
    out = run_job(service.build_pdf(demo, req, tmp_path / "e.pdf"))
    text = flat(" ".join(page_texts(out)))
    assert content.empty_text and content.empty_text in text
    assert "STT" not in text  # no empty table
    xlsx = run_job(service.build_xlsx(demo, req, tmp_path / "e.xlsx"))
    wb = load_workbook(xlsx)
    assert len(wb.sheetnames) == 1
    assert any(content.empty_text == c.value for row in wb.active.iter_rows() for c in row)


def test_one_empty_section_prints_a_sentence(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    receive(province, on=D(2025, 9, 2))
    content = period.build(province, D(2025, 9, 1), D(2025, 9, 30), today=D(2025, 9, 3))
    outreach = content.sections[0]
    assert not content.empty and not outreach.tables and outreach.empty_text
    out = render.write_pdf(content, _header(province), D(2025, 10, 1), tmp_path / "o.pdf")
    assert outreach.empty_text in flat(" ".join(page_texts(out)))


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(date_from=D(2025, 3, 1), date_to=D(2025, 2, 1)), "date_to"),
        (dict(date_from=None), "date_from"),
        (dict(suppress_below=-1), "suppress"),
        (dict(language="fr"), "language"),
        (dict(kind="weekly"), "kind"),
        (dict(kind="campaign", plan_id=None), "plan"),
        (dict(kind="campaign", plan_id="no-such-plan"), "plan"),
        (dict(kind="case", case_id=None), "case"),
        (dict(kind="reception", case_id="no-such-case"), "case"),
    ],
)
def test_bad_requests_refused_before_any_work(province, out_dir, change, field):
    tmp_path = out_dir
    as_role(province, Role.PROVINCIAL_OFFICER)  # a role that may print case documents
    req = _request(province, **change)
    with pytest.raises(ValidationError) as err:
        service.build_pdf(province, req, tmp_path / "x.pdf")  # raises at the call itself
    assert err.value.field == field
    assert err.value.message.endswith(".") and "\n" not in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_signer_missing_and_plan_without_tasks(province, tmp_path):
    header = service.load_header(province, "period")
    assert header.signer_name == ""  # a new office has not set its signer yet
    with pytest.raises(ValidationError) as err:
        service.check(province, _request(province, header=header))
    assert err.value.field == "signer_name"
    with pytest.raises(ValidationError):
        service.check(province, _request(province, header=None))  # the saved one: none
    plan = plans.save_plan(province, plans.PlanInput("78/KH-BCĐ", "BCĐ 138", D(2026, 7, 1),
                           "Tháng hành động", D(2026, 7, 1), D(2026, 7, 31)))  # fmt: skip
    with pytest.raises(ValidationError) as err:
        service.check(province, _request(province, kind="campaign", plan_id=plan))
    assert err.value.field == "plan"


def test_header_remembered_per_office_and_kind(province):
    default = service.default_header(province, "period")
    assert default.agency == province.node.office_name
    assert default.place == "Lạng Sơn"
    assert default.superior_agency == _("People's Committee of {province} province").format(
        province="Lạng Sơn")  # fmt: skip
    changed = dataclasses.replace(default, number=" 15/BC-BCĐ ", signer_name="Hoàng  Văn Quản",
                                  recipients=["Ban Chỉ đạo 138/CP", "  ", "Lưu: VT"])  # fmt: skip
    service.save_header(province, "period", changed)
    again = service.load_header(province, "period")
    assert again.number == "15/BC-BCĐ" and again.signer_name == "Hoàng Văn Quản"
    assert again.recipients == ["Ban Chỉ đạo 138/CP", "Lưu: VT"]
    assert service.load_header(province, "campaign").signer_name == ""  # per kind
    reception = service.load_header(province, "reception")
    assert reception.signer_name == province.user.full_name and reception.number == ""


def test_case_documents_take_the_header(province, tmp_path):
    as_role(province, Role.PROVINCIAL_OFFICER)
    case_id = receive(province, name="Đặng Thị Phương Thảo")
    header = service.load_header(province, "reception")
    header.agency = "Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị"
    header.number = "07/BB-ĐBP"
    header.signer_title = "Đội trưởng"
    header.signer_name = "Lý Văn Hùng"
    req = service.ReportRequest("reception", case_id=case_id, header=header, on=D(2025, 9, 2))
    out = run_job(service.build_pdf(province, req, tmp_path / "bb.pdf"))
    text = flat(" ".join(page_texts(out)))
    assert "ĐỒN BIÊN PHÒNG CỬA KHẨU QUỐC TẾ HỮU NGHỊ" in text
    assert _("No.: {number}").format(number="07/BB-ĐBP") in text
    assert "ĐỘI TRƯỞNG" in text and "Lý Văn Hùng" in text and "Đặng Thị Phương Thảo" in text
    summary = run_job(service.build_pdf(province, dataclasses.replace(req, kind="case", header=None),
                                        tmp_path / "tt.pdf"))  # fmt: skip
    first = flat(page_texts(summary)[0])
    assert flat(case_docs.personal_data_notice()) in first and "MẬT" not in first
    as_role(province, Role.STATISTICIAN)
    with pytest.raises(PermissionDenied):
        service.build_pdf(province, req, tmp_path / "no.pdf")
    with pytest.raises(ValidationError):
        service.build_xlsx(province, req, tmp_path / "no.xlsx")


def test_english_report_while_the_gui_stays_vietnamese(demo, tmp_path):
    out = run_job(service.build_pdf(demo, _request(demo, language="en"), tmp_path / "en.pdf"))
    text = flat(" ".join(page_texts(out)))
    assert (
        "REPORT" in text
        and "Results of the work against human trafficking in the year 2025" in text
    )
    assert "Lạng Sơn, 5 January 2026" in text and "Recipients:" in text
    assert "Outreach activities by kind" in text and "Provincial Police" in text
    assert i18n.language() == "vi" and _("Recipients:") == "Nơi nhận:"


def test_cancel_leaves_no_file(demo, out_dir):
    tmp_path = out_dir
    out = tmp_path / "bc.pdf"
    for steps in (1, 2, 3):
        seen = []
        with pytest.raises(Cancelled):
            run_job(service.build_pdf(demo, _request(demo), out), seen.append,
                    lambda seen=seen, steps=steps: len(seen) >= steps)  # fmt: skip
        assert list(tmp_path.iterdir()) == [], steps
    seen = []
    with pytest.raises(Cancelled):
        run_job(service.build_xlsx(demo, _request(demo), tmp_path / "bc.xlsx"), seen.append,
                lambda: len(seen) >= 2)  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destination(demo, out_dir, monkeypatch):
    tmp_path = out_dir
    missing = tmp_path / "no-such-folder" / "bc.pdf"
    with pytest.raises(KhienError):
        service.build_pdf(demo, _request(demo), missing)
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(KhienError):
        service.build_pdf(demo, _request(demo), tmp_path / "folder.pdf")

    def refuse(self, target):
        raise PermissionError(13, os.strerror(13))

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(KhienError) as err:
        run_job(service.build_pdf(demo, _request(demo), tmp_path / "bc.pdf"))
    assert "bc.pdf" in err.value.message
    with pytest.raises(KhienError):
        run_job(service.build_xlsx(demo, _request(demo), tmp_path / "bc.xlsx"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.pdf"]


def test_xlsx_numbers_dates_headers(demo, tmp_path):
    req = _request(demo, suppress_below=5)
    out = run_job(service.build_xlsx(demo, req, tmp_path / "bc.xlsx"))
    content = service.build_content(demo, req)
    wb = load_workbook(out)
    tables = [t for s in content.sections for t in s.tables]
    assert len(wb.sheetnames) == 1 + len(tables)
    first = wb[wb.sheetnames[0]]
    assert first["B1"].value is None and first["A2"].value == _header(demo).agency.upper()
    kinds = wb[wb.sheetnames[1]]
    assert kinds["A1"].value == tables[0].title
    assert [c.value for c in kinds[2]] == tables[0].columns
    assert all(c.font.b for c in kinds[2])
    assert isinstance(kinds["C3"].value, int) and kinds["C3"].number_format == "#,##0"
    amounts_table = _tables(content)[_("Support given by type: amounts")]
    support = wb[wb.sheetnames[1 + tables.index(amounts_table)]]
    amounts = [r[c].value for r in support.iter_rows(min_row=3) for c in (2, 3)]
    assert all(isinstance(v, int) for v in amounts) and "₫" in support["D3"].number_format
    ethnic_index = tables.index(_tables(content)[_("Persons received by ethnic group")])
    ethnic = wb[wb.sheetnames[1 + ethnic_index]]
    values = [r[2].value for r in ethnic.iter_rows(min_row=3)]
    assert "<5" in values and all(isinstance(v, int) for v in values if v != "<5")
    # a date cell is a date
    from desktop.core.reports import xlsx

    dated = TableData("Bảng 1. Ngày", ["Ngày", "Số"], [[D(2026, 2, 5), 3]], counts={1})
    content.sections[0].tables = [dated]
    content.sections[1:] = []
    path = xlsx.write(content, _header(demo), D(2026, 2, 6), tmp_path / "d.xlsx")
    cell = load_workbook(path)[load_workbook(path).sheetnames[1]]["A3"]
    assert isinstance(cell.value, dt.datetime) and cell.value.date() == D(2026, 2, 5)
    assert cell.number_format == "DD/MM/YYYY"


def _officer_cases(province):
    """Four cases worked through the steps as an officer does (consent, then Refer, Hand
    over): three referred in 2025, one of them handed over; one presumed a child."""
    from tests.core.cases_helpers import consent, hand_over, identify, refer

    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    ids = []
    for n, day in enumerate((D(2025, 9, 10), D(2025, 9, 20), D(2025, 10, 5))):
        cid = receive(officer, name=f"Người {n}")
        identify(officer, cid, D(2025, 9, 4))
        consent(officer, cid, D(2025, 9, 8))
        refer(officer, cid, day, agency="Sở Y tế")
        ids.append(cid)
    hand_over(officer, ids[0], D(2025, 10, 20))
    receive(officer, name="Vi Thị Lan", birth=None, birth_year=2007)  # ≈ 18: presumed a child
    return officer


def test_cases_referred_agree_with_the_referrals(province):
    officer = _officer_cases(province)
    for lo, hi in ((D(2025, 9, 1), D(2025, 9, 30)), YEAR):
        content = period.build(officer, lo, hi, today=TODAY)
        fig = period.figures(officer, lo, hi, TODAY)
        steps = _as_dict(_tables(content)[_("Steps taken on cases in the period")])
        referred = steps[rules.status_label(rules.REFERRED)]
        assert referred == fig["referrals"]["cases"] == fig["steps"]["referred"]
        assert _total(_tables(content)[_("Referrals by agency referred to")]) == referred
    assert steps[rules.status_label(rules.HANDED_OVER)] == 1
    assert referred == 3


def test_ages_count_presumed_children_as_children(province):
    officer = _officer_cases(province)
    content = period.build(officer, *YEAR, today=TODAY)
    ages = _as_dict(_tables(content)[_("Persons received by age group at reception")])
    assert ages == {period._age_label("16-17"): 1, period._age_label("18-29"): 3}
    summary = _as_dict(_tables(content)[_("Persons and cases received")])
    assert summary[_("of whom children")] == 1
    paragraphs = [p for s in content.sections for p in s.paragraphs]
    assert (
        _(
            "The cases received are those of {persons} persons ({children} of them "
            "children); in the same period of the previous year, {before_cases} cases of "
            "{before_persons} persons were received."
        ).format(persons="4", children="1", before_cases="0", before_persons="0")
        in paragraphs
    )


def test_legacy_channels_and_steps_are_named(province):
    from desktop.core.db.models_cases import CaseTransition, ReceptionCase

    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(officer)
    with officer.db.session() as s:  # as a laptop of version 0.1 recorded them
        s.get(ReceptionCase, cid).channel = "family_hotline"
        s.add(CaseTransition(case_id=cid, from_status="identified", to_status="supported",
                             effective_on=D(2025, 9, 5), actor="x"))  # fmt: skip
    content = period.build(officer, *YEAR, today=TODAY)
    t = _tables(content)
    channels = _as_dict(t[_("Cases received by how they started")])
    assert channels == {_(rules.LEGACY_CHANNELS["family_hotline"]): 1}
    steps = _as_dict(t[_("Steps taken on cases in the period")])
    assert steps[rules.status_label("supported")] == 1
    assert "supported" not in steps and "family_hotline" not in channels
    run_job(service.build_pdf(officer, _request(officer), officer.data_dir / "legacy.pdf"))
