"""Sync benchmarks for `make bench` (issue 5): a commune laptop's bundle of 10,000 changed
records — its export, its import into a province holding 1,000,000 records, its size.

Setup (not timed, a few minutes): a province profile and a commune laptop enrolled from it.
The laptop records 5,000 outreach events and 2,500 persons with their reception cases
through the ORM, so the flush hook stamps them and logs a revision for each, as when an
officer types them. The province is filled with the demo generator's bulk inserts (the same
sync metadata functions as the flush hook, each row's revision logged with it, as a
province keeps for records that reached it by sync) up to a million synced rows.

Baselines, timed in the same run on the same machine with the same SQLCipher library and
pragmas: the same 10,000 rows (every column) inserted with plain ``executemany`` into the
same tables and indexes — of an empty database for the export, of a copy of the
million-row province database for the import. Nothing is cached in the repository.

``bench_bundle_limits`` measures what opening and importing a bundle costs in time and
memory (each in a child process, tests/bench/bundle_probe.py), for a commune's 10,000 records
and for the largest bundle the format allows, and the bytes per record before and after
compression. Its province and laptop are new ones (a few minutes of setup, untimed).

Run alone with ``python -m tests.bench.sync``: it replaces the sync rows of
docs/PERFORMANCE.md and leaves the others as they are (``--limits``: only the rows of
``bench_bundle_limits``; ``--no-limits``: all but those; ``--keep DIR``: the province and
the laptop are made in DIR the first time and used again by later runs; ``--profile``: the
first import's cProfile on stderr).
"""

from __future__ import annotations

import base64
import cProfile
import io
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from desktop.core import demo, profile
from desktop.core.cases import codes
from desktop.core.db.base import Synced, new_id
from desktop.core.db.models import NodeState, OutreachEvent, Person, ReceptionCase
from desktop.core.db.models_sync import Peer, Revision
from desktop.core.demo import rows as demo_rows
from desktop.core.errors import KhienError
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from desktop.core.sync import bundle, enrol, exchange, node, records
from desktop.core.sync.keys import NodeKeys, PublicKeys
from tests.bench.common import Row, fmt_s, median_time

ROOT = Path(__file__).resolve().parents[2]
EVENTS, PERSONS = 5_000, 2_500  # + 2,500 cases = 10,000 changed records
PROVINCE_RECORDS = int(os.environ.get("KHIEN_BENCH_SYNC_PROVINCE", "1000000"))
ADMIN, PASSWORD = "quantri", "khien-bench-1"
OFFICER, OFFICER_PW = "canbo.tk", "khien-bench-2"
PASSPHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
MODELS: tuple[type[Synced], ...] = (OutreachEvent, Person, ReceptionCase)
BATCH = 1_000
REPEAT = 3
LIMIT_SHARE = 0.99  # the largest bundle measured is this close to the format's limits
PROBE = [sys.executable, "-m", "tests.bench.bundle_probe"]


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


# ---------------------------------------------------------------- the commune laptop


