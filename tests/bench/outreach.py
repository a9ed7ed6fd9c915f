"""Outreach benchmarks for `make bench`: filter latency against the raw SQL (text search:
tests/bench/search.py),
time to the first screen of the events list against a bare QTableView, and .xlsx export
against bare openpyxl writing the same cells."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from desktop.core import demo, profile
from desktop.core.outreach import excel, query
from desktop.core.progress import run_job
from tests.bench.common import Row, fmt_s, median_time, raw_connection
from tests.bench.first_screen import first_screen

RAW_IDS = "SELECT id FROM outreach_events WHERE {cond} ORDER BY held_on DESC, id DESC"
FILTERS: list[tuple[str, query.EventFilter, str, list[Any]]] = [
    ("kind = talk, year 2025", query.EventFilter(kind="talk", date_from=dt.date(2025, 1, 1),
                                                  date_to=dt.date(2025, 12, 31)),
     "deleted = 0 AND kind = ? AND held_on >= ? AND held_on <= ?", ["talk", "2025-01-01", "2025-12-31"]),
    ("state = draft (none)", query.EventFilter(state="draft"), "deleted = 0 AND state = ?", ["draft"]),
]  # fmt: skip


def _first_screen(opened: profile.OpenProfile, total: int) -> Row:
    from desktop.ui.pages.outreach import OutreachPage
    from desktop.ui.pages.outreach_model import COLUMNS

    ours, every, bare = first_screen(lambda: OutreachPage(opened), total, len(COLUMNS))
    return Row(f"Events list first screen ({total:,} events)", ours, bare,
               "bare QTableView over a trivial model of as many rows",
               "page with its filters, shown with the first page of rows and the count; every "
               f"id in from the worker thread after {fmt_s(every)}")  # fmt: skip


def _bare_xlsx(rows: list[tuple[Any, ...]], out: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("events")
    for r in rows:
        ws.append(r)
    wb.save(out)


def bench_outreach(data_dir: Path) -> list[Row]:
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    conn = raw_connection(data_dir, opened._key)
    total = len(query.event_ids(opened, query.EventFilter()))
    out: list[Row] = []
    try:
        for label, f, cond, params in FILTERS:
            ours = median_time(lambda f=f: query.event_ids(opened, f), repeat=5)
            sql = RAW_IDS.format(cond=cond)
            base = median_time(lambda s=sql, p=params: conn.execute(s, p).fetchall(), repeat=5)
            out.append(Row(f"Events list ids: {label}, {total:,} events", ours, base,
                           "the same SELECT on a bare SQLCipher connection",
                           "all matching ids in order: what the lazy list holds"))  # fmt: skip
        out.append(_first_screen(opened, total))
        work = data_dir.parent
        start = time.perf_counter()
        run_job(excel.export_events(opened, query.EventFilter(), work / "events.xlsx"))
        ours = time.perf_counter() - start
        cols = ", ".join(
            ["held_on", "held_at", "kind", "title", "commune_code", "village", "venue",
             "lead_agency", "partner_agencies", "audience_total", "audience_women",
             "audience_men", "audience_youth", "ethnic_groups", "quantity", "minutes",
             "languages", "plan_task_id", "notes", "state"]
        )  # fmt: skip
        rows = conn.execute(f"SELECT {cols} FROM outreach_events WHERE deleted = 0").fetchall()
        start = time.perf_counter()
        _bare_xlsx(rows, work / "bare.xlsx")
        base = time.perf_counter() - start
        out.append(Row(f"Export {total:,} events to .xlsx", ours, base,
                       "bare openpyxl (write-only) writing the same cells",
                       "includes the query, code → name lookups and date cells"))  # fmt: skip
    finally:
        conn.close()
        opened.close()
    return out


if __name__ == "__main__":  # a quick run on a small demo profile
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "p"
        run_job(demo.create_demo_profile(d, events=5000, cases=0, seed=1)).close()
        for row in bench_outreach(d):
            print(row)
