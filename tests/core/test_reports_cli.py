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
from desktop.core import demo, i18n, profile
from desktop.core.db.models_cases import ReceptionCase
from desktop.core.i18n import _
from tests.core.reports_helpers import Run, add_case_records, flat, page_texts, text_runs

PERIOD = ["--from", "01/01/2025", "--to", "2025-12-31"]
SIGN = ["--signer", "Hoàng Văn Quản", "--number", "15/BC-BCĐ"]


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHIEN_PASSWORD", demo.DEMO_PASSWORD)
    monkeypatch.setenv("KHIEN_USER", "canbo")


@pytest.fixture
def where(tmp_path, capsys) -> Path:
    folder = tmp_path / "demo"
    argv = ["demo", "--data-dir", str(folder), "--events", "900", "--cases", "260", "--seed", "4"]
    assert cli.main(argv) == 0
    opened = profile.open_profile(folder, "canbo", demo.DEMO_PASSWORD)
    try:
        add_case_records(opened, seed=4)
    finally:
        opened.close()
    capsys.readouterr()
    return folder


def _stats(where: Path, capsys) -> dict:
    assert cli.main(["stats", "--data-dir", str(where), *PERIOD, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _refused(capsys, argv: list[str]) -> str:
    assert cli.main(argv) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


def _row_after(runs: list[Run], caption: str, label: str) -> list[str]:
    """The texts on the line of the first *label* cell after the table captioned *caption*."""
    start = next(i for i, r in enumerate(runs) if flat(r.text) == flat(caption))
    cell = next(r for r in runs[start:] if r.text.strip() == label)
    line = [r for r in runs if r.page == cell.page and abs(r.y - cell.y) < 1.5]
    return [r.text.strip() for r in sorted(line, key=lambda r: r.x)]


def _n(value: int) -> str:
    return i18n.format_number(value)


def test_report_totals_equal_khien_stats(where, tmp_path, capsys):
    fig = _stats(where, capsys)
    out = tmp_path / "bao-cao.pdf"
    argv = ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN, "--out", str(out)]
    assert cli.main(argv) == 0
    assert str(out) in capsys.readouterr().out
    runs = text_runs(out)
    total = _("Total")

    def table(n: int, title: str) -> str:
        return _("Table {n}. {title}").format(n=n, title=_(title))

    ev, cs = fig["events"], fig["cases"]
    assert ev["total"] > 0 and cs["total"] > 0
    assert _row_after(runs, table(1, "Outreach activities by kind"), total) == [
        total, _n(ev["total"]), _n(ev["participants"]["total"])]  # fmt: skip
    groups = [
        _row_after(runs, table(2, "People reached by group"), str(i))[-1] for i in range(1, 5)
    ]
    assert groups == [_n(ev["participants"][k]) for k in ("total", "women", "men", "youth")]
    assert _row_after(runs, table(3, "Outreach activities by lead agency"), total)[-1] == _n(
        ev["total"])  # fmt: skip
    assert _n(ev["total"]) in _row_after(runs, table(4, "Outreach activities by commune"), total)
    for n, title in enumerate(("Cases received by how they started",
                               "Cases received by border gate", "Cases received by sex",
                               "Cases received by age group", "Cases received by ethnic group",
                               "Cases received by legal regime",
                               "Present status of the cases received"), start=5):  # fmt: skip
        assert _row_after(runs, table(n, title), total)[-1] == _n(cs["total"]), title
    identified = _row_after(runs, table(12, "Steps taken on cases in the period"), "1")
    assert identified[-1] == _n(fig["steps"]["identified"])
    support = _row_after(runs, table(13, "Support given by type"), total)
    money = flat(i18n.format_money(fig["support"]["amount"]))
    assert [flat(t) for t in support[-2:]] == [_n(fig["support"]["count"]), money]
    stays = [_row_after(runs, table(14, "Shelter stays"), str(i))[-1] for i in (1, 2, 3)]
    sh = fig["shelter"]
    assert stays == [_n(sh["admitted"]), _n(sh["discharged"]), _n(sh["staying_at_end"])]
    referrals = _row_after(runs, table(16, "Referrals by agency referred to"), total)
    assert referrals[-1] == _n(fig["referrals"]["total"])
    overdue = _row_after(runs, table(17, "Overdue steps by status"), total)
    assert overdue[-1] == _n(fig["overdue"]["total"])
    text = flat(" ".join(page_texts(out)))
    assert "Hoàng Văn Quản" in text and "15/BC-BCĐ" in text
    assert "Lạng Sơn, ngày" in text


def test_xlsx_report_totals_equal_khien_stats(where, tmp_path, capsys):
    fig = _stats(where, capsys)
    out = tmp_path / "bao-cao.xlsx"
    argv = ["export", "xlsx", "report", "--kind", "period", "--data-dir", str(where), *PERIOD,
            *SIGN, "--out", str(out)]  # fmt: skip
    assert cli.main(argv) == 0
    wb = load_workbook(out)
    kinds = wb[wb.sheetnames[1]]
    last = [c.value for c in list(kinds.iter_rows())[-1]]
    assert last[1:4] == [_("Total"), fig["events"]["total"], fig["events"]["participants"]["total"]]
    assert isinstance(last[2], int)


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
    _refused(capsys, ["report", "period", *base, "--from", "01/03/2025", "--to", "01/02/2025",
                      *SIGN])  # fmt: skip
    _refused(capsys, ["report", "period", *base, *SIGN])  # no period
    message = _refused(capsys, ["report", "period", *base, *PERIOD])  # no signer yet
    assert message == _("Enter the name of the person who signs the report in the header.")
    _refused(capsys, ["report", "period", *base, *PERIOD, *SIGN, "--suppress", "-2"])
    _refused(capsys, ["report", "campaign", *base, *SIGN, "--plan", "99/KH-XYZ"])
    _refused(capsys, ["report", "case", *base, "--case", "LS-1999-99999"])
    _refused(capsys, ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN,
                      "--out", str(out / "x.docx")])  # fmt: skip
    _refused(capsys, ["report", "period", "--data-dir", str(where), *PERIOD, *SIGN,
                      "--out", str(out / "missing" / "x.pdf")])  # fmt: skip
    _refused(capsys, ["export", "xlsx", "report", "--kind", "period", "--data-dir", str(where),
                      *PERIOD, *SIGN, "--out", str(out / "x.pdf")])  # fmt: skip
    _refused(capsys, ["--lang", "en", "report", "period", *base, "--from", "31/02/2025",
                      "--to", "01/03/2025", *SIGN])  # fmt: skip
    assert list(out.iterdir()) == []


def test_stats_json_has_the_report_breakdowns(where, capsys):
    fig = _stats(where, capsys)
    assert set(fig) >= {"events", "cases", "support", "steps", "shelter", "referrals", "overdue"}
    assert set(fig["events"]["participants"]) == {"total", "women", "men", "youth"}
