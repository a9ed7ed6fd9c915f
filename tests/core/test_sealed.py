"""Files sealed under a passphrase (setup packages): the cost travels in the file.

age's passphrase mode let the decrypting machine refuse a work factor that the encrypting
machine had chosen by timing itself, so a package could be refused with the right
passphrase on a slower or busier laptop. A sealed file names its Argon2id cost; any reader
uses it, within bounds.
"""

from __future__ import annotations

import json

import pytest

from desktop.core.errors import KhienError, WrongPassword
from desktop.core.security import keystore, sealed

MAGIC = b"khien-test-sealed/1"
PHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def _open(data: bytes, phrase: str = PHRASE) -> bytes:
    return sealed.open_sealed(data, phrase, MAGIC, damaged="damaged", wrong="wrong")


def _header(data: bytes) -> tuple[bytes, dict, bytes]:
    magic, header, rest = data.split(b"\n", 2)
    return magic, json.loads(header), rest


def _with_header(data: bytes, **change) -> bytes:
    magic, fields, rest = _header(data)
    fields.update(change)
    return magic + b"\n" + json.dumps(fields).encode() + b"\n" + rest


def test_the_cost_is_stored_and_wins_over_the_readers_default(monkeypatch):
    monkeypatch.setattr(keystore, "DEFAULT_KDF", keystore.KdfParams(2, 2048, 1))
    data = sealed.seal("Thất Khê".encode(), PHRASE, MAGIC)
    _magic, fields, _rest = _header(data)
    assert (fields["kdf"], fields["t"], fields["m"], fields["p"]) == ("argon2id", 2, 2048, 1)
    monkeypatch.setattr(keystore, "DEFAULT_KDF", keystore.KdfParams(1, 1024, 1))
    assert _open(data).decode() == "Thất Khê"
    assert "Thất Khê".encode() not in data


def test_the_production_cost_opens(monkeypatch):
    monkeypatch.setattr(keystore, "DEFAULT_KDF", keystore.KdfParams())
    data = sealed.seal(b"{}", PHRASE, MAGIC)
    assert _header(data)[1]["m"] == 64 * 1024
    assert _open(data) == b"{}"


def test_wrong_passphrase_or_altered_contents_are_refused():
    data = sealed.seal(b"secret", PHRASE, MAGIC)
    with pytest.raises(WrongPassword, match="wrong"):
        _open(data, PHRASE.replace("a", "b"))
    with pytest.raises(WrongPassword):
        _open(data[:-1] + bytes([data[-1] ^ 1]))
    # A header field changed (here the salt's neighbour, the nonce) no longer authenticates.
    other = sealed.seal(b"secret", PHRASE, MAGIC)
    with pytest.raises(WrongPassword):
        _open(_with_header(data, nonce=_header(other)[1]["nonce"]))


@pytest.mark.parametrize(
    "change",
    [
        {"m": 4 * 1024 * 1024},  # 4 GiB of memory: refused before any work
        {"t": 10_000},
        {"p": 0},
        {"m": True},
        {"kdf": "scrypt"},
        {"cipher": "aes-128-cbc"},
        {"salt": "not base64!"},
        {"nonce": "AAAA"},
    ],
)
def test_a_forged_header_is_damaged_not_obeyed(change):
    data = sealed.seal(b"secret", PHRASE, MAGIC)
    with pytest.raises(KhienError, match="damaged") as got:
        _open(_with_header(data, **change))
    assert not isinstance(got.value, WrongPassword)


@pytest.mark.parametrize(
    "data", [b"", b"khien-test-sealed/1", b"khien-test-sealed/1\n" + b"{" * 5000, b"age..."]
)
def test_garbage_is_damaged(data):
    with pytest.raises(KhienError, match="damaged"):
        _open(data)
