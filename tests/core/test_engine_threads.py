"""Connections and threads: the op runner's workers come and go while the GUI thread reads.

The pysqlcipher dialect's default pool (SingletonThreadPool) kept one connection per thread
and, past five threads, closed the oldest — even one another thread was using: the GUI
thread's connection vanished under it (a crash inside SQLite when both ran at once)."""

import threading

from sqlalchemy import text
from sqlalchemy.pool import QueuePool

from desktop.core.db import engine as engine_module


def _read_in_a_new_thread(db) -> None:
    def read() -> None:
        with db.engine.connect() as c:
            c.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()

    worker = threading.Thread(target=read)
    worker.start()
    worker.join()


def test_workers_coming_and_going_leave_the_gui_threads_connection_alone(province):
    db = province.db
    with db.engine.connect() as gui:
        gui.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        for _ in range(engine_module.POOL_SIZE + engine_module.MAX_OVERFLOW + 3):
            _read_in_a_new_thread(db)
        # Still the same, open connection: a closed one raises "Cannot operate on a closed
        # database".
        assert gui.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one() > 0


def test_connections_are_handed_back_not_kept_per_thread(province):
    pool = province.db.engine.pool
    assert isinstance(pool, QueuePool)
    for _ in range(12):
        _read_in_a_new_thread(province.db)
    assert pool.checkedout() == 0 and pool.size() == engine_module.POOL_SIZE
