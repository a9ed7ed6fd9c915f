"""Figures other bodies report (the police's cases detected, offenders…): entered by the
province with their source, refused when wrong, counted in the period they lie within,
printed in the periodic report as given, with their source, and equal to ``khien stats``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from desktop import cli
from desktop.core import other_figures, stats
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.other_figures import FigureInput
from desktop.core.progress import run_job
from desktop.core.reports import period, service
from desktop.core.security.roles import Role
from tests.conftest import ADMIN, PASSWORD
from tests.core.cases_helpers import as_role
from tests.core.reports_helpers import flat, page_texts

D = dt.date
TODAY = D(2026, 7, 20)
POLICE = "Công an tỉnh Lạng Sơn"


Q1, Q1_END, Q1_REPORT = D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 5)


def entry(figure="cases_detected", start=Q1, end=Q1_END, value=4, body=POLICE,
          document="Báo cáo số 115/BC-CAT", on=Q1_REPORT) -> FigureInput:  # fmt: skip
    return FigureInput(figure, start, end, value, body, document, on)


def test_entries_are_checked_with_one_sentence(province):
    bad = [
        (entry(figure="arrests"), "figure"),
        (entry(start=D(2026, 3, 1), end=D(2026, 2, 1)), "period_end"),
        (entry(value=-1), "value"),
        (entry(body="  "), "source_body"),
        (entry(on=D(2026, 8, 1)), "source_date"),  # after today
        (entry(on=D(2025, 12, 31)), "source_date"),  # before the period it reports on
        (entry(start=D(2026, 8, 1), end=D(2026, 9, 30), on=D(2026, 7, 1)), "period_start"),
    ]
    for data, field in bad:
        with pytest.raises(ValidationError) as caught:
            other_figures.save(province, data, today=TODAY)
        assert caught.value.field == field, data
        assert caught.value.message.endswith(".") and "\n" not in caught.value.message
    assert other_figures.entries(province) == []


def test_the_same_days_are_never_counted_twice(province):
    first = other_figures.save(province, entry(), today=TODAY)
    with pytest.raises(ValidationError) as caught:  # the same body, overlapping days
        other_figures.save(province, entry(start=D(2026, 3, 1), end=D(2026, 4, 30)), today=TODAY)
    assert caught.value.field == "period_start"
    # spelled differently, the same body
    with pytest.raises(ValidationError):
        other_figures.save(province, entry(body="công an tỉnh  Lạng Sơn"), today=TODAY)
    # another body, or another figure, or the next quarter: allowed
    other_figures.save(province, entry(body="Bộ đội Biên phòng tỉnh Lạng Sơn"), today=TODAY)
    other_figures.save(province, entry(figure="offenders_detected", value=7), today=TODAY)
    other_figures.save(province, entry(start=D(2026, 4, 1), end=D(2026, 6, 30), value=3,
                                       on=D(2026, 7, 3)), today=TODAY)  # fmt: skip
    # an entry corrected in place does not clash with itself
    other_figures.save(province, entry(value=5), figure_id=first, today=TODAY)
    assert len(other_figures.entries(province)) == 4
    other_figures.delete(province, first)
    assert first not in {v.id for v in other_figures.entries(province)}
    other_figures.save(province, entry(value=6), today=TODAY)  # its days are free again


def test_only_the_provincial_office_enters_them(province):
    with pytest.raises(PermissionDenied):
        other_figures.save(as_role(province, Role.DISTRICT_OFFICER), entry(), today=TODAY)
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    assert other_figures.save(officer, entry(), today=TODAY)
    with province.db.session() as s:
        actions = s.execute(text("SELECT action FROM audit_events")).scalars().all()
    assert "figure.save" in actions


def _half_year(province) -> None:
    for data in (
        entry(value=4),
        entry(start=D(2026, 4, 1), end=D(2026, 6, 30), value=3, on=D(2026, 7, 3)),
        entry(figure="offenders_detected", start=D(2026, 1, 1), end=D(2026, 6, 30), value=11,
              on=D(2026, 7, 3)),
        # the same period of 2025
        entry(start=D(2025, 1, 1), end=D(2025, 6, 30), value=9, on=D(2025, 7, 4),
              document="Báo cáo số 98/BC-CAT"),
        # straddles the end of the half-year: listed, not counted
        entry(figure="cases_tried", start=D(2026, 5, 1), end=D(2026, 7, 15), value=2,
              body="Tòa án nhân dân tỉnh Lạng Sơn", on=D(2026, 7, 16)),
    ):  # fmt: skip
        other_figures.save(province, data, today=TODAY)


def test_counted_within_the_period_and_summed(province):
    _half_year(province)
    with province.db.session() as s:
        got = stats.compute(s, D(2026, 1, 1), D(2026, 6, 30), TODAY, compare=True)
        # independent SQL: the entries lying within the period, summed per figure
        want = dict(s.execute(text(
            "SELECT figure, SUM(value) FROM other_body_figures WHERE deleted = 0 "
            "AND period_start >= '2026-01-01' AND period_end <= '2026-06-30' GROUP BY figure"
        )).all())  # fmt: skip
    now = got["other_bodies"]
    assert {k: v["value"] for k, v in now["by_figure"].items()} == want
    assert want == {"cases_detected": 7, "offenders_detected": 11}
    assert [e["figure"] for e in now["partial"]] == ["cases_tried"]
    assert got["previous"]["other_bodies"]["by_figure"]["cases_detected"]["value"] == 9
    with province.db.session() as s:
        q1 = stats.compute(s, D(2026, 1, 1), D(2026, 3, 31), TODAY)["other_bodies"]
    assert q1["by_figure"]["cases_detected"]["value"] == 4
    assert [e["figure"] for e in q1["partial"]] == ["offenders_detected"]


def test_the_report_prints_them_as_given_with_their_source(province, tmp_path):
    _half_year(province)
    content = period.build(province, D(2026, 1, 1), D(2026, 6, 30), today=TODAY)
    tables = {t.title.split(". ", 1)[1]: t for s in content.sections for t in s.tables}
    figures = tables[_("Figures reported by other bodies")]
    rows = {r[1]: r[2:4] for r in figures.rows}
    assert rows[other_figures.figure_name("cases_detected")] == [7, 9]
    # none given for 2025: not a nought
    assert rows[other_figures.figure_name("offenders_detected")] == [11, period.NOT_GIVEN]
    assert [r[4:] for r in figures.rows] == [period.change_cells(7, 9), [None, None]]
    assert not figures.suppressible  # another body's figures are printed as given
    sources = tables[_("Sources of the figures reported by other bodies")]
    assert len(sources.rows) == 5  # three this period, one last year, one not counted
    assert any("98/BC-CAT" in str(r[4]) for r in sources.rows)
    assert not content.empty  # a period with only these figures still has a report
    request = service.ReportRequest(
        kind="period", date_from=D(2026, 1, 1), date_to=D(2026, 6, 30),
        header=service.load_header(province, "period"), on=D(2026, 7, 20),
    )  # fmt: skip
    request.header.signer_name = "Hoàng Văn Quản"
    out = run_job(service.build_pdf(province, request, tmp_path / "bc.pdf"))
    pdf = flat(" ".join(page_texts(out)))
    assert flat(_("Figures reported by other bodies")).upper() in pdf.upper()
    assert "115/BC-CAT" in pdf and POLICE in pdf


def test_stats_json_carries_them(province, tmp_path, capsys, monkeypatch):
    _half_year(province)
    where = province.data_dir
    province.db.close()
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    args = ["stats", "--data-dir", str(where), "--user", ADMIN, "--from", "01/01/2026",
            "--to", "30/06/2026", "--json"]  # fmt: skip
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["other_bodies"]["by_figure"]["cases_detected"]["value"] == 7


@pytest.mark.parametrize(
    ("change", "field"),
    [({"figure": "arrests"}, "figure"), ({"period_end": D(2025, 12, 31)}, "period_end")],
)
def test_rows_written_around_the_service_are_checked_too(province, change, field):
    """What a bundle or a script writes passes the same rules (desktop.core.validation)."""
    from desktop.core.db.models_figures import OtherBodyFigure

    values = dict(figure="cases_detected", period_start=D(2026, 1, 1), period_end=D(2026, 3, 31),
                  value=3, source_body=POLICE, source_date=D(2026, 4, 2))  # fmt: skip
    values.update(change)
    with pytest.raises(ValidationError) as caught, province.db.session() as s:
        s.add(OtherBodyFigure(**values))
    assert caught.value.field == field
    assert other_figures.entries(province) == []


def test_the_demo_has_them_once(province):
    from desktop.core import demo
    from desktop.core.progress import run_job as run

    run(demo.generate(province, events=20, cases=5, seed=3))
    first = other_figures.entries(province)
    run(demo.generate(province, events=20, cases=5, seed=4))  # more demo data: not twice
    assert other_figures.entries(province) == first
    with province.db.session() as s:
        half = stats.compute(s, D(2026, 1, 1), D(2026, 6, 30), compare=True)["other_bodies"]
    # two quarters of the police's and one half-year of the court's figures
    police = half["by_figure"]["cases_detected"]["entries"]
    assert len(police) == 2 and {e["source_body"] for e in police} == {POLICE}
    assert len(half["by_figure"]["cases_tried"]["entries"]) == 1


def test_undoing_a_deletion_never_counts_days_twice(province):
    """Deleted, its days entered again, then the deletion undone: refused in one sentence."""
    from desktop.core import trash

    first = other_figures.save(province, entry(), today=TODAY)
    other_figures.delete(province, first)
    other_figures.save(province, entry(value=9), today=TODAY)
    with pytest.raises(ValidationError) as caught:
        trash.restore(province, "other_body_figures", first)
    assert caught.value.message.endswith(".") and "\n" not in caught.value.message
    assert [v.value for v in other_figures.entries(province)] == [9]
