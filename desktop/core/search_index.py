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

``find`` asks every index a search needs in one statement, for up to GATHER matches each,
and picks the way to the rows from the answer (``Way``): none at all, a few looked up by
rowid, more walked in the caller's order and kept when listed (or, past GATHER, when the
index answers again), or short terms tested row by row. The condition of a ``Match`` is
built once per shape and reused with new values: a search typed key by key costs little
more than its SQL.

Anywhere else (PostgreSQL, or a SQLite file without the tables) the same functions return
portable LIKE conditions with the same answers.
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
)
from sqlalchemy.engine import Connection
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
# asked (by an index) and keeps those among the matches, stopping at the limit: many
# matches mean the first rows walked are likely ones.
FEW = 256
# Up to this many matches are fetched too, as one JSON array, so that the walk keeps rows
# from that list instead of asking the index again: two or more terms cost FTS5 nearly as
# much for the first FEW matches as for all of them (each prefix's words are gathered
# first), so asking twice nearly doubled the cost ("na lau", 1,096 events: 5.9 ms → 4.5 ms,
# raw 4.2). Fetching more costs more than asking again (one common term streams cheaply).
GATHER = 4096

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


def has_index(session: Session | Connection, fts: str) -> bool:
    """True when the database answers searches from the FTS5 table *fts*."""
    conn = session if isinstance(session, Connection) else session.connection()
    if conn.dialect.name != "sqlite":
        return False
    known: set[str] = conn.info.setdefault(_KNOWN, set())  # per database connection
    if fts not in known:
        q = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        if conn.exec_driver_sql(q, (fts,)).first() is None:
            return False
        known.add(fts)
    return True


_NAMES: dict[Any, tuple[str, str]] = {}


def _names(column: Any) -> tuple[str, str]:
    """(table, column) of a mapped *column*: asked of the ORM once."""
    names = _NAMES.get(column)
    if names is None:
        names = _NAMES[column] = (column.table.name, column.key)
    return names


def _index_of(column: Any) -> str | None:
    key = _names(column)
    return WORD_INDEXES.get(key) or CODE_INDEXES.get(key)


def indexed(session: Session, column: Any) -> bool:
    """True when searches of *column* are answered by an FTS5 index here."""
    fts = _index_of(column)
    return fts is not None and has_index(session, fts)


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class Way(enum.Enum):
    """How the database finds the rows a query's terms match."""

    NONE = "none"  # the index finds no row: nothing to ask the database
    ROWIDS = "rowids"  # up to FEW matches, their rowids in hand: each row looked up by rowid
    LISTED = "listed"  # up to GATHER, in hand: the rows walked in order, those listed kept
    WALK = "walk"  # more: the rows walked in the order asked, those in the index's answer kept
    TEST = "test"  # short terms in most rows, few rows read: each row walked tested in the index
    EVERY = "every"  # a code's terms all too short for the index: the patterns alone decide
    LIKE = "like"  # no index here: portable LIKE patterns


WORDS, CODE = "words", "code"


@dataclass(frozen=True)
class Match:
    """The rows of *column* that a query's terms match, as this database finds them: the
    way, and the values the SQL condition needs (an FTS5 query, the rowids found, LIKE
    patterns). ``condition()`` is one object for every match of a shape (``shape``: the
    column, the way, how many patterns), with bind parameters for the values, so that a
    statement built on it once is run again with ``params()``; ``bound()`` is the same
    condition carrying its values, for a statement built on the spot."""

    column: Any
    base: str  # the column's table
    kind: str  # WORDS: every term starts a word; CODE: every term anywhere in the code
    way: Way
    query: str = ""
    rowids: str = "[]"  # a JSON array, as the database wrote it
    # LIKE patterns: of every term (Way.LIKE) or of a code's terms too short for trigrams
    patterns: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[Any, str, Way, int]:
        return (self.column, self.kind, self.way, len(self.patterns))

    @property
    def nothing(self) -> bool:
        """True when no row can match: the database need not be asked."""
        return self.way is Way.NONE

    def condition(self) -> ColumnElement[bool]:
        cond = _CONDITIONS.get(self.shape)
        if cond is None:
            cond = _CONDITIONS[self.shape] = _condition(self, bound=False)
        return cond

    def params(self) -> dict[str, Any]:
        name = _param_prefix(self.column)
        values: dict[str, Any] = {f"{name}_p{i}": p for i, p in enumerate(self.patterns)}
        if self.way in (Way.WALK, Way.TEST):
            values[f"{name}_q"] = self.query
        elif self.way in (Way.ROWIDS, Way.LISTED):
            values[f"{name}_ids"] = self.rowids
        return values

    def bound(self) -> ColumnElement[bool]:
        return _condition(self, bound=True)


