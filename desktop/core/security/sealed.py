"""A file sealed under a passphrase with a work factor stored in the file.

Setup packages used to be age files with a passphrase (age's scrypt recipient). age picks
the scrypt work factor by timing the machine that encrypts, and the machine that decrypts
refuses a work factor above what it can do within its own time limit. A package written on
a fast provincial computer could therefore be refused with the right passphrase on a slow
commune laptop, or on any machine that is busy at that moment.

A sealed file names its cost instead: Argon2id (the parameters the keystore uses for
passwords, stored in the header) derives a 256-bit key from the passphrase, and AES-256-GCM
encrypts the contents, with the header as associated data so that no field of it can be
changed unnoticed. The reader accepts only costs within fixed bounds, so that a forged
header cannot make it spend gigabytes of memory or minutes of time.

Layout (documented in docs/bundle-format.md)::

    <magic> "\\n" <header JSON, one line> "\\n" <AES-256-GCM ciphertext and tag>
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.core.errors import KhienError, WrongPassword
from desktop.core.security import keystore

# The largest cost a reader accepts; the default (keystore.KdfParams) is well inside.
MAX_TIME_COST = 10
MAX_MEMORY_KIB = 256 * 1024
MAX_PARALLELISM = 8
MAX_HEADER = 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def is_sealed(data: bytes, magic: bytes) -> bool:
    return data.startswith(magic + b"\n")


def seal(plain: bytes, passphrase: str, magic: bytes) -> bytes:
    """*plain* encrypted under *passphrase*; the result starts with *magic* and a newline."""
    params = keystore.DEFAULT_KDF
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    header = json.dumps(
        {
            "kdf": "argon2id",
            "t": params.time_cost,
            "m": params.memory_kib,
            "p": params.parallelism,
            "salt": _b64(salt),
            "cipher": "aes-256-gcm",
            "nonce": _b64(nonce),
        },
        separators=(",", ":"),
    ).encode("ascii")
    head = magic + b"\n" + header + b"\n"
    key = keystore.derive_key(passphrase, salt, params)
    return head + AESGCM(key).encrypt(nonce, plain, head)


def open_sealed(data: bytes, passphrase: str, magic: bytes, *, damaged: str, wrong: str) -> bytes:
    """The contents of a sealed file.

    A header that cannot be read, or names a cost out of bounds, raises KhienError(*damaged*);
    a passphrase that does not open it (or contents altered after sealing) raises
    WrongPassword(*wrong*). Both messages are given by the caller, in its own words.
    """
    if not is_sealed(data, magic):
        raise KhienError(damaged)
    start = len(magic) + 1
    end = data.find(b"\n", start, start + MAX_HEADER)
    if end < 0:
        raise KhienError(damaged)
    head = data[: end + 1]
    try:
        fields: Any = json.loads(data[start:end].decode("ascii"))
        if not isinstance(fields, dict):
            raise ValueError
        if fields.get("kdf") != "argon2id" or fields.get("cipher") != "aes-256-gcm":
            raise ValueError
        t, m, p = (fields[k] for k in ("t", "m", "p"))
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (t, m, p)):
            raise ValueError
        if not (1 <= t <= MAX_TIME_COST and 1 <= p <= MAX_PARALLELISM):
            raise ValueError
        if not 8 * p <= m <= MAX_MEMORY_KIB:
            raise ValueError
        salt = base64.b64decode(str(fields["salt"]).encode("ascii"), validate=True)
        nonce = base64.b64decode(str(fields["nonce"]).encode("ascii"), validate=True)
        if len(salt) < 16 or len(nonce) != 12:
            raise ValueError
    except (KeyError, ValueError, UnicodeDecodeError, RecursionError):
        raise KhienError(damaged) from None
    key = keystore.derive_key(passphrase, salt, keystore.KdfParams(t, m, p))
    try:
        return AESGCM(key).decrypt(nonce, data[end + 1 :], head)
    except InvalidTag:
        raise WrongPassword(wrong) from None
