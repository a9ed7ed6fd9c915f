"""The Conflicts queue: fields edited concurrently, waiting for a person to choose."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.core.db.base import synced_models, utcnow
from desktop.core.db.models_sync import Conflict, Peer, Revision
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.core.sync.records import _python


@dataclass(frozen=True)
class OpenConflict:
    id: str
    table: str
    row_id: str
    field: str
    base: Any
    values: dict[str, Any]  # leaf rev → value
    winner: str


def _open(c: Conflict) -> OpenConflict:
    detail = json.loads(c.detail)
    return OpenConflict(
        c.id, c.table_name, c.row_id, c.field, detail["base"], detail["values"], detail["winner"]
    )


def open_conflicts(profile: OpenProfile) -> list[OpenConflict]:
    """Every conflict not resolved yet, oldest first."""
    with profile.db.session() as s:
        rows = s.execute(
            select(Conflict).where(Conflict.resolved_rev.is_(None)).order_by(Conflict.detected_at)
        ).scalars()
        return [_open(c) for c in rows]


def find(profile: OpenProfile, conflict_id: str) -> OpenConflict:
    """An open conflict by its id, or by the first characters of it (at least six)."""
    key = conflict_id.strip().lower()
    found = [c for c in open_conflicts(profile) if c.id == key]
    if not found and len(key) >= 6:
        found = [c for c in open_conflicts(profile) if c.id.startswith(key)]
    if len(found) != 1:
        raise KhienError(_("There is no open conflict with this id."))
    return found[0]


@dataclass(frozen=True)
class Version:
    """One of a conflict's concurrent versions, numbered as the Conflicts view shows them."""

    number: int
    rev: str
    value: Any
    origin_node: str
    origin_name: str  # the office that made it ("" when unknown)
    mine: bool  # made on this installation


def versions(profile: OpenProfile, conflict: OpenConflict) -> list[Version]:
    """The versions of a conflict in rev order, each with the office that made it."""
    me = profile.node.node_id
    out = []
    with profile.db.session() as s:
        for n, (rev, value) in enumerate(sorted(conflict.values.items()), start=1):
            row = s.get(Revision, rev)
            origin = row.origin_node if row is not None else ""
            peer = s.get(Peer, origin) if origin else None
            name = profile.node.office_name if origin == me else (peer.name if peer else "")
            out.append(Version(n, rev, value, origin, name, origin == me))
    return out


def typed_value(text: str, like: list[Any]) -> Any:
    """Typed text as the type the other versions have (a number stays a number); None
    when it cannot be one."""
    text = text.strip()
    kinds = {type(v) for v in like if v is not None}
    if kinds == {int}:
        try:
            return int(text.replace(".", "").replace(" ", ""))
        except ValueError:
            return None
    if kinds == {bool}:
        return None  # a yes/no field is decided by keeping one of the versions
    return text


class OtherFieldsInConflict(ValidationError):
    """Resolving joins the record's concurrent versions: every field in conflict must be
    decided, or the person must accept the values shown for the others."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(
            _(
                "Other fields of this record are in conflict too ({fields}): choose their "
                "values as well, or keep the values shown."
            ).format(fields=", ".join(fields)),
            "others",
        )
        self.fields = fields


def resolve(
    profile: OpenProfile,
    table: str,
    row_id: str,
    values: dict[str, Any],
    *,
    keep_others: bool = False,
) -> str:
    """Write the chosen values as a new revision whose parents are every concurrent leaf;
    the row's open conflicts are closed by it. Returns the new rev.

    A record's concurrent versions can only be joined all at once: when other fields are
    in conflict and not in *values*, OtherFieldsInConflict is raised unless *keep_others*
    (the person chose to keep the values shown for them).
    """
    if Role(profile.user.role) == Role.STATISTICIAN:
        raise PermissionDenied(_("Your role may not resolve conflicts."))
    model = synced_models().get(table)
    with profile.db.session() as s:
        obj = s.get(model, row_id) if model is not None else None
        if obj is None:
            raise KhienError(_("This record no longer exists."))
        open_fields = s.execute(
            select(Conflict.field).where(Conflict.row_id == row_id, Conflict.resolved_rev.is_(None))
        ).scalars()
        others = sorted(set(open_fields) - set(values))
        if others and not keep_others:
            raise OtherFieldsInConflict(others)
        columns = {c.key: c for c in obj.__table__.columns}  # type: ignore[attr-defined]
        for name, value in values.items():
            if name not in columns or name in ("id", "rev", "parent_rev", "change_seq"):
                raise KhienError(_("This record has no such field."))
            try:  # a version's value comes as JSON (dates as text): back to the column's type
                setattr(obj, name, _python(columns[name], value))
            except KhienError:
                raise ValidationError(_("This value does not fit the field."), name) from None
        # Always a new revision, even when the provisional winner is kept: it is what
        # joins the concurrent leaves into one.
        obj.updated_at = utcnow()
        s.flush()
        rows = s.execute(
            select(Conflict).where(Conflict.row_id == row_id, Conflict.resolved_rev.is_(None))
        ).scalars()
        for c in rows:
            c.resolved_rev, c.resolved_at, c.resolved_by = obj.rev, utcnow(), profile.user.username
        audit.record(
            s, profile.node.node_id, profile.user.username, "conflict.resolve", table, row_id
        )
        return str(obj.rev)


# Tables whose rows have a harmless title to show in the queue (never a person's name).
_LABEL_FIELDS = {
    "outreach_events": "title",
    "campaign_plans": "title",
    "plan_tasks": "title",
    "offices": "name",
    "reference_items": "name",
}


def record_label(profile: OpenProfile, table: str, row_id: str) -> str:
    """A short name for the record in the Conflicts queue, or "" when it has none to show."""
    model, attr = synced_models().get(table), _LABEL_FIELDS.get(table)
    if model is None or attr is None:
        return ""
    with profile.db.session() as s:
        obj = s.get(model, row_id)
        return str(getattr(obj, attr, "") or "") if obj is not None else ""
