"""Change records: the revisions a bundle carries, read from and applied to the database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, exists, select
from sqlalchemy.orm import Session

from desktop.core.db.base import Base, Synced, synced_models, utcnow
from desktop.core.db.bulk import InsertStatement as Statement
from desktop.core.db.models import AuditEvent
from desktop.core.db.models_sync import Conflict, Revision
from desktop.core.db.syncmeta import Stamper, canonical_json, refresh_derived
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.sync import bundle, merge, unique

MAX_PARENTS = 8
WRITE_EVERY = 1000  # new revisions kept in memory before they are written


def record_of(row: Any) -> dict[str, Any]:
    """The record of a logged revision: *row* is a row of ``select(*LOGGED)``, unpacked at
    once (seven lookups by name cost as much as parsing the content)."""
    table, row_id, rev, parents, content, hlc, origin = row
    return {
        "table": table,
        "id": row_id,
        "rev": rev,
        "parents": parents.split(),
        "content": json.loads(content),
        "hlc": hlc,
        "origin_node": origin,
    }


# Canonical JSON (bundle._canonical's settings), one encoder for every record.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
# The function that encoder writes a string with (ensure_ascii=False): the same escapes.
_STRING = json.encoder.encode_basestring


def _line(row: Any) -> bundle.Line:
    """A logged revision as a record with its canonical JSON, made from the stored content
    (canonical JSON already; "content" is the first key in order): nothing is serialised
    twice. The other keys, in their sorted order, are written here with the encoder's own
    string function (a value not text, which the log never holds, goes through the encoder):
    tests/sync/test_sync_speed.py holds the result to ``bundle._canonical``."""
    record = record_of(row)
    hlc, parents, origin, rev, table, row_id = (
        record["hlc"], record["parents"], record["origin_node"], record["rev"],
        record["table"], record["id"],
    )  # fmt: skip
    if all(type(v) is str for v in (hlc, origin, rev, table, row_id, *parents)):
        listed = ",".join(map(_STRING, parents))
        rest = (
            f'"hlc":{_STRING(hlc)},"id":{_STRING(row_id)},"origin_node":{_STRING(origin)},'
            f'"parents":[{listed}],"rev":{_STRING(rev)},"table":{_STRING(table)}}}'
        )
    else:
        rest = _CANONICAL({k: v for k, v in record.items() if k != "content"})[1:]
    return bundle.Line(record, f'{{"content":{row[4]},{rest}'.encode())


# The revision log's columns a record is made of, in record_of's order.
LOGGED = (
    Revision.table_name,
    Revision.row_id,
    Revision.rev,
    Revision.parents,
    Revision.content,
    Revision.hlc,
    Revision.origin_node,
)


def changes_since(
    session: Session,
    since_seq: int,
    skip_origins: Collection[str] = (),
    tables: Collection[str] | None = None,
    lines: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every revision this node stored after *since_seq*, oldest first; rows made without
    a revision log (bulk demo data, profiles older than sync) go as their current state.
    Revisions made by a node in *skip_origins* are left out (an upstream office holds the
    revisions it made itself). *tables*: only those tables' rows (a receipt's reference
    data is a few rows of a million: an index answers, nothing else is read). *lines*:
    logged revisions come as ``bundle.Line`` (their JSON made from the stored content), for
    a bundle about to be packed."""
    skip = set(skip_origins)
    session.flush()  # read below the ORM: what this session added counts too
    q = select(*LOGGED).where(Revision.change_seq > since_seq)
    if tables is not None:
        q = q.where(Revision.table_name.in_(sorted(tables)))
    q = q.order_by(Revision.change_seq)
    make = _line if lines else record_of
    for row in session.connection().execute(q):
        if row.origin_node not in skip:
            yield make(row)
    for table, model in synced_models().items():
        if tables is not None and table not in tables:
            continue
        yield from _unlogged(session, table, model, since_seq, skip)


