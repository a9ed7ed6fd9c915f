"""Search benchmarks (issue 18, point 2): the worst cases of ``search.search``, the events
list's and the cases list's text filters, each against the raw FTS5 query behind it run on
a bare SQLCipher connection over the same rows.

``python -m tests.bench.search [DATA_DIR]`` measures only these rows on the 100,000-event
demo (made in a temporary folder when no DATA_DIR is given) and puts them into
docs/PERFORMANCE.md, keeping every other row.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from desktop.core import demo, profile, search
from desktop.core.cases import listing
from desktop.core.outreach import query
from desktop.core.progress import run_job
from desktop.core.search_index import FEW, GATHER, TRIGRAM, terms
from desktop.core.security import audit
from tests.bench.common import Row, fmt_s, median_time, raw_connection

ROOT = Path(__file__).resolve().parents[2]
EVENTS, CASES = 100_000, 20_000
# (what it shows, what is typed). The worst cases first: nothing found, many terms, one
# letter (found in almost every row, or in none).
QUERIES = [
    ("no match", "zzzz"),
    ("8 terms, no row has them all", "truyen thong cong dong voi thong diep zzz"),
    ("8 terms", "truyen thong cong dong voi thong diep ngan"),
    ("one letter, in most rows", "t"),
    ("one letter, in none", "z"),
    ("", "Nà Lầu"),
    ("", "tuyen truyen hoa"),
    ("", "mit tinh"),
]
LIST_QUERIES = [("no match", "zzzz"), ("one letter", "t"), ("", "na lau"), ("", "hoa")]
BASELINE = "the raw FTS5 queries on a bare SQLCipher connection"

EVENTS_SQL = (
    "SELECT id, title, held_on, village, commune_code FROM outreach_events "
    "WHERE deleted = 0 AND rowid IN {found} ORDER BY held_on DESC, id LIMIT 50"
)
PLANS_SQL = (
    "SELECT id, number, title, issued_on, issuer FROM campaign_plans "
    "WHERE deleted = 0 AND rowid IN {found} ORDER BY issued_on DESC, id LIMIT 50"
)
CASES_SQL = (
    "SELECT c.id, c.case_code, c.received_on, c.commune_code, p.full_name "
    "FROM reception_cases c JOIN persons p ON p.id = c.person_id "
    "WHERE c.deleted = 0 AND {cond} ORDER BY c.received_on DESC, c.id LIMIT 50"
)
EVENT_IDS_SQL = (
    "SELECT id FROM outreach_events WHERE deleted = 0 AND rowid IN {found} "
    "ORDER BY held_on DESC, id DESC"
)
CASE_IDS_SQL = (
    "SELECT c.id FROM reception_cases c JOIN persons p ON p.id = c.person_id "
    "WHERE c.deleted = 0 AND (c.rowid IN {codes} OR p.rowid IN {names}) "
    "ORDER BY c.received_on DESC, c.id DESC"
)


def _phrases(words: list[str], prefix: str) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' + prefix for w in words)


def _found(fts: str) -> str:
    return f"(SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"


def _code_cond(words: list[str]) -> tuple[str, list[Any]]:
    """The codes' trigram query for terms of three characters or more, LIKE for shorter."""
    long = [w for w in words if len(w) >= TRIGRAM]
    conds = [f"c.rowid IN {_found('reception_cases_fts')}"] if long else []
    params: list[Any] = [_phrases(long, "")] if long else []
    for w in words:
        if len(w) < TRIGRAM:
            conds.append("lower(c.case_code) LIKE ?")
            params.append(f"%{w}%")
    return " AND ".join(conds), params


def _raw_search(conn: sqlcipher3.Connection, words: list[str]) -> int:
    """What search.search asks, written by hand: events, plans, cases by code, by name."""
    words_q = _phrases(words, "*")
    n = len(
        conn.execute(EVENTS_SQL.format(found=_found("outreach_events_fts")), [words_q]).fetchall()
    )
    n += len(
        conn.execute(PLANS_SQL.format(found=_found("campaign_plans_fts")), [words_q]).fetchall()
    )
    cond, params = _code_cond(words)
    n += len(conn.execute(CASES_SQL.format(cond=cond), params).fetchall())
    names = f"p.rowid IN {_found('persons_fts')}"
    n += len(conn.execute(CASES_SQL.format(cond=names), [words_q]).fetchall())
    return n


def _raw_event_ids(conn: sqlcipher3.Connection, words: list[str]) -> int:
    sql = EVENT_IDS_SQL.format(found=_found("outreach_events_fts"))
    return len(conn.execute(sql, [_phrases(words, "*")]).fetchall())


