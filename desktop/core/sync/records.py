"""Change records: the revisions a bundle carries, read from and applied to the database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, select
from sqlalchemy.orm import Session

from desktop.core.db.base import Base, Synced, synced_models, utcnow
from desktop.core.db.models import AuditEvent
from desktop.core.db.models_sync import Conflict, Revision
from desktop.core.db.syncmeta import Stamper, canonical_json, refresh_derived
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.sync import merge, unique

MAX_PARENTS = 8


def _record(row: Revision) -> dict[str, Any]:
    return {
        "table": row.table_name,
        "id": row.row_id,
        "rev": row.rev,
        "parents": row.parents.split(),
        "content": json.loads(row.content),
        "hlc": row.hlc,
        "origin_node": row.origin_node,
    }


def changes_since(
    session: Session,
    since_seq: int,
    skip_origins: Collection[str] = (),
    tables: Collection[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Every revision this node stored after *since_seq*, oldest first; rows made without
    a revision log (bulk demo data, profiles older than sync) go as their current state.
    Revisions made by a node in *skip_origins* are left out (an upstream office holds the
    revisions it made itself). *tables*: only those tables' rows (a receipt's reference
    data is a few rows of a million: an index answers, nothing else is read)."""
    skip = set(skip_origins)
    q = select(Revision).where(Revision.change_seq > since_seq)
    if tables is not None:
        q = q.where(Revision.table_name.in_(sorted(tables)))
    q = q.order_by(Revision.change_seq)
    logged: set[str] = set()
    for row in session.execute(q).scalars():
        logged.add(row.rev)
        if row.origin_node not in skip:
            yield _record(row)
    for table, model in synced_models().items():
        if tables is not None and table not in tables:
            continue
        rows = session.execute(select(model).where(model.change_seq > since_seq)).scalars()
        for obj in rows:
            if obj.origin_node in skip:
                continue
            if obj.rev in logged or session.get(Revision, obj.rev) is not None:
                continue
            has_log = session.execute(
                select(Revision.rev).where(Revision.row_id == obj.id).limit(1)
            ).first()
            if has_log is not None:
                continue  # a merged head is computed by each office, never sent
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


def _python(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        if isinstance(kind, Boolean):
            return bool(value)
        if isinstance(kind, Integer):
            return int(value)
    except (TypeError, ValueError):
        raise _bad_record() from None
    return value if isinstance(value, str) else str(value)


def store(
    session: Session, record: dict[str, Any], seq: int, known: set[str] | None = None
) -> bool:
    """Keep an incoming revision (True when it was new here). *known*: the revs held
    already (``stored_revs``), kept up to date here; without it, the database is asked."""
    if known is not None:
        if record["rev"] in known:
            return False
        known.add(record["rev"])
    elif session.get(Revision, record["rev"]) is not None:
        return False
    session.add(
        Revision(
            rev=record["rev"],
            table_name=record["table"],
            row_id=record["id"],
            parents=" ".join(record["parents"]),
            content=canonical_json(record["content"]),
            hlc=record["hlc"],
            origin_node=record["origin_node"],
            change_seq=seq,
        )
    )
    return True


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
    thousands of rows asked five questions per row of a million-row database."""

    revisions: dict[str, list[Any]] = field(default_factory=dict)  # row id → its revisions
    objects: dict[str, Synced] = field(default_factory=dict)  # the rows present here
    open_conflicts: set[str] = field(default_factory=set)  # row ids with an open conflict

    @classmethod
    def fetch(cls, session: Session, rows: list[tuple[str, str]]) -> _Batch:
        batch, models = cls(), synced_models()
        ids = [row_id for row_id, _table in rows]
        cols = (Revision.row_id, Revision.rev, Revision.parents, Revision.content)
        q = select(*cols, Revision.hlc, Revision.origin_node).where(Revision.row_id.in_(ids))
        for r in session.execute(q):
            batch.revisions.setdefault(r.row_id, []).append(r)
        for table in {t for _id, t in rows}:
            model = models[table]
            wanted = [row_id for row_id, t in rows if t == table]
            found = session.execute(select(model).where(model.id.in_(wanted))).scalars()
            batch.objects.update((o.id, o) for o in found)
        still_open = Conflict.resolved_rev.is_(None)
        q_open = select(Conflict.row_id).where(Conflict.row_id.in_(ids), still_open)
        batch.open_conflicts.update(session.execute(q_open).scalars())
        return batch


def _revisions(
    session: Session, row_id: str, batch: _Batch | None = None
) -> dict[str, merge.Revision]:
    if batch is not None:
        rows: Any = batch.revisions.get(row_id, [])
    else:
        rows = session.execute(select(Revision).where(Revision.row_id == row_id)).scalars()
    return {
        r.rev: merge.Revision(r.rev, tuple(r.parents.split()), json.loads(r.content), r.hlc)
        for r in rows
    }


def refresh_row(
    session: Session, table: str, row_id: str, stamper: Stamper, batch: _Batch | None = None
) -> merge.Head:
    """Recompute a row's head from every revision known and write it (no new revision).
    *batch*: what apply() fetched for many rows at once (otherwise the database is asked)."""
    model = synced_models()[table]
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
    columns = {c.key: c for c in model.__table__.columns}  # type: ignore[attr-defined]
    if obj is None:
        obj = model()
        obj.id = row_id
        session.add(obj)
    for name, value in result.content.items():
        if name in columns and name != "id":
            setattr(obj, name, _python(columns[name], value))
    first = known[result.leaves[0]]
    obj.rev = result.rev
    obj.parent_rev = first.parents[0] if len(result.leaves) == 1 and first.parents else None
    obj.origin_node = obj.origin_node or _origin(session, row_id, batch)
    obj.hlc = max(known[leaf].hlc for leaf in result.leaves)
    obj.updated_at = utcnow()
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
    new = 0
    known = stored_revs(session, [r["rev"] for r in incoming])
    for rec in incoming:
        if store(session, rec, stamper.take(), known):
            new += 1
            touched[rec["id"]] = rec["table"]
    session.flush()
    conflicts = 0
    session.info["sync_passthrough"] = True
    try:
        # Each row's queries read only revisions (flushed above) and that row's own
        # conflicts: no autoflush per query (an import of 10,000 rows flushed 30,000
        # times), one flush per table instead, parents' tables first (foreign keys).
        order = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}
        rows = sorted(touched.items(), key=lambda item: order.get(item[1], 0))
        with session.no_autoflush:
            for n, (row_id, table) in enumerate(rows):
                if n and table != rows[n - 1][1]:
                    session.flush()
                if n % 500 == 0:
                    batch = _Batch.fetch(session, rows[n : n + 500])
                head = refresh_row(session, table, row_id, stamper, batch)
                conflicts += len(head.conflicts)
        session.flush()
        # A value unique here but made on two laptops (a case code…): both rows stay.
        conflicts += unique.record_clashes(session, touched, models)
    finally:
        session.info.pop("sync_passthrough", None)
    return new, conflicts
