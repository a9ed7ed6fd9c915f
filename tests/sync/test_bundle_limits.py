"""Bounded import: only regular files are read, sizes are checked before reading, bundles are
compressed inside the encryption (format 2), a decompression bomb stops at its cap, and a
format-1 bundle made by an older laptop still opens and imports."""

from __future__ import annotations

import hashlib
import os
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest

from desktop.core.db.models import OutreachEvent
from desktop.core.errors import KhienError
from desktop.core.safe_files import read_regular_file
from desktop.core.sync import bundle, enrol, exchange, node
from desktop.core.sync.bundle import BundleRefused, open_bundle, pack
from desktop.core.sync.keys import NodeKeys
from tests.sync import enrolled
from tests.sync.test_bundle import COMMUNE, PROVINCE, RECORDS, _manifest, _open, _refused

TO_PROVINCE = [PROVINCE.public.age_recipient]


def _quickly(fn: Callable[[], Any], seconds: float = 10) -> BaseException | None:
    """Run *fn* in a thread; fail the test instead of hanging if it never returns."""
    out: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()
            out.append(None)
        except BaseException as exc:  # noqa: BLE001 (handed back to the test)
            out.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, "reading blocked"
    return out[0]


def _one_sentence(exc: BaseException | None, kind: type[KhienError] = KhienError) -> str:
    assert isinstance(exc, kind), exc
    assert exc.message.endswith(".") and "\n" not in exc.message
    return exc.message


# -- only regular files, size checked first ------------------------------------------------


def test_a_named_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "bundle.khb"
    os.mkfifo(fifo)
    refused = _one_sentence(_quickly(lambda: exchange._read(fifo)), BundleRefused)
    assert "thư mục" in refused  # "…not a folder or a device."
    package = _quickly(lambda: enrol.read_package(fifo))
    assert _one_sentence(package) != refused


def test_a_folder_a_device_and_a_socket_are_refused(tmp_path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.khb"))
    try:
        for path in (tmp_path, Path("/dev/zero"), Path("/dev/null"), tmp_path / "sock.khb"):
            _one_sentence(_quickly(lambda p=path: exchange._read(p)), BundleRefused)
            _one_sentence(_quickly(lambda p=path: enrol.read_package(p)))
    finally:
        sock.close()
    _one_sentence(_quickly(lambda: exchange._read(tmp_path / "missing.khb")), BundleRefused)


def test_a_too_large_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.khb"
    with open(huge, "wb") as fh:  # sparse: no disk space used
        fh.truncate(bundle.MAX_FILE + 1)
    assert "lớn" in _one_sentence(_quickly(lambda: exchange._read(huge)), BundleRefused)
    with open(huge, "r+b") as fh:
        fh.truncate(enrol.MAX_PACKAGE + 1)
    _one_sentence(_quickly(lambda: enrol.read_package(huge)))


def test_the_reader_reads_at_most_the_limit_and_follows_links(tmp_path: Path) -> None:
    words = {"not_a_file": "Not a file.", "too_large": "Too large.", "unreadable": "No."}
    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, 100, **words) == b"x" * 100
    with pytest.raises(KhienError, match="Too large"):
        read_regular_file(path, 99, **words)
    (tmp_path / "link").symlink_to(path)
    assert read_regular_file(tmp_path / "link", 100, **words) == b"x" * 100
    (tmp_path / "empty").write_bytes(b"")
    assert read_regular_file(tmp_path / "empty", 100, **words) == b""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "pipe-link").symlink_to(tmp_path / "pipe")
    with pytest.raises(KhienError, match="Not a file"):
        read_regular_file(tmp_path / "pipe-link", 100, **words)


def test_an_import_of_a_folder_is_refused(province, tmp_path: Path) -> None:
    with pytest.raises(BundleRefused):
        exchange.import_bundle(province, tmp_path)


# -- compression ---------------------------------------------------------------------------


def _repetitive(n: int) -> list[dict[str, Any]]:
    return [
        {
            "table": "outreach_events",
            "id": f"01a2b3c4-0000-7000-8000-{i:012d}",
            "rev": hashlib.sha256(str(i).encode()).hexdigest(),
            "parents": [],
            "content": {
                "title": "Tuyên truyền phòng, chống mua bán người tại thôn Nà Lầu",
                "kind": "talk",
                "audience_total": 40,
                "notes": "",
            },
            "hlc": "1796157713527-00000-01a23357",
            "origin_node": COMMUNE.node_id,
        }  # fmt: skip
        for i in range(n)
    ]