def _raw_case_ids(conn: sqlcipher3.Connection, words: list[str]) -> int:
    cond, params = _code_cond(words)
    sql = CASE_IDS_SQL.format(codes=f"(SELECT rowid FROM reception_cases c WHERE {cond})",
                              names=_found("persons_fts"))  # fmt: skip
    return len(conn.execute(sql, [*params, _phrases(words, "*")]).fetchall())


def _label(what: str, text: str) -> str:
    return f"“{text}” ({what})" if what else f"“{text}”"


def _in_turn(
    ours: Callable[[], object], base: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median wall times of *ours* and *base*, run one after the other *repeat* times after
    a warm-up of each: on a shared, noisy machine a burst of load then slows both alike
    (measured one block after the other, one side could get the quiet half). The baseline
    is run once more, untimed, before each of its timed runs: a commit of ours (an audit
    line) makes SQLite drop the pages the baseline's connection holds, which it would then
    read and decrypt again."""
    ours()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        base()
        for fn, out in ((base, times[1]), (ours, times[0])):
            start = time.perf_counter()
            fn()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def _audit_line(opened: profile.OpenProfile) -> float:
    """What the audit line of a search by name costs alone: one line, one commit."""

    def write() -> None:
        with opened.db.session() as s:
            audit.record(s, opened.node.node_id, opened.user.username, "search.identity",
                         "case", details={"query": "bench", "cases": []})  # fmt: skip

    return median_time(write, repeat=7)


@dataclass(frozen=True)
class ListBench:
    """One list's text filter and the raw query behind it."""

    label: str  # "Events list search"
    rows: str  # what it holds: "100,000 events"
    ours: Callable[[profile.OpenProfile, str], object]
    raw: Callable[[sqlcipher3.Connection, list[str]], int]
    note: str


LISTS = [
    ListBench(
        "Events list search", f"{EVENTS:,} events",
        lambda opened, text: query.event_ids(opened, query.EventFilter(text=text)),
        _raw_event_ids, "all matching ids in date order: what the lazy list holds",
    ),
    ListBench(
        "Cases list search", f"{CASES:,} cases",
        lambda opened, text: listing.case_ids(opened, listing.CaseFilter(text=text)),
        _raw_case_ids,
        "code anywhere or name from a word's start; includes the audit line of a list that "
        "shows names",
    ),
]  # fmt: skip


def bench_search(data_dir: Path) -> list[Row]:
    """search.search and the two lists' text filters as a provincial officer (names shown,
    each search that shows cases audited), against the raw FTS5 queries, each pair run in
    turn."""
    opened = profile.open_profile(data_dir, "canbo", demo.DEMO_PASSWORD)
    conn = raw_connection(data_dir, opened._key)
    out = []
    try:
        line = fmt_s(_audit_line(opened))
        note = (
            "events, plans, cases by code and by name, 50 newest; a search that shows cases "
            f"includes its audit line (alone: {line}, a commit), one that shows none writes none"
        )
        for what, text in QUERIES:
            w = terms(text)
            ours, base = _in_turn(lambda t=text: search.search(opened, t),
                                  lambda w=w: _raw_search(conn, w), repeat=9)  # fmt: skip
            out.append(Row(f"Search: {_label(what, text)} over {EVENTS:,} events + {CASES:,} cases",
                           ours, base, BASELINE, note))  # fmt: skip
        for bench in LISTS:
            for what, text in LIST_QUERIES:
                w = terms(text)
                ours, base = _in_turn(lambda b=bench, t=text: b.ours(opened, t),
                                      lambda b=bench, w=w: b.raw(conn, w), repeat=5)  # fmt: skip
                name = f"{bench.label}: {_label(what, text)}, {bench.rows}"
                out.append(Row(name, ours, base, BASELINE, bench.note))
    finally:
        conn.close()
        opened.close()
    return out


def merge(rows: list[Row], path: Path) -> None:
    """Put *rows* into the performance table in place of the search rows measured before
    (those of this module, and the older LIKE-era search rows), keeping every other line."""
    from tests.bench.sync import merge_into_report

    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        old = ("| Search “", "| Events list ids: search", "| Cases list ids, search")
        kept = [ln for ln in lines if not ln.startswith(old)]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    merge_into_report(rows, path)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    with tempfile.TemporaryDirectory(prefix="khien-bench-search-") as tmp:
        if args:
            data_dir = Path(args[0])
        else:
            data_dir = Path(tmp) / "province"
            run_job(demo.create_demo_profile(data_dir, events=EVENTS, cases=CASES, seed=7)).close()
        rows = bench_search(data_dir)
    merge(rows, ROOT / "docs" / "PERFORMANCE.md")
    for r in rows:
        print(f"{r.name}: {fmt_s(r.ours_s)} vs {fmt_s(r.base_s)} ({r.ratio:.1f}×)")
    print(f"(up to {FEW} matches looked up by rowid, up to {GATHER} walked from their list, "
          "more walked with the index asked again)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
