"""A database handle: one engine, short-lived sessions with sync metadata maintained."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desktop.core.db import syncmeta


class Database:
    """Owns the engine of one open profile; hands out one Session per operation."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._factory = sessionmaker(engine, expire_on_commit=False)
        syncmeta.install(self._factory)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._factory.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
