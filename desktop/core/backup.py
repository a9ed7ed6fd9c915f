"""Backups of a whole profile in one file, and restoring one safely.

A backup is a zip holding the encrypted database (copied after a WAL checkpoint, so it
stays encrypted and complete), ``keystore.json`` and ``manifest.json`` (format, version,
time, schema revision, SHA-256 of each member). It is written to a temporary file beside
the destination, fsynced and renamed, so a half-written backup never carries the name.

Restoring checks everything before touching the profile: the file is a zip with our
manifest, every member matches its hash, the password unwraps the key in the backup's own
keystore, and the database opens with that key and passes SQLCipher's and SQLite's
integrity checks. Only then is the current database and key file moved aside to
``backups/replaced-<time>/`` and the restored files put in place. Close the profile first,
or restore the open one with ``restore_job`` (it keeps a copy of the current data, checks
the backup, and only then closes the profile).

The profile's own ``backups/`` folder holds the backups made before each schema upgrade
(``migrate.upgrade`` calls ``snapshot``, in ``desktop.core.db.snapshot``), before each restore and by "Back up now";
``list_backups`` reads them for the Administration page. Copies of the database file
alone, made by Khiên 0.1.0 before an upgrade (``khien-…-before-….db``), are listed too and
restore with the profile's current key file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import profile as profiles
from desktop.core.db.base import utcnow
from desktop.core.db.engine import open_engine
from desktop.core.db.revision import check_not_newer
from desktop.core.db.snapshot import BEFORE_RESTORE as BEFORE_RESTORE
from desktop.core.db.snapshot import FORMAT, FORMAT_VERSION, MANIFEST, fsync_dir
from desktop.core.db.snapshot import LEGACY_UPGRADE as LEGACY_UPGRADE
from desktop.core.db.snapshot import MANUAL as MANUAL
from desktop.core.db.snapshot import MEMBERS as MEMBERS
from desktop.core.db.snapshot import UPGRADE as UPGRADE
from desktop.core.db.snapshot import snapshot as snapshot
from desktop.core.errors import KhienError, NotADatabase, WrongPassword
from desktop.core.i18n import _
from desktop.core.paths import BACKUP_DIR, DB_FILE, KEYSTORE_FILE
from desktop.core.profile import OpenProfile
from desktop.core.progress import Job, Progress
from desktop.core.security import accounts
from desktop.core.security.keystore import Keystore
from desktop.core.sync import restored
from desktop.core.text import fold

MAX_MANIFEST = 64 * 1024
# A province's database after years of work is a few GB; these bound what a file chosen as
# a backup may make Khiên read and write.
MAX_BACKUP = 16 * 1024**3
MAX_UNPACKED = 32 * 1024**3
_CHUNK = 1 << 20


def make_backup(p: OpenProfile, out_file: Path, reason: str = MANUAL) -> Path:
    """Write a backup of the open profile to *out_file* (a .zip); audited as ``backup``."""
    out_file, manifest = snapshot(
        p.db.engine, p.db.path, out_file, reason=reason, extra={"node_id": p.node.node_id}
    )
    p.audit(
        "backup",
        details={
            "file": out_file.name,
            "schema_revision": manifest["schema_revision"],
            "reason": reason,
        },
    )
    return out_file


def backup_folder(data_dir: Path) -> Path:
    """The profile's own folder of backups (made before upgrades and restores, and by
    "Back up now")."""
    return Path(data_dir) / BACKUP_DIR


def _stamp() -> str:
    return utcnow().strftime("%Y%m%d-%H%M%S")


def new_backup_path(data_dir: Path, label: str) -> Path:
    """A new file name in the profile's backup folder: khien-<UTC time>-<label>.zip."""
    folder = backup_folder(data_dir)
    path = folder / f"khien-{_stamp()}-{label}.zip"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"khien-{_stamp()}-{label}-{n}.zip"
    return path


def backup_now(p: OpenProfile) -> Path:
    """A backup of the open profile in its own backup folder (administrators only)."""
    accounts.require_admin(p.user)
    return make_backup(p, new_backup_path(p.data_dir, MANUAL), MANUAL)


@dataclass(frozen=True)
class BackupInfo:
    """One backup in the profile's backup folder, as the Administration page lists it."""

    path: Path
    created: dt.datetime | None  # UTC, naive
    reason: str  # MANUAL, UPGRADE, BEFORE_RESTORE, LEGACY_UPGRADE, or "" when unknown
    app_version: str
    schema_revision: str
    size: int
    problem: str = ""  # why it cannot be restored, when it cannot


def _created(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=None)
    except (TypeError, ValueError):
        return None


def _legacy_created(path: Path) -> dt.datetime | None:
    parts = path.stem.split("-")  # khien-YYYYmmdd-HHMMSS-before-<revision>
    try:
        return dt.datetime.strptime(f"{parts[1]}-{parts[2]}", "%Y%m%d-%H%M%S")
    except (IndexError, ValueError):
        return None


