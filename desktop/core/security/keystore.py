"""The key file beside the database: the database key, wrapped.

The database is encrypted with one random 32-byte key. ``keystore.json`` holds that key
wrapped (AES-256-GCM) under a key derived with Argon2id from each account's password, and
once more encrypted (age, X25519) to the province's recovery recipient, so a forgotten
password never loses data. User names appear only as salted hashes. Failed logins and the
lockout they cause are kept here too, because the database cannot be opened without a
correct password; they are copied into the audit log at the next successful login.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.core.errors import AccountLocked, KhienError, NotADatabase, WrongPassword
from desktop.core.i18n import _, ngettext
from desktop.core.text import fold

FORMAT = "khien-keystore"
FORMAT_VERSION = 1
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored with each wrapped key."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 2


# Tests lower this (a profile's stored params always win when unwrapping).
DEFAULT_KDF = KdfParams()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def derive_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Keystore:
    """Load, change and save ``keystore.json`` (written atomically)."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    # -- life cycle --------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, node_id: str, recovery_recipient: str) -> tuple[Keystore, bytes]:
        """A new keystore with a fresh random database key (returned)."""
        key = secrets.token_bytes(32)
        recipient = pyrage.x25519.Recipient.from_str(recovery_recipient)
        store = cls(
            path,
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "node_id": node_id,
                "user_salt": secrets.token_hex(16),
                "accounts": {},
                "recovery": {
                    "recipient": recovery_recipient,
                    "wrapped": _b64(pyrage.encrypt(key, [recipient])),
                },
                "failures": {},
            },
        )
        return store, key

    @classmethod
    def load(cls, path: Path) -> Keystore:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KhienError(_("No Khiên profile was found in this folder.")) from None
        except (OSError, ValueError) as exc:
            raise NotADatabase(
                _("The profile's key file is damaged; it was left untouched.")
            ) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise NotADatabase(_("The profile's key file is damaged; it was left untouched."))
        if int(data.get("format_version", 0)) > FORMAT_VERSION:
            raise KhienError(
                _("This profile was written by a newer version of Khiên: update Khiên to open it.")
            )
        return cls(path, data)

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    # -- accounts ----------------------------------------------------------------------

    @property
    def node_id(self) -> str:
        return str(self.data["node_id"])

    def _user_key(self, username: str) -> str:
        salt = bytes.fromhex(self.data["user_salt"])
        return hashlib.sha256(salt + fold(username).encode("utf-8")).hexdigest()

    def has_account(self, username: str) -> bool:
        return self._user_key(username) in self.data["accounts"]

    def usernames_count(self) -> int:
        return len(self.data["accounts"])

    def wrap_for(
        self, username: str, password: str, key: bytes, params: KdfParams | None = None
    ) -> None:
        """Store *key* wrapped under *password* for *username* (replacing any old wrap)."""
        params = params or DEFAULT_KDF
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        user = self._user_key(username)
        kek = derive_key(password, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, key, user.encode("ascii"))
        self.data["accounts"][user] = {
            "kdf": "argon2id",
            "salt": _b64(salt),
            "t": params.time_cost,
            "m": params.memory_kib,
            "p": params.parallelism,
            "nonce": _b64(nonce),
            "wrapped": _b64(wrapped),
        }

    def remove_account(self, username: str) -> None:
        self.data["accounts"].pop(self._user_key(username), None)

    def unlock(self, username: str, password: str) -> bytes:
        """Return the database key, or raise WrongPassword / AccountLocked.

        Failures are counted and remembered (saved at once) for the audit log.
        """
        user = self._user_key(username)
        self._check_lock(user)
        entry = self.data["accounts"].get(user)
        if entry is not None:
            params = KdfParams(entry["t"], entry["m"], entry["p"])
            kek = derive_key(password, _unb64(entry["salt"]), params)
            try:
                key = AESGCM(kek).decrypt(
                    _unb64(entry["nonce"]), _unb64(entry["wrapped"]), user.encode("ascii")
                )
            except InvalidTag:
                key = None
            if key is not None:
                self.data["failures"].pop(user, None)
                return key
        self._record_failure(user, username)
        raise WrongPassword(_("The user name or password is wrong."))

    def _check_lock(self, user: str) -> None:
        fail = self.data["failures"].get(user)
        if not fail or not fail.get("locked_until"):
            return
        until = dt.datetime.fromisoformat(fail["locked_until"])
        if _now() < until:
            minutes = max(1, int((until - _now()).total_seconds() // 60) + 1)
            raise AccountLocked(
                ngettext(
                    "Too many wrong passwords: this account is locked for {n} more minute.",
                    "Too many wrong passwords: this account is locked for {n} more minutes.",
                    minutes,
                ).format(n=minutes)
            )
        fail["locked_until"] = None
        fail["count"] = 0

    def _record_failure(self, user: str, username: str) -> None:
        fail = self.data["failures"].setdefault(user, {"count": 0, "locked_until": None})
        fail["count"] += 1
        if fail["count"] >= MAX_FAILURES:
            fail["locked_until"] = (_now() + LOCKOUT).isoformat()
        pending = self.data.setdefault("pending_audit", [])
        pending.append(
            {
                "at": _now().replace(tzinfo=None).isoformat(),
                "username": username[:64],
                "locked": fail["count"] >= MAX_FAILURES,
            }
        )
        del pending[:-200]  # keep the file small whatever a guesser does
        self.save()

    def take_pending_audit(self) -> list[dict[str, Any]]:
        """Failed logins not yet in the audit log (removed from the keystore; save after)."""
        pending: list[dict[str, Any]] = self.data.pop("pending_audit", [])
        return pending

    # -- recovery ----------------------------------------------------------------------

    def recover_key(self, identity_text: str) -> bytes:
        """The database key, decrypted with the province's recovery identity."""
        try:
            identity = pyrage.x25519.Identity.from_str(identity_text.strip())
            return bytes(pyrage.decrypt(_unb64(self.data["recovery"]["wrapped"]), [identity]))
        except Exception as exc:  # pyrage raises several types for a wrong identity
            raise WrongPassword(
                _("This recovery identity does not belong to this profile's province.")
            ) from exc


def new_recovery_identity() -> tuple[str, str]:
    """A new province recovery identity: (secret identity text, public recipient)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())
