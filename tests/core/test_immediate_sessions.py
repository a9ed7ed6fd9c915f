"""Read, then write, while another thread writes (the op runner's worker beside the GUI).

In WAL mode a transaction begun with a plain BEGIN reads a snapshot; once another connection
commits, it can no longer write: SQLite answers "database is locked" at once, whatever the
busy timeout. An export on the worker (its changes read, then its audit line written) failed
so when the cases page wrote its list's audit line on the GUI thread meanwhile. So every
session takes the write lock at its BEGIN (BEGIN IMMEDIATE) and another waits for it at its
own BEGIN; a session that only reads says ``read=True``, takes no lock and cannot write."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from desktop.core.db.models import Setting
from desktop.core.db.settings import put


def _write_in_another_thread(db, key: str) -> threading.Thread:
    def write() -> None:
        with db.session() as s:
            put(s, key, "1")

    worker = threading.Thread(target=write)
    worker.start()
    return worker


def _keys(db) -> set[str]:
    with db.session(read=True) as s:
        return set(s.execute(select(Setting.key)).scalars())


def test_a_deferred_transaction_cannot_write_after_another_commit(province):
    """The failure itself, on the engine used directly (as SQLite begins by default): why
    sessions take the lock at BEGIN."""
    db = province.db
    with pytest.raises(OperationalError, match="locked"), db.engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM settings")).scalar_one()  # the snapshot
        _write_in_another_thread(db, "test.other").join()  # commits beside it
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('test.mine', '1')"))


def test_a_session_reads_then_writes_while_another_thread_waits(province):
    db = province.db
    with db.session() as s:
        s.execute(text("SELECT count(*) FROM settings")).scalar_one()
        other = _write_in_another_thread(db, "test.other")  # waits at its BEGIN
        other.join(0.2)
        assert other.is_alive()  # still waiting for the lock this session holds
        put(s, "test.mine", "1")
    other.join()
    assert {"test.mine", "test.other"} <= _keys(db)


def test_a_read_session_holds_no_lock_and_cannot_write(province):
    db = province.db
    with db.session(read=True) as s:
        s.execute(text("SELECT count(*) FROM settings")).scalar_one()
        _write_in_another_thread(db, "test.beside").join()  # not kept waiting
        with pytest.raises(OperationalError, match="readonly"):
            s.execute(text("INSERT INTO settings (key, value) VALUES ('test.read', '1')"))
    assert "test.beside" in _keys(db)
    assert "test.read" not in _keys(db)


def test_the_connection_writes_again_after_a_read(province):
    """query_only is a connection's flag: the pool hands the same connections on."""
    db = province.db
    for n in range(4):  # more rounds than the pool has connections
        with db.session(read=True) as s:
            s.execute(text("SELECT 1")).scalar_one()
        with db.session() as s:
            put(s, f"test.round{n}", "1")
    assert {f"test.round{n}" for n in range(4)} <= _keys(db)


def test_a_write_session_inside_another_on_one_thread_is_refused(province):
    """It would wait for the lock its own thread holds (for the busy timeout, then fail)."""
    db = province.db
    with db.session() as s:
        put(s, "test.outer", "1")
        with pytest.raises(RuntimeError), db.session():
            pass
        with db.session(read=True) as inner:  # a read beside it is fine
            inner.execute(text("SELECT 1")).scalar_one()
        put(s, "test.outer2", "1")  # and the outer session still writes after it
    with db.session() as s:  # the thread may write again once the outer one ended
        put(s, "test.next", "1")
    assert {"test.outer", "test.outer2", "test.next"} <= _keys(db)
