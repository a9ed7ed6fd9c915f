"""Natural keys across installations: values one office treats as unique, that another
office may have made too while offline.

A database UNIQUE constraint cannot hold across laptops that never meet: two communes can
each open a case ``LS-2025-00001`` (codes made before schema 0005), an office with an
administrator can create an account named like one the province created. If the
province's database refused the second row, a whole week's bundle would be refused. So:

- such columns are indexed, never UNIQUE in the database (migration 0005); a model names
  them in ``__natural_key__``; local services still refuse a value already used here;
- values are made unique by construction where the software makes them: case codes name
  the office (``cases.codes``); a case step's record has the same id everywhere, so two
  offices setting it edit one record (``cases.config.step_id``); reference items likewise
  take an id from their list and code (``refdata.item_id``);
- an import that brings a row whose key another live row already holds stores both and
  queues the clash in the Conflicts queue, on the incoming row, for a person to give it
  a new value there (a province or area office; a commune laptop only keeps both rows, its
  upper office sorts it out). The queue entry has the usual shape (field, values, winner)
  plus ``"kind": "duplicate"`` and the other rows' ids.

Signing in with a user name that two accounts share picks the one of this office, then one
made on this installation (``security.accounts.find``), never an arbitrary one.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.base import Synced, utcnow
from desktop.core.db.models import NodeState
from desktop.core.db.models_sync import Conflict
from desktop.core.db.syncmeta import canonical_json
from desktop.core.text import fold

DUPLICATE = "duplicate"
# Levels whose Conflicts queue receives clashes (they merge other offices' records).
QUEUE_LEVELS = ("province", "area")


def natural_key(model: type[Synced]) -> tuple[str, ...]:
    """The columns *model* treats as unique within one installation (empty: none); a
    model with ``__natural_fold__`` compares them folded (small tables only)."""
    return tuple(getattr(model, "__natural_key__", ()))


def clashes(session: Session, model: type[Synced], obj: Synced) -> list[Synced]:
    """Other live rows holding *obj*'s natural key, oldest id first."""
    key = natural_key(model)
    if not key or obj.deleted:
        return []
    q = select(model).where(model.id != obj.id, model.deleted.is_(False)).order_by(model.id)
    if getattr(model, "__natural_fold__", False):  # user names: "Hoa" signs in as "hoa"
        want = _folded(obj, key)
        return [o for o in session.execute(q).scalars() if _folded(o, key) == want]
    conds = [getattr(model, c) == getattr(obj, c) for c in key]
    return list(session.execute(q.where(*conds)).scalars())


def _folded(obj: Synced, key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(str(getattr(obj, c) or "")) for c in key)


def is_duplicate(conflict: Conflict) -> bool:
    try:
        return bool(json.loads(conflict.detail).get("kind") == DUPLICATE)
    except ValueError:
        return False


def _detail(obj: Synced, field: str, others: list[Synced]) -> str:
    value = getattr(obj, field)
    values: dict[str, Any] = {obj.rev: value}
    values.update({o.rev: getattr(o, field) for o in others})
    return canonical_json(
        {
            "base": None,
            "values": values,
            "winner": obj.rev,
            "kind": DUPLICATE,
            "rows": [o.id for o in others],
        }
    )


def record_clashes(
    session: Session, touched: dict[str, str], models: dict[str, type[Synced]]
) -> int:
    """Queue a conflict for every touched row whose natural key another live row holds;
    close those whose clash is gone. Returns how many clashes are open on these rows.

    *touched* maps row id → table (the rows an import wrote). Runs inside the import's
    transaction, after the rows were refreshed.
    """
    level = session.execute(select(NodeState.level)).scalar()
    if level not in QUEUE_LEVELS:
        return 0
    found = 0
    for row_id, table in touched.items():
        model = models[table]
        key = natural_key(model)
        if not key:
            continue
        obj = session.get(model, row_id)
        if obj is None:
            continue
        field = key[-1]  # the part a person changes: the code within its list
        others = clashes(session, model, obj)
        mine = [
            c
            for c in session.execute(
                select(Conflict).where(Conflict.row_id == row_id, Conflict.field == field)
            ).scalars()
            if is_duplicate(c)
        ]
        live = [c for c in mine if c.resolved_rev is None]
        if not others:
            for c in live:  # the other row was renamed or deleted meanwhile
                c.resolved_rev, c.resolved_at = obj.rev, utcnow()
            continue
        found += 1
        detail = _detail(obj, field, others)
        # A merge of this row's revisions closes conflicts it does not see itself (those
        # nobody resolved): reopen ours rather than pile up a new entry per import.
        reopen = live or [c for c in mine if not c.resolved_by]
        if reopen:
            c = reopen[-1]
            c.head_rev, c.detail, c.resolved_rev, c.resolved_at = obj.rev, detail, None, None
        else:
            session.add(
                Conflict(
                    table_name=table, row_id=row_id, field=field, head_rev=obj.rev, detail=detail
                )
            )
    session.flush()
    return found