def test_bundles_are_compressed_inside_the_encryption() -> None:
    recs = _repetitive(2000)
    payload = sum(len(bundle._canonical(r)) + 1 for r in recs)
    data = pack(_manifest(), recs, COMMUNE, TO_PROVINCE)
    assert len(data) < payload / 5, (len(data), payload)
    opened = _open(data)
    assert opened.records == recs
    assert opened.manifest["format_version"] == bundle.FORMAT_VERSION == "2.0"
    inner = bytes(pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(PROVINCE.age_identity)]))
    assert inner[:2] == bundle.GZIP_MAGIC
    assert zlib.decompress(inner, 16 + zlib.MAX_WBITS).startswith(bundle.MAGIC)


def test_records_compressed_in_several_pieces_read_back_whole(monkeypatch) -> None:
    """pack hands zlib the records a chunk at a time, on a second thread: with chunks of a
    few hundred bytes (a chunk boundary inside every few records) the bundle reads back the
    same records, in order."""
    monkeypatch.setattr(bundle, "COMPRESS_CHUNK", 300)
    recs = _repetitive(120)
    assert _open(pack(_manifest(), recs, COMMUNE, TO_PROVINCE)).records == recs
    assert _open(pack(_manifest(), [], COMMUNE, TO_PROVINCE)).records == []


def test_export_refuses_a_bundle_the_receiver_would_refuse(monkeypatch) -> None:
    monkeypatch.setattr(bundle, "MAX_RECORDS_MEMORY", 100_000)
    with pytest.raises(KhienError) as err:
        pack(_manifest(), _repetitive(200), COMMUNE, TO_PROVINCE)
    _one_sentence(err.value)
    monkeypatch.undo()
    monkeypatch.setattr(bundle, "MAX_INFLATED", 10_000)
    with pytest.raises(KhienError):
        pack(_manifest(), _repetitive(200), COMMUNE, TO_PROVINCE)


def test_the_memory_estimate_is_the_same_on_both_sides_and_not_below_the_truth() -> None:
    recs = _repetitive(50)
    data = pack(_manifest(), recs, COMMUNE, TO_PROVINCE)
    parsed = _open(data).records
    assert [bundle._cost(r) for r in parsed] == [bundle._cost(r, depth=None) for r in recs]
    assert bundle._cost([[]] * 100) > 100 * 56  # containers cost what CPython gives them
    assert bundle._cost("ễ" * 1000) >= 2000 and bundle._cost("😀" * 1000) >= 4000


def test_more_records_than_the_caps_allow_are_refused(monkeypatch) -> None:
    data = pack(_manifest(), _repetitive(200), COMMUNE, TO_PROVINCE)
    monkeypatch.setattr(bundle, "MAX_RECORDS_MEMORY", 100_000)
    assert "bản ghi" in _refused(data)  # "…more records than Khiên can import at once."
    monkeypatch.undo()
    monkeypatch.setattr(bundle, "MAX_RECORDS", 199)
    assert "bản ghi" in _refused(data)
    with pytest.raises(KhienError):
        pack(_manifest(), _repetitive(200), COMMUNE, TO_PROVINCE)
    assert len(_open(pack(_manifest(), _repetitive(199), COMMUNE, TO_PROVINCE)).records) == 199


# -- bombs and versions --------------------------------------------------------------------