def _laptop_records(
    laptop: profile.OpenProfile,
    seed: int,
    events: int = EVENTS,
    persons: int = PERSONS,
    numbered: int = 0,
) -> None:
    """New rows through the ORM (10,000 unless told): the flush hook stamps them and logs
    revisions. *numbered*: case numbers already used in each year."""
    rng = random.Random(seed)
    with laptop.db.session() as s:
        conn = s.connection()
        places = demo._load_places(conn, laptop.node.province_code)
        refs = demo._load_refs(conn)
        part = codes.office_part(s, laptop.node.office_id, laptop.node.node_id)
    numbers: dict[int, int] = {}

    def next_code(year: int) -> str:
        numbers[year] = numbers.get(year, numbered) + 1
        prefix = codes.province_prefix(laptop.node.province_code)
        return f"{prefix}-{part}-{year}-{numbers[year]:05d}"

    who, office = laptop.user.username, laptop.node.office_id
    for start in range(0, events, BATCH):
        with laptop.db.session() as s:
            for _i in range(min(BATCH, events - start)):
                s.add(OutreachEvent(**demo_rows.event_row(rng, refs, places, who, office)))
    for start in range(0, persons, BATCH // 2):
        with laptop.db.session() as s:
            for _i in range(min(BATCH // 2, persons - start)):
                person, case = demo_rows.person_and_case_rows(
                    rng, refs, places, who, office, next_code
                )
                p = Person(id=new_id(), **person)
                s.add(p)
                s.add(ReceptionCase(person_id=p.id, **case))


def _acknowledge_all(laptop: profile.OpenProfile) -> None:
    """As if a receipt had acknowledged everything the laptop held before the 10,000."""
    with laptop.db.session() as s:
        high = s.execute(select(NodeState.change_seq)).scalar_one()
        s.execute(update(Peer).where(Peer.relation == node.UPSTREAM).values(acked_seq=high))


def _rows(opened: profile.OpenProfile, since: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of the rows changed after *since*, per table (for the raw baselines)."""
    out = {}
    with opened.db.session(read=True) as s:
        for model in MODELS:
            t = _table(model)
            q = select(t).where(t.c.change_seq > since).order_by(t.c.change_seq)
            out[t.name] = [tuple(r) for r in s.execute(q)]
    return out


# ---------------------------------------------------------------- the million-row province


def _province_mix(total: int) -> tuple[int, int]:
    """(events, cases) for demo.generate to make a little under *total* synced rows: a
    demo case brings its person, about 4.6 workflow steps, its support entries, consent,
    referral, handover and follow-up (9.1 rows in all, measured on the generator's output:
    111,410 records from 35,816 events and 8,327 cases); the rest are events, topped up
    afterwards."""
    cases = total // 12
    return max(0, total - int(cases * 9.1)), cases


def _synced_count(opened: profile.OpenProfile) -> int:
    n = 0
    with opened.db.session(read=True) as s:
        for model in records.synced_models().values():
            n += int(s.execute(select(func.count()).select_from(model)).scalar_one())
    return n


def _check_revision_log(opened: profile.OpenProfile) -> None:
    """Every synced row has its revision logged, as in a province that stored it from a
    bundle (or from an officer's hand): the demo generator logs each row's revision with
    the row (rev, table, row id, no parents, canonical content, HLC, origin node, change
    number: what the flush hook or an import keeps), so there is no second pass to make."""
    with opened.db.session(read=True) as s:
        logged = int(s.execute(select(func.count()).select_from(Revision)).scalar_one())
        rows = _synced_count(opened)
        if logged < rows:
            raise RuntimeError(f"{rows - logged} synced rows have no revision logged")


def _fill_province(province: profile.OpenProfile, seed: int) -> int:
    events, cases = _province_mix(PROVINCE_RECORDS - _synced_count(province))
    run_job(demo.generate(province, events=events, cases=cases, seed=seed, author=ADMIN))
    have = _synced_count(province)
    if have < PROVINCE_RECORDS:  # top up with events to reach the round figure
        run_job(demo.generate(province, events=PROVINCE_RECORDS - have, cases=0, seed=seed + 1))
    _check_revision_log(province)
    return _synced_count(province)


# ---------------------------------------------------------------- raw baselines


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA cache_size=-65536")
    return conn


def _create_tables(conn: sqlcipher3.Connection) -> None:
    dialect = sqlite.dialect()
    for model in MODELS:
        t = _table(model)
        conn.execute(str(CreateTable(t).compile(dialect=dialect)))
        for index in t.indexes:
            conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    conn.commit()


def _insert_raw(conn: sqlcipher3.Connection, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    for model in MODELS:  # persons before the cases that refer to them
        t = _table(model)
        names = ", ".join(c.name for c in t.columns)
        marks = ", ".join("?" * len(t.columns))
        conn.executemany(f"INSERT INTO {t.name} ({names}) VALUES ({marks})", rows[t.name])
    conn.commit()


def _sqlite_values(rows: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Dates and times as the text SQLAlchemy stores for them."""

    def cell(v: Any) -> Any:
        return (
            v.isoformat(sep=" ")
            if hasattr(v, "hour")
            else (v.isoformat() if hasattr(v, "isoformat") else v)
        )

    return {t: [tuple(cell(v) for v in r) for r in rs] for t, rs in rows.items()}


def _raw_into_empty(work: Path, key: bytes, rows: dict[str, list[tuple[Any, ...]]]) -> float:
    times = []
    for n in range(REPEAT):
        path = work / f"raw-empty-{n}.db"
        conn = _raw(path, key)
        _create_tables(conn)
        start = time.perf_counter()
        _insert_raw(conn, rows)
        times.append(time.perf_counter() - start)
        conn.close()
        for f in work.glob(path.name + "*"):
            f.unlink()
    return sorted(times)[len(times) // 2]


def _raw_into_million(
    province_db: Path, work: Path, key: bytes, rows: dict[str, list[tuple[Any, ...]]]
) -> tuple[float, float]:
    """The same rows inserted into a new copy of the province's database each time, through
    a new connection, as each import runs on a new copy of the profile opened anew; and,
    for comparison, once more through the last connection after undoing its rows: its page
    cache then holds the decrypted pages the first insert read (the way this baseline was
    once measured, two runs of three warm, set against imports that each start cold).
    Returns (median of the cold runs, the warm run)."""
    times, warm = [], 0.0
    for n in range(REPEAT):
        copy_db = work / f"raw-million-{n}.db"
        shutil.copy2(province_db, copy_db)
        _on_disk()
        conn = _raw(copy_db, key)
        conn.execute("PRAGMA foreign_keys=ON")
        try:
            start = time.perf_counter()
            _insert_raw(conn, rows)
            times.append(time.perf_counter() - start)
            if n == REPEAT - 1:
                for model in reversed(MODELS):  # undo, untimed
                    t = _table(model)
                    ids = [(r[[c.key for c in t.columns].index("id")],) for r in rows[t.name]]
                    conn.executemany(f"DELETE FROM {t.name} WHERE id = ?", ids)
                conn.commit()
                start = time.perf_counter()
                _insert_raw(conn, rows)
                warm = time.perf_counter() - start
        finally:
            conn.close()
            for f in work.glob(copy_db.name + "*"):
                f.unlink()
    return sorted(times)[len(times) // 2], warm


# ---------------------------------------------------------------- the benchmark


def _copy_profile(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    _on_disk()
    return dst


def _on_disk() -> None:
    """Let a copy just made reach the disk before anything is timed on it: the first
    checkpoint's fsync would otherwise wait for the kernel to write back the whole copied
    file (two gigabytes at a million records: seconds that are the copy's, not the import's)."""
    os.sync()


def _import_into_copy(
    province_dir: Path, work: Path, bundle_path: Path, n: int, prof: cProfile.Profile | None
) -> tuple[float, exchange.ImportResult]:
    copy = _copy_profile(province_dir, work / f"province-copy-{n}")
    opened = profile.open_profile(copy, ADMIN, PASSWORD)
    try:
        start = time.perf_counter()
        if prof is not None:
            prof.enable()
        result = exchange.import_bundle(opened, bundle_path)
        if prof is not None:
            prof.disable()
        took = time.perf_counter() - start
    finally:
        opened.close()
        shutil.rmtree(copy)
    return took, result


def _sizes(path: Path, recs: list[dict[str, Any]]) -> tuple[int, int]:
    """(file bytes, JSON-lines payload bytes before compression) of a bundle."""
    return path.stat().st_size, sum(len(bundle._canonical(r)) + 1 for r in recs)


@dataclass
class _Setup:
    """The province and the laptop the sync rows measure (made untimed, or kept)."""

    province_dir: Path
    laptop_dir: Path
    since: int  # the laptop's acknowledged change number before its 10,000 records
    fill_s: float | None  # how long filling the province took (untimed; None: unknown)
    laptop_s: float | None  # and the laptop with its records


def _make_setup(work: Path) -> _Setup:
    """A province of PROVINCE_RECORDS records and an enrolled laptop with 10,000 changes."""
    start = time.perf_counter()
    province, _identity = profile.create_province(
        work / "sync-province", province_code=20, admin_username=ADMIN,
        admin_password=PASSWORD, admin_full_name="Hoàng Văn Quản",
    )  # fmt: skip
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=OFFICER, full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=OFFICER_PW, passphrase=PASSPHRASE,
    )  # fmt: skip
    laptop = enrol.start_from_package(
        work / "sync-laptop", package, PASSPHRASE, OFFICER, OFFICER_PW
    )
    try:
        _acknowledge_all(laptop)
        with laptop.db.session() as s:
            since = min(p.acked_seq for p in node.upstream(s))
        _laptop_records(laptop, seed=11)
        laptop_s = time.perf_counter() - start
        fill_start = time.perf_counter()
        _fill_province(province, seed=7)
        fill_s = time.perf_counter() - fill_start
    finally:
        laptop.close()
        province.close()
    return _Setup(province.data_dir, laptop.data_dir, since, fill_s, laptop_s)


def _kept_setup(keep: Path) -> _Setup:
    """The setup kept in *keep* by an earlier run (``--keep DIR``), or a new one kept there:
    the million-row province takes minutes to make, and nothing measured depends on when."""
    facts = keep / "sync-setup.json"
    if facts.exists():
        data = json.loads(facts.read_text())
        return _Setup(
            Path(data["province_dir"]), Path(data["laptop_dir"]), data["since"],
            data["fill_s"], data["laptop_s"],
        )  # fmt: skip
    keep.mkdir(parents=True, exist_ok=True)
    made = _make_setup(keep)
    facts.write_text(
        json.dumps(
            {
                "province_dir": str(made.province_dir),
                "laptop_dir": str(made.laptop_dir),
                "since": made.since,
                "fill_s": made.fill_s,
                "laptop_s": made.laptop_s,
            }  # fmt: skip
        )
    )
    return made


def bench_sync(work: Path, *, profile_import: bool = False, keep: Path | None = None) -> list[Row]:
    """Export of 10,000 changed records, their import into a 1,000,000-record province,
    and the bundle's size; see the module docstring. *keep*: a folder where the province
    and the laptop are kept between runs (made there the first time)."""
    setup = _kept_setup(keep) if keep is not None else _make_setup(work)
    since = setup.since
    laptop = profile.open_profile(setup.laptop_dir, OFFICER, OFFICER_PW)
    province = profile.open_profile(setup.province_dir, ADMIN, PASSWORD)
    stick = work / "usb"
    stick.mkdir()
    try:
        rows = _rows(laptop, since)
        changed = sum(len(v) for v in rows.values())
        assert changed == EVENTS + 2 * PERSONS, changed
        raw_rows = _sqlite_values(rows)
        # Export: the cumulative bundle since the acknowledgement (the same each time).
        outs: list[exchange.ExportResult] = []
        export_s = median_time(
            lambda: outs.append(exchange.export_bundle(laptop, stick)), repeat=REPEAT
        )
        out = outs[-1]
        for old in outs[:-1]:
            old.path.unlink()
        with laptop.db.session() as s:
            recs = list(records.changes_since(s, since))
        file_bytes, payload_bytes = _sizes(out.path, recs)
        export_base = _raw_into_empty(work, laptop._key, raw_rows)
        held = _synced_count(province)
        province_dir, key = province.data_dir, province._key
    finally:
        laptop.close()
        province.close()
    fill_s, laptop_setup = setup.fill_s, setup.laptop_s

    prof = cProfile.Profile() if profile_import else None
    imports = [
        _import_into_copy(province_dir, work, out.path, n, prof if n == 0 else None)
        for n in range(REPEAT)
    ]
    import_s = sorted(t for t, _r in imports)[len(imports) // 2]
    result = imports[0][1]
    assert result.new_revisions >= changed and result.conflicts == 0, result
    import_base, import_warm = _raw_into_million(province_dir / "khien.db", work, key, raw_rows)
    if prof is not None:
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(40)
        print(text.getvalue(), file=sys.stderr)

    audit_lines = out.counts.get(records.AUDIT, 0)
    kept = " (kept from an earlier run, --keep)" if keep is not None else ""
    what = (
        f"{changed:,} records ({EVENTS:,} events, {PERSONS:,} persons, {PERSONS:,} cases)"
        f" + {audit_lines} audit lines"
    )
    return [
        Row(
            f"Sync: export a bundle of {changed:,} changed records "
            f"({file_bytes / 1e6:.1f} MB, {file_bytes / changed:,.0f} bytes per record)",
            export_s, export_base, "raw SQLCipher inserts of the same rows into empty tables",
            f"the bundle holds {what} as JSON lines ({payload_bytes / changed:,.0f} B/record), "
            "gzip-compressed inside the age encryption (format 2); "
            "read, signed, compressed, encrypted, written, read back, verified",
        ),
        Row(
            f"Sync: import that bundle into a province of {held:,} records",
            import_s, import_base,
            f"raw SQLCipher inserts of the same rows into a copy of the {held:,}-record database",
            f"verified, revisions kept, each row merged by ancestry, one transaction; each "
            f"import and each baseline on a new copy written to disk before the clock starts, "
            f"through a new connection (the same inserts through a connection whose cache "
            f"already held the pages they read: {fmt_s(import_warm)}, "
            f"{import_s / import_warm:.1f}× — the way this baseline was measured before "
            f"2026-12-02); the "
            f"province's setup took {_took(fill_s)} (the demo generator's bulk inserts, "
            f"revisions included), the laptop's {_took(laptop_setup)}, untimed{kept}",
        ),
    ]  # fmt: skip


def _took(seconds: float | None) -> str:
    return fmt_s(seconds) if seconds is not None else "a time not recorded"


# ---------------------------------------------------------------- bounded import


def _probe(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [*PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _probe_median(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """The run of median time among REPEAT, with the highest peak of them all."""
    runs = sorted((_probe(args, env) for _n in range(REPEAT)), key=lambda r: r["seconds"])
    middle = dict(runs[len(runs) // 2])
    middle["peak_mib"] = max(r["peak_mib"] for r in runs)
    middle["rss_mib"] = max(r["rss_mib"] for r in runs)
    return middle


def _records_cost(path: Path, facts: dict[str, Any]) -> tuple[int, int, dict[str, Any]]:
    """(records, their memory estimate, the manifest) of a bundle, as the receiver sees it."""
    sender = PublicKeys(facts["node"], facts["sign_public"], facts["age_recipient"])
    opened = bundle.open_bundle(
        path.read_bytes(), facts["identity"], lambda _node: sender,
        province_code=facts["province"], known_schema=lambda _rev: True,
    )  # fmt: skip
    cost = sum(bundle.LINE_COST + bundle._cost(r) for r in opened.records)
    return len(opened.records), cost, opened.manifest


def _worst_case(folder: Path, keys: NodeKeys, manifest: dict[str, Any], to: str) -> Path:
    """A bundle at the format's limits, not one a laptop writes: MAX_RECORDS records of
    random text (it does not compress) and lists of small numbers (they cost memory once
    parsed), so that the file nears MAX_FILE and the records MAX_RECORDS_MEMORY at once.
    Signed with the laptop's key, so it opens (``pack`` refuses whatever goes beyond)."""
    rng = random.Random(5)
    text, numbers = 2200, 49
    for _attempt in range(20):
        recs = [
            {
                "table": "outreach_events",
                "id": new_id(),
                "rev": f"{rng.getrandbits(256):064x}",
                "parents": [],
                "hlc": f"{1796157713527 + i:013d}-00000-{keys.node_id[:8]}",
                "origin_node": keys.node_id,
                "content": {
                    "notes": base64.b64encode(rng.randbytes(text * 3 // 4)).decode(),
                    "codes": [rng.randrange(10) for _n in range(numbers)],
                },
            }  # fmt: skip
            for i in range(bundle.MAX_RECORDS)
        ]
        try:
            data = bundle.pack(dict(manifest, bundle_id=new_id()), recs, keys, [to])
        except KhienError:
            text, numbers = int(text * 0.97), int(numbers * 0.97)
            continue
        path = folder / bundle.file_name("worst-case")
        path.write_bytes(data)
        return path
    raise RuntimeError("no bundle at the limits could be made")


def _import_median(province_dir: Path, work: Path, path: Path) -> dict[str, Any]:
    env = dict(os.environ, KHIEN_PASSWORD=PASSWORD)
    runs = []
    for n in range(REPEAT):
        copy = _copy_profile(province_dir, work / f"limits-province-copy-{n}")
        try:
            runs.append(_probe(["import", str(path), str(copy), ADMIN], env))
        finally:
            shutil.rmtree(copy)
    runs.sort(key=lambda r: r["seconds"])
    middle = dict(runs[len(runs) // 2])
    middle["peak_mib"] = max(r["peak_mib"] for r in runs)
    middle["rss_mib"] = max(r["rss_mib"] for r in runs)
    return middle


def bench_bundle_limits(work: Path) -> list[Row]:
    """Opening and importing a bundle of 10,000 records and the largest one allowed: time,
    peak memory and bytes per record; see the module docstring."""
    province, _identity = profile.create_province(
        work / "limits-province", province_code=20, admin_username=ADMIN,
        admin_password=PASSWORD, admin_full_name="Hoàng Văn Quản",
    )  # fmt: skip
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=OFFICER, full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=OFFICER_PW, passphrase=PASSPHRASE,
    )  # fmt: skip
    laptop = enrol.start_from_package(
        work / "limits-laptop", package, PASSPHRASE, OFFICER, OFFICER_PW
    )
    sticks = {name: work / f"usb-{name}" for name in ("small", "large")}
    for stick in sticks.values():
        stick.mkdir()
    try:
        _acknowledge_all(laptop)
        with laptop.db.session() as s:
            since = min(p.acked_seq for p in node.upstream(s))
            keys = node.ensure_keys(s)
        with province.db.session() as s:
            mine = node.ensure_keys(s)
        facts = {
            "node": keys.node_id, "sign_public": keys.public.sign_public,
            "age_recipient": keys.public.age_recipient,
            "identity": mine.age_identity, "province": 20,
        }  # fmt: skip
        facts_file = work / "limits-facts.json"
        facts_file.write_text(json.dumps(facts))
        _laptop_records(laptop, seed=11)
        small = exchange.export_bundle(laptop, sticks["small"]).path
        small_rows = _sqlite_values(_rows(laptop, since))
        with laptop.db.session() as s:
            small_recs = list(records.changes_since(s, since))
        file_bytes, payload_bytes = _sizes(small, small_recs)
        n_small, cost_small, manifest = _records_cost(small, facts)
        # Grow the laptop's changes (same mix) until the bundle nearly reaches a limit.
        fits = min(bundle.MAX_RECORDS, bundle.MAX_RECORDS_MEMORY * n_small / cost_small)
        more = int(fits * LIMIT_SHARE) - n_small
        _laptop_records(laptop, 12, more // 2, more // 4, numbered=PERSONS)
        large = exchange.export_bundle(laptop, sticks["large"]).path
        large_rows = _sqlite_values(_rows(laptop, since))
        n_large, cost_large, _manifest = _records_cost(large, facts)
        worst = _worst_case(work, keys, manifest, mine.public.age_recipient)
        n_worst, cost_worst, _manifest = _records_cost(worst, facts)
        province_dir, laptop_key = province.data_dir, laptop._key
    finally:
        laptop.close()
        province.close()
    out: list[Row] = []
    for label, path, rows in (
        (f"{n_small:,} records", small, small_rows),
        (f"the largest bundle allowed ({n_large:,} records: "
         f"{max(n_large / bundle.MAX_RECORDS, cost_large / bundle.MAX_RECORDS_MEMORY):.0%} "
         "of the format's limit)", large, large_rows),
    ):  # fmt: skip
        size = path.stat().st_size
        ours = _probe_median(["open", str(path), str(facts_file)])
        naive = _probe_median(["naive", str(path), str(facts_file)])
        imported = _import_median(province_dir, work, path)
        raw = _raw_into_empty(work, laptop_key, rows)
        out += [
            Row(
                f"Sync bundle: open {label}, {size / 1e6:.1f} MB",
                ours["seconds"], naive["seconds"],
                "the whole plaintext decrypted, gunzipped, cut into sections and lines, then "
                "parsed, no checks (the former reader's way)",
                f"decrypted, inflated, verified and parsed as a stream; peak memory "
                f"{ours['peak_mib']:.0f} MB (the baseline: {naive['peak_mib']:.0f} MB), the "
                f"process {ours['rss_mib']:.0f} MB in all",
            ),
            Row(
                f"Sync bundle: import {label} into a new province",
                imported["seconds"], raw,
                "raw SQLCipher inserts of the same rows into empty tables",
                f"peak memory during the import {imported['peak_mib']:.0f} MB, the process "
                f"{imported['rss_mib']:.0f} MB in all",
            ),
        ]  # fmt: skip
    ours = _probe_median(["open", str(worst), str(facts_file)])
    naive = _probe_median(["naive", str(worst), str(facts_file)])
    out.append(
        Row(
            f"Sync bundle: open the worst case the limits allow (synthetic: {n_worst:,} records "
            f"of random text and numbers, {worst.stat().st_size / 1e6:.1f} MB, "
            f"{cost_worst / 2**20:.0f} MiB of records by Khiên's estimate)",
            ours["seconds"], naive["seconds"],
            "the whole plaintext decrypted, gunzipped, cut into sections and lines, then "
            "parsed, no checks (the former reader's way)",
            f"peak memory {ours['peak_mib']:.0f} MB (the baseline: {naive['peak_mib']:.0f} MB), "
            f"the process {ours['rss_mib']:.0f} MB in all; caps: file "
            f"{bundle.MAX_FILE // 2**20} MiB, records {bundle.MAX_RECORDS:,} and "
            f"{bundle.MAX_RECORDS_MEMORY // 2**20} MiB, inflated {bundle.MAX_INFLATED // 2**20} MiB",
        )
    )  # fmt: skip
    out[0].note += (
        f"; {file_bytes / n_small:,.0f} bytes per record in the file (gzip inside age), "
        f"{payload_bytes / len(small_recs):,.0f} as JSON lines before compression"
    )
    return out


PREFIXES = ("| Sync: ", "| Sync bundle: ")


def merge_into_report(rows: list[Row], path: Path) -> None:
    """Replace the performance table's rows of the same kind as *rows* (their name up to the
    first colon), or add them at the end of that table; keep every other line."""
    if not path.exists():
        from tests.bench.run_all import write_report

        write_report(rows, path)
        return
    kinds = {"| " + r.name.split(":", 1)[0] + ": " for r in rows}
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if not ln.startswith(tuple(kinds))]
    new = [
        f"| {r.name} | {fmt_s(r.ours_s)} | {fmt_s(r.base_s)} | {r.ratio:.1f}× | {r.baseline} | {r.note} |"
        for r in rows
    ]
    first = next(i for i, ln in enumerate(kept) if ln.startswith("|"))
    table_end = next((i for i in range(first, len(kept)) if not kept[i].startswith("|")), len(kept))
    path.write_text("\n".join(kept[:table_end] + new + kept[table_end:]) + "\n", "utf-8")


def main() -> int:
    profile_import = "--profile" in sys.argv
    base = os.environ.get("KHIEN_BENCH_TMP")
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory(prefix="khien-bench-sync-", dir=base) as tmp:
        rows = []
        if "--limits" not in sys.argv:
            rows += bench_sync(Path(tmp), profile_import=profile_import, keep=keep)
        if "--no-limits" not in sys.argv:
            rows += bench_bundle_limits(Path(tmp))
    out = ROOT / "docs" / "PERFORMANCE.md"
    merge_into_report(rows, out)
    for r in rows:
        print(f"{r.name}: {fmt_s(r.ours_s)} vs {fmt_s(r.base_s)} ({r.ratio:.1f}×) — {r.note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