# One condition per shape (a handful per column), built on first use.
_CONDITIONS: dict[tuple[Any, str, Way, int], ColumnElement[bool]] = {}


def _param_prefix(column: Any) -> str:
    return "_".join(_names(column))


def _condition(m: Match, bound: bool) -> ColumnElement[bool]:
    values = m.params()

    def param(name: str) -> Any:
        key = f"{_param_prefix(m.column)}_{name}"
        if bound:  # a value of its own, whatever else the statement holds
            return bindparam(key, values[key], type_=String, unique=True)
        return bindparam(key, type_=String)

    if m.way is Way.NONE:
        return false()  # a constant: the database reads no row at all
    if m.way is Way.LIKE:  # as like_word_start and like_contains do
        text = literal(" ", String) + m.column if m.kind == WORDS else func.lower(m.column)
        return and_(*(text.like(param(f"p{i}"), escape=ESCAPE) for i in range(len(m.patterns))))
    # SQLite's LIKE ignores the case of ASCII letters, the only ones its lower() changes:
    # a code's term too short for the trigrams is matched on the column as it is (faster).
    short = [m.column.like(param(f"p{i}"), escape=ESCAPE) for i in range(len(m.patterns))]
    if m.way is Way.EVERY:
        return and_(*short)
    base = m.base
    fts = _index_of(m.column)
    assert fts is not None, m.column
    # "+ 0" keeps SQLite from reaching the rows through the matches' rowids (it cannot
    # know how many there are): it walks them in order instead (FEW, GATHER above).
    walked = literal_column(f"({base}.rowid + 0)", Integer)
    found: ColumnElement[bool]
    if m.way in (Way.ROWIDS, Way.LISTED):
        ids = select(func.json_each(param("ids")).table_valued("value").c.value)
        rowid = literal_column(f"{base}.rowid", Integer) if m.way is Way.ROWIDS else walked
        found = rowid.in_(ids)
    elif m.way is Way.WALK:
        found = walked.in_(_rowids(fts, param("q")))
    else:  # Way.TEST
        same = literal_column(f"{fts}.rowid", Integer) == literal_column(f"{base}.rowid")
        found = exists().select_from(table(fts)).where(_match(fts, param("q")), same)
    return and_(found, *short)


def _match(fts: str, query: Any) -> ColumnElement[bool]:
    match: ColumnElement[bool] = literal_column(fts).op("MATCH")(query)
    return match


def _rowids(fts: str, query: Any) -> Select[*tuple[Any, ...]]:
    rowid = literal_column(f"{fts}.rowid", Integer)
    return select(rowid).select_from(table(fts)).where(_match(fts, query))


@functools.cache
def _probe(indexes: tuple[str, ...]) -> Select[*tuple[Any, ...]]:
    """Up to :n rowids of each index's answer to its query (:q0, :q1, …), each as one JSON
    array: one statement and one row for every index a search asks, and the very value a
    condition of Way.ROWIDS or Way.LISTED takes (built once per list of indexes)."""
    answers = []
    for i, fts in enumerate(indexes):
        rowid = literal_column(f"{fts}.rowid", Integer).label("r")
        query = bindparam(f"q{i}", type_=String)
        found = select(rowid).select_from(table(fts)).where(_match(fts, query))
        some = found.limit(bindparam("n", type_=Integer)).subquery()
        answers.append(select(func.json_group_array(some.c.r)).scalar_subquery())
    return select(*answers)


@functools.cache
def _counted(base: str, fts: str) -> Select[*tuple[Any, ...]]:
    """The base table's highest rowid, and how many of up to a quarter of it (and at least
    MANY) the index's answer to :q holds: about a millisecond at 100,000 rows."""
    top = func.coalesce(func.max(literal_column(f"{base}.rowid", Integer)), 0)
    rows = select(top).select_from(table(base)).scalar_subquery()
    quarter = func.max(rows.op("/")(4), bindparam("many", type_=Integer))  # integer division
    found = _rowids(fts, bindparam("q", type_=String)).limit(quarter + 1).subquery()
    return select(func.count(), quarter).select_from(found)


def _common(conn: Connection, base: str, fts: str, query: str) -> bool:
    """True when *query* matches a quarter of the rows of *base* or more, and more than
    MANY: counted up to that point only."""
    row = conn.execute(_counted(base, fts), {"q": query, "many": MANY}).one()
    return int(row[0]) > int(row[1])


def _way(found: str) -> Way:
    """The way to the rows of an index's answer of which *found* holds up to GATHER + 1."""
    if found == "[]":
        return Way.NONE
    commas = found.count(",")  # one less than the numbers
    return Way.ROWIDS if commas < FEW else Way.LISTED if commas < GATHER else Way.WALK


