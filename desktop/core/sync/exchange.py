"""Export a bundle to a folder (a USB stick) and import bundles from one.

Export is cumulative since what every upstream office has acknowledged, so a lost stick
costs nothing and sending twice is harmless. The file is written to a temporary name,
flushed to the device, read back and checked, and only then renamed and recorded. Import
reads the whole file into memory first (the stick may be pulled out), verifies it
completely, and applies every record in one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.core.db import migrate, repair_cases, settings
from desktop.core.db.base import new_id, utcnow
from desktop.core.db.database import ProfileClosed
from desktop.core.db.models import DEMO_SETTING, NodeState, Setting
from desktop.core.db.models_sync import Bundle, Peer
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.sync import authority, bundle, ledger, node, receipts, records, restored
from desktop.core.sync.ledger import DOWN as DOWN
from desktop.core.sync.ledger import IN as IN
from desktop.core.sync.ledger import OUT as OUT
from desktop.core.sync.ledger import ExportResult as ExportResult
from desktop.core.sync.ledger import audit_acks, receipt_recipients

LAST_SYNC = "last_sync"


@dataclass
class ImportResult:
    bundle_id: str
    origin_node: str
    already_imported: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    new_revisions: int = 0
    conflicts: int = 0
    missed: bool = False  # an earlier bundle from the same office never came here


def _last_changes(session: Session, node_id: str) -> Bundle | None:
    """The last bundle of changes this node sent upstream (its previous-bundle hash)."""
    q = select(Bundle).where(Bundle.origin_node == node_id, Bundle.direction == OUT)
    return session.execute(q.order_by(Bundle.seq.desc()).limit(1)).scalars().first()


def _audit_since(session: Session, ups: list[Peer]) -> dict[str, int]:
    """Per audit chain, the highest line any upstream office acknowledged (the one that
    acknowledged it holds the line and carries it on, like the changes)."""
    acks = audit_acks(session)
    out: dict[str, int] = {}
    for peer in ups:
        for chain, seq in acks.get(peer.node_id, {}).items():
            if isinstance(seq, int):
                out[chain] = max(out.get(chain, 0), seq)
    return out


def held_from(session: Session) -> dict[str, int]:
    """What this node holds of each downstream node: the high-water of its bundles."""
    q = (
        select(Bundle.origin_node, func.max(Bundle.high_water))
        .where(Bundle.direction == IN)
        .group_by(Bundle.origin_node)
    )
    downstream = {p.node_id for p in node.downstream(session, include_revoked=True)}
    return {n: int(hw or 0) for n, hw in session.execute(q).all() if n in downstream}


def _mark_synced(s: Session) -> None:
    """Remember when this computer last exchanged a bundle (local time, for the status bar)."""
    now = dt.datetime.now().isoformat(timespec="minutes")
    settings.put(s, LAST_SYNC, now)


def export_bundle(profile: OpenProfile, folder: Path) -> ExportResult:
    """Write one bundle with every change the upstream offices have not acknowledged."""
    if not folder.is_dir():
        raise KhienError(_("The chosen folder does not exist."))
    # Reads every change, then writes its audit line and marks: the write lock from the start.
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        ups = node.upstream(s)
        if not ups:
            raise KhienError(_("This installation has no upstream office to send bundles to."))
        restored.check_export(s)
        since = node.acked_seq(s)
        # What an upstream office made itself it already holds: it is not sent back up.
        recs = list(records.changes_since(s, since, {p.node_id for p in ups}, lines=True))
        recs += records.audit_records(s, _audit_since(s, ups))  # the audit log travels up
        high = int(s.execute(select(NodeState.change_seq)).scalar_one())
        last = _last_changes(s, keys.node_id)
        province = int(s.execute(select(NodeState.province_code)).scalar_one())
        bundle_id = new_id()
        counts = dict(Counter(r["table"] for r in recs))
        manifest: dict[str, Any] = {
            "kind": "changes",
            "bundle_id": bundle_id,
            "origin_node": keys.node_id,
            "province_code": province,
            "schema_revision": migrate.head_revision(),
            "app_version": __version__,
            "author": profile.user.username,
            "created": utcnow().isoformat(timespec="seconds"),
            "seq": ledger.next_seq(s, keys.node_id),
            "prev_hash": last.file_sha256 if last else "",
            "change_range": [since, high],
            "acks": held_from(s),
            "counts": counts,
        }
        if restored.manifest_flag(s):
            manifest["restored"] = True  # restored from a backup: send my records back down
        if s.get(Setting, DEMO_SETTING) is not None:
            manifest["demo"] = True  # a real province refuses it (authority.check)
        # The province's recovery identity reads every bundle too (docs/bundle-format.md).
        recovery = str(profile.keystore.data["recovery"]["recipient"])
        data = bundle.pack(manifest, recs, keys, [p.age_recipient for p in ups] + [recovery])
        path = ledger.write_atomically(folder, bundle.file_name(bundle_id), data)
        s.add(
            Bundle(
                bundle_id=bundle_id,
                direction=OUT,
                origin_node=keys.node_id,
                seq=manifest["seq"],
                prev_hash=manifest["prev_hash"],
                file_sha256=hashlib.sha256(data).hexdigest(),
                high_water=high,
                counts=json.dumps(counts, sort_keys=True),
            )
        )
        audit.record(
            s, keys.node_id, profile.user.username, "bundle.export", "bundle", bundle_id, counts
        )
        _mark_synced(s)
    return ExportResult(path, bundle_id, counts)


@dataclass(frozen=True)
class Preview:
    """What a bundle holds, shown to the officer before it is applied."""

    bundle_id: str
    origin_node: str
    origin_name: str
    author: str
    created: str
    counts: dict[str, int]
    already_imported: bool


def _read(path: Path) -> bytes:
    from desktop.core.safe_files import read_regular_file

    return read_regular_file(
        path,
        bundle.MAX_FILE,
        error=bundle.BundleRefused,
        not_a_file=_("Only a file can be imported as a bundle, not a folder or a device."),
        too_large=_("The file is larger than any bundle Khiên accepts."),
        unreadable=_("The bundle file could not be read."),
    )


def _verified(s: Session, data: bytes) -> bundle.OpenedBundle:
    keys = node.ensure_keys(s)
    province = int(s.execute(select(NodeState.province_code)).scalar_one())
    opened = bundle.open_bundle(
        data,
        keys.age_identity,
        lambda nid: node.trusted(s, nid),
        province_code=province,
        known_schema=migrate.is_known_revision,
    )
    _checked_manifest(opened.manifest)
    return opened


def preview(profile: OpenProfile, path: Path) -> Preview:
    """Verify a bundle completely and say what it holds, without applying anything."""
    try:
        with profile.db.session(read=True) as s:
            opened = _verified(s, _read(path))
            m = opened.manifest
            authority.check(s, m, opened.records)
    except KhienError as exc:
        _refused(profile, path, exc)
        raise
    with profile.db.session(read=True) as s:
        peer = s.get(Peer, m["origin_node"])
        return Preview(
            m["bundle_id"], m["origin_node"], peer.name if peer else "", m["author"], m["created"],
            dict(m["counts"]), s.get(Bundle, m["bundle_id"]) is not None,
        )  # fmt: skip


@dataclass(frozen=True)
class ChainRow:
    """One node's audit chain as held here (its own, or carried up in bundles)."""

    node_id: str
    office: str  # "" when the node is not known here by name
    lines: int
    broken_at: int | None  # the first line that does not fit, if any


