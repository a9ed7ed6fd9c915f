"""The key file beside the database: the database key, wrapped.

The database is encrypted with one random 32-byte key. ``keystore.json`` holds that key
wrapped (AES-256-GCM) under a key derived with Argon2id from each account's password, and
once more encrypted (age, X25519) to the province's recovery recipient, so a forgotten
password never loses data. User names appear only as salted hashes.

Failed sign-ins and the lockout they cause are kept here too, because the database cannot
be opened without a correct password; they are copied into the audit log at the next
successful sign-in. What was typed is never stored: a failure against an account is kept
under the account's salted hash, a failure against a name that is no account under no name
at all (its lockout counter under the first 16 bits of the name's hash only, so that a
mistyped password in the name field cannot be found again by guessing).

Lockout counters and a file that anyone can edit. Whoever can write ``keystore.json`` can
also copy it and guess passwords offline, where no lockout applies: the real protection
against a thief is the Argon2id cost of each guess. The lockout stops guessing at the
sign-in screen, and what can be done soundly against someone who edits the file without
knowing a password is done:

* this computer keeps its own copy of the counters outside the profile folder
  (``paths.signin_state_dir()``); a sign-in is judged on the stricter of the two, so zeroing
  the counters or putting back an older key file does not lift a lock;
* ``attempts`` counts every failure ever (never lowered); at each successful sign-in it is
  written inside the encrypted database, where the failures it counts are moved into the
  audit log. At the next successful sign-in a key file whose count went back, whose
  failures were removed, or that is behind this computer's copy is reported
  (``counters_check``): ``profile.open_profile`` writes ``login.counters_reset`` to the
  audit log and tells the next administrator who signs in.

Someone who edits both copies consistently, knowing this design, is not detected: no secret
is available to the program before a correct password is given, so nothing written at a
failed sign-in can be authenticated. Restoring a backup puts back the key file of its day:
if sign-ins failed on this computer since, the first sign-in after it is reported once.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop.core import paths
from desktop.core.errors import AccountLocked, KhienError, NotADatabase, WrongPassword
from desktop.core.i18n import _, ngettext
from desktop.core.security import file_modes
from desktop.core.text import fold

log = logging.getLogger(__name__)

FORMAT = "khien-keystore"
FORMAT_VERSION = 1
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MAX_PENDING = 200  # failed sign-ins kept for the audit log; older ones are only counted
UNKNOWN = "?"  # prefix of the counters of names that are no account
# This computer's copy of the counters; tests point it at a temporary folder.
SHADOW_DIR: Path | None = None


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


def _time(value: Any) -> dt.datetime | None:
    """A stored ISO time (UTC when it names no zone); None when absent or not a time."""
    try:
        when = dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _live(entry: Any) -> tuple[int, dt.datetime | None]:
    """A counter as (failures, locked until): an ended lock counts from zero again."""
    if not isinstance(entry, dict):
        return 0, None
    until = _time(entry.get("locked_until"))
    if until is not None and _now() >= until:
        return 0, None
    return _count(entry.get("count")), until


@dataclass(frozen=True)
class Seen:
    """The counters as found at a successful unlock, for ``counters_check``."""

    attempts: int
    pending: int
    shadow_attempts: int
    shadow_ahead: bool  # this computer's copy held more failures for some name


class Keystore:
    """Load, change and save ``keystore.json`` (written atomically)."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.seen: Seen | None = None  # set by a successful unlock

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
        store = cls(path, data)
        store._forget_typed_names()
        return store

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        with os.fdopen(file_modes.open_private(tmp), "w", encoding="utf-8") as fh:
            json.dump(self.data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def _forget_typed_names(self) -> None:
        """Earlier key files kept failed names as typed: keep only their hashes."""
        accounts = self.data.setdefault("accounts", {})
        for entry in self.data.get("pending_audit", []):
            if isinstance(entry, dict) and "username" in entry:
                user = self._user_key(str(entry.pop("username")))
                entry["account"] = user if user in accounts else None
        failures = self.data.setdefault("failures", {})
        for key in [k for k in failures if k not in accounts and not k.startswith(UNKNOWN)]:
            failures.setdefault(self._counter_key(key), failures.pop(key))

    # -- accounts ----------------------------------------------------------------------

    @property
    def node_id(self) -> str:
        return str(self.data["node_id"])

    def _user_key(self, username: str) -> str:
        salt = bytes.fromhex(self.data["user_salt"])
        return hashlib.sha256(salt + fold(username).encode("utf-8")).hexdigest()

    def user_key(self, username: str) -> str:
        """The salted hash that stands for *username* in this file."""
        return self._user_key(username)

    def _counter_key(self, user: str) -> str:
        """Where a name's failures are counted: an account's hash, or for a name that is no
        account only the first 16 bits of its hash (shared by many names)."""
        return user if user in self.data["accounts"] else UNKNOWN + user[:4]

    @property
    def attempts(self) -> int:
        """Failed sign-ins ever made with this key file (never lowered)."""
        return _count(self.data.get("attempts"))

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

        Failures are counted and remembered (saved at once, here and in this computer's
        copy) for the audit log; a lock holds if either copy holds it.
        """
        user = self._user_key(username)
        counter = self._counter_key(user)
        shadow = _Shadow.load(self.node_id)
        self._check_lock(counter, shadow)
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
                self._signed_in(counter, shadow)
                return key
        self._record_failure(counter, user if entry is not None else None, shadow)
        raise WrongPassword(_("The user name or password is wrong."))

    def _check_lock(self, counter: str, shadow: _Shadow) -> None:
        mine, other = _live(self.data["failures"].get(counter)), _live(shadow.failure(counter))
        untils = [u for u in (mine[1], other[1]) if u is not None]
        if not untils:
            return
        until = max(untils)
        minutes = max(1, int((until - _now()).total_seconds() // 60) + 1)
        raise AccountLocked(
            ngettext(
                "Too many wrong passwords: this account is locked for {n} more minute.",
                "Too many wrong passwords: this account is locked for {n} more minutes.",
                minutes,
            ).format(n=minutes)
        )

    def _record_failure(self, counter: str, account: str | None, shadow: _Shadow) -> None:
        count = max(_live(self.data["failures"].get(counter))[0], _live(shadow.failure(counter))[0])
        count += 1
        locked = count >= MAX_FAILURES
        entry = {"count": count, "locked_until": (_now() + LOCKOUT).isoformat() if locked else None}
        self.data["failures"][counter] = entry
        self.data["attempts"] = self.attempts + 1
        pending = self.data.setdefault("pending_audit", [])
        pending.append(
            {"at": _now().replace(tzinfo=None).isoformat(), "account": account, "locked": locked}
        )
        del pending[:-MAX_PENDING]  # keep the file small whatever a guesser does
        self.save()
        shadow.data["failures"][counter] = dict(entry)
        shadow.data["attempts"] = shadow.attempts + 1
        shadow.save()

    def _signed_in(self, counter: str, shadow: _Shadow) -> None:
        """A correct password: note what was found, then clear this name's counters."""
        failures = self.data["failures"]
        ahead = shadow.attempts > self.attempts or any(
            _live(entry)[0] > _live(failures.get(key))[0]
            for key, entry in shadow.data["failures"].items()
        )
        self.seen = Seen(
            self.attempts, len(self.data.get("pending_audit", [])), shadow.attempts, ahead
        )
        failures.pop(counter, None)
        attempts = max(self.attempts, shadow.attempts)
        self.data["attempts"] = attempts
        if shadow.exists or attempts:
            shadow.data["failures"].pop(counter, None)
            shadow.data["attempts"] = attempts
            shadow.save()

    def counters_check(self, recorded: int | None) -> dict[str, Any] | None:
        """After a successful unlock: what is wrong with the counters, given the count of
        attempts the database recorded at the last sign-in (None: never recorded); None
        when nothing is."""
        seen = self.seen
        if seen is None:
            return None
        problems = []
        if recorded is not None and seen.attempts < recorded:
            problems.append("went_back")
        elif recorded is not None and seen.pending < min(seen.attempts - recorded, MAX_PENDING):
            problems.append("failures_removed")
        if seen.shadow_ahead:
            problems.append("behind_this_computer")
        if not problems:
            return None
        return {
            "problems": problems,
            "attempts": seen.attempts,
            "recorded": recorded,
            "pending": seen.pending,
            "this_computer": seen.shadow_attempts,
        }

    def clear_failures(self) -> None:
        """Lift every lock (after a recovery with the province's identity); save after."""
        self.data["failures"] = {}
        shadow = _Shadow.load(self.node_id)
        if shadow.exists:
            shadow.data["failures"] = {}
            shadow.save()

    def take_pending_audit(self) -> list[dict[str, Any]]:
        """Failed sign-ins not yet in the audit log (removed from the keystore; save after):
        each ``{"at", "account": account hash or None, "locked"}``."""
        pending: list[dict[str, Any]] = self.data.pop("pending_audit", [])
        return [p for p in pending if isinstance(p, dict)]

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


class _Shadow:
    """This computer's copy of one profile's sign-in counters (see the module's text).
    Unreadable or missing: empty. A write that fails never stops a sign-in."""

    def __init__(self, path: Path, data: dict[str, Any], exists: bool) -> None:
        self.path = path
        self.data = data
        self.exists = exists

    @classmethod
    def load(cls, node_id: str) -> _Shadow:
        folder = SHADOW_DIR or paths.signin_state_dir()
        # the file is named by a hash: the node id comes from a file anyone may edit
        path = folder / (hashlib.sha256(node_id.encode("utf-8")).hexdigest()[:32] + ".json")
        data: Any = None
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("failures"), dict):
            return cls(path, {"attempts": 0, "failures": {}}, path.exists())
        return cls(path, data, True)

    @property
    def attempts(self) -> int:
        return _count(self.data.get("attempts"))

    def failure(self, counter: str) -> Any:
        return self.data["failures"].get(counter)

    def save(self) -> None:
        try:
            file_modes.private_dir(self.path.parent)
            tmp = self.path.with_suffix(".tmp")
            with os.fdopen(file_modes.open_private(tmp), "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, sort_keys=True)
            os.replace(tmp, self.path)
            self.exists = True
        except OSError as exc:
            log.warning("Could not keep this computer's copy of the sign-in counters: %s", exc)
