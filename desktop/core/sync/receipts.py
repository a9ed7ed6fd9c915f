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
from desktop.core import places
from desktop.core.db import migrate
from desktop.core.db.base import new_id, synced_models, utcnow
from desktop.core.db.models import NodeState, Setting
from desktop.core.db.models_sync import Bundle, Peer, Revision
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import accounts, audit
from desktop.core.sync import authority, bundle, ledger, node, records, restored
from desktop.core.sync.enrol import DOWNWARD_TABLES
from desktop.core.sync.keys import PublicKeys

KIND = "receipt"
REVOKED_SETTING = "revoked"


def _rows_of(s: Session, model: Any, table: str, below: set[str], offices: set[str]) -> Any:
    """The ids of *table*'s rows that belong down there: made by the laptop (or a node it
    relays for), or owned by its offices — a replacement laptop's office owns what the
    stolen one made, and what reached this office after the replacement was enrolled."""
    made = select(model.id).where(model.origin_node.in_(below))
    if table in authority.OWNED_BY_OFFICE:
        return made.union(select(model.id).where(model.office_id.in_(offices)))
    if table in authority.OWNED_THROUGH:
        column, parent_table = authority.OWNED_THROUGH[table]
        parent: Any = synced_models()[parent_table]
        owned = select(parent.id).where(parent.office_id.in_(offices))
        return made.union(select(model.id).where(getattr(model, column).in_(owned)))
    if table == "persons":
        cases: Any = synced_models()["reception_cases"]
        owned = select(cases.person_id).where(cases.office_id.in_(offices))
        return made.union(select(model.id).where(model.id.in_(owned)))
    return made


def _offices(s: Session, peer: Peer) -> set[str]:
    return places.office_scope(s, peer.office_id) if peer.office_id else set()


def _down_records(
    s: Session, peer: Peer, below: set[str], everything: bool
) -> list[dict[str, Any]]:
    """Revisions of the rows that belong down there. Usually the corrections: those made
    outside the laptop's reach (here, relayed from above, or by a laptop its office had
    before — a replacement starts from its package, and the stolen one's last bundles may
    reach the offices above later, relayed or carried past the area office). With
    *everything*, every revision whoever made it: what a laptop restored from a backup gets
    back (sync.restored)."""
    out = []
    offices = _offices(s, peer)
    revoked = set(s.execute(select(Peer.node_id).where(Peer.revoked.is_(True))).scalars())
    holds = below - revoked
    for table, model in synced_models().items():
        if table in DOWNWARD_TABLES:
            continue
        rows = _rows_of(s, model, table, below, offices)
        q = select(*records.LOGGED).where(Revision.row_id.in_(rows))
        if not everything:
            q = q.where(Revision.origin_node.not_in(holds))
        out += [records.record_of(r) for r in s.execute(q.order_by(Revision.change_seq))]
    return out


def _peers_below(s: Session, peer_node: str, below: set[str]) -> list[dict[str, Any]]:
    """The nodes enrolled under a relaying office, so that it trusts their bundles."""
    out = []
    for nid in sorted(below - {peer_node}):
        p = s.get(Peer, nid)
        if p is not None:
            out.append(
                {
                    "node_id": p.node_id, "name": p.name, "office_id": p.office_id or "",
                    "sign_public": p.sign_public, "age_recipient": p.age_recipient,
                }
            )  # fmt: skip
    return out


def _last_receipt(s: Session, peer_node: str) -> Bundle | None:
    """The last receipt written for *peer_node* (its receipts form their own hash chain)."""
    ids = [b for b, to in ledger.receipt_recipients(s).items() if to == peer_node]
    if not ids:
        return None
    q = select(Bundle).where(Bundle.bundle_id.in_(ids), Bundle.direction == ledger.DOWN)
    return s.execute(q.order_by(Bundle.seq.desc()).limit(1)).scalars().first()


def receipt_peers(profile: OpenProfile) -> list[tuple[str, str]]:
    """The laptops and offices this office writes receipts for: (node id, office name)."""
    with profile.db.session(read=True) as s:
        return [(p.node_id, p.name) for p in node.downstream(s)]


