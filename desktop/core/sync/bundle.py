"""The bundle container: what goes on a USB stick.

A bundle file is age-encrypted to every upstream office and to the province's recovery
recipient. Decrypted, it is a gzip stream (format 2; format 1, written by older builds, was
not compressed) of the container: a fixed magic line, then three length-prefixed sections:
the manifest (JSON), its Ed25519 signature, and the change records (JSON lines). There are
no file names or paths inside, nothing is executed. docs/bundle-format.md describes every
byte, for reading a bundle without Khiên.

Opening streams: the file is decrypted, inflated and parsed piece by piece, so memory holds
the file and the parsed records but never a whole copy of the plaintext, and nothing is
written to disk. The manifest and signature come first and are checked before any record
is read; every limit is checked as the bytes arrive (a decompression bomb stops at
MAX_INFLATED). A refused bundle raises ``BundleRefused`` with one sentence in the user's
language; nothing is changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyrage

from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.sync.keys import NodeKeys, PublicKeys

FORMAT = "khien-bundle"
FORMAT_MAJOR = 2  # 2: the container is gzip-compressed inside the encryption
FORMAT_VERSION = f"{FORMAT_MAJOR}.0"
OLDEST_MAJOR = 1  # version 1 (not compressed), from older builds, is still read
MAGIC = b"KHIEN-BUNDLE\n"
GZIP_MAGIC = b"\x1f\x8b"
SUFFIX = ".khb"

MAX_FILE = 32 * 1024 * 1024  # the encrypted file on the stick
MAX_INFLATED = 128 * 1024 * 1024  # the container once uncompressed
MAX_RECORDS = 18_000  # records a bundle holds: an import of as many fits in 300 MB
MAX_RECORDS_MEMORY = 96 * 1024 * 1024  # the parsed records, as estimated by _cost
MAX_MANIFEST = 1024 * 1024
MAX_RECORD = 1024 * 1024
MAX_DEPTH = 16
SIGNATURE_BYTES = 64
MAX_SIGNATURE = 1024  # a larger signature section is not a bundle at all
COMPRESS_LEVEL = 3  # twice as fast as 6 on records, files a sixth larger (issue 18: export)
COMPRESS_CHUNK = 8 * 1024 * 1024  # bytes handed to zlib at once when packing (see _gzip)
INFLATE_STEP = 256 * 1024  # inflate at most this much at a time (a bomb never fills memory)
LINE_COST = 64  # each record's place in the list, and then some

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


def _str_cost(text: str) -> int:
    width = 1 if text.isascii() else (2 if max(text) <= "\uffff" else 4)
    return 48 + width * len(text)


def _cost(obj: Any, level: int = 0, depth: int | None = MAX_DEPTH) -> int:
    """About the bytes CPython holds for a parsed JSON value (a little more, not less).

    The same number on both sides: the sender computes it on its records before writing,
    the receiver on what it parsed, so a bundle Khiên writes is one Khiên accepts. A value
    nested deeper than *depth* is refused here (None: the sender leaves that to the receiver).
    Strings, numbers, booleans and None inside a dict or list are counted in place (the
    figures of the last lines): a bundle holds hundreds of thousands of them.
    """
    if depth is not None and level >= depth and isinstance(obj, dict | list | tuple):
        raise _refuse(_("The bundle holds a record nested deeper than Khiên accepts."))
    if isinstance(obj, dict):
        total = 64 + 48 * len(obj)
        for key, value in obj.items():
            if type(key) is str and key.isascii():
                total += 48 + len(key)
            else:
                total += _str_cost(str(key))
            kind = type(value)
            if kind is str and value.isascii():
                total += 48 + len(value)
            elif kind is int:
                total += 32 + 4 * (value.bit_length() // 30)
            elif value is not None and kind is not bool:
                total += _item_cost(value, level, depth)
        return total
    if isinstance(obj, list | tuple):
        return 64 + 8 * len(obj) + sum(_item_cost(v, level, depth) for v in obj)
    if isinstance(obj, str):
        return _str_cost(obj)
    if isinstance(obj, bool) or obj is None:
        return 0  # shared objects
    if isinstance(obj, int):
        return 32 + 4 * (obj.bit_length() // 30)
    return 24


def _item_cost(value: Any, level: int, depth: int | None) -> int:
    """``_cost`` of a value held in a container at *level*."""
    if type(value) is str:
        if value.isascii():
            return 48 + len(value)
        return 48 + (2 if max(value) <= "\uffff" else 4) * len(value)
    if value is None:
        return 0
    return _cost(value, level + 1, depth)


class Line(dict[str, Any]):
    """A record whose canonical JSON is at hand already (``records.changes_since`` makes it
    from the stored content): ``pack`` writes *text* rather than serialise it again."""

    def __init__(self, record: dict[str, Any], text: bytes) -> None:
        super().__init__(record)
        self.text = text


def _too_much() -> KhienError:
    return KhienError(_("There are more changes than one bundle may carry; nothing was written."))


def _gzip(head: bytes, lines: list[bytes]) -> bytes:
    """The container compressed (gzip), handed to zlib COMPRESS_CHUNK bytes at a time.
    zlib leaves the interpreter to the other thread only inside a call, and coming back
    from one waits for it (up to the interpreter's switch interval, 5 ms, while ``pack``
    counts): a call per line waited ten thousand times, a call per 8 MiB waits a few times
    and holds one chunk's copy."""
    gz = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip
    parts = [gz.compress(head)]
    chunk: list[bytes] = []
    held = 0
    for line in lines:
        chunk.append(line)
        held += len(line)
        if held >= COMPRESS_CHUNK:
            parts.append(gz.compress(b"".join(chunk)))
            chunk, held = [], 0
    parts.append(gz.compress(b"".join(chunk)))
    parts.append(gz.flush())
    return b"".join(parts)


