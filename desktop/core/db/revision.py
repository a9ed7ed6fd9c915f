"""Which schema a database holds and which ones this build knows, read without importing
Alembic: the revisions come from the migration files as text (their ``revision`` and
``down_revision`` lines) and a database's revision from its ``alembic_version`` table.
Opening a profile whose schema is current so never loads Alembic (``migrate.upgrade``
does, when the schema is behind)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from sqlalchemy import Engine, String, column, inspect, select, table

from desktop.core.errors import SchemaTooNew
from desktop.core.i18n import _

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|["']([^"']+)["'])\s*$""", re.M)


@functools.cache
def revisions() -> dict[str, str | None]:
    """Each revision this build knows, with the one it revises (None for the first)."""
    out: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            raise RuntimeError(f"{path.name} names no revision and down_revision")
        out[rev.group(1)] = down.group(1)
    return out


def head_revision() -> str:
    """The newest schema revision this build knows."""
    known = revisions()
    revised = set(known.values())
    heads = [r for r in known if r not in revised]
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None for a new, empty file)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        version = column("version_num", String)
        found: str | None = conn.execute(select(version).select_from(table(VERSION_TABLE))).scalar()
        return found


def is_known_revision(revision: str) -> bool:
    """True when this build knows *revision* (it can read data of that schema)."""
    return revision in revisions()


def check_not_newer(engine: Engine) -> str | None:
    """Refuse a database written by a newer Khiên, before anything is changed; returns its
    revision (None for a new, empty file)."""
    current = current_revision(engine)
    if current is not None and not is_known_revision(current):
        raise SchemaTooNew(
            _("This profile was written by a newer version of Khiên: update Khiên to open it.")
        )
    return current