def read_info(path: Path) -> BackupInfo:
    """What a backup file says about itself (its manifest; nothing is extracted)."""
    path = Path(path)
    size = path.stat().st_size
    if path.suffix == ".db":
        revision = path.stem.split("-before-")[-1] if "-before-" in path.stem else ""
        return BackupInfo(path, _legacy_created(path), LEGACY_UPGRADE, "", revision, size)
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _read_manifest(zf)
    except KhienError as exc:
        return BackupInfo(path, None, "", "", "", size, exc.message)
    except (OSError, zipfile.BadZipFile):
        return BackupInfo(path, None, "", "", "", size, _refuse_damaged().message)
    return BackupInfo(
        path,
        _created(str(manifest.get("created", ""))),
        str(manifest.get("reason", MANUAL)),
        str(manifest.get("app_version", "")),
        str(manifest.get("schema_revision") or ""),
        size,
    )


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups in the profile's backup folder, newest first."""
    folder = backup_folder(data_dir)
    if not folder.is_dir():
        return []
    files = [
        f
        for f in folder.iterdir()
        if f.is_file() and f.name.startswith("khien-") and f.suffix in (".zip", ".db")
    ]
    found = [read_info(f) for f in files]
    oldest = dt.datetime.min
    # Times are to the second: within one, the file written last comes first.
    return sorted(
        found, key=lambda b: (b.created or oldest, b.path.stat().st_mtime_ns), reverse=True
    )


def _refuse_damaged() -> KhienError:
    return KhienError(_("This file is not a Khiên backup, or it is damaged; nothing was restored."))


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST)
        if info.file_size > MAX_MANIFEST:
            raise _refuse_damaged()
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (KeyError, ValueError, zipfile.BadZipFile, OSError):
        raise _refuse_damaged() from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse_damaged()
    if int(manifest.get("format_version", 0)) > FORMAT_VERSION:
        raise KhienError(
            _("This backup was made by a newer version of Khiên: update Khiên to restore it.")
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or any(not isinstance(members.get(m), dict) for m in MEMBERS):
        raise _refuse_damaged()
    return manifest


def _check_backup_file(file: Path) -> None:
    """Only a regular file of a sane size is opened as a backup (issue 13: every file the
    program reads is checked first); a folder, pipe or device is refused at once."""
    try:
        info = os.stat(file)
    except (OSError, ValueError):
        raise KhienError(_("The backup file was not found.")) from None
    if not stat.S_ISREG(info.st_mode):
        raise KhienError(_("Only a file can be a backup, not a folder or a device."))
    if info.st_size > MAX_BACKUP:
        raise KhienError(_("This file is too large to be a Khiên backup."))


def _extract_checked(zf: zipfile.ZipFile, manifest: dict[str, Any], work: Path) -> None:
    """Extract the members (by our own names, never the archive's paths) and check hashes.
    What the archive says it unpacks to is checked against a limit and the free space
    first, and no member is read past the size it declares."""
    try:
        sizes = {name: zf.getinfo(name).file_size for name in MEMBERS}
    except KeyError:
        raise _refuse_damaged() from None
    if sum(sizes.values()) > MAX_UNPACKED:
        raise _refuse_damaged()
    if sum(sizes.values()) > shutil.disk_usage(work).free:
        raise KhienError(_("There is not enough free space on this computer to restore it."))
    for name in MEMBERS:
        target = work / name
        h = hashlib.sha256()
        try:
            with zf.open(name) as src, open(target, "wb") as dst:
                written = 0
                while chunk := src.read(_CHUNK):
                    written += len(chunk)
                    if written > sizes[name]:
                        raise _refuse_damaged()
                    h.update(chunk)
                    dst.write(chunk)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            raise _refuse_damaged() from None
        if h.hexdigest() != manifest["members"][name].get("sha256"):
            raise _refuse_damaged()


def _password_opens(conn: Any, username: str, password: str) -> bool:
    """True when *username*'s account in the database accepts *password* (read with plain
    SQL, so an older schema is read as it is)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    for name, digest in conn.exec_driver_sql("SELECT username, password_hash FROM accounts"):
        if fold(str(name)) != fold(username):
            continue
        try:
            if hasher.verify(str(digest), password):
                return True
        except (VerificationError, InvalidHashError):
            continue
    return False


def _heads(conn: Any) -> dict[str, int]:
    """Where the backup's counters stand: its last change number and the last line of its
    own audit chain (a restored laptop continues from what the office above holds)."""
    row = conn.exec_driver_sql("SELECT node_id, change_seq FROM node_state LIMIT 1").first()
    if row is None:
        return {"change_seq": 0, "audit_seq": 0}
    top = conn.exec_driver_sql(
        "SELECT max(seq) FROM audit_events WHERE node_id = ?", (row[0],)
    ).scalar()
    return {"change_seq": int(row[1] or 0), "audit_seq": int(top or 0)}


def _verify_db(work: Path, key: bytes, username: str, password: str) -> dict[str, int]:
    """Open a throw-away copy of the restored database with *key*, check its integrity and
    that the account signing in will be able to open it. Returns its counters (``_heads``),
    read before signing in adds a line to its audit log."""
    probe_dir = work / "probe"
    probe_dir.mkdir()
    probe = probe_dir / DB_FILE
    shutil.copyfile(work / DB_FILE, probe)
    try:
        engine = open_engine(probe, key)
    except NotADatabase:
        raise _refuse_damaged() from None
    try:
        check_not_newer(engine)
        with engine.connect() as conn:
            cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            check = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if cipher or check != ["ok"]:
                raise _refuse_damaged()
            if not _password_opens(conn, username, password):
                raise WrongPassword(_("This user name and password do not open the backup."))
            return _heads(conn)
    except KhienError:
        raise
    except Exception:
        raise _refuse_damaged() from None
    finally:
        engine.dispose()


def _unpack(file: Path, data_dir: Path, work: Path) -> dict[str, Any]:
    """Put the backup's database and key file in *work*; returns its manifest. A bare
    database copy (Khiên 0.1.0, before an upgrade) takes the profile's current key file."""
    if file.suffix == ".db":
        current = profiles.keystore_path(data_dir)
        if not current.is_file():
            raise KhienError(
                _("This copy of the database can only be restored into its own profile.")
            )
        shutil.copyfile(file, work / DB_FILE)
        shutil.copyfile(current, work / KEYSTORE_FILE)
        return {"created": "", "reason": LEGACY_UPGRADE}
    try:
        with zipfile.ZipFile(file) as zf:
            manifest = _read_manifest(zf)
            _extract_checked(zf, manifest, work)
    except zipfile.BadZipFile:
        raise _refuse_damaged() from None
    return manifest


def restore_backup(
    data_dir: Path,
    file: Path,
    username: str,
    password: str,
    before_swap: Callable[[], object] | None = None,
) -> Path | None:
    """Replace the profile in *data_dir* with the backup in *file*, after checking it.

    *username* and *password* must open the backup. *before_swap* is called once every
    check has passed, just before the files are replaced (the GUI closes its open profile
    there). Returns the folder the replaced files were moved to (None when *data_dir* held
    no profile). Raises KhienError, with nothing changed, when the backup is refused.
    Audited as ``restore`` in the restored profile.
    """
    data_dir, file = Path(data_dir), Path(file)
    _check_backup_file(file)
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".khien-restore-") as tmp:
        work = Path(tmp)
        manifest = _unpack(file, data_dir, work)
        try:
            store = Keystore.load(work / KEYSTORE_FILE)
            key = store.unlock(username, password)
        except WrongPassword:
            raise WrongPassword(_("This user name and password do not open the backup.")) from None
        except NotADatabase:
            raise _refuse_damaged() from None
        heads = _verify_db(work, key, username, password)
        if before_swap is not None:
            before_swap()
        replaced = _swap_in(data_dir, work)
    opened = profiles.open_profile(data_dir, username, password)
    try:
        # a laptop continues from what the office above holds
        with opened.db.session() as s:
            restored.mark(s, heads)
        opened.audit(
            "restore",
            details={
                "file": file.name,
                "created": manifest.get("created", ""),
                "replaced": replaced.name if replaced else "",
            },
        )
    finally:
        opened.close()
    return replaced