def _container(manifest: dict[str, Any], payload: bytes | None, signer: NodeKeys) -> bytes:
    """The inner container, signed, around *payload* (its hash set in the manifest)."""
    m = dict(manifest, format=bundle.FORMAT)
    if payload is not None:
        m["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    body = bundle._canonical(m)
    return bundle.MAGIC + bundle._section(body) + bundle._section(signer.sign(body))


def _encrypt(inner: bytes) -> bytes:
    keys = [pyrage.x25519.Recipient.from_str(r) for r in TO_PROVINCE]
    return bytes(pyrage.encrypt(inner, keys))


def _gzip_stream(pieces: Any) -> bytes:
    gz = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return b"".join([*(gz.compress(p) for p in pieces), gz.flush()])


def test_a_decompression_bomb_is_refused_at_its_cap() -> None:
    """A signed header, then far more record bytes than allowed, compressed to almost
    nothing (JSON allows blank space): reading stops at MAX_INFLATED, with one sentence."""
    line = b"{" + b" " * 1_000_000 + b"}\n"  # under MAX_RECORD, almost nothing in memory
    lines = bundle.MAX_INFLATED // len(line) + 20
    head = _container(_manifest(format_version="2.0"), b"", COMMUNE)
    head += struct.pack(">Q", len(line) * lines)
    bomb = _encrypt(_gzip_stream([head, *([line] * lines)]))
    assert len(bomb) < 1024 * 1024
    assert "nhiều dữ liệu hơn" in _refused(bomb)  # "…unpacks to more data than…"


def test_a_bomb_of_tiny_records_stops_at_the_memory_cap(monkeypatch) -> None:
    monkeypatch.setattr(bundle, "MAX_RECORDS_MEMORY", 1024 * 1024)
    head = _container(_manifest(format_version="2.0"), b"", COMMUNE)
    head += struct.pack(">Q", 1 << 40)
    block = b'{"a":[[[]]]}\n' * 100_000
    assert "bản ghi" in _refused(_encrypt(_gzip_stream([head, *([block] * 20)])))


def test_empty_lines_and_trailing_bytes_are_refused() -> None:
    for payload in (b"\n", b'{"a":1}\n\n{"b":2}\n'):
        inner = _container(_manifest(format_version="2.0"), payload, COMMUNE)
        _refused(_encrypt(_gzip_stream([inner + bundle._section(payload)])))
    payload = b'{"a":1}\n'
    inner = _container(_manifest(format_version="2.0"), payload, COMMUNE)
    inner += bundle._section(payload)
    _refused(_encrypt(_gzip_stream([inner + b"more"])))  # after the last section
    _refused(_encrypt(_gzip_stream([inner]) + b"more"))  # after the compressed stream
    _refused(_encrypt(_gzip_stream([inner])[:-9]))  # the compressed stream cut short
    assert _open(_encrypt(_gzip_stream([inner]))).records == [{"a": 1}]


def _version_1(manifest: dict[str, Any], records: list[dict[str, Any]], signer: NodeKeys,
               recipients: list[str]) -> bytes:  # fmt: skip
    """A bundle as builds before format 2 wrote it: the container, not compressed."""
    payload = b"".join(bundle._canonical(r) + b"\n" for r in records)
    m = dict(manifest, format=bundle.FORMAT, format_version="1.0")
    m["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    body = bundle._canonical(m)
    inner = (
        bundle.MAGIC
        + bundle._section(body)
        + bundle._section(signer.sign(body))
        + bundle._section(payload)
    )
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return bytes(pyrage.encrypt(inner, keys))


def test_a_version_1_bundle_still_opens() -> None:
    data = _version_1(_manifest(), RECORDS, COMMUNE, TO_PROVINCE)
    opened = _open(data)
    assert opened.records == RECORDS
    assert opened.manifest["format_version"] == "1.0"
    forged = _version_1(_manifest(), RECORDS, NodeKeys.generate("x"), TO_PROVINCE)
    _refused(forged)


@pytest.mark.parametrize(
    ("version", "compressed", "newer"),
    [("3.0", True, True), ("3.1", False, True), ("12.0", True, True),
     ("2.0", False, False), ("1.0", True, False), ("0.9", False, False), ("x", True, False)],
)  # fmt: skip
def test_versions_and_layouts(version: str, compressed: bool, newer: bool) -> None:
    payload = b'{"a":1}\n'
    inner = _container(_manifest(format_version=version), payload, COMMUNE)
    inner += bundle._section(payload)
    message = _refused(_encrypt(_gzip_stream([inner]) if compressed else inner))
    if newer:
        assert "mới hơn" in message  # "…made by a newer version of Khiên…"
    else:
        assert "không phải gói đồng bộ Khiên" in message


def test_a_version_1_bundle_from_an_older_laptop_imports(province, tmp_path: Path) -> None:
    """The laptop's own export, rewritten as an older build wrote it and signed with the
    laptop's real key, imports at the province like any bundle."""
    laptop = enrolled.laptop(province, tmp_path / "laptop")
    stick = tmp_path / "usb"
    stick.mkdir()
    try:
        eid = enrolled.event(laptop, "Nói chuyện chuyên đề tại thôn Nà Lầu")
        out = exchange.export_bundle(laptop, stick)
        with laptop.db.session() as s:
            keys = node.ensure_keys(s)
    finally:
        laptop.close()
    with province.db.session() as s:
        mine = node.ensure_keys(s)
    opened = open_bundle(
        out.path.read_bytes(), mine.age_identity, lambda _node: keys.public,
        province_code=20, known_schema=lambda _rev: True,
    )  # fmt: skip
    old = stick / "old.khb"
    old.write_bytes(_version_1(opened.manifest, opened.records, keys, [mine.public.age_recipient]))
    out.path.unlink()
    result = exchange.import_bundle(province, old)
    assert result.new_revisions >= 1 and not result.already_imported
    with province.db.session() as s:
        got = s.get(OutreachEvent, eid)
        assert got is not None and got.title == "Nói chuyện chuyên đề tại thôn Nà Lầu"
