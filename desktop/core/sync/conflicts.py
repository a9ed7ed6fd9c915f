"""The Conflicts queue: fields edited concurrently, waiting for a person to choose."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.core.db.base import utcnow
from desktop.core.db.models_sync import Conflict
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.sync.records import synced_models


@dataclass(frozen=True)
class OpenConflict:
    id: str
    table: str
    row_id: str
    field: str
    base: Any
    values: dict[str, Any]  # leaf rev → value
    winner: str


def open_conflicts(profile: OpenProfile) -> list[OpenConflict]:
    """Every conflict not resolved yet, oldest first."""
    with profile.db.session() as s:
        rows = s.execute(
            select(Conflict).where(Conflict.resolved_rev.is_(None)).order_by(Conflict.detected_at)
        ).scalars()
        out = []
        for c in rows:
            detail = json.loads(c.detail)
            out.append(
                OpenConflict(
                    c.id,
                    c.table_name,
                    c.row_id,
                    c.field,
                    detail["base"],
                    detail["values"],
                    detail["winner"],
                )
            )
        return out


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
        for name, value in values.items():
            setattr(obj, name, value)
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