def audit_chains(profile: OpenProfile) -> list[ChainRow]:
    """Verify every node's audit chain held here; a broken one names its first bad line."""
    with profile.db.session(read=True) as s:
        names = {p.node_id: p.name for p in s.execute(select(Peer)).scalars()}
        names[profile.node.node_id] = profile.node.office_name
        return [
            ChainRow(c.node_id, names.get(c.node_id, ""), c.count, c.broken_at)
            for c in audit.verify_all(s)
        ]


def has_upstream(profile: OpenProfile) -> bool:
    """Whether this installation sends bundles up (a province has nobody above it)."""
    with profile.db.session(read=True) as s:
        return bool(node.upstream(s))


@dataclass(frozen=True)
class BundleRow:
    """One line of the bundle history on the Sync page."""

    bundle_id: str
    direction: str  # out (changes sent up) | in (applied here) | down (a receipt sent down)
    peer_name: str  # the office it came from, or the offices it was written for
    seq: int
    at: dt.datetime
    counts: dict[str, int]
    acknowledged: bool


def history(profile: OpenProfile, limit: int = 200) -> list[BundleRow]:
    """Bundles sent and received, newest first, each with the office at the other end. A
    sent bundle is acknowledged once an upstream office confirmed holding its changes
    (receipts come back down)."""
    with profile.db.session(read=True) as s:
        names = {p.node_id: p.name for p in s.execute(select(Peer)).scalars()}
        ups = ", ".join(p.name or p.node_id[:8] for p in node.upstream(s))
        acked = node.acked_seq(s)
        recipients = receipt_recipients(s)
        rows = s.execute(select(Bundle).order_by(Bundle.at.desc()).limit(limit)).scalars()
        out = []
        for b in rows:
            if b.direction == IN:
                peer = names.get(b.origin_node, "")
            elif b.direction == DOWN:
                to = recipients.get(b.bundle_id, "")
                peer = names.get(to, "") or to[:8]
            else:
                peer = ups
            out.append(
                BundleRow(
                    b.bundle_id,
                    b.direction,
                    peer,
                    b.seq,
                    b.at,
                    json.loads(b.counts),
                    b.direction != OUT or b.high_water <= acked,
                )  # fmt: skip
            )
        return out


