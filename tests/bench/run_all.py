"""`make bench`: Khiên against baselines measured in the same run → docs/PERFORMANCE.md.

Synthetic province-scale data (100,000 outreach events and 20,000 cases from the demo
generator). Every figure is a ratio against a baseline timed here, now, on this machine:
a bare PySide6 window for start-up, the raw SQL query behind a search run through a bare
SQLCipher connection, plain inserts for demo data. Times alone mean little on a shared
machine; the ratios are what to compare between runs.

Start-up and memory have their own section (tests/bench/startup.py); to measure only them:
``python -m tests.bench.run_all --only startup``. The search rows alone (made on a new
100,000-event demo): ``python -m tests.bench.run_all --only search``. The demo row alone
(against raw inserts of the same rows): ``python -m tests.bench.run_all --only demo``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import tempfile
from pathlib import Path

from desktop.core import demo
from tests.bench import demo as demo_bench
from tests.bench import search as search_bench
from tests.bench import startup
from tests.bench.cases import bench_cases
from tests.bench.common import Row, fmt_s
from tests.bench.outreach import bench_outreach
from tests.bench.reports import bench_reports
from tests.bench.search import bench_search
from tests.bench.sync import bench_bundle_limits, bench_sync

ROOT = Path(__file__).resolve().parents[2]
EVENTS, CASES = 100_000, 20_000


def bench_demo(work: Path) -> tuple[Path, list[Row]]:
    return demo_bench.bench_demo(work, EVENTS, CASES)


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
    parser.add_argument(
        "--only", choices=["startup", "search", "demo"], help="measure only this part"
    )
    only = parser.parse_args(argv).only
    out = ROOT / "docs" / "PERFORMANCE.md"
    if only == "startup":
        startup.run(large_size=(EVENTS, CASES))
        print(out.read_text(encoding="utf-8"))
        return 0
    if only == "search":
        return search_bench.main([])
    if only == "demo":
        with tempfile.TemporaryDirectory(prefix="khien-bench-demo-") as tmp:
            _dir, demo_rows = bench_demo(Path(tmp))
        demo_bench.merge(demo_rows, out)
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
