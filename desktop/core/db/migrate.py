"""Schema migrations (Alembic), run when a profile opens, after a backup of the file.
Alembic is imported only when the schema is behind (``revision`` reads the rest)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from desktop.core.db import snapshot
from desktop.core.db.base import utcnow
from desktop.core.db.revision import MIGRATIONS as MIGRATIONS
from desktop.core.db.revision import check_not_newer as check_not_newer
from desktop.core.db.revision import current_revision as current_revision
from desktop.core.db.revision import head_revision as head_revision
from desktop.core.db.revision import is_known_revision as is_known_revision

if TYPE_CHECKING:
    from alembic.config import Config


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def backup_file(engine: Engine, db_path: Path, backup_dir: Path, label: str) -> Path:
    """A full, restorable backup (the encrypted database and the key file beside it, see
    ``desktop.core.backup``), listed in Administration → Backups."""
    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"khien-{stamp}-{label}.zip"
    out, _manifest = snapshot.snapshot(
        engine, db_path, target, reason=snapshot.UPGRADE, extra={"to_revision": head_revision()}
    )
    return out


def upgrade(engine: Engine, db_path: Path, backup_dir: Path) -> Path | None:
    """Bring the schema to head. Returns the backup made first, if there was data to keep."""
    current = check_not_newer(engine)
    head = head_revision()
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_file(engine, db_path, backup_dir, f"before-{head[:12]}")
    from alembic import command  # only now: a current schema never loads Alembic

    cfg = _config()
    with engine.connect() as conn:
        # Batch mode replaces a table by a copy; a table other rows refer to can only be
        # dropped with foreign keys off, and SQLite ignores that pragma inside a
        # transaction: it goes straight to the driver, before SQLAlchemy's BEGIN. Every
        # reference is checked before the upgrade commits.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"the upgrade broke a reference: {tuple(broken)}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return backup
