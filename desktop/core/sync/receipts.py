"""Receipts: what the province (or a district office) sends back down to one laptop.

A receipt bundle acknowledges what was merged from that laptop (its high-water mark, so the
laptop's next bundle starts after it), carries the reference data, offices, accounts and
plans, the corrections the upper office made to that laptop's records, and the list of
revoked laptops. It is an ordinary signed, encrypted bundle of kind "receipt", applied by
the same all-or-nothing import: a correction to a row edited on the laptop since becomes a
conflict there, never an overwrite.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.core.db import migrate
from desktop.core.db.base import new_id, utcnow
from desktop.core.db.models import NodeState, Setting
from desktop.core.db.models_sync import Bundle, Peer, Revision
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.sync import bundle, exchange, node, records
from desktop.core.sync.enrol import DOWNWARD_TABLES

KIND = "receipt"
REVOKED_SETTING = "revoked"


def _corrections(s: Session, me: str, peer: str) -> list[dict[str, Any]]:
    """Revisions made here to rows that the laptop created."""
    out = []
    for table, model in records.synced_models().items():
        if table in DOWNWARD_TABLES:
            continue
        ids = select(model.id).where(model.origin_node == peer)
        q = (
            select(Revision)
            .where(Revision.row_id.in_(ids), Revision.origin_node == me)
            .order_by(Revision.change_seq)
        )
        out += [records._record(r) for r in s.execute(q).scalars()]
    return out


def export_receipt(profile: OpenProfile, peer_node: str, folder: Path) -> exchange.ExportResult:
    """Write the receipt bundle for one downstream laptop into *folder*."""
    if not folder.is_dir():
        raise KhienError(_("The chosen folder does not exist."))
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        peer = s.get(Peer, peer_node)
        if peer is None or peer.relation != node.DOWNSTREAM:
            raise KhienError(_("This laptop is not enrolled under this office."))
        high = s.execute(
            select(func.max(Bundle.high_water)).where(
                Bundle.origin_node == peer_node, Bundle.direction == "in"
            )
        ).scalar()
        recs = [r for r in records.changes_since(s, 0) if r["table"] in DOWNWARD_TABLES]
        recs += _corrections(s, keys.node_id, peer_node)
        revoked = sorted(s.execute(select(Peer.node_id).where(Peer.revoked.is_(True))).scalars())
        last = exchange._last_out(s, keys.node_id)
        province = int(s.execute(select(NodeState.province_code)).scalar_one())
        bundle_id = new_id()
        counts = dict(Counter(r["table"] for r in recs))
        manifest: dict[str, Any] = {
            "kind": KIND,
            "bundle_id": bundle_id,
            "origin_node": keys.node_id,
            "province_code": province,
            "schema_revision": migrate.head_revision(),
            "app_version": __version__,
            "author": profile.user.username,
            "created": utcnow().isoformat(timespec="seconds"),
            "seq": (last.seq + 1) if last else 1,
            "prev_hash": last.file_sha256 if last else "",
            "change_range": [0, 0],
            "acks": {peer_node: int(high or 0)},
            "revoked": revoked,
            "counts": counts,
        }
        data = bundle.pack(manifest, recs, keys, [peer.age_recipient])
        path = exchange._write_atomically(folder, bundle.file_name(bundle_id), data)
        s.add(
            Bundle(
                bundle_id=bundle_id, direction="out", origin_node=keys.node_id, seq=manifest["seq"],
                prev_hash=manifest["prev_hash"], file_sha256=hashlib.sha256(data).hexdigest(),
                high_water=0, counts=json.dumps(counts, sort_keys=True),
            )
        )  # fmt: skip
        audit.record(
            s, keys.node_id, profile.user.username, "receipt.export", "peer", peer_node, counts
        )
    return exchange.ExportResult(path, bundle_id, counts)


def after_import(s: Session, manifest: dict[str, Any], me: str) -> None:
    """A receipt's effects beyond its records: acknowledgement and revocation."""
    if manifest.get("kind") != KIND:
        return
    acked = manifest["acks"].get(me)
    peer = s.get(Peer, manifest["origin_node"])
    if isinstance(acked, int) and peer is not None and acked > peer.acked_seq:
        peer.acked_seq = acked
    revoked = manifest.get("revoked", [])
    if isinstance(revoked, list) and me in revoked:
        row = s.get(Setting, REVOKED_SETTING)
        if row is None:
            s.add(Setting(key=REVOKED_SETTING, value=utcnow().isoformat(timespec="seconds")))


def is_revoked(s: Session) -> bool:
    return s.get(Setting, REVOKED_SETTING) is not None