def pack(
    manifest: dict[str, Any],
    records: Iterable[dict[str, Any]],
    signer: NodeKeys,
    recipients: list[str],
) -> bytes:
    """Build an encrypted, signed, compressed bundle (the manifest's payload hash and format
    are set here). A bundle the receiver would refuse for its size is never written.

    The records' memory estimate (``_cost``, Python) is counted while a second thread
    compresses them (zlib, which leaves the interpreter free): the two took about as long
    as each other, one after the other. A bundle found too large then is dropped."""
    records = list(records)
    lines: list[bytes] = []
    digest = hashlib.sha256()
    size = 0
    for record in records:
        line = (record.text if isinstance(record, Line) else _canonical(record)) + b"\n"
        digest.update(line)
        size += len(line)
        lines.append(line)
    manifest = dict(manifest)
    manifest["format"] = FORMAT
    manifest["format_version"] = FORMAT_VERSION
    manifest["payload_sha256"] = digest.hexdigest()
    manifest_bytes = _canonical(manifest)
    head = MAGIC + _section(manifest_bytes) + _section(signer.sign(manifest_bytes))
    head += struct.pack(">Q", size)
    if len(head) + size > MAX_INFLATED or len(lines) > MAX_RECORDS:
        raise _too_much()
    with ThreadPoolExecutor(1, thread_name_prefix="khien-gzip") as pool:
        compressed = pool.submit(_gzip, head, lines)
        try:
            cost = sum(LINE_COST + _cost(record, depth=None) for record in records)
        finally:
            container = compressed.result()
    del lines
    if cost > MAX_RECORDS_MEMORY:
        raise _too_much()
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    data = bytes(pyrage.encrypt(container, keys))
    if len(data) > MAX_FILE:
        raise _too_much()
    return data


def _refuse(message: str) -> BundleRefused:
    return BundleRefused(message)


def _not_a_bundle() -> BundleRefused:
    return _refuse(_("This file is not a Khiên bundle, or it is damaged."))


def _json(data: bytes, limit: int) -> tuple[Any, int]:
    """A parsed JSON value and its cost; too large, too deep or not JSON is refused."""
    if len(data) > limit:
        raise _refuse(_("The bundle holds a record larger than Khiên accepts."))
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _not_a_bundle() from None
    return obj, _cost(obj)