def restore_job(p: OpenProfile, file: Path, password: str) -> Job[Path | None]:
    """Restore *file* over the open profile *p* (administrators only), for the op runner.

    A copy of the current data goes to the backup folder first (listed as made before a
    restore, so a restore can itself be undone). The backup is then checked with the
    signed-in user's name and *password*; only when it passes is *p* signed out and closed
    and the files replaced, and the caller signs the user in again. Returns the folder the
    replaced files went to.
    """
    accounts.require_admin(p.user)
    steps = 3
    yield Progress(0, steps, _("Keeping a copy of the current data…"))
    make_backup(p, new_backup_path(p.data_dir, BEFORE_RESTORE), BEFORE_RESTORE)
    yield Progress(1, steps, _("Checking the backup…"))
    replaced = restore_backup(p.data_dir, file, p.user.username, password, before_swap=p.close)
    yield Progress(steps, steps, _("The backup was restored."))
    return replaced


def _swap_in(data_dir: Path, work: Path) -> Path | None:
    """Move the current database and key file aside, then put the restored ones in place
    (rolling back the move if that fails)."""
    current = [data_dir / n for n in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", KEYSTORE_FILE)]
    current = [f for f in current if f.exists()]
    aside: Path | None = None
    moved: list[tuple[Path, Path]] = []
    try:
        if current:
            stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
            aside = data_dir / BACKUP_DIR / f"replaced-{stamp}"
            aside.mkdir(parents=True)
            for f in current:
                os.replace(f, aside / f.name)
                moved.append((aside / f.name, f))
        for name in MEMBERS:
            os.replace(work / name, data_dir / name)
        fsync_dir(data_dir)
    except OSError:
        for src, dst in moved:
            os.replace(src, dst)
        raise
    return aside
