"""Stamp the synced rows that earlier versions wrote without their sync metadata.

Versions up to 0.1 could hand out sessions without the metadata hook (see
``syncmeta.SyncSession``): their rows have no revision (``rev`` empty, ``change_seq`` 0,
empty search and sort columns), and an edit made through such a session left the row's
content different from the revision it still names. Those records never travelled. This
step runs when a profile opens, until it has completed once: it finds such rows and
stamps them now, as local changes of this installation, so the next export carries them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from desktop.core.db import models, settings  # noqa: F401  (every synced model is registered)
from desktop.core.db.base import Synced, synced_models
from desktop.core.db.database import Database
from desktop.core.db.models import NodeState, Setting
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import canonical_json

# The Setting that says the repair has run on this database; the value is the repair's
# version, so a later repair can run once more by raising it.
DONE_KEY = "repair.unstamped"
# 2: case steps and notes whose time the INSERT filled in but their revision did not hold
# (syncmeta.apply_defaults now fills it first): re-stamped once, so the time travels.
VERSION = "2"
BATCH = 500
# The referral records of cases referred before version 0.2 (repair_cases.referrals_once).
REFERRALS_KEY, REFERRALS_VERSION = "repair.referrals", "1"
# Every one-time repair a profile runs at opening, by its Setting: a new database is born
# with all of them marked (``mark_new``).
ONE_TIME = {DONE_KEY: VERSION, REFERRALS_KEY: REFERRALS_VERSION}


def has_run(s: Session, key: str, version: str) -> bool:
    """Whether the one-time repair *key* completed at *version* on this database."""
    row = s.get(Setting, key)
    return row is not None and row.value == version


def mark_run(s: Session, key: str, version: str) -> None:
    """Record that the one-time repair *key* completed at *version*."""
    settings.put(s, key, version)


def mark_new(s: Session) -> None:
    """A database this version creates has nothing to repair: its rows are written through
    the hooks. Marking it spares its first sign-in the searches through every row."""
    for key, version in ONE_TIME.items():
        mark_run(s, key, version)


def needed(db: Database) -> bool:
    """True until the repair has completed once on this database."""
    with db.session(read=True) as s:
        return not has_run(s, DONE_KEY, VERSION)


def stamp_unstamped(db: Database) -> dict[str, int]:
    """Stamp every synced row written without its metadata; once per database.

    Returns the number of rows stamped per table (empty when there was nothing to do).
    """
    if not needed(db):
        return {}
    stamped: dict[str, int] = {}
    with db.session() as s:
        if s.execute(select(NodeState.node_id)).first() is None:
            return {}  # an installation still being created: nothing written yet
        node_id, office_id = s.execute(select(NodeState.node_id, NodeState.office_id)).one()
        for table, model in synced_models().items():
            ids = sorted(set(_unstamped_ids(s, model)) | set(_drifted_ids(s, model)))
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                for obj in s.scalars(select(model).where(model.id.in_(chunk))):
                    if not obj.origin_node:
                        obj.origin_node = node_id
                    owner = obj.__owner_office__  # as the hook gives a new row today
                    if owner and getattr(obj, owner) is None:
                        setattr(obj, owner, office_id)
                    flag_modified(obj, "updated_at")  # the flush hook stamps it now
                s.flush()
                s.expunge_all()
            if ids:
                stamped[table] = len(ids)
        mark_run(s, DONE_KEY, VERSION)
    return stamped


def _unstamped_ids(s: Session, model: type[Synced]) -> Iterator[str]:
    """Rows with no revision, no change number, or empty derived columns."""
    cols: Any = model
    tests = [cols.rev == "", cols.rev.is_(None), cols.change_seq == 0]
    for target, sources in {
        **model.__fold__,
        **{k: (v,) for k, v in model.__sortkey__.items()},
    }.items():
        empty = or_(getattr(cols, target) == "", getattr(cols, target).is_(None))
        filled = or_(
            *(and_(getattr(cols, c).is_not(None), getattr(cols, c) != "") for c in sources)
        )
        tests.append(and_(empty, filled))
    yield from s.scalars(select(cols.id).where(or_(*tests)))


def _drifted_ids(s: Session, model: type[Synced]) -> Iterator[str]:
    """Rows whose content differs from the revision they name (an edit never stamped).

    Only the fields the revision holds are compared: a column a later migration added (and
    filled the same way on every installation, e.g. 0007's reference dates) is no edit of
    this installation, and re-stamping it here would make a laptop send the province's
    reference lists upward, where they are refused."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    keys = list(model().content())
    query = (
        select(table.c.id, Revision.content, *(table.c[k] for k in keys))
        .join(Revision, Revision.rev == table.c.rev)
        .where(table.c.rev != "")
        .execution_options(yield_per=2000)
    )
    probe = model()
    for row in s.execute(query):
        for n, key in enumerate(keys):
            setattr(probe, key, row[n + 2])
        stored = json.loads(row.content)
        current = json.loads(canonical_json(probe.content()))
        if {k: current.get(k) for k in stored} != stored:
            yield row.id
