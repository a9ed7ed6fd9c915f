"""Reports benchmarks for `make bench`: the yearly periodic report over the demo province
(100,000 events and 20,000 cases) as PDF and as Excel, against bare ReportLab and bare
openpyxl writing the very same tables in the same run.

``bench_reports(data_dir)`` is called by run_all.py. Run alone
(``python -m tests.bench.reports``), it makes its own demo profile and puts its rows into
the table of docs/PERFORMANCE.md in place of the previous reports rows, leaving the others.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import sqlcipher3
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from desktop.core import demo, profile
from desktop.core.progress import run_job
from desktop.core.reports import period, render, service
from desktop.core.reports.content import ReportContent
from desktop.core.reports.document import SERIF, register_fonts
from tests.bench.common import Row, fmt_s, median_time, raw_connection

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "Yearly periodic report"


def _busiest_year(opened: profile.OpenProfile) -> int:
    from sqlalchemy import select

    from desktop.core.db.models import OutreachEvent

    with opened.db.session() as s:
        years = Counter(d.year for d in s.execute(select(OutreachEvent.held_on)).scalars())
    return years.most_common(1)[0][0]


def _bare_pdf(content: ReportContent, out: Path) -> None:
    """The same tables, as plain ReportLab tables of strings on A4 (no head, no charts, no
    wrapping cells, no page numbers): what ReportLab itself costs."""
    register_fonts()
    story = []
    for section in content.sections:
        for table in section.tables:
            data = [table.columns] + [[render.cell_text(table, c, v) for c, v in enumerate(r)]
                                      for r in table.rows]  # fmt: skip
            t = Table(data, repeatRows=1)
            t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 11),
                                   ("GRID", (0, 0), (-1, -1), 0.5, "black")]))  # fmt: skip
            story.append(t)
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def _bare_xlsx(content: ReportContent, out: Path) -> None:
    wb = Workbook(write_only=True)
    for section in content.sections:
        for n, table in enumerate(section.tables):
            ws = wb.create_sheet(f"{section.heading[:20]} {n}")
            ws.append(table.columns)
            for row in table.rows:
                ws.append(row)
    wb.save(out)


def _statements(
    opened: profile.OpenProfile, first: dt.date, last: dt.date
) -> list[tuple[str, Any]]:
    """The SQL statements (with their parameters) that stats.compute runs for the period."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(opened.db.engine, "before_cursor_execute", keep)
    try:
        period.figures(opened, first, last)
    finally:
        event.remove(opened.db.engine, "before_cursor_execute", keep)
    return seen


def _raw_figures(conn: sqlcipher3.Connection, statements: list[tuple[str, Any]]) -> None:
    for statement, parameters in statements:
        conn.execute(statement, parameters).fetchall()


def bench_reports(data_dir: Path) -> list[Row]:
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    out: list[Row] = []
    try:
        year = _busiest_year(opened)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        header = service.load_header(opened, "period")
        header.signer_name = "Hoàng Văn Quản"
        request = service.ReportRequest("period", first, last, header=header)
        figures = period.figures(opened, first, last)
        content = period.content_from(opened, figures, first, last)
        events, cases = figures["events"]["total"], figures["cases"]["total"]
        scope = f"{year}: {events:,} of the events, {cases:,} of the cases"
        figs = median_time(lambda: period.figures(opened, first, last), repeat=5)
        conn = raw_connection(data_dir, opened._key)
        statements = _statements(opened, first, last)
        raw = median_time(lambda: _raw_figures(conn, statements), repeat=5)
        conn.close()
        out.append(Row(
            f"{PREFIX}: its figures (stats.compute, {len(statements)} queries)", figs, raw,
            "the same SQL statements on a bare SQLCipher connection",
            "events, cases, persons, support, steps, shelter, referrals, overdue and other "
            "bodies' figures of the year, and the same of the year before (cùng kỳ)",
        ))  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="khien-bench-reports-") as tmp:
            work = Path(tmp)
            ours = median_time(
                lambda: run_job(service.build_pdf(opened, request, work / "bc.pdf")), repeat=3
            )
            bare = median_time(lambda: _bare_pdf(content, work / "bare.pdf"), repeat=3)
            pages = len(re.findall(rb"/Type\s*/Page\b", (work / "bc.pdf").read_bytes()))
            out.append(Row(
                f"{PREFIX} PDF ({scope})", ours, bare,
                "bare ReportLab tables of the same cells, same run",
                f"{pages} pages: figures, names, layout with head, charts and signature",
            ))  # fmt: skip
            layout = median_time(
                lambda: render.write_pdf(content, header, last, work / "r.pdf"), repeat=3
            )
            out.append(Row(
                f"{PREFIX}: layout only (figures ready)", layout, bare,
                "bare ReportLab tables of the same cells, same run",
                "Decree 30 head, paragraph cells, two-set commune table, charts",
            ))  # fmt: skip
            ours_x = median_time(
                lambda: run_job(service.build_xlsx(opened, request, work / "bc.xlsx")), repeat=3
            )
            bare_x = median_time(lambda: _bare_xlsx(content, work / "bare.xlsx"), repeat=3)
            out.append(Row(
                f"{PREFIX} as .xlsx", ours_x, bare_x,
                "bare openpyxl (write-only) writing the same cells",
                "includes the figures, as the PDF does",
            ))  # fmt: skip
    finally:
        opened.close()
    return out


def _merge_into_performance(rows: list[Row], path: Path) -> None:
    """Replace this benchmark's rows where they stand in the first table (or add them at
    that table's end), and say under that table when they were measured."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    mine = [
        f"| {r.name} | {fmt_s(r.ours_s)} | {fmt_s(r.base_s)} | {r.ratio:.1f}× | {r.baseline} | {r.note} |"
        for r in rows
    ]
    stamp = f"The `{PREFIX}` rows were measured on "
    at = next((i for i, ln in enumerate(lines) if ln.startswith(f"| {PREFIX}")), None)
    kept: list[str] = []
    for ln in lines:
        if ln.startswith(stamp) and kept and kept[-1] == "":
            kept.pop()  # the note's own blank line goes with it
        if not ln.startswith((f"| {PREFIX}", stamp)):
            kept.append(ln)
    if at is None:  # the end of the first table
        at = next((i for i, ln in enumerate(kept) if ln.startswith("|")), len(kept))
        while at < len(kept) and kept[at].startswith("|"):
            at += 1
    kept[at:at] = mine
    end = at + len(mine)
    while end < len(kept) and kept[end].startswith("|"):
        end += 1
    note = f"{stamp}{dt.date.today().isoformat()} by `python -m tests.bench.reports`."
    kept[end:end] = ["", note] if end < len(kept) and kept[end] == "" else ["", note, ""]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def main() -> int:
    from tests.bench.run_all import CASES, EVENTS

    with tempfile.TemporaryDirectory(prefix="khien-bench-") as tmp:
        data_dir = Path(tmp) / "province"
        run_job(demo.create_demo_profile(data_dir, events=EVENTS, cases=CASES, seed=7)).close()
        rows = bench_reports(data_dir)
    out = ROOT / "docs" / "PERFORMANCE.md"
    _merge_into_performance(rows, out)
    for r in rows:
        print(f"{r.name}: {fmt_s(r.ours_s)} vs {fmt_s(r.base_s)} ({r.ratio:.1f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
