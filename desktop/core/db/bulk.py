"""Write many new synced rows at once, exactly as the flush hook would write them.

The flush hook (``syncmeta``) handles one ORM object at a time; for the demo's hundreds of
thousands of rows that costs more than the rows themselves. ``NewRows`` takes plain dicts
of new rows and gives each what the hook gives a new object: its column defaults, an id,
the origin node, the owning office when none is named, the folded search and sort-key
columns, a rev over its canonical content with no parent, the next change number and an
HLC stamp — and logs the same revision row. Rows and revisions are then written with one
prepared INSERT per table (many rows to a statement on SQLite), the values converted by the
columns' own types. The database's triggers (the search index) see these INSERTs as any
other.

Only new rows: an edit needs the hook's parents (``syncmeta._parents``). Validation
(``validation.check_session``) does not run here, so the caller writes values the rules
accept (tests/core/test_bulk_rows.py checks the demo's).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table
from sqlalchemy.orm import Session

from desktop.core.db.base import SYNC_COLUMNS, Synced, new_id, utcnow
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import Stamper, canonical_json, rev_of_json
from desktop.core.text import fold, sort_key

_SPACE = re.compile(r"\s")
_CACHE_LIMIT = 200_000
_MISSING = object()

# Parameters of one statement: the limit of SQLite since 3.32 (the bundled SQLCipher is 3.53).
MAX_VARIABLES = 32_766
MAX_ROWS_PER_STATEMENT = 1000


class _Memo:
    """A function of one value, computed once per distinct value."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self._function = function
        self._done: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        done = self._done.get(value, _MISSING)
        if done is _MISSING:
            done = self._function(value)
            if len(self._done) < _CACHE_LIMIT:
                self._done[value] = done
        return done


class _Words:
    """``fold`` and ``sort_key`` of a text from those of its words, each computed once.

    Both functions work on single-space-separated text word by word: a fold is the words'
    folds joined by spaces, a sort key the words' primary weights joined by the space's
    weight, then \\x01, then their tones joined by the space's tone. A text this cannot
    hold exactly (other spacing, a word that folds to nothing or starts with a combining
    mark) is given to the functions whole. Whole texts that repeat (villages, venues) are
    remembered too."""

    def __init__(self) -> None:
        self._folds: dict[str, str | None] = {}
        self._keys: dict[str, tuple[str, str] | None] = {}
        self._folded = _Memo(self._fold_text)
        self._keyed = _Memo(self._key_text)

    def fold(self, text: str) -> str:
        return self._folded(text) if text else ""

    def sort_key(self, text: str) -> str:
        return self._keyed(text) if text else ""

    def _fold_text(self, text: str) -> str:
        parts = []
        for word in text.split(" "):
            done = self._folds[word] if word in self._folds else self._fold_word(word)
            if done is None:
                return fold(text)
            parts.append(done)
        return " ".join(parts)

    def _fold_word(self, word: str) -> str | None:
        done = fold(word) if word and not _SPACE.search(word) else ""
        found = done or None
        if len(self._folds) < _CACHE_LIMIT:
            self._folds[word] = found
        return found

    def _key_text(self, text: str) -> str:
        primary, tones = [], []
        for word in text.split(" "):
            done = self._keys[word] if word in self._keys else self._key_word(word)
            if done is None:
                return sort_key(text)
            primary.append(done[0])
            tones.append(done[1])
        return " ".join(primary) + "\x01" + "0".join(tones)

    def _key_word(self, word: str) -> tuple[str, str] | None:
        found = None
        nfd = unicodedata.normalize("NFD", word)
        if nfd and not _SPACE.search(word) and not unicodedata.combining(nfd[0]):
            key = sort_key(word)
            half = (len(key) - 1) // 2  # as many tones as primary weights
            found = key[:half], key[half + 1 :]
        if len(self._keys) < _CACHE_LIMIT:
            self._keys[word] = found
        return found


