"""The audit log: append-only, hash-chained per node, verifiable.

Every login, failed login, logout, read of a victim's identity, export and print is a line
here. Each line's hash covers the previous line's hash and the line's own fields, so a
removed, reordered or altered line breaks the chain at that point. SQLite triggers refuse
UPDATE and DELETE on the table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.db.base import new_id, utcnow
from desktop.core.db.models import AuditEvent
from desktop.core.db.syncmeta import canonical_json

GENESIS = "0" * 64


def _line_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical_json(fields)).encode("utf-8")).hexdigest()


def _fields(ev: AuditEvent) -> dict[str, Any]:
    return {
        "id": ev.id,
        "node_id": ev.node_id,
        "seq": ev.seq,
        "at": ev.at.isoformat(timespec="microseconds"),
        "actor": ev.actor,
        "action": ev.action,
        "target_type": ev.target_type,
        "target_id": ev.target_id,
        "details": ev.details,
    }


_LINE_FIELDS = ("id", "node_id", "seq", "at", "actor", "action", "target_type", "target_id",
                "details")  # fmt: skip


def line_hash_of(line: dict[str, Any]) -> str:
    """The hash a line received as a record (``at`` as ISO text) must carry ("" when the
    line lacks a field)."""
    if not all(k in line for k in _LINE_FIELDS) or not isinstance(line.get("prev_hash"), str):
        return ""
    return _line_hash(line["prev_hash"], {k: line[k] for k in _LINE_FIELDS})


def record(
    session: Session,
    node_id: str,
    actor: str,
    action: str,
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one event to this node's chain (inside the caller's transaction)."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.node_id == node_id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    return append_after(
        session, node_id, seq, prev, actor, action, target_type, target_id, details, at
    )


def append_after(
    session: Session,
    node_id: str,
    seq: int,
    prev_hash: str,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    details: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    keep: dict[str, Any] | None = None,
) -> AuditEvent:
    """A line at *seq* + 1 linked to *prev_hash*. ``record`` uses the chain's last line;
    a laptop restored from a backup continues after the head its upstream office holds
    (sync.restored), moving the lines written since with *keep* (their id, time, actor,
    action, target and details as they were)."""
    ev = AuditEvent(
        node_id=node_id,
        seq=seq + 1,
        at=at or utcnow(),
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=json.dumps(details or {}, sort_keys=True, ensure_ascii=False),
        prev_hash=prev_hash,
    )
    ev.id = new_id()
    for name, value in (keep or {}).items():
        setattr(ev, name, value)
    ev.hash = _line_hash(prev_hash, _fields(ev))
    session.add(ev)
    session.flush()
    return ev


@dataclass(frozen=True)
class ChainCheck:
    """Result of verifying one node's chain: ``broken_at`` is the first bad seq, if any."""

    node_id: str
    count: int
    broken_at: int | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session, node_id: str) -> ChainCheck:
    """Recompute the chain of *node_id* and report the first line that does not fit."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    rows = session.execute(
        select(AuditEvent).where(AuditEvent.node_id == node_id).order_by(AuditEvent.seq)
    ).scalars()
    for ev in rows:
        count += 1
        if ev.seq > expected_seq and _bridges(ev, expected_seq - 1):
            prev = ev.prev_hash  # the lines in the gap are held by the office above
        elif ev.seq != expected_seq or ev.prev_hash != prev:
            return ChainCheck(node_id, count, ev.seq)
        if _line_hash(prev, _fields(ev)) != ev.hash:
            return ChainCheck(node_id, count, ev.seq)
        prev = ev.hash
        expected_seq = ev.seq + 1
    return ChainCheck(node_id, count, None)


RECHAINED = "audit.rechained"


def _bridges(ev: AuditEvent, local_head: int) -> bool:
    """A laptop restored from a backup continued its chain after the head its upstream
    office holds (sync.restored): the only gap a chain may have here, each opened by an
    ``audit.rechained`` line that names exactly where it starts and ends. The lines in the
    gap, and the link across it, are checked where they are held (sync.authority)."""
    if ev.action != RECHAINED:
        return False
    try:
        details = json.loads(ev.details)
    except ValueError:
        return False
    return (
        isinstance(details, dict)
        and details.get("after") == local_head
        and details.get("held_above") == ev.seq - 1
    )


def nodes(session: Session) -> list[str]:
    """Every node that has lines in the log."""
    return list(session.execute(select(AuditEvent.node_id).group_by(AuditEvent.node_id)).scalars())


def count(session: Session, action: str | None = None) -> int:
    q = select(func.count()).select_from(AuditEvent)
    if action:
        q = q.where(AuditEvent.action == action)
    return int(session.execute(q).scalar_one())


def held_through(session: Session, node_id: str) -> int:
    """The last seq of *node_id*'s chain held here with no line missing before it (what an
    upper office acknowledges, so the lower one sends only the lines after it)."""
    seqs = session.execute(
        select(AuditEvent.seq).where(AuditEvent.node_id == node_id).order_by(AuditEvent.seq)
    ).scalars()
    held = 0
    for seq in seqs:
        if seq != held + 1:
            break
        held = seq
    return held


def verify_all(session: Session) -> list[ChainCheck]:
    """Every node's chain held here (its own and those that came in bundles), checked."""
    return [verify(session, n) for n in sorted(nodes(session))]
