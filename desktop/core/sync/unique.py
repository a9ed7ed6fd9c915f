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


def clashes(session: Session, model: type[Synced], obj: Synced) -> list[Any]:
    """Other live rows holding *obj*'s natural key, oldest id first (none if it has none):
    each with its id, rev, deleted flag and key columns."""
    if not natural_key(model):
        return []
    return _holders(session, model, [obj]).get(obj.id, [])


def _columns(model: type[Synced]) -> list[Any]:
    """What the clash check reads of a row: not the whole row (a bundle brings thousands)."""
    key = [getattr(model, c) for c in natural_key(model)]
    return [model.id, model.rev, model.deleted, *key]


def _folded(obj: Any, key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(str(getattr(obj, c) or "")) for c in key)


def is_duplicate(conflict: Conflict) -> bool:
    try:
        return bool(json.loads(conflict.detail).get("kind") == DUPLICATE)
    except ValueError:
        return False


def _detail(obj: Any, field: str, others: list[Any]) -> str:
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


def _holders(session: Session, model: type[Synced], objs: list[Any]) -> dict[str, list[Any]]:
    """For each live row of *objs*: the other live rows holding its natural key, oldest id
    first. One query per 500 rows (a bundle brings thousands of cases)."""
    key = natural_key(model)
    folded = bool(getattr(model, "__natural_fold__", False))

    def key_of(o: Any) -> tuple[Any, ...]:
        return _folded(o, key) if folded else tuple(getattr(o, c) for c in key)

    live = [o for o in objs if not o.deleted]
    alive = model.deleted.is_(False)
    candidates: list[Any] = []
    cols = _columns(model)
    if folded:  # compared in Python: every live row (accounts are few)
        candidates = list(session.execute(select(*cols).where(alive)))
    else:
        column = getattr(model, key[-1])
        values = sorted({getattr(o, key[-1]) for o in live})
        for i in range(0, len(values), 500):
            q = select(*cols).where(column.in_(values[i : i + 500]), alive)
            candidates += session.execute(q)
    by_key: dict[tuple[Any, ...], list[Any]] = {}
    for c in sorted(candidates, key=lambda c: c.id):
        by_key.setdefault(key_of(c), []).append(c)
    return {o.id: [c for c in by_key.get(key_of(o), []) if c.id != o.id] for o in live}


def _duplicate_entries(session: Session, ids: list[str], field: str) -> dict[str, list[Conflict]]:
    out: dict[str, list[Conflict]] = {}
    for i in range(0, len(ids), 500):
        q = select(Conflict).where(Conflict.row_id.in_(ids[i : i + 500]), Conflict.field == field)
        for c in session.execute(q.order_by(Conflict.detected_at)).scalars():
            if is_duplicate(c):
                out.setdefault(c.row_id, []).append(c)
    return out


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
    per_table: dict[str, list[str]] = {}
    for row_id, table in touched.items():
        if natural_key(models[table]):
            per_table.setdefault(table, []).append(row_id)
    found = 0
    for table, ids in per_table.items():
        model = models[table]
        field = natural_key(model)[-1]  # the part a person changes: the code in its list
        objs: list[Any] = []
        for i in range(0, len(ids), 500):
            q = select(*_columns(model)).where(model.id.in_(ids[i : i + 500]))
            objs += session.execute(q)
        holders = _holders(session, model, objs)
        entries = _duplicate_entries(session, [o.id for o in objs], field)
        for obj in objs:
            others, mine = holders.get(obj.id, []), entries.get(obj.id, [])
            live = [c for c in mine if c.resolved_rev is None]
            if not others:
                for c in live:  # the other row was renamed or deleted meanwhile
                    c.resolved_rev, c.resolved_at = obj.rev, utcnow()
                continue
            found += 1
            detail = _detail(obj, field, others)
            # A merge of this row's revisions closes conflicts it does not see itself
            # (nobody resolved them): reopen ours rather than add one entry per import.
            reopen = live or [c for c in mine if not c.resolved_by]
            if reopen:
                c = reopen[-1]
                c.head_rev, c.detail, c.resolved_rev, c.resolved_at = obj.rev, detail, None, None
            else:
                session.add(
                    Conflict(table_name=table, row_id=obj.id, field=field, head_rev=obj.rev,
                             detail=detail)
                )  # fmt: skip
    session.flush()
    return found
