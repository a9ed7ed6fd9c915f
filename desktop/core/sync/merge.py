"""Merge by ancestry, never by wall clock.

Every edit of a synced row is a *revision* with its parents. An installation keeps every
revision it has seen of a row; the row it shows (its *head*) is a pure function of that
set, so importing bundles in any order, any number of times, gives the same result:

- one leaf revision (all others are its ancestors): the head is that leaf — this covers
  fast-forward ("theirs descends from ours") and ignore ("ours descends from theirs");
- several leaves (concurrent edits): each field is compared with the leaves' latest common
  ancestor. A field changed to one value (by one leaf or several alike) takes it; a field
  changed to different values is a *conflict*: the head shows a deterministic provisional
  winner (the leaf with the greatest HLC, then rev) and a person resolves it. A deletion
  against an edit is always a conflict. Nothing is dropped: every revision stays stored.

Resolving a conflict, or editing a merged row, makes a new revision whose parents are all
the current leaves, so the row has one leaf again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core.db.syncmeta import canonical_json

DELETED = "deleted"


@dataclass(frozen=True)
class Revision:
    """One revision of one row: its content and the revisions it was made from."""

    rev: str
    parents: tuple[str, ...]
    content: Mapping[str, Any]
    hlc: str


@dataclass(frozen=True)
class Conflict:
    """One field edited concurrently to different values."""

    field: str
    base: Any
    values: Mapping[str, Any]  # leaf rev → its value
    winner: str  # the leaf whose value the head shows for now


@dataclass(frozen=True)
class Head:
    """What a row shows, given every revision known of it."""

    rev: str
    content: Mapping[str, Any]
    leaves: tuple[str, ...]
    conflicts: tuple[Conflict, ...] = field(default=())

    @property
    def merged(self) -> bool:
        return len(self.leaves) > 1


def leaves(revisions: Mapping[str, Revision]) -> list[str]:
    """Revisions that are no known revision's parent, in rev order."""
    parents = {p for r in revisions.values() for p in r.parents}
    return sorted(rev for rev in revisions if rev not in parents)


def ancestors(revisions: Mapping[str, Revision], rev: str) -> set[str]:
    """*rev* and every known revision it descends from."""
    seen: set[str] = set()
    stack = [rev]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        known = revisions.get(current)
        if known is not None:
            stack.extend(known.parents)
    return seen


def descends_from(revisions: Mapping[str, Revision], rev: str, ancestor: str) -> bool:
    return ancestor in ancestors(revisions, rev)


def _latest_common_ancestor(revisions: Mapping[str, Revision], tips: list[str]) -> Revision | None:
    common: set[str] | None = None
    for tip in tips:
        mine = ancestors(revisions, tip)
        common = mine if common is None else common & mine
    known = [revisions[r] for r in (common or set()) if r in revisions]
    if not known:
        return None
    return max(known, key=lambda r: (r.hlc, r.rev))


def merge_rev(leaf_revs: Iterable[str], content: Mapping[str, Any]) -> str:
    """The id of a merged head: the same leaves and content give the same id everywhere."""
    h = hashlib.sha256()
    h.update("|".join(sorted(leaf_revs)).encode())
    h.update(b"\n")
    h.update(canonical_json(dict(content)).encode())
    return h.hexdigest()


def head(revisions: Mapping[str, Revision]) -> Head:
    """The row's head over every known revision (see the module docstring)."""
    if not revisions:
        raise ValueError("a row has at least one revision")
    tips = leaves(revisions)
    if len(tips) == 1:
        only = revisions[tips[0]]
        return Head(only.rev, dict(only.content), (only.rev,))
    base_rev = _latest_common_ancestor(revisions, tips)
    base = dict(base_rev.content) if base_rev is not None else None
    leaf_revs = sorted((revisions[t] for t in tips), key=lambda r: (r.hlc, r.rev), reverse=True)
    names = sorted({k for r in leaf_revs for k in r.content} | set(base or {}))
    content: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    changed_any: dict[str, bool] = {r.rev: False for r in leaf_revs}
    for name in names:
        base_value = base.get(name) if base is not None else None
        changed: dict[str, Any] = {}
        for r in leaf_revs:
            value = r.content.get(name)
            if base is None or value != base_value:
                changed[r.rev] = value
                if name != DELETED:
                    changed_any[r.rev] = True
        distinct = {canonical_json({"v": v}) for v in changed.values()}
        if not changed:
            content[name] = base_value
        elif len(distinct) == 1:
            content[name] = next(iter(changed.values()))
        else:
            winner = next(r.rev for r in leaf_revs if r.rev in changed)
            content[name] = changed[winner]
            conflicts.append(Conflict(name, base_value, changed, winner))
    # A deletion that agrees on its own is still a conflict against a concurrent edit.
    deleting = [r.rev for r in leaf_revs if r.content.get(DELETED)]
    editing = [rev for rev, did in changed_any.items() if did and rev not in deleting]
    if deleting and editing and not any(c.field == DELETED for c in conflicts):
        values = {r.rev: bool(r.content.get(DELETED)) for r in leaf_revs}
        winner = leaf_revs[0].rev
        content[DELETED] = values[winner]
        conflicts.append(Conflict(DELETED, base.get(DELETED) if base else None, values, winner))
    return Head(merge_rev(tips, content), content, tuple(tips), tuple(conflicts))
