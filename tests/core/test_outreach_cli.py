"""`khien export xlsx events`: the events of a period as a spreadsheet, headless."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from desktop import cli
from desktop.core.security.roles import Role
from tests.conftest import PASSWORD
from tests.core.outreach_helpers import add_event, as_role


def test_export_xlsx_events(province, data_dir, tmp_path, monkeypatch, capsys):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    add_event(officer, title="Tọa đàm ở Nà Lầu")
    add_event(officer, title="Năm khác", held_on=dt.date(2021, 5, 1))
    province.close()
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    out = tmp_path / "su-kien.xlsx"
    code = cli.main(["export", "xlsx", "events", "--data-dir", str(data_dir), "--out", str(out),
                     "--from", "2019-01-01", "--to", "31/12/2019"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["Tọa đàm ở Nà Lầu"]
    bad = cli.main(["export", "xlsx", "events", "--data-dir", str(data_dir), "--out", "x.csv"])
    assert bad == cli.EXIT_REFUSED and ".xlsx" in capsys.readouterr().err
