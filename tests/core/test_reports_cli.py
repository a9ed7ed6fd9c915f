"""``khien report`` and ``khien export xlsx report``: the totals a report prints are the
figures ``khien stats --json`` gives for the same period; bad input is one line on stderr
and leaves no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop import cli
from desktop.core import demo, i18n, profile, stats
from desktop.core.db.models_cases import ReceptionCase
from desktop.core.i18n import _
from desktop.core.reports import period
from tests.conftest import folder_once
from tests.core.cli_helpers import refused
from tests.core.reports_helpers import (
    Run,
    add_case_records,
    add_variety,
    flat,
    page_texts,
    text_runs,
)

PERIOD = ["--from", "01/01/2025", "--to", "2025-12-31"]
SIGN = ["--signer", "Hoàng Văn Quản", "--number", "15/BC-BCĐ"]


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHIEN_PASSWORD", demo.DEMO_PASSWORD)
    monkeypatch.setenv("KHIEN_USER", "canbo")


def _demo_profile(folder: Path) -> None:
    argv = ["demo", "--data-dir", str(folder), "--events", "900", "--cases", "260", "--seed", "4"]
    assert cli.main(argv) == 0
    opened = profile.open_profile(folder, "canbo", demo.DEMO_PASSWORD)
    try:
        add_case_records(opened, seed=4)
        add_variety(opened, seed=4)
    finally:
        opened.close()


@pytest.fixture
def where(tmp_path, tmp_path_factory, capsys) -> Path:
    """A demo profile with case records (the first test's, copied: making it takes seconds)."""
    folder = folder_once("reports-cli-demo", tmp_path / "demo", tmp_path_factory, _demo_profile)
    capsys.readouterr()
    return folder


def _stats(where: Path, capsys) -> dict:
    assert cli.main(["stats", "--data-dir", str(where), *PERIOD, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _caption(runs: list[Run], title: str) -> int:
    """The index of the caption "Bảng N. *title*" (whatever its number)."""
    want = flat(_(title))
    for i, r in enumerate(runs):
        text = flat(r.text)
        head, _sep, rest = text.partition(". ")
        if rest == want and head.split(" ")[-1].isdigit():
            return i
    raise AssertionError(f"no table {title!r}")


def _row_after(runs: list[Run], title: str, label: str) -> list[str]:
    """The texts on the line of the first *label* cell after the table titled *title*."""
    start = _caption(runs, title)
    left = runs[start].x + 40  # a row number is in the first column, not a figure equal to it
    cell = next(r for r in runs[start:] if r.text.strip() == label
                and (not label.isdigit() or r.x < left))  # fmt: skip
    line = [r for r in runs if r.page == cell.page and abs(r.y - cell.y) < 1.5]
    return [flat(r.text) for r in sorted(line, key=lambda r: r.x)]


def _n(value: int) -> str:
    return i18n.format_number(value)


def _cmp(now: int, before: int, money: bool = False) -> list[str]:
    """The four figures a row prints: this period, the same period last year, the change
    and its percentage."""
    shown = i18n.format_money if money else _n
    return [flat(t) for t in (shown(now), shown(before), *period.change_cells(now, before, money))]


def test_report_totals_equal_khien_stats(where, tmp_path, capsys):
    fig = _stats(where, capsys)
    prev = fig["previous"]
    assert prev["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    out = tmp_path / "bao-cao.pdf"
    argv = ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN, "--out", str(out)]
    assert cli.main(argv) == 0
    assert str(out) in capsys.readouterr().out
    runs = text_runs(out)
    total = _("Total")
    ev, cs, ps = fig["events"], fig["cases"], fig["persons"]
    pev, pcs, pps = prev["events"], prev["cases"], prev["persons"]
    assert ev["total"] > 0 and cs["total"] > 0 and pcs["total"] > 0
    assert ps["total"] < cs["total"]  # someone was received twice

    def totals(title: str) -> list[str]:
        return _row_after(runs, title, total)[-4:]

    assert totals("Outreach activities by kind") == _cmp(ev["total"], pev["total"])
    people = (ev["participants"]["total"], pev["participants"]["total"])
    assert totals("People reached by kind of activity") == _cmp(*people)
    groups = [_row_after(runs, "People reached by group", str(i))[-4:] for i in range(1, 5)]
    assert groups == [_cmp(ev["participants"][k], pev["participants"][k])
                      for k in ("total", "women", "men", "youth")]  # fmt: skip
    assert totals("Outreach activities by lead agency") == _cmp(ev["total"], pev["total"])
    assert _n(ev["total"]) in _row_after(runs, "Outreach activities by commune", total)
    summary = [_row_after(runs, "Persons and cases received", str(i))[-4:] for i in range(1, 6)]
    assert summary == [_cmp(cs["total"], pcs["total"])] + [
        _cmp(ps[k], pps[k]) for k in ("total", "children", "identified", "supported")
    ]
    for title in ("Persons received by sex", "Persons received by age group at reception",
                  "Persons received by ethnic group", "Persons received by home province",
                  "Persons received by destination country",
                  "Persons received by purpose of trafficking",
                  "Persons received by way of return"):  # fmt: skip
        assert totals(title) == _cmp(ps["total"], pps["total"]), title
    for title in ("Cases received by how they started", "Cases received by border gate",
                  "Cases received by legal regime", "Present status of the cases received"):  # fmt: skip
        assert totals(title) == _cmp(cs["total"], pcs["total"]), title
    # every row of the breakdowns by way of return, sex and purpose, in the report's order
    for title, key, order in (
        ("Persons received by way of return", "by_return", period._fixed_order(period.RETURN_LABELS)),
        ("Persons received by sex", "by_sex", period._fixed_order(["female", "male", "other"])),
        ("Persons received by purpose of trafficking", "by_purpose",
         period._fixed_order(["material", "sexual", "labour", "organs", "inhumane"])),
    ):  # fmt: skip
        now, before = ps[key], pps[key]
        codes = sorted(set(now) | set(before), key=order)
        rows = [_row_after(runs, title, str(i))[-4:] for i in range(1, len(codes) + 1)]
        assert rows == [_cmp(now.get(c, 0), before.get(c, 0)) for c in codes], title
    home = _row_after(runs, "Persons received by home province", "1")
    assert "Lạng Sơn" in home and home[-4:] == _cmp(ps["by_home_province"]["20"],
                                                    pps["by_home_province"].get("20", 0))  # fmt: skip
    assert len(ps["by_home_province"]) > 2 and len(ps["by_destination"]) > 2
    identified = _row_after(runs, "Steps taken on cases in the period", "1")
    assert identified[-4:] == _cmp(fig["steps"]["identified"], prev["steps"]["identified"])
    sup, psup = fig["support"], prev["support"]
    assert totals("Support given by type: times given") == _cmp(sup["count"], psup["count"])
    amounts = totals("Support given by type: amounts")
    assert amounts == _cmp(sup["amount"], psup["amount"], money=True)
    stays = [_row_after(runs, "Shelter stays", str(i))[-4:] for i in (1, 2, 3)]
    sh, psh = fig["shelter"], prev["shelter"]
    assert stays == [_cmp(sh[k], psh[k]) for k in ("admitted", "discharged", "staying_at_end")]
    referrals = totals("Referrals by agency referred to")
    assert referrals == _cmp(fig["referrals"]["total"], prev["referrals"]["total"])
    overdue = _row_after(runs, "Overdue steps by status", total)
    assert overdue[-1] == _n(fig["overdue"]["total"])
    text = flat(" ".join(page_texts(out)))
    assert "Hoàng Văn Quản" in text and "15/BC-BCĐ" in text
    assert "Lạng Sơn, ngày" in text
    assert stats.previous_period  # the same period last year is the one "previous" gives


def test_xlsx_report_totals_equal_khien_stats(where, tmp_path, capsys):
    fig = _stats(where, capsys)
    out = tmp_path / "bao-cao.xlsx"
    argv = ["export", "xlsx", "report", "--kind", "period", "--data-dir", str(where), *PERIOD,
            *SIGN, "--out", str(out)]  # fmt: skip
    assert cli.main(argv) == 0
    wb = load_workbook(out)
    kinds = wb[wb.sheetnames[1]]
    last = [c.value for c in list(kinds.iter_rows())[-1]]
    ev, before = fig["events"], fig["previous"]["events"]
    assert last[1:4] == [_("Total"), ev["total"], before["total"]]
    assert isinstance(last[2], int) and isinstance(last[3], int)
    people = [c.value for c in list(wb[wb.sheetnames[2]].iter_rows())[-1]]
    assert people[2:4] == [ev["participants"]["total"], before["participants"]["total"]]


def test_english_report_and_reception_record(where, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    argv = ["--lang", "en", "report", "period", "--data-dir", str(where), *PERIOD, *SIGN,
            "--suppress", "5", "--out", str(out)]  # fmt: skip
    assert cli.main(argv) == 0
    text = flat(" ".join(page_texts(out)))
    assert (
        "REPORT" in text
        and "Results of the work against human trafficking in the year 2025" in text
    )
    assert "Counts under 5 are shown as “<5”" in text and "<5" in text
    opened = profile.open_profile(where, "canbo", demo.DEMO_PASSWORD)
    with opened.db.session() as s:
        code = s.execute(select(ReceptionCase.case_code).limit(1)).scalar_one()
    opened.close()
    record = tmp_path / "bb.pdf"
    argv = ["report", "reception", "--data-dir", str(where), "--case", code.lower(),
            "--out", str(record)]  # fmt: skip
    assert cli.main(argv) == 0, capsys.readouterr().err
    assert "BIÊN BẢN TIẾP NHẬN" in flat(" ".join(page_texts(record)))


def test_bad_input_is_one_line_and_no_file(where, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    base = ["--data-dir", str(where), "--out", str(out / "x.pdf")]
    refused(capsys, ["report", "period", *base, "--from", "01/03/2025", "--to", "01/02/2025",
                      *SIGN])  # fmt: skip
    refused(capsys, ["report", "period", *base, *SIGN])  # no period
    message = refused(capsys, ["report", "period", *base, *PERIOD])  # no signer yet
    assert message == _("Enter the name of the person who signs the report in the header.")
    refused(capsys, ["report", "period", *base, *PERIOD, *SIGN, "--suppress", "-2"])
    refused(capsys, ["report", "campaign", *base, *SIGN, "--plan", "99/KH-XYZ"])
    refused(capsys, ["report", "case", *base, "--case", "LS-1999-99999"])
    refused(capsys, ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN,
                      "--out", str(out / "x.docx")])  # fmt: skip
    refused(capsys, ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN,
                      "--out", str(out / "missing" / "x.pdf")])  # fmt: skip
    refused(capsys, ["export", "xlsx", "report", "--kind", "period", "--data-dir", str(where),
                      *PERIOD, *SIGN, "--out", str(out / "x.pdf")])  # fmt: skip
    refused(capsys, ["--lang", "en", "report", "period", *base, "--from", "31/02/2025",
                      "--to", "01/03/2025", *SIGN])  # fmt: skip
    assert list(out.iterdir()) == []


def test_stats_json_has_the_report_breakdowns(where, capsys):
    fig = _stats(where, capsys)
    assert set(fig) >= {"events", "cases", "support", "steps", "shelter", "referrals", "overdue",
                        "persons", "period", "previous"}  # fmt: skip
    assert set(fig["previous"]) >= {"events", "cases", "persons", "support", "period"}
    assert set(fig["events"]["participants"]) == {"total", "women", "men", "youth"}