def _unlogged(
    session: Session,
    table: str,
    model: type[Synced],
    since_seq: int,
    skip: set[str],
) -> Iterator[dict[str, Any]]:
    """The rows of *model* changed after *since_seq* whose state no revision logged here
    holds, as records of their current state (the database finds them by index; only
    those rows are read whole)."""
    q = select(model.id, model.origin_node).where(
        model.change_seq > since_seq, ~exists().where(Revision.rev == model.rev)
    )
    for row_id, origin in session.connection().execute(q).all():
        if origin in skip:
            continue
        has_log = session.execute(
            select(Revision.rev).where(Revision.row_id == row_id).limit(1)
        ).first()
        if has_log is not None:
            continue  # a merged head is computed by each office, never sent
        obj = session.get(model, row_id)
        assert obj is not None
        yield {
            "table": table,
            "id": obj.id,
            "rev": obj.rev,
            "parents": [obj.parent_rev] if obj.parent_rev else [],
            "content": json.loads(canonical_json(obj.content())),
            "hlc": obj.hlc,
            "origin_node": obj.origin_node,
        }


def _bad_record() -> KhienError:
    return KhienError(_("The bundle holds a record Khiên cannot read; nothing was imported."))


def check_record(record: dict[str, Any], models: dict[str, type[Synced]]) -> None:
    """Refuse a record whose shape is wrong before anything is written."""
    ok = (
        record.get("table") in models
        and isinstance(record.get("id"), str)
        and 0 < len(record["id"]) <= 36
        and isinstance(record.get("rev"), str)
        and len(record["rev"]) == 64
        and isinstance(record.get("parents"), list)
        and len(record["parents"]) <= MAX_PARENTS
        and all(isinstance(p, str) and len(p) == 64 for p in record["parents"])
        and isinstance(record.get("content"), dict)
        and isinstance(record.get("hlc"), str)
        and isinstance(record.get("origin_node"), str)
    )
    if not ok:
        raise _bad_record()


def _to_datetime(value: Any) -> Any:
    return dt.datetime.fromisoformat(value)


def _to_date(value: Any) -> Any:
    return dt.date.fromisoformat(value)


def _to_text(value: Any) -> Any:
    return value if isinstance(value, str) else str(value)


def _converter(column: Any) -> Callable[[Any], Any]:
    """How a value of *column* as a bundle carries it (JSON) becomes a Python value."""
    kind = column.type
    if isinstance(kind, DateTime):
        return _to_datetime
    if isinstance(kind, Date):
        return _to_date
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Integer):
        return int
    return _to_text


def _python(column: Any, value: Any) -> Any:
    return _convert(_converter(column), value)


def _convert(converter: Callable[[Any], Any], value: Any) -> Any:
    if value is None:
        return None
    try:
        return converter(value)
    except (TypeError, ValueError):
        raise _bad_record() from None


@cache
def _converters(table: str) -> dict[str, Callable[[Any], Any]]:
    """Per column a row's content may set (all but the id): its converter (once per table:
    an import converts hundreds of thousands of values)."""
    columns = synced_models()[table].__table__.columns  # type: ignore[attr-defined]
    return {c.key: _converter(c) for c in columns if c.key != "id"}


def _values(table: str, content: Mapping[str, Any]) -> dict[str, Any]:
    """A row's content as the Python values of its columns (texts as they are)."""
    convert = _converters(table)
    values = {}
    for name, value in content.items():
        converter = convert.get(name)
        if converter is None:
            continue  # not a column (or the id)
        if value is None or converter is _to_text and type(value) is str:
            values[name] = value
        else:
            values[name] = _convert(converter, value)
    return values


def _revision_values(record: dict[str, Any], seq: int) -> dict[str, Any]:
    """The revisions row keeping an incoming record, stored as change *seq*."""
    return {
        "rev": record["rev"],
        "table_name": record["table"],
        "row_id": record["id"],
        "parents": " ".join(record["parents"]),
        "content": canonical_json(record["content"]),
        "hlc": record["hlc"],
        "origin_node": record["origin_node"],
        "change_seq": seq,
    }


def stored_revs(session: Session, revs: list[str]) -> set[str]:
    """Which of *revs* this node holds already: one query per 500, not one per record."""
    out: set[str] = set()
    for i in range(0, len(revs), 500):
        q = select(Revision.rev).where(Revision.rev.in_(revs[i : i + 500]))
        out.update(session.execute(q).scalars())
    return out


