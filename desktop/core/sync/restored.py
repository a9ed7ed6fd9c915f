"""A laptop restored from a backup picks up where the offices above left it.

A backup is older than what the laptop sent since: the upstream office holds bundles,
revisions and audit lines that the restored laptop no longer has. Left alone, the laptop
would number its next bundle, its next changes and its next audit lines from the backup's
counters; the upstream office would refuse the bundle as older or as a rewritten history,
and would acknowledge change numbers the laptop reuses for new work, which then never
travel. So (issue 12, point 7; DESIGN.md §5):

1. ``backup.restore_backup`` marks a restored laptop (``mark``): its counters at the backup.
2. Until a receipt from above arrives, export is refused (``check_export``) with one sentence
   saying to import a receipt first. Work goes on meanwhile.
3. A receipt carries ``heads``: the newest bundle of this laptop the upstream office holds,
   and the head of the laptop's audit chain there. On import (``catch_up``) the laptop
   - moves every change number it gave since the backup above what the upstream office has
     acknowledged (one uniform shift: order is kept, nothing is numbered twice);
   - records that newest bundle as its own last one, so its next bundle continues the chain
     (seq and previous-bundle hash);
   - re-chains the audit lines written since the backup after the upstream head, behind an
     ``audit.rechained`` line that names the gap (``audit.verify`` accepts exactly that gap;
     the lines in it are kept by the upstream office).
4. Its bundles then say ``restored``; the upstream office answers with receipts that carry
   every revision of the laptop's records (``receipts.export_receipt``), and the first such
   receipt ends the restored state (``records_back``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from desktop.core.db import settings
from desktop.core.db.base import synced_models
from desktop.core.db.models import AuditEvent, NodeState, Setting
from desktop.core.db.models_sync import Bundle, Peer, Revision
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit

SETTING = "sync.restored"
WAITING_RECEIPT, WAITING_RECORDS = "receipt", "records"
RESEND_SETTING = "sync.resend"  # at an upper office: peers whose records go back down


def state(s: Session) -> dict[str, Any] | None:
    row = s.get(Setting, SETTING)
    if row is None:
        return None
    try:
        data = json.loads(row.value)
    except ValueError:
        data = None
    return data if isinstance(data, dict) else {"phase": WAITING_RECEIPT}


def _save(s: Session, data: dict[str, Any] | None) -> None:
    row = s.get(Setting, SETTING)
    if data is None:
        if row is not None:
            s.delete(row)
        return
    settings.put(s, SETTING, json.dumps(data, sort_keys=True))


def mark(s: Session, at_backup: dict[str, int]) -> bool:
    """Mark this profile as just restored, if it sends bundles to an office above (True).
    *at_backup*: the backup's last change number and own audit line, read before signing
    in wrote anything (``backup._heads``)."""
    has_upstream = s.execute(
        select(Peer.node_id).where(Peer.relation == "upstream").limit(1)
    ).first()
    if has_upstream is None:
        return False
    _save(
        s,
        {
            "phase": WAITING_RECEIPT,
            "change_seq": int(at_backup.get("change_seq", 0)),
            "audit_seq": int(at_backup.get("audit_seq", 0)),
        },
    )
    return True


def check_export(s: Session) -> None:
    """Refuse a bundle that would not continue what the upstream office holds."""
    st = state(s)
    if st is not None and st.get("phase") == WAITING_RECEIPT:
        raise KhienError(
            _(
                "This laptop was restored from a backup: import a receipt from the office "
                "above first, so that its bundles continue where that office's copy ends."
            )
        )


def manifest_flag(s: Session) -> bool:
    """Whether this laptop's bundles ask for its own records back."""
    st = state(s)
    return st is not None and st.get("phase") == WAITING_RECORDS


