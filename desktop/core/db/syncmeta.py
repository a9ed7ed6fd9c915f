"""Keep the sync metadata of every synced row right, on every insert, update and delete.

A session's flush gives each new or changed ``Synced`` row a fresh ``change_seq`` from the
node's counter, a hybrid-logical-clock stamp, and a ``rev`` that hashes the row's canonical
content together with its ``parent_rev`` (the rev it replaces). Derived search and sort
columns are refreshed from their sources at the same time. Rows are never hard-deleted:
``tombstone()`` marks them, and a hard delete of a synced row is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from desktop.core.db.base import SYNC_COLUMNS, Synced, new_id, utcnow
from desktop.core.db.models import NodeState
from desktop.core.db.models_sync import Revision
from desktop.core.text import fold, sort_key


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


# What json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
# default=_default) makes, with the encoder made once: json.dumps builds a new one for
# every call with settings of its own, and an import hashes and logs every record.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
).encode


def canonical_json(data: dict[str, Any]) -> str:
    """Stable JSON for hashing: sorted keys, no spaces, dates in ISO form."""
    return _CANONICAL(data)


def compute_rev(content: dict[str, Any], parent_rev: str | None) -> str:
    """The revision hash of *content* made on top of *parent_rev*."""
    return rev_of_json(canonical_json(content), parent_rev)


def rev_of_json(content_json: str, parent_rev: str | None) -> str:
    """``compute_rev`` from the content's canonical JSON already made (bulk writes log the
    same text, so they make it once)."""
    h = hashlib.sha256()
    h.update((parent_rev or "").encode())
    h.update(b"\n")
    h.update(content_json.encode())
    return h.hexdigest()


# Stamps of one millisecond: the counter is written in five digits, so that stamps sort as
# text. A flush or a bulk fill of more rows than that in one millisecond goes on in the next
# one (the clock runs ahead a little, as a hybrid logical clock may), never to a sixth digit
# (which would sort "…-100000-" before "…-99999-").
COUNTER_SPAN = 100_000


def format_hlc(ms: int, counter: int, node_id: str) -> str:
    """A sortable text stamp: milliseconds, counter, node (for display and tie-breaks)."""
    if not 0 <= counter < COUNTER_SPAN:
        raise ValueError(f"HLC counter out of range: {counter}")
    return f"{ms:013d}-{counter:05d}-{node_id[:8]}"


def tombstone(obj: Synced) -> None:
    """Delete a synced row the only way allowed: mark it, so the deletion travels."""
    obj.deleted = True


def apply_defaults(obj: Synced) -> None:
    """Fill column defaults now, so a new row's rev covers the values it will have.

    Callable defaults too (a case step's ``recorded_at``, a note's ``written_at``): left to
    the INSERT, the row held a time its revision did not, so the value never travelled and
    every office showed the row differently (found by tools/simulate.py)."""
    for column in obj.__table__.columns:  # type: ignore[attr-defined]
        default = column.default
        if default is None or getattr(obj, column.key) is not None:
            continue
        if default.is_scalar:
            setattr(obj, column.key, default.arg)
        elif default.is_callable and column.key not in SYNC_COLUMNS:
            setattr(obj, column.key, default.arg(None))  # SQLAlchemy's wrapper takes a context


def refresh_derived(obj: Synced) -> None:
    """Recompute the folded search and sort-key columns from their sources."""
    for target, sources in obj.__fold__.items():
        setattr(obj, target, " ".join(fold(getattr(obj, s) or "") for s in sources).strip())
    for target, source in obj.__sortkey__.items():
        setattr(obj, target, sort_key(getattr(obj, source) or ""))


class _Stamper:
    """Hands out change sequence numbers and HLC stamps from the node_state row."""

    def __init__(self, session: Session, count: int) -> None:
        conn = session.connection()
        state = conn.execute(
            select(
                NodeState.node_id,
                NodeState.office_id,
                NodeState.change_seq,
                NodeState.hlc_ms,
                NodeState.hlc_counter,
            )
        ).one()
        self.node_id: str = state.node_id
        self.office_id: str | None = state.office_id
        self.next_seq: int = state.change_seq + 1
        now_ms = int(time.time() * 1000)
        # One number for (millisecond, counter): the counter carries into the milliseconds.
        if now_ms > state.hlc_ms:
            self.tick = now_ms * COUNTER_SPAN
        else:  # the clock went backwards or stood still: keep the stamps increasing
            self.tick = state.hlc_ms * COUNTER_SPAN + state.hlc_counter + 1
        end = self.tick + count
        conn.execute(
            update(NodeState).values(
                change_seq=state.change_seq + count,
                hlc_ms=end // COUNTER_SPAN,
                hlc_counter=end % COUNTER_SPAN,
            )
        )

    def next_hlc(self) -> str:
        """The next HLC stamp of those reserved."""
        ms, counter = divmod(self.tick, COUNTER_SPAN)
        self.tick += 1
        return format_hlc(ms, counter, self.node_id)

    def stamp(self, obj: Synced) -> None:
        obj.change_seq = self.next_seq
        obj.hlc = self.next_hlc()
        self.next_seq += 1


class Stamper(_Stamper):
    """Change sequence numbers for the sync import (reserve an upper bound up front)."""

    def take(self) -> int:
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def stamp_seq(self, obj: Synced) -> None:
        obj.change_seq = self.take()


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get("sync_passthrough"):
        return  # the sync merge writes incoming metadata as it came
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise RuntimeError("synced rows are tombstoned, never deleted: use tombstone()")
    changed: list[Synced] = [o for o in session.new if isinstance(o, Synced)]
    changed += [
        o
        for o in session.dirty
        if isinstance(o, Synced) and session.is_modified(o, include_collections=False)
    ]
    if not changed:
        return
    stamper = _Stamper(session, len(changed))
    logged: list[dict[str, Any]] = []
    for obj in changed:
        is_new = obj in session.new
        if is_new:
            apply_defaults(obj)
            if not obj.id:
                obj.id = new_id()
            if not obj.origin_node:
                obj.origin_node = stamper.node_id
            owner = obj.__owner_office__
            if owner and getattr(obj, owner) is None:
                setattr(obj, owner, stamper.office_id)
        refresh_derived(obj)
        parents = [] if is_new or not obj.rev else _parents(session, obj)
        content = obj.content()
        obj.parent_rev = parents[0] if parents else None
        obj.rev = compute_rev(content, " ".join(parents) or None)
        obj.updated_at = utcnow()
        stamper.stamp(obj)
        logged.append(
            {
                "rev": obj.rev,
                "table_name": obj.__tablename__,  # type: ignore[attr-defined]
                "row_id": obj.id,
                "parents": " ".join(parents),
                "content": canonical_json(content),
                "hlc": obj.hlc,
                "origin_node": stamper.node_id,
                "change_seq": obj.change_seq,
            }
        )
    session.connection().execute(insert(Revision), logged)


def _parents(session: Session, obj: Synced) -> list[str]:
    """The revisions a local edit is made on: the row's rev, or — when the row shows a
    merge of concurrent revisions — every leaf of that merge, so the edit resolves it."""
    conn = session.connection()
    if conn.execute(select(Revision.rev).where(Revision.rev == obj.rev)).first() is not None:
        return [obj.rev]
    rows = conn.execute(
        select(Revision.rev, Revision.parents).where(Revision.row_id == obj.id)
    ).all()
    if not rows:
        return [obj.rev]  # a row from before revisions were kept
    used = {p for r in rows for p in r.parents.split()}
    return sorted(r.rev for r in rows if r.rev not in used)


class SyncSession(Session):
    """The only kind of Session the core hands out: its flushes stamp every synced row.

    The hook is registered on this class once, when the module is imported, so every
    session of every factory made from it (``sessionmaker(class_=SyncSession)``) has it. A
    per-factory registration guarded by ``event.contains`` is not safe: SQLAlchemy's event
    registry keys that check on ``id()`` of the target and keeps entries of freed
    factories, so a new factory allocated at a freed one's address was taken as already
    hooked and wrote rows with no revision.
    """


event.listen(SyncSession, "before_flush", _before_flush)
