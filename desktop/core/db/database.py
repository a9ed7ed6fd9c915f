"""A database handle: one engine, short-lived sessions with sync metadata maintained."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.core import validation  # noqa: F401  (registers the value checks on SyncSession)
from desktop.core.db.engine import BEGIN_OPTION, READ, WRITE
from desktop.core.db.syncmeta import SyncSession
from desktop.core.errors import KhienError
from desktop.core.i18n import _

log = logging.getLogger(__name__)

# How long ``close`` waits for another thread's session before giving up on it.
CLOSE_WAIT_SECONDS = 120.0


class ProfileClosed(KhienError):
    """A session was asked of a database that has been closed."""


class Database:
    """Owns the engine of one open profile; hands out one Session per operation.

    The connection pool keeps one SQLite connection per thread. Closing the engine while
    another thread (the op runner's worker) is inside a statement would free that
    connection under it, so ``close`` first waits for other threads' sessions to end and
    refuses new ones.
    """

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._factory = sessionmaker(engine, class_=SyncSession, expire_on_commit=False)
        self._lock = threading.Condition()
        self._active: dict[int, int] = {}  # thread id -> open sessions
        self._writing: set[int] = set()  # threads inside a write session
        self._closed = False

    @contextmanager
    def session(self, read: bool = False) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        By default the transaction takes the write lock when it begins (BEGIN IMMEDIATE,
        waiting for it up to the busy timeout), so work that reads and then writes cannot fail
        because another thread committed in between (engine.WRITE says why). A session
        that only reads says ``read=True``: it takes no lock, so a long read on the worker
        never holds up a save, and its connection refuses any write.

        One thread holds one write session at a time: a second one inside the first would
        wait for the lock its own thread holds, so it is refused at once."""
        me = threading.get_ident()
        with self._lock:
            if self._closed:
                raise ProfileClosed(_("The profile has been closed; sign in again."))
            if not read and me in self._writing:
                raise RuntimeError("a write session inside another on the same thread")
            self._active[me] = self._active.get(me, 0) + 1
            if not read:
                self._writing.add(me)
        try:
            with self._factory.begin() as session:
                # Begun here, with its mode, rather than at the first statement.
                session.connection(execution_options={BEGIN_OPTION: READ if read else WRITE})
                yield session
        finally:
            with self._lock:
                if not read:
                    self._writing.discard(me)
                left = self._active[me] - 1
                if left:
                    self._active[me] = left
                else:
                    del self._active[me]
                self._lock.notify_all()

    def close(self) -> None:
        me = threading.get_ident()
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        with self._lock:
            self._closed = True
            while any(t != me for t in self._active):
                left = deadline - time.monotonic()
                if left <= 0:
                    log.warning("closing the database while another thread still uses it")
                    break
                self._lock.wait(left)
        self.engine.dispose()