def _check_manifest(manifest: Any, compressed: bool) -> dict[str, Any]:
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
    # Version 1 was never compressed, version 2 always is.
    if int(major) < OLDEST_MAJOR or compressed != (int(major) >= 2):
        raise _not_a_bundle()
    for key, kind in REQUIRED.items():
        if not isinstance(manifest.get(key), kind):
            raise _not_a_bundle()
    return manifest


Header = Callable[[bytes, bytes, bool], dict[str, Any]]

# What the container holds, in order: the reader's steps.
MAGIC_LINE, MANIFEST_SIZE, MANIFEST, SIGNATURE_SIZE, SIGNATURE, PAYLOAD_SIZE = range(6)
RECORDS, END = 6, 7


class _Reader:
    """Takes the decrypted bytes as pyrage writes them: inflates a version-2 container (at
    most MAX_INFLATED bytes, INFLATE_STEP at a time), reads the sections as they come, has
    *header* check the manifest and signature before the first record, then parses the
    records one line at a time while hashing them. Nothing is kept but the manifest and
    the parsed records (at most MAX_RECORDS of them, in MAX_RECORDS_MEMORY by ``_cost``)."""

    def __init__(self, header: Header) -> None:
        self.header = header
        self.sniffed = b""  # the first two bytes say whether the container is compressed
        self.inflater: Any = None  # zlib's decompressor, for a compressed container
        self.inflated = 0
        self.buf = bytearray()
        self.step, self.want = MAGIC_LINE, len(MAGIC)
        self.manifest_bytes = b""
        self.manifest: dict[str, Any] = {}
        self.left = 0  # payload bytes still to come
        self.scanned = 0  # bytes at the start of buf known to hold no line end
        self.digest = hashlib.sha256()
        self.cost = 0
        self.records: list[dict[str, Any]] = []
        self.error: Exception | None = None  # what stopped the reading

    # -- pyrage's writer

    def write(self, chunk: bytes) -> int:
        if self.error is not None:  # pyrage may write what it buffered once more
            raise self.error
        try:
            self._take(bytes(chunk))
        except Exception as exc:  # kept: pyrage may hand back an error of its own
            self.error = exc
            raise
        return len(chunk)

    def flush(self) -> None:
        pass

    # -- decompression

    def _take(self, chunk: bytes) -> None:
        if len(self.sniffed) < len(GZIP_MAGIC):
            self.sniffed += chunk
            if len(self.sniffed) < len(GZIP_MAGIC):
                return
            chunk = self.sniffed
            if chunk.startswith(GZIP_MAGIC):
                self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self.inflater is None:
            self._inflated(chunk)
            return
        while chunk:
            if self.inflater.eof:  # bytes after the end of the compressed stream
                raise _not_a_bundle()
            try:
                out = self.inflater.decompress(chunk, INFLATE_STEP)
            except zlib.error:
                raise _not_a_bundle() from None
            self._inflated(out)
            chunk = self.inflater.unconsumed_tail or self.inflater.unused_data

    def finish(self) -> None:
        """After the last byte: the stream and the container must both be complete."""
        if len(self.sniffed) < len(GZIP_MAGIC):
            raise _not_a_bundle()
        while self.inflater is not None and not self.inflater.eof:
            try:
                out = self.inflater.decompress(self.inflater.unconsumed_tail, INFLATE_STEP)
            except zlib.error:
                raise _not_a_bundle() from None
            if not out:
                raise _not_a_bundle()  # the compressed stream was cut short
            self._inflated(out)
        if self.step != END or self.buf:
            raise _not_a_bundle()
        if self.digest.hexdigest() != self.manifest["payload_sha256"]:
            raise _refuse(_("The bundle's contents do not match its signed manifest."))

    # -- the container

    def _inflated(self, data: bytes) -> None:
        self.inflated += len(data)
        if self.inflated > MAX_INFLATED:
            raise _refuse(_("The bundle unpacks to more data than Khiên accepts."))
        self.buf += data
        while self.step < RECORDS and len(self.buf) >= self.want:
            piece = bytes(self.buf[: self.want])
            del self.buf[: self.want]
            self._piece(piece)
        if self.step == RECORDS:
            self._records()
        if self.step == END and self.buf:
            raise _not_a_bundle()  # bytes after the last section

    def _piece(self, piece: bytes) -> None:
        """The magic line, a section's length or a section's body; then what comes next."""
        step, self.step, self.want = self.step, self.step + 1, 8
        if step == MAGIC_LINE:
            if piece != MAGIC:
                raise _not_a_bundle()
        elif step in (MANIFEST_SIZE, SIGNATURE_SIZE):
            (self.want,) = struct.unpack(">Q", piece)
            if self.want > (MAX_MANIFEST if step == MANIFEST_SIZE else MAX_SIGNATURE):
                raise _not_a_bundle()
        elif step == MANIFEST:
            self.manifest_bytes = piece
        elif step == SIGNATURE:
            self.manifest = self.header(self.manifest_bytes, piece, self.inflater is not None)
        else:  # the payload's length: the records follow, read line by line
            (self.left,) = struct.unpack(">Q", piece)

    def _records(self) -> None:
        """Every whole line in buf (and the last one once the payload is complete)."""
        while self.step == RECORDS:
            if self.left == 0:
                self.step = END
                return
            end = self.buf.find(b"\n", self.scanned, min(len(self.buf), self.left))
            if end < 0:
                self.scanned = min(len(self.buf), self.left)
                if self.scanned > MAX_RECORD:
                    raise _refuse(_("The bundle holds a record larger than Khiên accepts."))
                if self.scanned < self.left:
                    return  # the line goes on in the next bytes
                end = self.scanned - 1  # the payload's last line, with no line end
                line = bytes(self.buf[: self.scanned])
            else:
                line = bytes(self.buf[: end + 1])
            del self.buf[: end + 1]
            self.scanned, self.left = 0, self.left - (end + 1)
            self.digest.update(line)
            self._record(line.rstrip(b"\n"))

    def _record(self, line: bytes) -> None:
        record, cost = _json(line, MAX_RECORD)  # an empty line is not JSON: refused
        if not isinstance(record, dict):
            raise _not_a_bundle()
        self.cost += LINE_COST + cost
        self.records.append(record)
        if self.cost > MAX_RECORDS_MEMORY or len(self.records) > MAX_RECORDS:
            raise _refuse(_("The bundle holds more records than Khiên can import at once."))


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

    def header(manifest_bytes: bytes, signature: bytes, compressed: bool) -> dict[str, Any]:
        manifest = _check_manifest(_json(manifest_bytes, MAX_MANIFEST)[0], compressed)
        sender = trusted(manifest["origin_node"])
        if sender is None:
            raise _refuse(
                _("This bundle comes from a laptop that is not enrolled here, or was revoked.")
            )
        if len(signature) != SIGNATURE_BYTES or not sender.verify(signature, manifest_bytes):
            raise _refuse(_("The bundle's signature is not valid: it was altered or forged."))
        if manifest["province_code"] != province_code:
            raise _refuse(_("This bundle belongs to another province."))
        if not known_schema(manifest["schema_revision"]):
            raise _refuse(
                _("This bundle was made by a newer version of Khiên: update Khiên to read it.")
            )
        return manifest

    reader = _Reader(header)
    try:
        key = pyrage.x25519.Identity.from_str(identity)
        pyrage.decrypt_io(io.BytesIO(data), reader, [key])
    except Exception:  # pyrage raises several error types for foreign or damaged files
        if reader.error is not None:
            raise reader.error from None  # a refusal while reading, or a failure of ours
        raise _refuse(_("This file is not a bundle for this office, or it is damaged.")) from None
    reader.finish()
    return OpenedBundle(reader.manifest, reader.records, hashlib.sha256(data).hexdigest())


def file_name(bundle_id: str) -> str:
    """The bundle's file name: its random id only, nothing about people or places."""
    return f"{bundle_id}{SUFFIX}"
