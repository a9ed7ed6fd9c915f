"""Text conditions for search, answered by an index where the database has one.

Two rules, as officers know them: in folded text (events, plans, persons' names) every
term must start a word ("hoa" finds "Hòa" and "Hoàng", not "Khoa"); in a case code every
term is found anywhere ("00046" finds "LS-2026-00046"). A query is folded like the stored
columns (DESIGN.md §3) and split into at most MAX_TERMS distinct terms.

On SQLite the FTS5 tables of migration 0010 answer both rules: a word table holds each
space-separated word of a folded column as one token, so a term starting a word is a
prefix query (one- and two-letter prefixes have their own index); a trigram table holds
the lower-case codes, so any part of three characters or more is a substring query, and a
shorter part is matched with LIKE. Triggers keep the tables in step with every write. This
module is the one place where SQLite-only SQL is written for search.

Anywhere else (PostgreSQL, or a SQLite file without the tables) the same functions return
portable LIKE conditions with the same answers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from desktop.core.text import fold

ESCAPE = "\\"
MAX_TERMS = 8
TRIGRAM = 3  # the shortest part of a code its index can find
SHORT = 2  # the longest prefix the word tables index by itself (prefix='1 2')
# Gathering this many matches costs more than testing rows one by one as they are walked
# (measured: 11,000 names of 20,000 gathered in 1.3 ms; 100,000 events in 47 ms).
MANY = 20_000
# Up to this many matches are fetched as rowids and looked up one by one (a search that
# finds little costs next to nothing). Beyond, the database walks the rows in the order
# asked (by an index) and keeps those in the index's answer, stopping at the limit: many
# matches mean the first rows walked are likely ones.
FEW = 256

# (base table, indexed column) → its FTS5 table (migration 0010_search_index).
WORD_INDEXES = {
    ("outreach_events", "search_fold"): "outreach_events_fts",
    ("campaign_plans", "search_fold"): "campaign_plans_fts",
    ("persons", "name_fold"): "persons_fts",
}
CODE_INDEXES = {("reception_cases", "case_code"): "reception_cases_fts"}
_KNOWN = "khien_search_indexes"


def terms(text: str) -> list[str]:
    """The folded, distinct terms of a query (at most MAX_TERMS)."""
    out: list[str] = []
    for term in fold(text).split(" "):
        if term and term not in out:
            out.append(term)
    return out[:MAX_TERMS]


def _escaped(term: str) -> str:
    return term.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def like_word_start(column: Any, term: str) -> ColumnElement[bool]:
    """*term* starts a word of *column* (words are separated by spaces in folded text)."""
    spaced = literal(" ", String) + column
    result: ColumnElement[bool] = spaced.like(f"% {_escaped(term)}%", escape=ESCAPE)
    return result


def like_contains(column: Any, term: str) -> ColumnElement[bool]:
    """*term* occurs anywhere in *column*."""
    result: ColumnElement[bool] = column.like(f"%{_escaped(term)}%", escape=ESCAPE)
    return result


def has_index(session: Session, fts: str) -> bool:
    """True when the database answers searches from the FTS5 table *fts*."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return False
    known: set[str] = conn.info.setdefault(_KNOWN, set())  # per database connection
    if fts not in known:
        q = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        if conn.exec_driver_sql(q, (fts,)).first() is None:
            return False
        known.add(fts)
    return True


def _index_of(column: Any) -> str | None:
    key = (column.table.name, column.key)
    return WORD_INDEXES.get(key) or CODE_INDEXES.get(key)


def indexed(session: Session, column: Any) -> bool:
    """True when searches of *column* are answered by an FTS5 index here."""
    fts = _index_of(column)
    return fts is not None and has_index(session, fts)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _rowids(fts: str, query: str) -> Select[Any]:
    match = literal_column(fts).op("MATCH")(query)
    return select(literal_column(f"{fts}.rowid", Integer)).select_from(table(fts)).where(match)


def _matching(session: Session, base: str, fts: str, query: str) -> ColumnElement[bool]:
    """The rows of *base* whose index entry in *fts* matches the FTS5 *query*."""
    rowid = literal_column(f"{base}.rowid", Integer)
    found = _rowids(fts, query)
    few = list(session.execute(found.limit(FEW + 1)).scalars())
    if not few:
        return false()  # a constant: the database reads no row at all
    if len(few) <= FEW:
        return rowid.in_(few)
    # "+ 0" keeps SQLite from reaching the rows through the answer's rowids (it cannot
    # know how many there are): it walks them in order instead, as said above.
    walked = literal_column(f"({base}.rowid + 0)", Integer)
    return walked.in_(found)


def _common(session: Session, base: str, fts: str, query: str) -> bool:
    """True when *query* matches a quarter of the rows of *base* or more, and more than
    MANY: counted up to that point only, about a millisecond at 100,000 rows."""
    rows = session.execute(select(func.max(literal_column(f"{base}.rowid"))).select_from(
        table(base))).scalar() or 0  # fmt: skip
    quarter = max(rows // 4, MANY)
    found = _rowids(fts, query).limit(quarter + 1).subquery()
    return int(session.execute(select(func.count()).select_from(found)).scalar_one()) > quarter


def starts_words(
    session: Session, column: Any, words: list[str], first: int | None = None
) -> ColumnElement[bool]:
    """Every term of *words* starts a word of the folded *column*.

    *first*: the caller reads only that many rows, in an order of its own. A query of
    one- or two-letter terms that matches a quarter of the rows or more (and more than
    MANY) is then tested on each row as the database walks them (a seek in the index of
    one- and two-letter prefixes; the first rows walked are likely matches), rather than
    by gathering tens of thousands of matches first. Longer terms are never tested so:
    each test would gather every word of the prefix again.
    """
    fts = WORD_INDEXES.get((column.table.name, column.key))
    if fts is None or not has_index(session, fts):
        return and_(*(like_word_start(column, w) for w in words))
    base = column.table.name
    query = " AND ".join(_phrase(w) + "*" for w in words)
    if first is not None and max(map(len, words)) <= SHORT and _common(session, base, fts, query):
        rowid = literal_column(f"{fts}.rowid", Integer) == literal_column(f"{base}.rowid")
        match = literal_column(fts).op("MATCH")(query)
        return exists().select_from(table(fts)).where(match, rowid)
    return _matching(session, base, fts, query)


def contains_all(session: Session, column: Any, words: list[str]) -> ColumnElement[bool]:
    """Every term of *words* occurs somewhere in *column*, compared in lower case (a code)."""
    fts = CODE_INDEXES.get((column.table.name, column.key))
    if fts is None or not has_index(session, fts):
        return and_(*(like_contains(func.lower(column), w) for w in words))
    # SQLite's LIKE ignores the case of ASCII letters, the only ones its lower() changes:
    # a term too short for the trigrams is matched on the column as it is (5× faster).
    short = [like_contains(column, w) for w in words if len(w) < TRIGRAM]
    long = [w for w in words if len(w) >= TRIGRAM]
    if not long:
        return and_(*short)
    query = " AND ".join(_phrase(w) for w in long)
    return and_(_matching(session, column.table.name, fts, query), *short)


def is_index_table(name: str) -> bool:
    """True for an FTS5 table of migration 0010 or one of its shadow tables: the schema
    builds them, the models do not declare them."""
    tables = (*WORD_INDEXES.values(), *CODE_INDEXES.values())
    return any(name == fts or name.startswith(fts + "_") for fts in tables)
