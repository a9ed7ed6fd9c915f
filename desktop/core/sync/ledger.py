"""The ledger of bundles this node writes, shared by the export of changes (``exchange``)
and of receipts (``receipts``): the directions a bundle row records, the one rising
sequence of this node's bundles, the audit lines each upstream office acknowledged, which
laptop each receipt was for, and writing a bundle file to the stick safely."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.core.db import settings
from desktop.core.db.models import AuditEvent, Setting
from desktop.core.db.models_sync import Bundle
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.sync import node


@dataclass(frozen=True)
class ExportResult:
    """A bundle written to the stick: its file, its id and its records per table."""

    path: Path
    bundle_id: str
    counts: dict[str, int]


OUT, IN, DOWN = "out", "in", "down"  # changes sent up, bundles applied, receipts sent down
AUDIT_ACKS = "audit_acks"
RECEIPT_EXPORT = "receipt.export"


def next_seq(session: Session, node_id: str) -> int:
    """This node's bundles (changes up and receipts down) share one rising sequence."""
    q = select(func.max(Bundle.seq)).where(Bundle.origin_node == node_id)
    return int(session.execute(q).scalar() or 0) + 1


def audit_acks(session: Session) -> dict[str, dict[str, int]]:
    """What each upstream office acknowledged of every audit chain: {peer: {node: seq}}."""
    row = session.get(Setting, AUDIT_ACKS)
    try:
        data = json.loads(row.value) if row is not None else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def set_audit_acks(session: Session, peer_node: str, acked: dict[str, int]) -> None:
    """Raise what *peer_node* acknowledged of each audit chain (never lower it)."""
    data = audit_acks(session)
    mine = data.setdefault(peer_node, {})
    for chain, seq in acked.items():
        mine[chain] = max(int(mine.get(chain, 0)), seq)
    settings.put(session, AUDIT_ACKS, json.dumps(data, sort_keys=True))


def write_atomically(folder: Path, name: str, data: bytes) -> Path:
    """Write *data* to *folder*/*name* through a temporary file, flushed to the device and
    read back before the rename; a full or locked stick is told in one sentence."""
    target = folder / name
    tmp = folder / (name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if hashlib.sha256(tmp.read_bytes()).digest() != hashlib.sha256(data).digest():
            raise KhienError(
                _("The bundle read back from the stick differs from what was written.")
            )
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise KhienError(_("The stick is full: free some space and export again.")) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise KhienError(
                _("The stick cannot be written to: it may be locked or read-only.")
            ) from exc
        raise KhienError(_("The bundle could not be written to the chosen folder.")) from exc
    return target


def receipt_recipients(session: Session) -> dict[str, str]:
    """Which laptop each receipt this node wrote was for: {bundle id: node id}."""
    q = select(AuditEvent.target_id, AuditEvent.details).where(
        AuditEvent.action == RECEIPT_EXPORT, AuditEvent.node_id == node.node_id(session)
    )
    out: dict[str, str] = {}
    for target, details in session.execute(q).all():
        try:
            bid = json.loads(details).get("bundle")
        except (ValueError, AttributeError):
            continue
        if isinstance(bid, str):
            out[bid] = target
    return out
