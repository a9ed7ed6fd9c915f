"""The bundle container: what goes on a USB stick.

A bundle file is age-encrypted to every upstream office. Inside, after a fixed magic line,
come three length-prefixed sections: the manifest (JSON), its Ed25519 signature, and the
change records (JSON lines). There are no file names or paths inside, nothing is executed,
and every limit is checked before anything is parsed. A refused bundle raises
``BundleRefused`` with one sentence in the user's language; nothing is changed.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyrage

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.sync.keys import NodeKeys, PublicKeys

FORMAT = "khien-bundle"
FORMAT_MAJOR = 1
FORMAT_VERSION = f"{FORMAT_MAJOR}.0"
MAGIC = b"KHIEN-BUNDLE\n"
SUFFIX = ".khb"

MAX_FILE = 512 * 1024 * 1024
MAX_MANIFEST = 1024 * 1024
MAX_RECORD = 1024 * 1024
MAX_DEPTH = 16
SIGNATURE_BYTES = 64

REQUIRED = {
    "format": str,
    "format_version": str,
    "kind": str,
    "bundle_id": str,
    "origin_node": str,
    "province_code": int,
    "schema_revision": str,
    "app_version": str,
    "author": str,
    "created": str,
    "seq": int,
    "prev_hash": str,
    "change_range": list,
    "acks": dict,
    "payload_sha256": str,
    "counts": dict,
}


class BundleRefused(KhienError):
    """The file is not a bundle this installation may apply."""


@dataclass(frozen=True)
class OpenedBundle:
    """A verified bundle: its manifest and its records (already parsed and checked)."""

    manifest: dict[str, Any]
    records: list[dict[str, Any]]
    file_sha256: str


def _section(data: bytes) -> bytes:
    return struct.pack(">Q", len(data)) + data


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def pack(
    manifest: dict[str, Any],
    records: Iterable[dict[str, Any]],
    signer: NodeKeys,
    recipients: list[str],
) -> bytes:
    """Build an encrypted, signed bundle. The manifest's payload hash and format are set here."""
    payload = b"".join(_canonical(r) + b"\n" for r in records)
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["format_version"] = FORMAT_VERSION
    manifest["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    manifest_bytes = _canonical(manifest)
    inner = (
        MAGIC + _section(manifest_bytes) + _section(signer.sign(manifest_bytes)) + _section(payload)
    )
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return bytes(pyrage.encrypt(inner, keys))


def _refuse(message: str) -> BundleRefused:
    return BundleRefused(message)


def _not_a_bundle() -> BundleRefused:
    return _refuse(_("This file is not a Khiên bundle, or it is damaged."))


def _depth(obj: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(obj, dict):
        return max((_depth(v, level + 1) for v in obj.values()), default=level + 1)
    if isinstance(obj, list):
        return max((_depth(v, level + 1) for v in obj), default=level + 1)
    return level


def _json(data: bytes, limit: int) -> Any:
    if len(data) > limit:
        raise _refuse(_("The bundle holds a record larger than Khiên accepts."))
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _not_a_bundle() from None
    if _depth(obj) > MAX_DEPTH:
        raise _refuse(_("The bundle holds a record nested deeper than Khiên accepts."))
    return obj


def _sections(inner: bytes) -> Iterator[bytes]:
    if not inner.startswith(MAGIC):
        raise _not_a_bundle()
    pos = len(MAGIC)
    for _n in range(3):
        if pos + 8 > len(inner):
            raise _not_a_bundle()
        (size,) = struct.unpack(">Q", inner[pos : pos + 8])
        pos += 8
        if size > len(inner) - pos:
            raise _not_a_bundle()
        yield inner[pos : pos + size]
        pos += size
    if pos != len(inner):
        raise _not_a_bundle()


def _check_manifest(manifest: Any) -> dict[str, Any]:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_bundle()
    version = str(manifest.get("format_version", ""))
    major = version.split(".", 1)[0]
    if not major.isdigit():
        raise _not_a_bundle()
    if int(major) > FORMAT_MAJOR:
        raise _refuse(
            _("This bundle was made by a newer version of Khiên: update Khiên to read it.")
        )
    for key, kind in REQUIRED.items():
        if not isinstance(manifest.get(key), kind):
            raise _not_a_bundle()
    return manifest


def open_bundle(
    data: bytes,
    identity: str,
    trusted: Callable[[str], PublicKeys | None],
    *,
    province_code: int,
    known_schema: Callable[[str], bool],
) -> OpenedBundle:
    """Decrypt and verify a bundle; every check passes or BundleRefused is raised.

    *trusted* returns the public keys of an enrolled, non-revoked node (None otherwise);
    *known_schema* says whether this build knows a schema revision.
    """
    if len(data) > MAX_FILE:
        raise _refuse(_("The file is larger than any bundle Khiên accepts."))
    file_hash = hashlib.sha256(data).hexdigest()
    try:
        inner = bytes(pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(identity)]))
    except Exception:  # pyrage raises several error types for foreign or damaged files
        raise _refuse(_("This file is not a bundle for this office, or it is damaged.")) from None
    manifest_bytes, signature, payload = _sections(inner)
    manifest = _check_manifest(_json(manifest_bytes, MAX_MANIFEST))
    sender = trusted(manifest["origin_node"])
    if sender is None:
        raise _refuse(
            _("This bundle comes from a laptop that is not enrolled here, or was revoked.")
        )
    if len(signature) != SIGNATURE_BYTES or not sender.verify(signature, manifest_bytes):
        raise _refuse(_("The bundle's signature is not valid: it was altered or forged."))
    if manifest["province_code"] != province_code:
        raise _refuse(_("This bundle belongs to another province."))
    if hashlib.sha256(payload).hexdigest() != manifest["payload_sha256"]:
        raise _refuse(_("The bundle's contents do not match its signed manifest."))
    if not known_schema(manifest["schema_revision"]):
        raise _refuse(
            _("This bundle was made by a newer version of Khiên: update Khiên to read it.")
        )
    records = []
    for line in payload.split(b"\n"):
        if not line:
            continue
        record = _json(line, MAX_RECORD)
        if not isinstance(record, dict):
            raise _not_a_bundle()
        records.append(record)
    return OpenedBundle(manifest, records, file_hash)


def file_name(bundle_id: str) -> str:
    """The bundle's file name: its random id only, nothing about people or places."""
    return f"{bundle_id}{SUFFIX}"
