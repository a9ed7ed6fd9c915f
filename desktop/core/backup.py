"""Backups of a whole profile in one file, and restoring one safely.

A backup is a zip holding the encrypted database (copied after a WAL checkpoint, so it
stays encrypted and complete), ``keystore.json`` and ``manifest.json`` (format, version,
time, schema revision, SHA-256 of each member). It is written to a temporary file beside
the destination, fsynced and renamed, so a half-written backup never carries the name.

Restoring checks everything before touching the profile: the file is a zip with our
manifest, every member matches its hash, the password unwraps the key in the backup's own
keystore, and the database opens with that key and passes SQLCipher's and SQLite's
integrity checks. Only then is the current database and key file moved aside to
``backups/replaced-<time>/`` and the restored files put in place. Close the profile first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import text

import desktop
from desktop.core import profile as profiles
from desktop.core.db import migrate
from desktop.core.db.base import utcnow
from desktop.core.db.engine import open_engine
from desktop.core.errors import KhienError, NotADatabase, SchemaTooNew, WrongPassword
from desktop.core.i18n import _
from desktop.core.paths import BACKUP_DIR, DB_FILE, KEYSTORE_FILE
from desktop.core.profile import OpenProfile
from desktop.core.security.keystore import Keystore

FORMAT = "khien-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEMBERS = (DB_FILE, KEYSTORE_FILE)
MAX_MANIFEST = 64 * 1024
_CHUNK = 1 << 20


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _snapshot_db(p: OpenProfile, target: Path) -> str | None:
    """Copy the database file to *target* after folding the WAL in; returns the schema
    revision. A read transaction is held during the copy so no checkpoint rewrites the
    file under it."""
    engine = p.db.engine
    with engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.commit()
    if busy is not None and busy[0]:
        raise KhienError(_("The database is busy; close other Khiên windows and try again."))
    revision = migrate.current_revision(engine)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()  # opens a read txn
        shutil.copyfile(p.db.path, target)
        conn.rollback()
    return revision


def make_backup(p: OpenProfile, out_file: Path) -> Path:
    """Write a backup of the open profile to *out_file* (a .zip); audited as ``backup``."""
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_file.parent, prefix=".khien-backup-") as tmp:
        work = Path(tmp)
        db_copy = work / DB_FILE
        revision = _snapshot_db(p, db_copy)
        ks_copy = work / KEYSTORE_FILE
        shutil.copyfile(profiles.keystore_path(p.data_dir), ks_copy)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": desktop.__version__,
            "created": utcnow().isoformat(timespec="seconds") + "Z",
            "schema_revision": revision,
            "node_id": p.node.node_id,
            "members": {
                name: {"sha256": _sha256_file(work / name), "size": (work / name).stat().st_size}
                for name in MEMBERS
            },
        }
        partial = work / "backup.zip.part"
        with zipfile.ZipFile(partial, "w") as zf:
            zf.writestr(
                MANIFEST, json.dumps(manifest, indent=1, sort_keys=True), zipfile.ZIP_DEFLATED
            )
            zf.write(db_copy, DB_FILE, zipfile.ZIP_STORED)  # encrypted: does not compress
            zf.write(ks_copy, KEYSTORE_FILE, zipfile.ZIP_DEFLATED)
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, out_file)
        _fsync_dir(out_file.parent)
    p.audit("backup", details={"file": out_file.name, "schema_revision": revision})
    return out_file


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


def _extract_checked(zf: zipfile.ZipFile, manifest: dict[str, Any], work: Path) -> None:
    """Extract the members (by our own names, never the archive's paths) and check hashes."""
    for name in MEMBERS:
        target = work / name
        h = hashlib.sha256()
        try:
            with zf.open(name) as src, open(target, "wb") as dst:
                while chunk := src.read(_CHUNK):
                    h.update(chunk)
                    dst.write(chunk)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            raise _refuse_damaged() from None
        if h.hexdigest() != manifest["members"][name].get("sha256"):
            raise _refuse_damaged()


def _verify_db(work: Path, key: bytes) -> None:
    """Open a throw-away copy of the restored database with *key* and check its integrity."""
    probe_dir = work / "probe"
    probe_dir.mkdir()
    probe = probe_dir / DB_FILE
    shutil.copyfile(work / DB_FILE, probe)
    try:
        engine = open_engine(probe, key)
    except NotADatabase:
        raise _refuse_damaged() from None
    try:
        migrate.check_not_newer(engine)
        with engine.connect() as conn:
            cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            check = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    except SchemaTooNew:
        raise
    except Exception:
        raise _refuse_damaged() from None
    finally:
        engine.dispose()
    if cipher or check != ["ok"]:
        raise _refuse_damaged()


def restore_backup(data_dir: Path, file: Path, username: str, password: str) -> Path | None:
    """Replace the profile in *data_dir* with the backup in *file*, after checking it.

    *username* and *password* must open the backup. Returns the folder the replaced files
    were moved to (None when *data_dir* held no profile). Raises KhienError, with nothing
    changed, when the backup is refused. Audited as ``restore`` in the restored profile.
    """
    data_dir, file = Path(data_dir), Path(file)
    if not file.is_file():
        raise KhienError(_("The backup file was not found."))
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".khien-restore-") as tmp:
        work = Path(tmp)
        try:
            with zipfile.ZipFile(file) as zf:
                manifest = _read_manifest(zf)
                _extract_checked(zf, manifest, work)
        except zipfile.BadZipFile:
            raise _refuse_damaged() from None
        try:
            store = Keystore.load(work / KEYSTORE_FILE)
            key = store.unlock(username, password)
        except WrongPassword:
            raise WrongPassword(_("This user name and password do not open the backup.")) from None
        except NotADatabase:
            raise _refuse_damaged() from None
        _verify_db(work, key)
        replaced = _swap_in(data_dir, work)
    opened = profiles.open_profile(data_dir, username, password)
    try:
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
        _fsync_dir(data_dir)
    except OSError:
        for src, dst in moved:
            os.replace(src, dst)
        raise
    return aside
