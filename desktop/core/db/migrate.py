"""Schema migrations (Alembic), run when a profile opens, after a backup of the file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop.core.db.base import utcnow
from desktop.core.errors import SchemaTooNew
from desktop.core.i18n import _

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema revision this build knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None for a new, empty file)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_known_revision(revision: str) -> bool:
    """True when this build knows *revision* (it can read data of that schema)."""
    script = ScriptDirectory.from_config(_config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def check_not_newer(engine: Engine) -> str | None:
    """Refuse a database written by a newer Khiên, before anything is changed."""
    current = current_revision(engine)
    if current is None:
        return None
    script = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaTooNew(
            _("This profile was written by a newer version of Khiên: update Khiên to open it.")
        )
    return current


def backup_file(engine: Engine, db_path: Path, backup_dir: Path, label: str) -> Path:
    """A full, restorable backup (the encrypted database and the key file beside it, see
    ``desktop.core.backup``), listed in Administration → Backups."""
    from desktop.core import backup  # it imports this module

    stamp = utcnow().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"khien-{stamp}-{label}.zip"
    out, _manifest = backup.snapshot(
        engine, db_path, target, reason=backup.UPGRADE, extra={"to_revision": head_revision()}
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
