"""The Conflicts queue: fields edited concurrently, waiting for a person to choose.

A received person's identity (``models_cases.IDENTITY_FIELDS``) stays masked here as in
the case view: for a role that may not see identity (``roles.can_see_identity``) a
conflict on such a field carries no value at all (``masked``), the record is named by its
case code, never by a name, and the conflict cannot be resolved. Showing the versions of
such a conflict to a role that may see them is audited like opening the case
(``case.identity.read``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.base import synced_models, utcnow
from desktop.core.db.models_cases import Person, ReceptionCase, is_identity
from desktop.core.db.models_sync import Conflict, Peer, Revision
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.security.roles import Role, can_see_identity
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
    masked: bool = False  # a person's identity this role may not see: no value is here

    @property
    def identity(self) -> bool:
        """The field is a received person's identity (masked or not)."""
        return is_identity(self.table, self.field)


def hidden_text() -> str:
    """What is shown instead of a masked value."""
    return _("(hidden: a person's identity)")


def _open(c: Conflict, may_see_identity: bool) -> OpenConflict:
    detail = json.loads(c.detail)
    base, values = detail["base"], detail["values"]
    masked = not may_see_identity and is_identity(c.table_name, c.field)
    if masked:
        base, values = None, dict.fromkeys(values)
    return OpenConflict(
        c.id, c.table_name, c.row_id, c.field, base, values, detail["winner"], masked
    )


def open_conflicts(profile: OpenProfile) -> list[OpenConflict]:
    """Every conflict not resolved yet, oldest first; the values of a person's identity
    only for a role that may see them (they are shown, and audited, by ``versions``)."""
    shown = can_see_identity(profile.user.role)
    with profile.db.session(read=True) as s:
        rows = s.execute(
            select(Conflict).where(Conflict.resolved_rev.is_(None)).order_by(Conflict.detected_at)
        ).scalars()
        return [_open(c, shown) for c in rows]


def may_resolve(profile: OpenProfile, conflict: OpenConflict) -> bool:
    """Whether the signed-in role may choose this conflict's value."""
    return Role(profile.user.role) != Role.STATISTICIAN and not conflict.masked


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
    masked: bool = False  # value withheld: a person's identity this role may not see


def _person_case(s: Session, person_id: str) -> ReceptionCase | None:
    """The person's first case (the one a label or an audit line names), if any is here."""
    q = select(ReceptionCase).where(
        ReceptionCase.person_id == person_id, ReceptionCase.deleted.is_(False)
    )
    return s.execute(q.order_by(ReceptionCase.received_on).limit(1)).scalars().first()


def _audit_identity_read(s: Session, profile: OpenProfile, conflict: OpenConflict) -> None:
    """Showing a person's identity in a conflict, audited as opening the case is."""
    details = {"field": conflict.field, "conflict": conflict.id}
    rc = _person_case(s, conflict.row_id)
    if rc is not None:
        target, target_id = "case", rc.id
        details["code"] = rc.case_code
    else:
        target, target_id = "person", conflict.row_id
    audit.record(
        s, profile.node.node_id, profile.user.username, "case.identity.read", target,
        target_id, details,
    )  # fmt: skip


def versions(profile: OpenProfile, conflict: OpenConflict) -> list[Version]:
    """The versions of a conflict in rev order, each with the office that made it. The
    values of a person's identity are withheld from a role that may not see them; showing
    them to one that may is audited (``case.identity.read``)."""
    masked = conflict.masked or (conflict.identity and not can_see_identity(profile.user.role))
    me = profile.node.node_id
    out = []
    audited = bool(conflict.identity and not masked)
    with profile.db.session(read=not audited) as s:
        for n, (rev, value) in enumerate(sorted(conflict.values.items()), start=1):
            row = s.get(Revision, rev)
            origin = row.origin_node if row is not None else ""
            peer = s.get(Peer, origin) if origin else None
            name = profile.node.office_name if origin == me else (peer.name if peer else "")
            shown = None if masked else value
            out.append(Version(n, rev, shown, origin, name, origin == me, masked))
        if audited:
            _audit_identity_read(s, profile, conflict)
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
        open_fields = set(
            s.execute(
                select(Conflict.field).where(
                    Conflict.row_id == row_id, Conflict.resolved_rev.is_(None)
                )
            ).scalars()
        )
        # Resolving decides every open field of the row: none may be an identity field
        # the person may not see.
        decided = open_fields | set(values)
        if not can_see_identity(profile.user.role) and any(is_identity(table, f) for f in decided):
            raise PermissionDenied(
                _("Your role may not see a person's identity, so it may not resolve a "
                  "conflict on it.")
            )  # fmt: skip
        others = sorted(open_fields - set(values))
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
    "other_body_figures": "source_body",
    "offices": "name",
    "reference_items": "name",
}


def record_label(profile: OpenProfile, table: str, row_id: str) -> str:
    """A short name for the record in the Conflicts queue, or "" when it has none to show.
    A person, a case and a case's rows are named by the case code, for every role: the
    queue never shows a person's name."""
    model, attr = synced_models().get(table), _LABEL_FIELDS.get(table)
    if model is None:
        return ""
    with profile.db.session(read=True) as s:
        obj = s.get(model, row_id)
        if obj is None:
            return ""
        if isinstance(obj, Person):
            rc = _person_case(s, obj.id)
            return rc.case_code if rc is not None else ""
        if isinstance(obj, ReceptionCase):
            return obj.case_code
        case_id = getattr(obj, "case_id", None)
        if isinstance(case_id, str):
            rc = s.get(ReceptionCase, case_id)
            return rc.case_code if rc is not None else ""
        return str(getattr(obj, attr, "") or "") if attr is not None else ""
