"""Sync metadata is maintained by the core on every insert, update and delete."""

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.core.db.models import NodeState, OutreachEvent
from desktop.core.db.syncmeta import compute_rev, tombstone


def _event(**kw) -> OutreachEvent:
    values = dict(kind="talk", title="Nói chuyện tại thôn Nà Lầu", held_on=dt.date(2026, 7, 30))
    values.update(kw)
    return OutreachEvent(**values)


def test_insert_sets_all_metadata(province):
    with province.db.session() as s:
        ev = _event()
        s.add(ev)
    assert len(ev.id) == 36 and ev.id[14] == "7"  # UUIDv7
    assert ev.parent_rev is None
    assert ev.origin_node == province.node.node_id
    assert ev.change_seq > 0
    assert ev.hlc.endswith(province.node.node_id[:8])
    assert ev.rev == compute_rev(ev.content(), None)
    assert ev.search_fold == "noi chuyen tai thon na lau"
    assert ev.deleted is False


def test_update_chains_revisions_and_advances_counters(province):
    with province.db.session() as s:
        ev = _event()
        s.add(ev)
    first_rev, first_seq, first_hlc = ev.rev, ev.change_seq, ev.hlc
    with province.db.session() as s:
        ev = s.get(OutreachEvent, ev.id)
        ev.title = "Mít tinh hưởng ứng Ngày toàn dân phòng, chống mua bán người"
    assert ev.parent_rev == first_rev
    assert ev.rev != first_rev
    assert ev.rev == compute_rev(ev.content(), first_rev)
    assert ev.change_seq > first_seq
    assert ev.hlc > first_hlc
    assert "mit tinh" in ev.search_fold


def test_setting_a_value_to_itself_makes_no_revision(province):
    with province.db.session() as s:
        ev = _event()
        s.add(ev)
    rev, seq = ev.rev, ev.change_seq
    with province.db.session() as s:
        ev = s.get(OutreachEvent, ev.id)
        ev.title = ev.title
    assert (ev.rev, ev.change_seq) == (rev, seq)


def test_delete_is_a_tombstone_and_hard_delete_is_refused(province):
    with province.db.session() as s:
        ev = _event()
        s.add(ev)
    with province.db.session() as s:
        row = s.get(OutreachEvent, ev.id)
        tombstone(row)
    with province.db.session() as s:
        row = s.get(OutreachEvent, ev.id)
        assert row.deleted is True and row.parent_rev == ev.rev
    with pytest.raises(RuntimeError), province.db.session() as s:
        s.delete(s.get(OutreachEvent, ev.id))
        s.flush()
    with province.db.session() as s:
        assert s.get(OutreachEvent, ev.id) is not None


def test_change_seq_is_monotonic_across_sessions(province):
    seqs = []
    for i in range(5):
        with province.db.session() as s:
            ev = _event(title=f"Sự kiện {i}")
            s.add(ev)
        seqs.append(ev.change_seq)
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    with province.db.session() as s:
        counter = s.execute(select(NodeState.change_seq)).scalar_one()
    assert counter >= seqs[-1]


def test_every_seeded_row_rev_recomputes_from_what_is_stored(province):
    from desktop.core.db.models import Account, Office, ReferenceItem

    with province.db.session() as s:
        rows = [*s.execute(select(ReferenceItem)).scalars(), *s.execute(select(Office)).scalars()]
        rows += list(s.execute(select(Account)).scalars())
        assert len(rows) > 40
        for row in rows:
            s.refresh(row)
            assert row.rev == compute_rev(row.content(), row.parent_rev), row


def test_a_time_filled_by_default_is_in_the_revision(province):
    """A case step's ``recorded_at`` (a callable default) was filled by the INSERT after the
    revision was made: the row held a time that never travelled (tools/simulate.py)."""
    import json

    from desktop.core.cases import service
    from desktop.core.db.models_cases import CaseTransition
    from desktop.core.db.models_sync import Revision
    from desktop.core.security.roles import Role
    from tests.core.cases_helpers import as_role, receive

    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    case_id = receive(officer)
    service.move(officer, case_id, "verifying", dt.date(2025, 9, 3))
    with province.db.session() as s:
        [step] = s.execute(
            select(CaseTransition).where(CaseTransition.case_id == case_id)
        ).scalars()
        logged = json.loads(s.get(Revision, step.rev).content)
        assert step.recorded_at is not None
        assert logged["recorded_at"] == step.recorded_at.isoformat()
