"""A digest of every table of a profile's database, to prove that something changed nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from sqlalchemy import Connection, text

from desktop.core import search_index


def table_digest(c: Connection, where: Mapping[str, str]) -> str:
    """Every row of every table, in rowid order; *where* narrows a table (``{table: " WHERE
    …"}``). The search index's tables are left out: the triggers derive them from the rows
    digested here (and their config table has no rowid)."""
    h = hashlib.sha256()
    tables = c.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"))
    for t in list(tables.scalars()):
        if search_index.is_index_table(t):
            continue
        rows = c.execute(text(f'SELECT * FROM "{t}"{where.get(t, "")} ORDER BY rowid')).all()
        h.update(f"{t}:{rows!r}\n".encode())
    return h.hexdigest()
