"""Export a bundle to a folder (a USB stick) and import bundles from one.

Export is cumulative since what every upstream office has acknowledged, so a lost stick
costs nothing and sending twice is harmless. The file is written to a temporary name,
flushed to the device, read back and checked, and only then renamed and recorded. Import
reads the whole file into memory first (the stick may be pulled out), verifies it
completely, and applies every record in one transaction: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import __version__
from desktop.core.db import migrate
from desktop.core.db.base import new_id, utcnow
from desktop.core.db.models import NodeState, Setting
from desktop.core.db.models_sync import Bundle, Peer
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.sync import bundle, node, records

LAST_SYNC = "last_sync"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    bundle_id: str
    counts: dict[str, int]


@dataclass
class ImportResult:
    bundle_id: str
    origin_node: str
    already_imported: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    new_revisions: int = 0
    conflicts: int = 0


def _last_out(session: Session, node_id: str) -> Bundle | None:
    q = select(Bundle).where(Bundle.origin_node == node_id).order_by(Bundle.seq.desc())
    return session.execute(q.limit(1)).scalars().first()


def _write_atomically(folder: Path, name: str, data: bytes) -> Path:
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


def _mark_synced(s: Session) -> None:
    """Remember when this computer last exchanged a bundle (local time, for the status bar)."""
    row = s.get(Setting, LAST_SYNC)
    now = dt.datetime.now().isoformat(timespec="minutes")
    if row is None:
        s.add(Setting(key=LAST_SYNC, value=now))
    else:
        row.value = now


def export_bundle(profile: OpenProfile, folder: Path) -> ExportResult:
    """Write one bundle with every change the upstream offices have not acknowledged."""
    if not folder.is_dir():
        raise KhienError(_("The chosen folder does not exist."))
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        ups = node.upstream(s)
        if not ups:
            raise KhienError(_("This installation has no upstream office to send bundles to."))
        since = min(p.acked_seq for p in ups)
        recs = list(records.changes_since(s, since))
        recs += records.audit_records(s)  # the audit log travels upstream
        high = int(s.execute(select(NodeState.change_seq)).scalar_one())
        last = _last_out(s, keys.node_id)
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
            "seq": (last.seq + 1) if last else 1,
            "prev_hash": last.file_sha256 if last else "",
            "change_range": [since, high],
            "acks": {},
            "counts": counts,
        }
        data = bundle.pack(manifest, recs, keys, [p.age_recipient for p in ups])
        path = _write_atomically(folder, bundle.file_name(bundle_id), data)
        s.add(
            Bundle(
                bundle_id=bundle_id,
                direction="out",
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
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KhienError(_("The bundle file could not be read.")) from exc


def _verified(s: Session, data: bytes) -> bundle.OpenedBundle:
    keys = node.ensure_keys(s)
    province = int(s.execute(select(NodeState.province_code)).scalar_one())
    return bundle.open_bundle(
        data,
        keys.age_identity,
        lambda nid: node.trusted(s, nid),
        province_code=province,
        known_schema=migrate.is_known_revision,
    )


def preview(profile: OpenProfile, path: Path) -> Preview:
    """Verify a bundle completely and say what it holds, without applying anything."""
    data = _read(path)
    with profile.db.session() as s:
        m = _verified(s, data).manifest
        peer = s.get(Peer, m["origin_node"])
        return Preview(
            m["bundle_id"], m["origin_node"], peer.name if peer else "", m["author"], m["created"],
            dict(m["counts"]), s.get(Bundle, m["bundle_id"]) is not None,
        )  # fmt: skip


@dataclass(frozen=True)
class BundleRow:
    """One line of the bundle history on the Sync page."""

    bundle_id: str
    direction: str  # out | in
    peer_name: str
    seq: int
    at: dt.datetime
    counts: dict[str, int]
    acknowledged: bool


def history(profile: OpenProfile, limit: int = 200) -> list[BundleRow]:
    """Bundles sent and received, newest first. A sent bundle is acknowledged once every
    upstream office confirmed holding its changes (receipts come back down)."""
    with profile.db.session() as s:
        names = {p.node_id: p.name for p in s.execute(select(Peer)).scalars()}
        ups = node.upstream(s)
        acked = min((p.acked_seq for p in ups), default=0)
        rows = s.execute(select(Bundle).order_by(Bundle.at.desc()).limit(limit)).scalars()
        return [
            BundleRow(
                b.bundle_id,
                b.direction,
                names.get(b.origin_node, "") if b.direction == "in" else "",
                b.seq,
                b.at,
                json.loads(b.counts),
                b.direction == "in" or b.high_water <= acked,
            )  # fmt: skip
            for b in rows
        ]


def import_bundle(profile: OpenProfile, path: Path) -> ImportResult:
    """Verify and apply one bundle file; refusals change nothing."""
    data = _read(path)
    with profile.db.session() as s:
        keys = node.ensure_keys(s)
        opened = _verified(s, data)
        m = opened.manifest
        result = ImportResult(m["bundle_id"], m["origin_node"], counts=dict(m["counts"]))
        if s.get(Bundle, m["bundle_id"]) is not None:
            result.already_imported = True
            return result
        newest = s.execute(
            select(func.max(Bundle.seq)).where(Bundle.origin_node == m["origin_node"])
        ).scalar()
        if newest is not None and m["seq"] <= newest:
            raise bundle.BundleRefused(
                _(
                    "This bundle is older than one already imported from the same laptop; nothing was changed."
                )
            )
        result.new_revisions, result.conflicts = records.apply(s, opened.records)
        from desktop.core.sync import receipts  # receipts builds on this module

        receipts.after_import(s, m, keys.node_id)
        s.add(
            Bundle(
                bundle_id=m["bundle_id"],
                direction="in",
                origin_node=m["origin_node"],
                seq=m["seq"],
                prev_hash=m["prev_hash"],
                file_sha256=opened.file_sha256,
                high_water=int(m["change_range"][1]) if m["change_range"] else 0,
                counts=json.dumps(m["counts"], sort_keys=True),
            )
        )
        audit.record(
            s, keys.node_id, profile.user.username, "bundle.import", "bundle", m["bundle_id"],
            {"origin": m["origin_node"], "new": result.new_revisions, "conflicts": result.conflicts},
        )  # fmt: skip
        _mark_synced(s)
    return result