def find(
    session: Session, wanted: list[tuple[Any, str]], words: list[str], first: int | None = None
) -> list[Match]:
    """The rows each (column, kind) of *wanted* has that *words* match: with WORDS every
    term starts a word of the folded column, with CODE every term occurs somewhere in the
    column compared in lower case (a code). The indexes are asked in one statement.

    *first*: the caller reads only that many rows, in an order of its own. A query of
    one- or two-letter terms that matches a quarter of a table's rows or more (and more
    than MANY) is then tested on each row as the database walks them (a seek in the index
    of one- and two-letter prefixes; the first rows walked are likely matches), rather than
    by gathering tens of thousands of matches first. Longer terms are never tested so:
    each test would gather every word of the prefix again.
    """
    conn = session.connection()
    out: list[Match] = []
    asked: list[tuple[int, str, str]] = []  # (place in out, index, FTS5 query)
    for column, kind in wanted:
        base, key = _names(column)
        fts = (WORD_INDEXES if kind == WORDS else CODE_INDEXES).get((base, key))
        if fts is None or not has_index(conn, fts):
            start = " " if kind == WORDS else ""
            patterns = tuple(f"%{start}{_escaped(w)}%" for w in words)
            out.append(Match(column, base, kind, Way.LIKE, patterns=patterns))
            continue
        if kind == WORDS:
            query = " AND ".join(_phrase(w) + "*" for w in words)
            out.append(Match(column, base, kind, Way.WALK, query))
        else:
            short = tuple(f"%{_escaped(w)}%" for w in words if len(w) < TRIGRAM)
            query = " AND ".join(_phrase(w) for w in words if len(w) >= TRIGRAM)
            way = Way.WALK if query else Way.EVERY
            out.append(Match(column, base, kind, way, query, "[]", short))
        if query:
            asked.append((len(out) - 1, fts, query))
    if not asked:
        return out
    params: dict[str, Any] = {f"q{i}": query for i, (_at, _fts, query) in enumerate(asked)}
    statement = _probe(tuple(fts for _at, fts, _query in asked))
    answers = conn.execute(statement, {**params, "n": GATHER + 1}).one()
    short_terms = first is not None and max(map(len, words)) <= SHORT
    for (at, fts, query), few in zip(asked, answers, strict=True):
        m = out[at]
        way = _way(str(few))
        if (
            way is Way.WALK
            and m.kind == WORDS
            and short_terms
            and _common(conn, m.base, fts, query)
        ):
            way = Way.TEST
        rowids = str(few) if way in (Way.ROWIDS, Way.LISTED) else "[]"
        patterns = () if way is Way.NONE else m.patterns
        out[at] = Match(m.column, m.base, m.kind, way, query, rowids, patterns)
    return out


def word_match(session: Session, column: Any, words: list[str], first: int | None = None) -> Match:
    """Every term of *words* starts a word of the folded *column* (``find``)."""
    return find(session, [(column, WORDS)], words, first)[0]


def code_match(session: Session, column: Any, words: list[str]) -> Match:
    """Every term of *words* occurs somewhere in *column*, compared in lower case (a code)."""
    return find(session, [(column, CODE)], words)[0]


def live(deleted: Any, *matches: Match) -> ColumnElement[bool]:
    """The rows not deleted, tested so that SQLite takes the right path for *matches*.

    "deleted = 0" lets it walk a list index that starts with the flag, in the list's order,
    keeping the rows that match and stopping at the limit: right when many rows match. When
    the matches are a few rowids, each row is to be looked up by its rowid; SQLite, having
    no statistics, takes "deleted = 0" for a narrow part of that index and would walk all of
    it (100,000 entries for 12 rows): the flag is then tested in a form no index answers.
    """
    if any(m.way is Way.ROWIDS for m in matches):
        return func.coalesce(deleted, False).is_(False)
    return ~deleted  # type: ignore[no-any-return]


def starts_words(
    session: Session, column: Any, words: list[str], first: int | None = None
) -> ColumnElement[bool]:
    """The condition of ``word_match``, carrying its values."""
    return word_match(session, column, words, first).bound()


def contains_all(session: Session, column: Any, words: list[str]) -> ColumnElement[bool]:
    """The condition of ``code_match``, carrying its values."""
    return code_match(session, column, words).bound()


def is_index_table(name: str) -> bool:
    """True for an FTS5 table of migration 0010 or one of its shadow tables: the schema
    builds them, the models do not declare them."""
    tables = (*WORD_INDEXES.values(), *CODE_INDEXES.values())
    return any(name == fts or name.startswith(fts + "_") for fts in tables)