@dataclass
class _Batch:
    """What refresh_row reads of many rows, fetched 500 rows at a time: an import of
    thousands of rows asked five questions per row of a million-row database. Rows new
    here are not built as ORM objects: their values wait in *inserts* (per table, shared
    by the batches of one import) for one executemany."""

    models: dict[str, type[Synced]]
    revisions: dict[str, list[Any]] = field(default_factory=dict)  # row id → its revisions
    objects: dict[str, Synced] = field(default_factory=dict)  # the rows present here
    open_conflicts: set[str] = field(default_factory=set)  # row ids with an open conflict
    fresh: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # rev → content, parsed
    contents: dict[str, str] = field(default_factory=dict)  # rev → content held before
    inserts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def fetch(cls, session: Session, rows: list[tuple[str, str]], previous: _Batch) -> _Batch:
        batch = cls(previous.models, fresh=previous.fresh, inserts=previous.inserts)
        conn = session.connection()
        ids = [row_id for row_id, _table in rows]
        cols = (Revision.row_id, Revision.rev, Revision.parents, Revision.hlc)
        q = select(*cols, Revision.origin_node).where(Revision.row_id.in_(ids))
        for r in conn.execute(q):
            batch.revisions.setdefault(r.row_id, []).append(r)
        # The contents of the revisions this import brought are at hand already.
        held = [r.rev for rs in batch.revisions.values() for r in rs if r.rev not in batch.fresh]
        for i in range(0, len(held), 500):
            q_held = select(Revision.rev, Revision.content).where(
                Revision.rev.in_(held[i : i + 500])
            )
            batch.contents.update((rev, content) for rev, content in conn.execute(q_held))
        for table in {t for _id, t in rows}:
            model = batch.models[table]
            wanted = [row_id for row_id, t in rows if t == table]
            found = session.execute(select(model).where(model.id.in_(wanted))).scalars()
            batch.objects.update((o.id, o) for o in found)
        still_open = Conflict.resolved_rev.is_(None)
        q_open = select(Conflict.row_id).where(Conflict.row_id.in_(ids), still_open)
        batch.open_conflicts.update(conn.execute(q_open).scalars())
        return batch

    def write(self, session: Session) -> None:
        """Insert the new rows waiting, in their order (a row may name one before it), many
        to a statement (``bulk.Statement``: the search index's tables are written once a
        statement, not once a row). A column the content does not carry gets its default,
        as an INSERT without it would."""
        conn = session.connection()
        for table, rows in self.inserts.items():
            model = self.models[table]
            writer = Statement(conn, model.__table__)  # type: ignore[attr-defined]
            defaults = _defaults(table)
            for row in rows:
                for key, default in defaults.items():
                    if key not in row:
                        row[key] = default() if callable(default) else default
                writer.add(row)
            writer.write(conn)
        self.inserts.clear()


@cache
def _defaults(table: str) -> dict[str, Any]:
    """Per column of *table*: its default (a callable is called for each row), None when it
    has none."""
    out: dict[str, Any] = {}
    for column in synced_models()[table].__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is None:
            out[column.key] = None
        elif default.is_scalar:
            out[column.key] = default.arg
        else:  # SQLAlchemy's wrapper of a callable takes a context
            out[column.key] = lambda make=default.arg: make(None)
    return out


def _revisions(
    session: Session, row_id: str, batch: _Batch | None = None
) -> dict[str, merge.Revision]:
    if batch is None:
        rows = session.execute(select(Revision).where(Revision.row_id == row_id)).scalars()
        return {
            r.rev: merge.Revision(r.rev, tuple(r.parents.split()), json.loads(r.content), r.hlc)
            for r in rows
        }
    out = {}
    for r in batch.revisions.get(row_id, []):
        content = batch.fresh.get(r.rev)
        if content is None:
            content = json.loads(batch.contents[r.rev])
        out[r.rev] = merge.Revision(r.rev, tuple(r.parents.split()), content, r.hlc)
    return out