def _checked_manifest(m: dict[str, Any]) -> None:
    """Beyond the container's checks: the numbers this module reads are numbers."""
    rng, counts, acks = m["change_range"], m["counts"], m["acks"]
    ok = (
        len(rng) == 2
        and all(type(v) is int and v >= 0 for v in rng)
        and all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in counts.items())
        and all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in acks.items())
        and type(m["seq"]) is int
        and m["seq"] > 0
    )
    if not ok:
        raise bundle.BundleRefused(_("This file is not a Khiên bundle, or it is damaged."))


def import_bundle(profile: OpenProfile, path: Path) -> ImportResult:
    """Verify and apply one bundle file; refusals change nothing but the audit log (every
    refusal is a line) and, for a bundle outside its sender's authority, the sender's flag."""
    try:
        return _import(profile, path)
    except KhienError as exc:
        _refused(profile, path, exc)
        raise


def _refused(profile: OpenProfile, path: Path, exc: KhienError) -> None:
    """Record a refused import in its own transaction (the import's was rolled back)."""
    sender = exc.sender if isinstance(exc, authority.Violation) else ""
    try:
        with profile.db.session() as s:
            if isinstance(exc, authority.Violation):
                authority.flag(s, exc.sender, exc.reason, exc.message)
            audit.record(
                s, profile.node.node_id, profile.user.username, "bundle.refused", "bundle",
                path.name[:36], {"sender": sender, "reason": exc.message[:300]},
            )  # fmt: skip
    except ProfileClosed:
        pass


def _import(profile: OpenProfile, path: Path) -> ImportResult:
    data = _read(path)
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        opened = _verified(s, data)
        m = opened.manifest
        result = ImportResult(m["bundle_id"], m["origin_node"], counts=dict(m["counts"]))
        if s.get(Bundle, m["bundle_id"]) is not None:
            result.already_imported = True
            return result
        q = select(Bundle).where(Bundle.origin_node == m["origin_node"], Bundle.direction == IN)
        newest = s.execute(q.order_by(Bundle.seq.desc()).limit(1)).scalars().first()
        if newest is not None and m["seq"] <= newest.seq:
            raise bundle.BundleRefused(
                _(
                    "This bundle is older than one already imported from the same laptop; nothing was changed."
                )
            )
        sender = authority.check(s, m, opened.records)
        # The previous-bundle hash shows a bundle that never came here (a lost stick, or
        # one carried to another office): harmless, as bundles are cumulative. A hash of an
        # older bundle of the same office is a rewritten history: refused.
        result.missed = authority.check_bundle_chain(s, m)
        result.new_revisions, result.conflicts = records.apply(s, opened.records)
        # A laptop not yet updated may send a case referred without its referral record.
        repair_cases.referrals_from_steps(s)
        receipts.after_import(
            s, m, keys.node_id, from_province=sender.is_province, actor=profile.user.username
        )
        restored.note_bundle(s, m)
        s.add(
            Bundle(
                bundle_id=m["bundle_id"],
                direction=IN,
                origin_node=m["origin_node"],
                seq=m["seq"],
                prev_hash=m["prev_hash"],
                file_sha256=opened.file_sha256,
                high_water=m["change_range"][1],
                counts=json.dumps(m["counts"], sort_keys=True),
            )
        )
        audit.record(
            s, keys.node_id, profile.user.username, "bundle.import", "bundle", m["bundle_id"],
            {"origin": m["origin_node"], "new": result.new_revisions, "conflicts": result.conflicts},
        )  # fmt: skip
        _mark_synced(s)
    return result