def _getter(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of *keys* in a row, as a tuple."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return itemgetter(*keys)


class InsertStatement:
    """One prepared INSERT of a table: the SQL, its column order and the columns' value
    converters for this database.

    On SQLite the rows go many to a statement (``INSERT … VALUES (…), (…), …``), not one
    statement each: the search index's FTS5 tables write their pending entries out at the
    end of every statement, so one row a statement made the index cost 4× the rows."""

    def __init__(self, conn: Connection, table: Table) -> None:
        compiled = table.insert().compile(
            dialect=conn.dialect, column_keys=[c.key for c in table.columns]
        )
        self.sql = str(compiled)
        # Positional parameters (SQLite's "?") as tuples in their order; named ones as dicts.
        self.positional = bool(compiled.positional)
        names = compiled.positiontup if self.positional else None
        self.keys: list[str] = [str(k) for k in names or (c.key for c in table.columns)]
        self._get = _getter(self.keys)
        # (position, converter, values already converted): days, times and flags, few
        # distinct values, each converted once.
        self._convert: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = []
        for n, key in enumerate(self.keys):
            convert = table.c[key].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
            if convert is not None:
                self._convert.append((n, convert, {}))
        self.rows: list[Any] = []
        self.many = self.positional and conn.dialect.name == "sqlite"
        self.per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, MAX_VARIABLES // len(self.keys)))
        self._head, _sep, self._group = self.sql.partition(" VALUES ")
        self._sql_of: dict[int, str] = {}

    def add(self, row: dict[str, Any]) -> None:
        values: Any = self._get(row)
        if self._convert:
            values = list(values)
            for n, convert, done in self._convert:
                value = values[n]
                if value is not None:
                    found = done.get(value, _MISSING)
                    if found is _MISSING:
                        found = convert(value)
                        if len(done) < _CACHE_LIMIT:
                            done[value] = found
                    values[n] = found
        self.rows.append(values if self.positional else dict(zip(self.keys, values, strict=True)))

    def take(self) -> list[Any]:
        """The rows added since the last ``take`` or ``write``, for ``write_rows``."""
        rows, self.rows = self.rows, []
        return rows

    def write(self, conn: Connection) -> None:
        """Insert the rows added so far."""
        self.write_rows(conn, self.take())

    def write_rows(self, conn: Connection, rows: list[Any]) -> None:
        """Insert *rows* taken from this statement."""
        if not rows:
            return
        if not self.many:
            conn.exec_driver_sql(self.sql, rows)
            return
        step = self.per_statement
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            conn.exec_driver_sql(self._many_sql(len(chunk)), tuple(chain.from_iterable(chunk)))

    def _many_sql(self, count: int) -> str:
        sql = self._sql_of.get(count)
        if sql is None:
            sql = self._sql_of[count] = f"{self._head} VALUES {', '.join([self._group] * count)}"
        return sql


class _Model:
    """What a new row of one model needs beyond its values: defaults and derived columns."""

    def __init__(self, model: type[Synced]) -> None:
        table: Table = model.__table__  # type: ignore[attr-defined]
        self.name = table.name
        self.folds = list(model.__fold__.items())
        self.keys = list(model.__sortkey__.items())
        self.owner = model.__owner_office__
        self.defaults: list[tuple[str, Any]] = []
        self.callables: list[tuple[str, Any]] = []
        for column in table.columns:
            default = column.default
            if default is None or column.key in SYNC_COLUMNS or column.key == "updated_at":
                continue
            if default.is_scalar:
                self.defaults.append((column.key, default.arg))  # type: ignore[attr-defined]
            elif default.is_callable:
                self.callables.append((column.key, default.arg))  # type: ignore[attr-defined]
        skip = set(SYNC_COLUMNS) - {"deleted", "id"} | {"updated_at"}
        skip |= set(model.__fold__) | set(model.__sortkey__)
        self.content = sorted(c.key for c in table.columns if c.key not in skip)
        self.content_of = _getter(self.content)
        # Days and times enter the canonical JSON as their ISO text (syncmeta's rule).
        dated = {c.key for c in table.columns if isinstance(c.type, Date | DateTime)}
        self.dated = [k for k in self.content if k in dated]
        self.column_set = {c.key for c in table.columns}


class NewRows:
    """New synced rows stamped as the flush hook would, written in bulk.

    ``add`` stamps a row (a dict of column values) and keeps it; ``write`` inserts what was
    kept, table by table in the order the tables were first added (so a row's parent is
    written before it), then the revisions. *count* is an upper bound on the rows added:
    their change numbers are reserved from the node's counter at once, like the hook does
    for a flush. Everything runs inside the session's transaction.

    ``write(behind=True)`` hands the rows to a helper thread that inserts them on the
    session's connection while the caller stamps the next ones: SQLite runs without
    Python's lock, so on two cores the inserts and the stamping overlap. The caller must not
    use the session meanwhile: the next ``write``, ``wait`` and leaving the ``with`` block
    (also on an error or a cancel) wait until the rows are in, and raise what stopped them.
    """

    def __init__(self, session: Session, count: int) -> None:
        self._conn = session.connection()
        self._stamper = Stamper(session, count)
        self.node_id = self._stamper.node_id
        self._words = _Words()
        self._models: dict[type[Synced], _Model] = {}
        self._tables: dict[type[Synced], InsertStatement] = {}
        self._log = InsertStatement(self._conn, Revision.__table__)  # type: ignore[arg-type]
        self._left = count
        self._now = utcnow()
        self._iso = _Memo(lambda day: day.isoformat())
        self._helper: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    def __enter__(self) -> NewRows:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_rest: object) -> None:
        try:
            self.wait()
        except Exception:
            if kind is None:  # otherwise the error already on its way is the one to see
                raise
        finally:
            if self._helper is not None:
                self._helper.shutdown()

    def add(self, model: type[Synced], row: dict[str, Any]) -> dict[str, Any]:
        """Stamp *row* as a new row of *model*; returns it, with its id and rev."""
        if self._left <= 0:  # its change number would be one the hook hands out next
            raise ValueError("more new rows than were reserved")
        self._left -= 1
        spec = self._models.get(model)
        if spec is None:
            spec = self._models[model] = _Model(model)
            self._tables[model] = InsertStatement(self._conn, model.__table__)  # type: ignore[attr-defined]
        self._complete(spec, row)
        words = self._words
        for target, sources in spec.folds:
            row[target] = " ".join([words.fold(row[s] or "") for s in sources]).strip()
        for target, source in spec.keys:
            row[target] = words.sort_key(row[source] or "")
        content = self._content(spec, row)
        rev = rev_of_json(content, None)  # a new row: no parent
        seq = self._stamper.take()
        hlc = self._stamper.next_hlc()
        row["rev"] = rev
        row["parent_rev"] = None
        row["origin_node"] = row["origin_node"] or self.node_id
        row["change_seq"] = seq
        row["hlc"] = hlc
        row["updated_at"] = self._now
        self._tables[model].add(row)
        self._log.add({
            "rev": rev, "table_name": spec.name, "row_id": row["id"], "parents": "",
            "content": content, "hlc": hlc, "origin_node": self.node_id, "change_seq": seq,
        })  # fmt: skip
        return row

    def _complete(self, spec: _Model, row: dict[str, Any]) -> None:
        """Fill what the hook fills in a new row: defaults, id, owning office."""
        missing = spec.column_set.difference(row)
        if missing:
            row.update(dict.fromkeys(missing))
        for key, value in spec.defaults:
            if row[key] is None:
                row[key] = value
        for key, make in spec.callables:
            if row[key] is None:
                row[key] = make(None)  # SQLAlchemy's wrapper takes a context
        if not row["id"]:
            row["id"] = new_id()
        row["deleted"] = bool(row["deleted"])
        if spec.owner and row[spec.owner] is None:
            row[spec.owner] = self._stamper.office_id

    def _content(self, spec: _Model, row: dict[str, Any]) -> str:
        """The row's canonical content (``canonical_json(obj.content())``)."""
        content = dict(zip(spec.content, spec.content_of(row), strict=True))
        for key in spec.dated:
            value = content[key]
            if isinstance(value, dt.date):  # as canonical_json writes it, remembered
                content[key] = self._iso(value)
        return canonical_json(content)

    def write(self, *, behind: bool = False) -> None:
        """Insert the rows kept so far, then their revisions; *behind*: on the helper
        thread, returning at once (see the class)."""
        self.wait()
        batch = [(table, table.take()) for table in self._tables.values()]
        batch.append((self._log, self._log.take()))
        self._now = utcnow()
        if not behind:
            self._insert(batch)
            return
        if self._helper is None:
            self._helper = ThreadPoolExecutor(1, thread_name_prefix="khien-bulk")
        self._pending = self._helper.submit(self._insert, batch)

    def wait(self) -> None:
        """Return once the rows handed to the helper thread are in; raise what failed."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def _insert(self, batch: list[tuple[InsertStatement, list[Any]]]) -> None:
        for statement, rows in batch:
            statement.write_rows(self._conn, rows)
