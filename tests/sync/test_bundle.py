"""The bundle container refuses every kind of bad file with one sentence."""

from __future__ import annotations

import hashlib
import json

import pyrage
import pytest

from desktop.core.sync import bundle
from desktop.core.sync.bundle import BundleRefused, open_bundle, pack
from desktop.core.sync.keys import NodeKeys

COMMUNE = NodeKeys.generate("01a2-commune")
PROVINCE = NodeKeys.generate("01a2-province")
OTHER_PROVINCE = NodeKeys.generate("01a2-other")
STRANGER = NodeKeys.generate("01a2-stranger")

RECORDS = [
    {"table": "persons", "id": "p1", "rev": "r1", "content": {"full_name": "Hà Thị Mẫu"}},
    {"table": "outreach_events", "id": "e1", "rev": "r2", "content": {"title": "Mít tinh"}},
]


def _manifest(**over: object) -> dict:
    m = {
        "kind": "changes",
        "bundle_id": "01a2b3c4-0000-7000-8000-000000000001",
        "origin_node": COMMUNE.node_id,
        "province_code": 20,
        "schema_revision": "0001_first",
        "app_version": "0.1.0",
        "author": "canbo",
        "created": "2026-11-28T08:00:00",
        "seq": 1,
        "prev_hash": "",
        "change_range": [0, 2],
        "acks": {},
        "counts": {"persons": 1, "outreach_events": 1},
    }
    m.update(over)
    return m


def _trusted(node_id: str):
    return {COMMUNE.node_id: COMMUNE.public}.get(node_id)


def _open(data: bytes, identity: str = PROVINCE.age_identity, **kw):
    return open_bundle(
        data,
        identity,
        kw.get("trusted", _trusted),
        province_code=kw.get("province_code", 20),
        known_schema=kw.get("known_schema", lambda rev: rev == "0001_first"),
    )


def _good() -> bytes:
    return pack(_manifest(), RECORDS, COMMUNE, [PROVINCE.public.age_recipient])


def _refused(data: bytes, **kw) -> str:
    with pytest.raises(BundleRefused) as err:
        _open(data, **kw)
    message = err.value.message
    assert message.endswith(".") and "\n" not in message
    return message


def test_round_trip():
    opened = _open(_good())
    assert opened.records == RECORDS
    assert opened.manifest["origin_node"] == COMMUNE.node_id
    assert len(opened.file_sha256) == 64


def test_file_reveals_no_name_or_place():
    data = _good()
    for word in ["Hà Thị Mẫu", "Mít tinh", "persons", "canbo", COMMUNE.node_id]:
        assert word.encode() not in data
    assert bundle.file_name("01a2b3c4") == "01a2b3c4.khb"


def test_truncated_file():
    data = _good()
    for cut in (10, len(data) // 2, len(data) - 1):
        _refused(data[:cut])


@pytest.mark.parametrize("where", [0, 40, 120, 200, -40, -1])
def test_one_flipped_byte_anywhere(where):
    data = bytearray(_good())
    data[where] ^= 0x01
    _refused(bytes(data))


def test_not_a_bundle_at_all():
    _refused(b"")
    _refused("Báo cáo tháng 7\n".encode() * 100)
    _refused(bytes(range(256)) * 10)
    # A valid age file that holds something else.
    other = pyrage.encrypt(
        b"hello", [pyrage.x25519.Recipient.from_str(PROVINCE.public.age_recipient)]
    )
    _refused(bytes(other))


def test_bundle_for_another_office_cannot_be_read():
    data = pack(_manifest(), RECORDS, COMMUNE, [OTHER_PROVINCE.public.age_recipient])
    _refused(data)


def test_bundle_claiming_another_province():
    data = pack(_manifest(province_code=24), RECORDS, COMMUNE, [PROVINCE.public.age_recipient])
    assert "tỉnh" in _refused(data)


def test_unknown_or_revoked_sender():
    data = pack(
        _manifest(origin_node=STRANGER.node_id), RECORDS, STRANGER, [PROVINCE.public.age_recipient]
    )
    _refused(data)
    _refused(_good(), trusted=lambda node: None)  # the commune was revoked


def test_forged_signature():
    # Signed by a stranger's key while claiming to come from the commune.
    data = pack(_manifest(), RECORDS, STRANGER, [PROVINCE.public.age_recipient])
    _refused(data)


def _inner(manifest: dict, payload: bytes, signer: NodeKeys) -> bytes:
    m = bundle._canonical(manifest)
    body = (
        bundle.MAGIC
        + bundle._section(m)
        + bundle._section(signer.sign(m))
        + bundle._section(payload)
    )
    return bytes(
        pyrage.encrypt(body, [pyrage.x25519.Recipient.from_str(PROVINCE.public.age_recipient)])
    )


def test_valid_signature_around_a_manifest_that_does_not_match_the_payload():
    payload = b'{"table":"persons"}\n'
    manifest = dict(
        _manifest(), format=bundle.FORMAT, format_version="1.0", payload_sha256="0" * 64
    )
    _refused(_inner(manifest, payload, COMMUNE))


def test_newer_format_and_newer_schema():
    manifest = dict(_manifest(), format=bundle.FORMAT, format_version="3.0", payload_sha256="")
    assert "Khiên" in _refused(_inner(manifest, b"", COMMUNE))
    data = pack(
        _manifest(schema_revision="0099_future"), RECORDS, COMMUNE, [PROVINCE.public.age_recipient]
    )
    assert "Khiên" in _refused(data)


def test_huge_and_deeply_nested_records():
    huge = [{"table": "persons", "content": {"notes": "x" * (bundle.MAX_RECORD + 1)}}]
    _refused(pack(_manifest(), huge, COMMUNE, [PROVINCE.public.age_recipient]))
    nested: dict = {}
    cursor = nested
    for _n in range(bundle.MAX_DEPTH + 5):
        cursor["x"] = {}
        cursor = cursor["x"]
    _refused(pack(_manifest(), [nested], COMMUNE, [PROVINCE.public.age_recipient]))
    very_deep = b"[" * 100_000 + b"]" * 100_000
    manifest = dict(_manifest(), format=bundle.FORMAT, format_version="1.0")
    manifest["payload_sha256"] = hashlib.sha256(very_deep + b"\n").hexdigest()
    _refused(_inner(manifest, very_deep + b"\n", COMMUNE))


def test_records_must_be_objects():
    data = pack(_manifest(), [], COMMUNE, [PROVINCE.public.age_recipient])
    assert _open(data).records == []
    manifest = dict(_manifest(), format=bundle.FORMAT, format_version="1.0")
    payload = json.dumps([1, 2]).encode() + b"\n"
    manifest["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    _refused(_inner(manifest, payload, COMMUNE))
