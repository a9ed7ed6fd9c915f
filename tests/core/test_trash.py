"""Undo of a deletion (issue 17 point 1): a tombstoned row comes back as a new revision, with
the permission its deletion needed and an audit line; a stale undo is one sentence."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop.core import trash
from desktop.core.db.base import utcnow
from desktop.core.db.models import AuditEvent
from desktop.core.db.models_outreach import OutreachEvent
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import canonical_json
from desktop.core.errors import KhienError, PermissionDenied
from desktop.core.i18n import _
from desktop.core.outreach import events
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import add_event, as_role

TABLE = "outreach_events"


@pytest.fixture
def officer(province):
    return as_role(province, Role.COMMUNE_OFFICER, "xa1")


def _row(p, event_id: str) -> OutreachEvent:
    with p.db.session() as s:
        row = s.get(OutreachEvent, event_id)
        assert row is not None
        s.expunge(row)
        return row


def _refusal(p, event_id: str, **kw) -> str:
    with pytest.raises(KhienError) as caught:
        trash.restore(p, TABLE, event_id, **kw)
    return caught.value.message


def test_a_deleted_event_comes_back_as_a_new_revision_with_an_audit_line(officer):
    event_id = add_event(officer)
    live = _row(officer, event_id)
    events.delete_event(officer, event_id)
    tomb = _row(officer, event_id)
    assert tomb.deleted and tomb.parent_rev == live.rev

    trash.restore(officer, TABLE, event_id)

    back = _row(officer, event_id)
    assert not back.deleted
    assert back.parent_rev == tomb.rev, "the restore is made on top of the deletion"
    assert back.rev not in (live.rev, tomb.rev) and back.change_seq > tomb.change_seq
    assert events.load_event(officer, event_id).data.title == live.title
    with officer.db.session() as s:
        stored = s.get(Revision, back.rev)
        assert stored is not None and stored.parents == tomb.rev
        assert json.loads(stored.content)["deleted"] is False
        lines = s.scalars(select(AuditEvent).where(AuditEvent.action == "event.restore")).all()
        assert [(a.actor, a.target_type, a.target_id) for a in lines] == [("xa1", TABLE, event_id)]


def test_only_who_could_delete_may_restore(officer):
    event_id = add_event(officer)
    events.delete_event(officer, event_id)
    other = as_role(officer, Role.COMMUNE_OFFICER, "xa2")
    with pytest.raises(PermissionDenied):
        trash.restore(other, TABLE, event_id)
    supervisor = as_role(officer, Role.DISTRICT_OFFICER, "huyen")
    trash.restore(supervisor, TABLE, event_id)
    assert not _row(officer, event_id).deleted


def test_a_deletion_long_ago_is_refused(officer):
    event_id = add_event(officer)
    events.delete_event(officer, event_id)
    later = utcnow() + trash.UNDO_WINDOW + dt.timedelta(seconds=1)
    assert _refusal(officer, event_id, now=later) == _(
        "This deletion was made too long ago to be undone."
    )
    assert _row(officer, event_id).deleted


def test_nothing_to_undo_and_unknown_kinds(officer):
    event_id = add_event(officer)
    assert _refusal(officer, event_id) == _("This record is not deleted: there is nothing to undo.")
    events.delete_event(officer, event_id)
    trash.restore(officer, TABLE, event_id)
    assert _refusal(officer, event_id) == _("This record is not deleted: there is nothing to undo.")
    assert _refusal(officer, "no-such-id") == _("This record no longer exists.")
    with pytest.raises(KhienError):
        trash.restore(officer, "cases", event_id)


def test_a_row_changed_since_its_deletion_is_refused(officer):
    """A bundle merged after the deletion left a newer revision (made elsewhere)."""
    event_id = add_event(officer)
    events.delete_event(officer, event_id)
    tomb = _row(officer, event_id)
    with officer.db.session() as s:
        s.info["sync_passthrough"] = True
        row = s.get(OutreachEvent, event_id)
        assert row is not None
        row.title = "Tiêu đề sửa ở văn phòng huyện"
        newer = "f" * 64
        s.add(
            Revision(
                rev=newer, table_name=TABLE, row_id=event_id, parents=tomb.rev,
                content=canonical_json(row.content()), hlc=tomb.hlc,
                origin_node="another-node", change_seq=tomb.change_seq + 1,
            )
        )  # fmt: skip
        row.parent_rev, row.rev = tomb.rev, newer
    assert _refusal(officer, event_id) == _(
        "This record has changed since it was deleted: it cannot be undone."
    )
    assert _row(officer, event_id).deleted


def test_a_deletion_made_twice_over_is_undone_once_at_a_time(officer):
    event_id = add_event(officer)
    for _round in range(2):
        events.delete_event(officer, event_id)
        trash.restore(officer, TABLE, event_id)
    assert not _row(officer, event_id).deleted
