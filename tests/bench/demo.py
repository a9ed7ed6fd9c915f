"""Demo data against raw inserts of the same rows: ``python -m tests.bench.run_all --only demo``.

The demo generator makes a province of 100,000 events and 20,000 persons with their cases
and case histories, every record with its revision. The baseline inserts exactly the rows
it wrote (records and revisions, read back from the profile) with plain ``executemany`` on a
bare SQLCipher connection into empty tables with the schema's indexes, in one transaction:
the database's share of the work with no Python in between. The search index's FTS5
tables are left out of the baseline (a stricter bound: the demo fills them).

The former baseline — as many rows as events + 2 × cases in one five-column table without
an index — is still measured and shown in the note, to compare with earlier runs.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import select
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from desktop.core import demo
from desktop.core.db.base import Base, synced_models
from desktop.core.db.models_sync import Revision
from desktop.core.profile import OpenProfile
from desktop.core.progress import run_job
from tests.bench.common import Row

KEY = "11" * 32
PART = 20_000  # rows read, then inserted, at a time (the revisions hold 200 MB of text)


def _connect(path: Path) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{KEY}'\"")
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("PRAGMA synchronous=FULL")  # as the application's connections
    conn.execute("PRAGMA cache_size=-65536")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _tables_written(opened: OpenProfile) -> list[Any]:
    """The synced tables the profile holds rows of, parents first, then the revisions."""
    synced = {m.__table__.name for m in synced_models().values()}  # type: ignore[attr-defined]
    with opened.db.session() as s:
        return [
            t
            for t in Base.metadata.sorted_tables
            if t.name in synced and s.execute(select(t).limit(1)).first() is not None
        ] + [Revision.__table__]


def _cell(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (dates and times as text)."""
    if hasattr(value, "hour"):
        return value.isoformat(sep=" ", timespec="microseconds")
    return value.isoformat() if hasattr(value, "isoformat") else value


def raw_same_rows(opened: OpenProfile, work: Path) -> tuple[float, int]:
    """Seconds to insert every row the demo wrote, raw, into empty indexed tables; and how
    many rows that is. Rows are read in parts, each part before its inserts are timed."""
    path = work / "raw-demo.db"
    conn = _connect(path)
    dialect = sqlite.dialect()
    took, count = 0.0, 0
    try:
        tables = _tables_written(opened)
        for table in tables:
            conn.execute(str(CreateTable(table).compile(dialect=dialect)))
            for index in table.indexes:
                conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
        conn.execute("BEGIN")
        for table in tables:
            names = ", ".join(c.name for c in table.columns)
            sql = (
                f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(table.columns))})"
            )
            with opened.db.session() as s:
                found = s.execute(select(table).execution_options(yield_per=PART))
                for part in found.partitions():
                    rows = [tuple(_cell(v) for v in r) for r in part]
                    start = time.perf_counter()
                    conn.executemany(sql, rows)
                    took += time.perf_counter() - start
                    count += len(rows)
        start = time.perf_counter()
        conn.execute("COMMIT")
        took += time.perf_counter() - start
    finally:
        conn.close()
        for f in work.glob(path.name + "*"):
            f.unlink()
    return took, count


def raw_narrow_rows(work: Path, count: int) -> float:
    """The former baseline: *count* rows of five columns into a table without an index."""
    raw_path = work / "raw.db"
    conn = sqlcipher3.connect(str(raw_path))
    conn.execute(f"PRAGMA key = \"x'{KEY}'\"")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT, b TEXT, c INTEGER, d TEXT)")
    start = time.perf_counter()
    rows = (
        (f"{i:036d}", "Tuyên truyền tại thôn" * 3, "x" * 64, i, "2025-07-30") for i in range(count)
    )
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    conn.commit()
    took = time.perf_counter() - start
    conn.close()
    for f in work.glob(raw_path.name + "*"):
        f.unlink()
    return took


def bench_demo(work: Path, events: int, cases: int) -> tuple[Path, list[Row]]:
    """Make the demo profile in *work*/province and time it against both baselines."""
    data_dir = work / "province"
    start, cpu = time.perf_counter(), time.process_time()
    opened = run_job(demo.create_demo_profile(data_dir, events=events, cases=cases, seed=7))
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    try:
        raw, rows = raw_same_rows(opened, work)
    finally:
        opened.close()
    narrow = raw_narrow_rows(work, events + 2 * cases)
    row = Row(
        f"Demo data: {events:,} events + {cases:,} persons and cases",
        took, raw,
        f"raw SQLCipher inserts of the same {rows:,} rows (records and their revisions) into "
        "empty tables with their indexes",
        "includes creating the profile (three accounts' Argon2id), sync metadata, revisions, "
        f"folded and sort-key columns and the search index; {cpu:.1f} s of CPU (each batch is "
        "inserted on a helper thread while the next is made: wall time falls only when a "
        "second core is free); against the former baseline "
        f"({events + 2 * cases:,} rows of one narrow table without index, {narrow:.2f} s): "
        f"{took / narrow:.1f}×",
    )  # fmt: skip
    return data_dir, [row]


def merge(rows: list[Row], path: Path) -> None:
    """Put the demo row in place of the one measured before, keeping every other line."""
    from tests.bench.common import fmt_s

    new = [
        f"| {r.name} | {fmt_s(r.ours_s)} | {fmt_s(r.base_s)} | {r.ratio:.1f}× | {r.baseline} | {r.note} |"
        for r in rows
    ]
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next((i for i, ln in enumerate(lines) if ln.startswith("| Demo data:")), None)
    if at is None:  # first row of the table, after its head
        at = next(i for i, ln in enumerate(lines) if ln.startswith("|---")) + 1
        lines[at:at] = new
    else:
        lines[at : at + 1] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