def export_receipt(profile: OpenProfile, peer_node: str, folder: Path) -> ledger.ExportResult:
    """Write the receipt bundle for one downstream laptop into *folder*."""
    if not folder.is_dir():
        raise KhienError(_("The chosen folder does not exist."))
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        peer = s.get(Peer, peer_node)
        if peer is None or peer.relation != node.DOWNSTREAM:
            raise KhienError(_("This laptop is not enrolled under this office."))
        below = node.subtree(s, peer_node)
        high = s.execute(
            select(func.max(Bundle.high_water)).where(
                Bundle.origin_node == peer_node, Bundle.direction == ledger.IN
            )
        ).scalar()
        restored.check_export(s)  # an office restored from a backup catches up first
        recs = list(records.changes_since(s, 0, tables=DOWNWARD_TABLES))
        resend = peer_node in restored.resend_set(s)
        recs += _down_records(s, peer, below, everything=resend)
        revoked = sorted(s.execute(select(Peer.node_id).where(Peer.revoked.is_(True))).scalars())
        last = _last_receipt(s, peer_node)
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
            "seq": ledger.next_seq(s, keys.node_id),
            "prev_hash": last.file_sha256 if last else "",
            "change_range": [0, 0],
            "acks": {peer_node: int(high or 0)},
            "audit_acks": {n: audit.held_through(s, n) for n in sorted(below)},
            "peers": _peers_below(s, peer_node, below),
            "revoked": revoked,
            "counts": counts,
            # The laptop's own history as held here: a restored laptop continues from it.
            "heads": restored.heads_for(s, peer_node),
        }
        if resend:
            manifest["own_records"] = True
        recovery = str(profile.keystore.data["recovery"]["recipient"])  # it reads every bundle
        data = bundle.pack(manifest, recs, keys, [peer.age_recipient, recovery])
        path = ledger.write_atomically(folder, bundle.file_name(bundle_id), data)
        s.add(
            Bundle(
                bundle_id=bundle_id, direction=ledger.DOWN, origin_node=keys.node_id,
                seq=manifest["seq"], prev_hash=manifest["prev_hash"],
                file_sha256=hashlib.sha256(data).hexdigest(), high_water=0,
                counts=json.dumps(counts, sort_keys=True),
            )
        )  # fmt: skip
        audit.record(
            s, keys.node_id, profile.user.username, ledger.RECEIPT_EXPORT, "peer", peer_node,
            {**counts, "bundle": bundle_id},
        )  # fmt: skip
    return ledger.ExportResult(path, bundle_id, counts)


_PEER_FIELDS = ("node_id", "name", "office_id", "sign_public", "age_recipient")


def _valid_peer(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and all(isinstance(item.get(k), str) for k in _PEER_FIELDS)
        and 0 < len(item["node_id"]) <= 36
        and len(item["sign_public"]) == 64
        and len(item["age_recipient"]) <= 100
        and len(item["name"]) <= 200
        and len(item["office_id"]) <= 36
    )


def after_import(
    s: Session,
    manifest: dict[str, Any],
    me: str,
    *,
    from_province: bool = False,
    actor: str = "",
) -> None:
    """A receipt's effects beyond its records: a restored laptop's catching up
    (sync.restored), acknowledgements (of changes and of audit lines), and — only when the
    province itself signed it (an area office relays, it cannot enrol or revoke, DESIGN.md
    §5a) — the laptops enrolled below this office and revocations."""
    if manifest.get("kind") != KIND:
        return
    restored.catch_up(s, manifest, me, actor)
    origin = manifest["origin_node"]
    acked = manifest["acks"].get(me)
    peer = s.get(Peer, origin)
    if isinstance(acked, int) and peer is not None and acked > peer.acked_seq:
        peer.acked_seq = acked
    audit_acks = manifest.get("audit_acks", {})
    if isinstance(audit_acks, dict):
        ledger.set_audit_acks(
            s,
            origin,
            {k: v for k, v in audit_acks.items() if isinstance(k, str) and type(v) is int},
        )
    if not from_province:
        return
    peers = manifest.get("peers", [])
    for item in peers if isinstance(peers, list) else []:
        if not _valid_peer(item) or item["node_id"] == me:
            continue
        if s.get(Peer, item["node_id"]) is None:  # never re-trusts one revoked here
            public = PublicKeys(item["node_id"], item["sign_public"], item["age_recipient"])
            node.add_peer(s, public, node.DOWNSTREAM, item["name"], item["office_id"] or None)
    revoked = manifest.get("revoked", [])
    revoked = [r for r in revoked if isinstance(r, str)] if isinstance(revoked, list) else []
    for nid in revoked:
        known = s.get(Peer, nid)
        if known is not None and known.relation == node.DOWNSTREAM:
            known.revoked = True
    if me in revoked:
        row = s.get(Setting, REVOKED_SETTING)
        if row is None:
            s.add(Setting(key=REVOKED_SETTING, value=utcnow().isoformat(timespec="seconds")))


def revoke(profile: OpenProfile, peer_node: str) -> None:
    """Stop trusting a lost or stolen laptop: its bundles are refused from now on, the next
    receipts tell the offices below, and the laptop locks itself if one reaches it."""
    accounts.require_admin(profile.user)
    with profile.db.session() as s:
        peer = s.get(Peer, peer_node)
        if peer is None or peer.relation != node.DOWNSTREAM:
            raise KhienError(_("This laptop is not enrolled under this office."))
        node.revoke_peer(s, peer_node)
        audit.record(s, profile.node.node_id, profile.user.username, "node.revoke", "peer",
                     peer_node, {"name": peer.name})  # fmt: skip


def is_revoked(s: Session) -> bool:
    return s.get(Setting, REVOKED_SETTING) is not None
