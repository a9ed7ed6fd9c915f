"""Undo a deletion: a row the officer has just deleted comes back.

Deleting a synced row only tombstones it (``deleted = True``, see ``db.syncmeta``), so a
restore is an ordinary edit: the row is marked live again, and the sync hook gives it a new
revision on top of the tombstone, which travels like any other change (an office that has
merged the deletion merges the restore after it).

A restore is refused, in one sentence, when it is no longer the undo of a deletion just made
here: the row is not deleted, its deletion was made on another computer, it has changed
since (its revision is not the tombstone), or the deletion is older than ``UNDO_WINDOW``.
The permission is the one the deletion needed, asked of the same function the deleting
service asks. Each restore is an audit line ``<kind>.restore``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import other_figures
from desktop.core.db.base import Synced, utcnow
from desktop.core.db.models_figures import OtherBodyFigure
from desktop.core.db.models_outreach import EventAttachment, OutreachEvent
from desktop.core.db.models_sync import Revision
from desktop.core.errors import KhienError, PermissionDenied
from desktop.core.i18n import _
from desktop.core.outreach import events
from desktop.core.profile import OpenProfile
from desktop.core.security import audit

# The status bar offers Undo for seconds; the core accepts a little longer (a slow click,
# a message box in between), never for a deletion an officer has forgotten.
UNDO_WINDOW = dt.timedelta(minutes=10)


def _event_allowed(profile: OpenProfile, session: Session, row: Synced) -> None:
    assert isinstance(row, OutreachEvent)
    if not events.can_edit(profile, row.author):
        raise PermissionDenied(_("Only its author or a supervisor may change this event."))


def _attachment_allowed(profile: OpenProfile, session: Session, row: Synced) -> None:
    assert isinstance(row, EventAttachment)
    ev = session.get(OutreachEvent, row.event_id)
    if ev is None or ev.deleted:
        raise KhienError(_("The event this photo belongs to no longer exists."))
    if not events.can_edit(profile, ev.author):
        raise PermissionDenied(_("Only its author or a supervisor may change this event."))


def _figure_allowed(profile: OpenProfile, session: Session, row: Synced) -> None:
    assert isinstance(row, OtherBodyFigure)
    other_figures.require_editor(profile)  # the check other_figures.delete makes
    # Its days may have been entered again since: back, it would count them twice.
    other_figures.refuse_overlap(session, other_figures.input_of(row), row.id)


@dataclass(frozen=True)
class Kind:
    model: type[Synced]
    name: str  # the audit action's prefix: "<name>.restore"
    allowed: Callable[[OpenProfile, Session, Synced], None]  # raises when not allowed


KINDS: dict[str, Kind] = {
    "outreach_events": Kind(OutreachEvent, "event", _event_allowed),
    "event_attachments": Kind(EventAttachment, "attachment", _attachment_allowed),
    "other_body_figures": Kind(OtherBodyFigure, "figure", _figure_allowed),
}


def _deleted_in(content: str) -> bool:
    try:
        return bool(json.loads(content).get("deleted"))
    except (ValueError, AttributeError):
        return False


def _is_fresh_tombstone(session: Session, profile: OpenProfile, row: Synced) -> bool:
    """True when the row's current revision is its deletion, made on this computer, on top
    of a revision where it was live (nothing has happened to it since)."""
    current = session.get(Revision, row.rev)
    if current is None or current.origin_node != profile.node.node_id:
        return False
    if not _deleted_in(current.content):
        return False
    parents = current.parents.split()
    if not parents:
        return False
    before = session.execute(select(Revision.content).where(Revision.rev.in_(parents))).all()
    return bool(before) and not any(_deleted_in(r.content) for r in before)


def restore(
    profile: OpenProfile, table: str, row_id: str, *, now: dt.datetime | None = None
) -> None:
    """Bring back the row *row_id* of *table* that was just deleted here (undo)."""
    kind = KINDS.get(table)
    if kind is None:
        raise KhienError(_("Records of this kind cannot be brought back."))
    with profile.db.session() as s:
        row = s.get(kind.model, row_id)
        if row is None:
            raise KhienError(_("This record no longer exists."))
        if not row.deleted:
            raise KhienError(_("This record is not deleted: there is nothing to undo."))
        kind.allowed(profile, s, row)
        if not _is_fresh_tombstone(s, profile, row):
            raise KhienError(
                _("This record has changed since it was deleted: it cannot be undone.")
            )
        if (now or utcnow()) - row.updated_at > UNDO_WINDOW:
            raise KhienError(_("This deletion was made too long ago to be undone."))
        row.deleted = False
        audit.record(
            s, profile.node.node_id, profile.user.username, f"{kind.name}.restore", table, row_id
        )
