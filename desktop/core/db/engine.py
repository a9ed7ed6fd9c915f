"""Open the SQLCipher database with a raw 32-byte key.

The key is never a passphrase formatted into SQL: it is random, wrapped per account (see
``security.keystore``) and given to SQLCipher as a hex blob literal. Each connection gets
the pragmas DESIGN.md asks for and the Vietnamese ``fold`` function and ``vi`` collation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.pool import QueuePool

from desktop.core.errors import NotADatabase
from desktop.core.i18n import _
from desktop.core.text import collate, fold

KEY_BYTES = 32
# The GUI thread and the op runner's worker each hold a connection while they work; a few
# more (a backup, an export running beside a list) are opened and closed as needed.
POOL_SIZE = 2
MAX_OVERFLOW = 8

# How a transaction begins: ``Database.session`` gives its connection the execution option
# BEGIN_OPTION with one of these (a per-connection option, not a per-thread setting, so a
# session opened inside another cannot change how the outer one begins):
# - WRITE (every session unless it says it only reads): BEGIN IMMEDIATE takes the write lock
#   at once, waiting for it up to the busy timeout. A deferred BEGIN would take it at the
#   first write instead, and in WAL mode a transaction that read before another connection
#   committed cannot write at all: SQLite answers "database is locked" at once, whatever the
#   busy timeout (an export on the worker that read its changes, then recorded its audit
#   line, failed so while the cases page wrote its own audit line on the GUI thread; a dialog
#   saving while the worker imported would have too).
# - READ (``session(read=True)``): a plain BEGIN, no lock, so a long read on the worker never
#   holds up a save; the connection refuses every write for that transaction
#   (PRAGMA query_only), so a read that writes by mistake fails loudly instead of racing.
# - DEFERRED: the engine used directly (migrations, backups' snapshots), as SQLite does.
WRITE, READ, DEFERRED = "write", "read", "deferred"
BEGIN_OPTION = "khien_begin"


def _prepare(conn: Any) -> None:
    # The first read proves the key (SQLCipher only decrypts lazily); then the pragmas.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA journal_mode=WAL").fetchone()
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    # SQLCipher decrypts every page it reads: a 64 MiB page cache spares repeated scans that.
    conn.execute("PRAGMA cache_size=-65536")
    conn.create_function("fold", 1, fold, deterministic=True)
    conn.create_collation("vi", collate)


def open_engine(path: Path, key: bytes) -> Engine:
    """Return an Engine over the encrypted file at *path*, creating it when missing.

    Raises NotADatabase when the file cannot be read with *key* (damaged, or not ours).
    """
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")

    # The dialect sends the URL's password as ``PRAGMA key="x'…'"``: SQLCipher's raw-key
    # form, so no passphrase derivation happens and nothing user-typed reaches SQL.
    url = URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))
    # A queue of connections, each used by one thread at a time and handed back after use.
    # Not the pysqlcipher dialect's default, SingletonThreadPool: it keeps a connection per
    # thread and, past five threads, closes the oldest, even one another thread is reading
    # on at that moment (the op runner's workers came and went: a crash inside SQLite).
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        poolclass=QueuePool,
        pool_size=POOL_SIZE,
        max_overflow=MAX_OVERFLOW,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN
        _prepare(dbapi_conn)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, DEFERRED)
        read_only = mode == READ
        # The flag stays on the connection between transactions: set it only when it changes,
        # and before BEGIN (with it on, SQLite refuses BEGIN IMMEDIATE).
        if conn.info.get("query_only", False) != read_only:
            conn.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
            conn.info["query_only"] = read_only
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == WRITE else "BEGIN")

    try:
        with engine.connect() as c:
            c.execute(text("SELECT 1"))
    except SADatabaseError as exc:
        engine.dispose()
        raise NotADatabase(
            _("The database file is damaged or is not a Khiên database; it was left untouched.")
        ) from exc
    return engine
