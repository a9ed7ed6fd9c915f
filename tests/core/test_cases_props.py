"""Property: no sequence of actions an officer can take leaves a case in an invalid state.

Random actions (allowed or not) are thrown at one case; refused ones must change nothing,
and after every action the case must agree with its append-only history."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.core.cases import records, rules, service
from desktop.core.db.models_cases import CaseTransition, Person, ReceptionCase, SupportEntry
from desktop.core.errors import ValidationError
from desktop.core.security.roles import Role
from tests.core.cases_helpers import D, as_role, receive

TARGETS = [*rules.STATUSES, rules.REOPEN]
action = st.one_of(
    st.tuples(st.just("move"), st.sampled_from(TARGETS), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("support"), st.sampled_from(list(rules.SUPPORT_TYPES)),
              st.integers(-2, 5), st.booleans()),
)  # fmt: skip


def _check(p, case_id: str) -> None:
    with p.db.session() as s:
        rc = s.get(ReceptionCase, case_id)
        person = s.get(Person, rc.person_id)
        steps = list(s.execute(select(CaseTransition).where(CaseTransition.case_id == case_id)
                                .order_by(CaseTransition.change_seq)).scalars())  # fmt: skip
        status = "received"
        last_on = rc.received_on
        for t in steps:
            assert t.from_status == status, "each step starts where the last ended"
            assert t.effective_on >= last_on
            assert t.to_status in rules.STATUSES
            status, last_on = t.to_status, t.effective_on
        assert rc.status == status and (rc.status_on or rc.received_on) == last_on
        assert (rc.status == rules.CLOSED) == bool(rc.closure_reason)
        assert rc.due_on == rules.due_date(rc.legal_regime, rc.status, rc.received_on, last_on)
        visited = {t.to_status for t in steps}
        if rules.NOT_VICTIM in visited:
            assert person.status == "not_victim"
        elif rules.IDENTIFIED in visited:
            assert person.status == "identified_victim"
        for e in s.execute(select(SupportEntry).where(SupportEntry.case_id == case_id)).scalars():
            assert e.amount >= 0 and e.given_on >= rc.received_on
            assert not e.outside_eligibility or e.reason


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=st.lists(action, min_size=1, max_size=14))
def test_no_sequence_of_actions_leaves_an_invalid_case(province, actions):
    p = as_role(province, Role.DISTRICT_OFFICER)
    cid = receive(p, on=D(2025, 6, 25), name=f"Người {len(actions)}")
    day = D(2025, 6, 25)
    for kind, target, days, with_reason in actions:
        on = day + dt.timedelta(days=days)
        try:
            if kind == "move":
                closure = "other" if target == rules.CLOSED and with_reason else ""
                service.move(p, cid, target, on, "lý do" if with_reason else "", closure)
                day = on
            else:
                entry = records.SupportInput(target, on, amount=days * 100_000,
                                             reason="đặc biệt" if with_reason else "")  # fmt: skip
                records.add_support(p, cid, entry)
        except ValidationError:
            pass
        _check(p, cid)
