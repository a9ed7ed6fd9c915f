"""`make bench`: Khiên against baselines measured in the same run → docs/PERFORMANCE.md.

Synthetic province-scale data (100,000 outreach events and 20,000 cases from the demo
generator). Every figure is a ratio against a baseline timed here, now, on this machine:
a bare PySide6 window for start-up, the raw SQL query behind a search run through a bare
SQLCipher connection, plain inserts for demo data. Times alone mean little on a shared
machine; the ratios are what to compare between runs.

Start-up and memory have their own section (tests/bench/startup.py); to measure only them:
``python -m tests.bench.run_all --only startup``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import tempfile
import time
from pathlib import Path

import sqlcipher3

from desktop.core import demo, search
from desktop.core.progress import run_job
from tests.bench import startup
from tests.bench.cases import bench_cases
from tests.bench.common import Row, fmt_s, median_time
from tests.bench.outreach import bench_outreach
from tests.bench.reports import bench_reports
from tests.bench.sync import bench_bundle_limits, bench_sync

ROOT = Path(__file__).resolve().parents[2]
EVENTS, CASES = 100_000, 20_000
QUERIES = ["Nà Lầu", "tuyen truyen hoa", "mit tinh", "zzzz"]


def _raw_connection(data_dir: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(data_dir / "khien.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


RAW_EVENTS = (
    "SELECT id, title, held_on, village, commune_code FROM outreach_events "
    "WHERE deleted = 0 AND {cond} ORDER BY held_on DESC, id LIMIT 50"
)
RAW_CASES = (
    "SELECT c.id, c.case_code, c.received_on, c.commune_code, p.full_name "
    "FROM reception_cases c JOIN persons p ON p.id = c.person_id "
    "WHERE c.deleted = 0 AND {cond} ORDER BY c.received_on DESC, c.id LIMIT 50"
)


def _raw_search(conn: sqlcipher3.Connection, words: list[str]) -> int:
    def cond(col: str) -> str:
        return " AND ".join(f"(' ' || {col}) LIKE ? ESCAPE '\\'" for _ in words)

    params = [f"% {w}%" for w in words]
    n = len(conn.execute(RAW_EVENTS.format(cond=cond("search_fold")), params).fetchall())
    n += len(conn.execute(RAW_CASES.format(cond=cond("lower(c.case_code)")), params).fetchall())
    n += len(conn.execute(RAW_CASES.format(cond=cond("p.name_fold")), params).fetchall())
    return n


def bench_demo(work: Path) -> tuple[Path, list[Row]]:
    data_dir = work / "province"
    start = time.perf_counter()
    opened = run_job(demo.create_demo_profile(data_dir, events=EVENTS, cases=CASES, seed=7))
    took = time.perf_counter() - start
    opened.close()
    # Baseline: the same number of rows of similar width, inserted raw into SQLCipher.
    raw_path = work / "raw.db"
    conn = sqlcipher3.connect(str(raw_path))
    conn.execute("PRAGMA key = \"x'" + "11" * 32 + "'\"")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b TEXT, c INTEGER, d TEXT)")
    start = time.perf_counter()
    rows = (
        (f"{i:036d}", "Tuyên truyền tại thôn" * 3, "x" * 64, i, "2025-07-30")
        for i in range(EVENTS + 2 * CASES)
    )
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    raw = time.perf_counter() - start
    conn.close()
    row = Row(
        f"Demo data: {EVENTS:,} events + {CASES:,} persons and cases",
        took, raw, "raw SQLCipher inserts of as many rows",
        "includes creating the profile, sync metadata, folded and sort-key columns",
    )  # fmt: skip
    return data_dir, [row]


def bench_search(data_dir: Path) -> list[Row]:
    from desktop.core import profile

    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    conn = _raw_connection(data_dir, opened._key)
    out = []
    try:
        for q in QUERIES:
            words = search.terms(q)
            ours = median_time(lambda q=q: search.search(opened, q), repeat=5)
            base = median_time(lambda w=words: _raw_search(conn, w), repeat=5)
            out.append(Row(f"Search “{q}” over {EVENTS:,} events + {CASES:,} cases", ours, base,
                           "the same SQL on a bare SQLCipher connection"))  # fmt: skip
    finally:
        conn.close()
        opened.close()
    return out


def write_report(rows: list[Row], path: Path) -> None:
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (tests/bench/run_all.py). Each figure is set against a baseline",
        "measured in the same run on the same machine; compare ratios between runs, not times.",
        "",
        f"Run: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · {platform.machine()}",
        "",
        "| benchmark | Khiên | baseline | ratio | baseline is | note |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.name} | {fmt_s(r.ours_s)} | {fmt_s(r.base_s)} | {r.ratio:.1f}× | {r.baseline} | {r.note} |"
        )
    # Sections measured by other scripts (e.g. `make package`'s size and start-up) sit
    # between "<!-- NAME: begin -->" and "<!-- NAME: end -->" and are kept as they are.
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    for block in re.findall(r"<!-- (\w+): begin -->.*?<!-- \1: end -->", old, flags=re.S):
        found = re.search(rf"<!-- {block}: begin -->.*?<!-- {block}: end -->", old, flags=re.S)
        if found:
            lines += ["", found.group(0)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run_all")
    parser.add_argument("--only", choices=["startup"], help="measure only this part")
    only = parser.parse_args(argv).only
    out = ROOT / "docs" / "PERFORMANCE.md"
    if only == "startup":
        startup.run(large_size=(EVENTS, CASES))
        print(out.read_text(encoding="utf-8"))
        return 0
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="khien-bench-") as tmp:
        work = Path(tmp)
        data_dir, demo_rows = bench_demo(work)
        rows += demo_rows
        rows += bench_search(data_dir)
        rows += bench_outreach(data_dir)
        rows += bench_cases(data_dir)
        rows += bench_reports(data_dir)
        rows += bench_sync(work)  # its own province of 1,000,000 records
        rows += bench_bundle_limits(work)  # its own province and laptop
        small = startup.demo_profile(work / "small", *startup.SMALL)
        profiles = {startup.label(*startup.SMALL): small, startup.label(EVENTS, CASES): data_dir}
        start_rows = startup.bench_startup(profiles, demo.DEMO_PASSWORD, work)
    write_report(rows, out)
    startup.write_section(start_rows, out)
    print(out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