def _int(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def catch_up(s: Session, manifest: dict[str, Any], me: str, actor: str) -> None:
    """A receipt from above reached a restored laptop: continue its numbering and chains
    from what that office holds (before the receipt's acknowledgements are applied)."""
    st = state(s)
    if st is None:
        return
    if st.get("phase") == WAITING_RECEIPT:
        heads = manifest.get("heads")
        heads = heads if isinstance(heads, dict) else {}
        acked = _int(manifest["acks"].get(me))
        shift = _shift_changes(s, int(st.get("change_seq", 0)), acked or 0)
        bundle_seq = _adopt_bundle_head(s, heads.get("bundle"), me)
        rechained = _rechain(s, me, actor, int(st.get("audit_seq", 0)), heads.get("audit"))
        _save(s, {**st, "phase": WAITING_RECORDS})
        audit.record(
            s, me, actor, "restore.caught_up", "peer", manifest["origin_node"],
            {"shift": shift, "bundle_seq": bundle_seq, "audit_from": rechained},
        )  # fmt: skip
    if manifest.get("own_records") is True and state(s) is not None:
        _save(s, None)
        audit.record(s, me, actor, "restore.records_back", "peer", manifest["origin_node"])


def _shift_changes(s: Session, at_backup: int, acked: int) -> int:
    """Renumber every change stored since the backup above *acked* (the upstream office's
    acknowledgement, in this laptop's numbering). Returns the shift (0: none needed)."""
    if acked <= at_backup:
        return 0
    delta = acked - at_backup
    s.flush()
    s.execute(
        update(Revision)
        .where(Revision.change_seq > at_backup)
        .values(change_seq=Revision.change_seq + delta)
    )
    for model in synced_models().values():
        s.execute(
            update(model)
            .where(model.change_seq > at_backup)
            .values(change_seq=model.change_seq + delta)
            .execution_options(synchronize_session=False)
        )
    s.execute(update(NodeState).values(change_seq=NodeState.change_seq + delta))
    s.expire_all()
    return delta


def _adopt_bundle_head(s: Session, head: Any, me: str) -> int:
    """Record the newest bundle of this laptop held above as its own last bundle."""
    if not isinstance(head, dict):
        return 0
    seq, sha, bid = _int(head.get("seq")), head.get("file_sha256"), head.get("bundle_id")
    high = _int(head.get("high_water")) or 0
    if not seq or not isinstance(sha, str) or len(sha) != 64 or not isinstance(bid, str):
        return 0
    if not 0 < len(bid) <= 36 or s.get(Bundle, bid) is not None:
        return 0
    mine = s.execute(select(func.max(Bundle.seq)).where(Bundle.origin_node == me)).scalar()
    if seq <= int(mine or 0):
        return 0
    s.add(
        Bundle(
            bundle_id=bid, direction="out", origin_node=me, seq=seq, prev_hash="",
            file_sha256=sha, high_water=high, counts="{}",
        )
    )  # fmt: skip
    return seq


def _rechain(s: Session, me: str, actor: str, at_backup: int, head: Any) -> int:
    """Move this laptop's audit lines written since the backup after the head of its chain
    held above; returns the seq of the ``audit.rechained`` line (0: nothing to move)."""
    if not isinstance(head, list) or len(head) != 2:
        return 0
    top, top_hash = _int(head[0]), head[1]
    if not top or top <= at_backup or not isinstance(top_hash, str) or len(top_hash) != 64:
        return 0
    s.flush()
    later = list(
        s.execute(
            select(AuditEvent)
            .where(AuditEvent.node_id == me, AuditEvent.seq > at_backup)
            .order_by(AuditEvent.seq)
        ).scalars()
    )
    moved = [
        {
            "id": ev.id, "at": ev.at, "actor": ev.actor, "action": ev.action,
            "target_type": ev.target_type, "target_id": ev.target_id, "details": ev.details,
        }
        for ev in later
    ]  # fmt: skip
    triggers = _drop_append_only_triggers(s)
    try:
        for ev in later:
            s.delete(ev)
        s.flush()
        first = audit.append_after(
            s, me, top, top_hash, actor, audit.RECHAINED,
            details={"after": at_backup, "held_above": top, "moved": len(moved)},
        )  # fmt: skip
        prev = first
        for line in moved:
            prev = audit.append_after(s, me, prev.seq, prev.hash, keep=line)
    finally:
        for sql in triggers:
            s.execute(text(sql))
    return first.seq


def _drop_append_only_triggers(s: Session) -> list[str]:
    """The audit table refuses UPDATE and DELETE by trigger; re-chaining after a restore is
    the one write that moves lines (in this transaction, audited by ``audit.rechained``)."""
    rows = s.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
        )
    ).all()
    for name, _sql in rows:
        s.execute(text(f'DROP TRIGGER "{name}"'))
    return [sql for _name, sql in rows]


# -- at the office above -----------------------------------------------------------------


def resend_set(s: Session) -> set[str]:
    row = s.get(Setting, RESEND_SETTING)
    try:
        data = json.loads(row.value) if row is not None else []
    except ValueError:
        data = []
    return {n for n in data if isinstance(n, str)} if isinstance(data, list) else set()


def note_bundle(s: Session, manifest: dict[str, Any]) -> None:
    """A bundle of changes from below says whether its laptop waits for its records."""
    if manifest.get("kind") != "changes":
        return
    peers = resend_set(s)
    origin = manifest["origin_node"]
    wanted = manifest.get("restored") is True
    if wanted == (origin in peers):
        return
    peers = peers | {origin} if wanted else peers - {origin}
    value = json.dumps(sorted(peers))
    settings.put(s, RESEND_SETTING, value)


def heads_for(s: Session, peer_node: str) -> dict[str, Any]:
    """What a receipt tells a laptop of its own history held here."""
    newest = (
        s.execute(
            select(Bundle)
            .where(Bundle.origin_node == peer_node, Bundle.direction == "in")
            .order_by(Bundle.seq.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )
    out: dict[str, Any] = {}
    if newest is not None:
        out["bundle"] = {
            "bundle_id": newest.bundle_id, "seq": newest.seq,
            "file_sha256": newest.file_sha256, "high_water": newest.high_water,
        }  # fmt: skip
    through = audit.held_through(s, peer_node)
    if through:
        line = s.execute(
            select(AuditEvent.hash).where(
                AuditEvent.node_id == peer_node, AuditEvent.seq == through
            )
        ).scalar_one()
        out["audit"] = [through, line]
    return out


@dataclass(frozen=True)
class Status:
    """What the Sync page says of restores: this laptop's phase ("" when not restored), and
    the laptops below whose records go back down with their next receipt."""

    phase: str
    resending: list[str]


def status(profile: OpenProfile) -> Status:
    with profile.db.session(read=True) as s:
        st = state(s)
        names = []
        for node_id in sorted(resend_set(s)):
            peer = s.get(Peer, node_id)
            names.append(peer.name if peer is not None and peer.name else node_id[:8])
        return Status(str(st.get("phase", "")) if st else "", sorted(names))