class _NewRow(dict[str, Any]):
    """A new row's values, read and written as attributes like the object that
    ``refresh_derived`` fills (an absent column reads as None, as on a new object)."""

    def __init__(self, model: type[Synced], values: dict[str, Any]) -> None:
        super().__init__(values)
        object.__setattr__(self, "__fold__", model.__fold__)
        object.__setattr__(self, "__sortkey__", model.__sortkey__)

    def __getattr__(self, name: str) -> Any:
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


def refresh_row(
    session: Session, table: str, row_id: str, stamper: Stamper, batch: _Batch | None = None
) -> merge.Head:
    """Recompute a row's head from every revision known and write it (no new revision).
    *batch*: what apply() fetched for many rows at once (otherwise the database is asked);
    a row new here then waits in the batch for its table's executemany."""
    model = (batch.models if batch is not None else synced_models())[table]
    known = _revisions(session, row_id, batch)
    obj = session.get(model, row_id) if batch is None else batch.objects.get(row_id)
    if obj is not None and obj.rev and not known:
        # The row's current state predates the revision log: it counts as a revision too.
        content = json.loads(canonical_json(obj.content()))
        parents = (obj.parent_rev,) if obj.parent_rev else ()
        known[obj.rev] = merge.Revision(obj.rev, parents, content, obj.hlc)
    result = merge.head(known)
    if obj is not None and obj.rev == result.rev:
        return result
    values = _values(table, result.content)
    first = known[result.leaves[0]]
    values["rev"] = result.rev
    values["parent_rev"] = first.parents[0] if len(result.leaves) == 1 and first.parents else None
    # (a value the content carries counts first, as it would once set on the object)
    origin = values["origin_node"] if "origin_node" in values else getattr(obj, "origin_node", "")
    values["origin_node"] = origin or _origin(session, row_id, batch)
    values["hlc"] = max(known[leaf].hlc for leaf in result.leaves)
    values["updated_at"] = utcnow()
    if obj is None and batch is not None:
        row = _NewRow(model, {"id": row_id, **values})
        refresh_derived(row)  # type: ignore[arg-type]
        row["change_seq"] = stamper.take()
        batch.inserts.setdefault(table, []).append(dict(row))
    else:
        if obj is None:
            obj = model()
            obj.id = row_id
            session.add(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        refresh_derived(obj)
        stamper.stamp_seq(obj)
    if batch is None or result.conflicts or row_id in batch.open_conflicts:
        _record_conflicts(session, table, row_id, result)
    return result


def _origin(session: Session, row_id: str, batch: _Batch | None = None) -> str:
    if batch is not None:
        roots = (r.origin_node for r in batch.revisions.get(row_id, []) if r.parents == "")
        return str(next(roots, ""))
    q = select(Revision.origin_node).where(Revision.row_id == row_id, Revision.parents == "")
    return str(session.execute(q.limit(1)).scalar() or "")


def _record_conflicts(session: Session, table: str, row_id: str, result: merge.Head) -> None:
    open_rows = session.execute(
        select(Conflict).where(Conflict.row_id == row_id, Conflict.resolved_rev.is_(None))
    ).scalars()
    current = {c.field: c for c in result.conflicts}
    for row in open_rows:
        if row.field not in current:
            row.resolved_rev, row.resolved_at = result.rev, utcnow()
    existing = {
        row.field: row
        for row in session.execute(
            select(Conflict).where(Conflict.row_id == row_id, Conflict.resolved_rev.is_(None))
        ).scalars()
    }
    for name, conflict in current.items():
        detail = canonical_json(
            {"base": conflict.base, "values": dict(conflict.values), "winner": conflict.winner}
        )
        found = existing.get(name)
        if found is None:
            session.add(
                Conflict(
                    table_name=table, row_id=row_id, field=name, head_rev=result.rev, detail=detail
                )
            )
        else:
            found.head_rev, found.detail = result.rev, detail


AUDIT = "audit_events"
_AUDIT_FIELDS = {
    "id": str, "node_id": str, "seq": int, "at": str, "actor": str, "action": str,
    "target_type": str, "target_id": str, "details": str, "prev_hash": str, "hash": str,
}  # fmt: skip


def audit_records(
    session: Session, acked: Mapping[str, int] | None = None
) -> Iterator[dict[str, Any]]:
    """The audit lines this node holds (its own and those relayed) that the upper office
    has not acknowledged: for each node's chain, the lines after *acked*[node]."""
    acked = acked or {}
    chains = session.execute(select(AuditEvent.node_id).distinct()).scalars().all()
    for chain in sorted(chains):
        q = select(AuditEvent).where(
            AuditEvent.node_id == chain, AuditEvent.seq > acked.get(chain, 0)
        )
        for ev in session.execute(q.order_by(AuditEvent.seq)).scalars():
            row = {name: getattr(ev, name) for name in _AUDIT_FIELDS}
            row["at"] = ev.at.isoformat(timespec="microseconds")
            yield {"table": AUDIT, **row}


def _store_audit(session: Session, rec: dict[str, Any]) -> None:
    """Keep an incoming audit line as it came (its chain is verified per node later)."""
    if not all(isinstance(rec.get(k), t) for k, t in _AUDIT_FIELDS.items()):
        raise _bad_record()
    if session.get(AuditEvent, rec["id"]) is not None:
        return
    exists = session.execute(
        select(AuditEvent.id).where(
            AuditEvent.node_id == rec["node_id"], AuditEvent.seq == rec["seq"]
        )
    ).first()
    if exists is not None:
        return  # a different line with the same place in a chain: verify() will show the break
    values = {k: rec[k] for k in _AUDIT_FIELDS}
    values["at"] = _python(AuditEvent.__table__.c.at, rec["at"])
    session.add(AuditEvent(**values))


def apply(session: Session, incoming: list[dict[str, Any]]) -> tuple[int, int]:
    """Check, store and merge incoming revisions (inside the caller's transaction).

    Returns (new revisions, conflicts on the rows they touched). A malformed record refuses
    the whole lot before anything is written. Audit lines are kept as they came.
    """
    models = synced_models()
    audit_lines = [r for r in incoming if r.get("table") == AUDIT]
    incoming = [r for r in incoming if r.get("table") != AUDIT]
    for rec in incoming:
        check_record(rec, models)
    for rec in audit_lines:
        _store_audit(session, rec)
    stamper = Stamper(session, 2 * len(incoming) + 1)
    touched: dict[str, str] = {}
    known = stored_revs(session, [r["rev"] for r in incoming])
    fresh: dict[str, dict[str, Any]] = {}  # the new revisions' contents, as parsed
    log = Statement(session.connection(), Revision.__table__)  # type: ignore[arg-type]
    new = conflicts = 0
    for rec in incoming:
        if rec["rev"] not in known:
            known.add(rec["rev"])
            fresh[rec["rev"]] = rec["content"]
            log.add(_revision_values(rec, stamper.take()))
            touched[rec["id"]] = rec["table"]
            new += 1
            if new % WRITE_EVERY == 0:  # memory holds a few statements' rows, not all
                log.write(session.connection())
    log.write(session.connection())
    session.flush()
    session.info["sync_passthrough"] = True
    try:
        # Each row's queries read only revisions (written above) and that row's own
        # conflicts: no autoflush per query (an import of 10,000 rows flushed 30,000
        # times), one write per table instead, parents' tables first (foreign keys).
        order = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}
        rows = sorted(touched.items(), key=lambda item: order.get(item[1], 0))
        batch = _Batch(models, fresh=fresh)
        with session.no_autoflush:
            for n, (row_id, table) in enumerate(rows):
                if n and table != rows[n - 1][1]:
                    batch.write(session)
                    session.flush()
                if n % 500 == 0:
                    batch.write(session)  # the rows of the batch before, in their order
                    batch = _Batch.fetch(session, rows[n : n + 500], batch)
                head = refresh_row(session, table, row_id, stamper, batch)
                conflicts += len(head.conflicts)
        batch.write(session)
        session.flush()
        # A value unique here but made on two laptops (a case code…): both rows stay.
        conflicts += unique.record_clashes(session, touched, models)
    finally:
        session.info.pop("sync_passthrough", None)
    return new, conflicts
