"""Writing a backup file: the encrypted database (copied after a WAL checkpoint) and the key
file beside it, with a manifest, in one zip written beside its destination, fsynced and
renamed. Apart from ``desktop.core.backup`` (which lists and restores backups and opens
profiles) so that the schema upgrade (``migrate.backup_file``) writes its backup without
importing the profile that runs it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

import desktop
from desktop.core.db.base import utcnow
from desktop.core.db.revision import current_revision
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.paths import DB_FILE, KEYSTORE_FILE
from desktop.core.security import file_modes

FORMAT = "khien-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEMBERS = (DB_FILE, KEYSTORE_FILE)
_CHUNK = 1 << 20
# Why a backup was made (the manifest's "reason"): by hand, before a schema upgrade, before
# a restore replaced the data.
MANUAL, UPGRADE, BEFORE_RESTORE = "manual", "upgrade", "before-restore"
LEGACY_UPGRADE = "upgrade-database-only"  # a bare .db copy made by Khiên 0.1.0


def sha256_file(path: Path) -> str:
    """The SHA-256 of the file at *path*, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries to the disk (a rename in it lasts a power cut; POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_db(engine: Engine, db_file: Path, target: Path) -> str | None:
    """Copy the database file to *target* after folding the WAL in; returns the schema
    revision. A read transaction is held during the copy so no checkpoint rewrites the
    file under it."""
    with engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.commit()
    if busy is not None and busy[0]:
        raise KhienError(_("The database is busy; close other Khiên windows and try again."))
    revision = current_revision(engine)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()  # opens a read txn
        shutil.copyfile(db_file, target)
        conn.rollback()
    return revision


def snapshot(
    engine: Engine,
    db_file: Path,
    out_file: Path,
    *,
    reason: str,
    extra: dict[str, Any] | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Write a backup of the database at *db_file* (open through *engine*) and the key file
    beside it to *out_file* (a .zip); returns the file and its manifest. Not audited: the
    callers audit (or, before an upgrade, cannot yet)."""
    out_file = Path(out_file)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_file.parent, prefix=".khien-backup-") as tmp:
        work = Path(tmp)
        db_copy = work / DB_FILE
        revision = _copy_db(engine, Path(db_file), db_copy)
        ks_copy = work / KEYSTORE_FILE
        shutil.copyfile(Path(db_file).parent / KEYSTORE_FILE, ks_copy)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": desktop.__version__,
            "created": utcnow().isoformat(timespec="seconds") + "Z",
            "reason": reason,
            "schema_revision": revision,
            **(extra or {}),
            "members": {
                name: {"sha256": sha256_file(work / name), "size": (work / name).stat().st_size}
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
        file_modes.private_file(partial)  # for its owner only, wherever it is written
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, out_file)
        fsync_dir(out_file.parent)
    return out_file, manifest
