"""Cases benchmarks for `make bench`: the cases list's id query with filters (text search:
tests/bench/search.py),
and fetching a page of rows, against the same SQL on a bare SQLCipher connection; the
first screen of the cases list against a bare QTableView.

Alone: ``python -m tests.bench.cases [DATA_DIR] [--keep DIR] [--first-screen]`` prints the
rows (docs/PERFORMANCE.md is left as it is). DATA_DIR is a 100,000-event demo profile;
without it one is made (about a minute), in a temporary folder or, with ``--keep DIR``, in
DIR, kept and used again by the next run. ``--first-screen`` measures only the first
screen (median of 9 runs against the bare table's median of 9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from desktop.core import demo, profile
from desktop.core.cases import listing
from desktop.core.progress import run_job
from tests.bench.common import Row, fmt_s, median_time, raw_connection
from tests.bench.first_screen import first_screen

RAW_IDS = (
    "SELECT c.id FROM reception_cases c JOIN persons p ON p.id = c.person_id "
    "WHERE c.deleted = 0 AND {cond} ORDER BY c.received_on DESC, c.id DESC"
)
FILTERS: list[tuple[str, listing.CaseFilter, str, list[Any]]] = [
    ("all cases", listing.CaseFilter(), "1 = 1", []),
    ("status = closed, sex = female", listing.CaseFilter(status="closed", sex="female"),
     "c.status = ? AND p.sex = ?", ["closed", "female"]),
    ("overdue", listing.CaseFilter(overdue=True), "c.due_on < ? AND c.status != 'closed'",
     [dt.date.today().isoformat()]),
]  # fmt: skip


def _first_screen(opened: profile.OpenProfile) -> Row:
    from desktop.ui.pages.cases import CasesPage
    from desktop.ui.pages.cases_model import COLUMNS

    total = len(listing.case_ids(opened, listing.CaseFilter()))
    ours, every, bare = first_screen(lambda: CasesPage(opened), total, len(COLUMNS))
    return Row(f"Cases list first screen ({total:,} cases)", ours, bare,
               "bare QTableView over a trivial model of as many rows",
               "page with its filters, shown with the first page of rows and the count, "
               "columns fitted to 20 rows; the names come right after the first paint, once "
               "the read's audit line is committed; every id in from the worker thread after "
               f"{fmt_s(every)}")  # fmt: skip


def bench_cases(data_dir: Path) -> list[Row]:
    """The cases list (ids, then one page of rows) as a provincial officer, 20,000 cases."""
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    conn = raw_connection(data_dir, opened._key)
    out = []
    try:
        for name, flt, cond, params in FILTERS:
            ours = median_time(lambda f=flt: listing.case_ids(opened, f), repeat=5)
            sql = RAW_IDS.format(cond=cond)
            base = median_time(lambda s=sql, p=params: conn.execute(s, p).fetchall(), repeat=5)
            out.append(Row(f"Cases list ids, {name}", ours, base,
                           "the same SQL on a bare SQLCipher connection",
                           "includes the audit line for a list that shows names"))  # fmt: skip
        ids = listing.case_ids(opened, listing.CaseFilter())[:200]
        ours = median_time(lambda: listing.case_rows(opened, ids), repeat=5)
        marks = ",".join("?" * len(ids))
        raw = (
            "SELECT c.*, p.full_name, p.sex FROM reception_cases c JOIN persons p "
            f"ON p.id = c.person_id WHERE c.id IN ({marks})"
        )
        base = median_time(lambda: conn.execute(raw, ids).fetchall(), repeat=5)
        out.append(Row("Cases list: one page of 200 rows", ours, base,
                       "the same SQL on a bare SQLCipher connection"))  # fmt: skip
        out.append(_first_screen(opened))
    finally:
        conn.close()
        opened.close()
    return out


EVENTS, CASES = 100_000, 20_000


def _demo(where: Path) -> Path:
    if not (where / "khien.db").exists():
        print(f"making the {EVENTS:,}-event demo in {where} (about a minute)…", flush=True)
        run_job(demo.create_demo_profile(where, events=EVENTS, cases=CASES, seed=7)).close()
    return where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.cases")
    parser.add_argument("data_dir", nargs="?", type=Path, help="a 100,000-event demo profile")
    parser.add_argument("--keep", type=Path, help="make the demo here (once) and keep it")
    parser.add_argument("--first-screen", action="store_true", help="only the first screen")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="khien-bench-cases-") as tmp:
        data_dir = args.data_dir or _demo(args.keep or Path(tmp) / "province")
        if args.first_screen:
            opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
            try:
                rows = [_first_screen(opened)]
            finally:
                opened.close()
        else:
            rows = bench_cases(data_dir)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for r in rows:
        print(f"{r.name}: {fmt_s(r.ours_s)} vs {fmt_s(r.base_s)} ({r.ratio:.2f}×) — {r.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
