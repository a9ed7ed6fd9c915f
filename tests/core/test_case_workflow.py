"""The workflow as the law has it: each channel's first deadline counted from the right
event, each step's own record, consent before referral and handover, the identification
paper, ages at reception, the support ledger's counter-entries — and, for any walk of
allowed steps, a status that agrees with the records."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.core.cases import records, rules, service, steps, views
from desktop.core.db.models_cases import SupportEntry
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.case_walk import PAPER, consent, details_for, walk
from tests.core.cases_helpers import D, as_role, receive


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


# (channel, received, notified) → first deadline: Art. 27(2) counts 3 days from the
# commune's notice for a person who reports (or comes back on their own); the other
# channels use the province's value (3 days by default) from the reception.
CHANNEL_DEADLINES = [
    ("self_reported", D(2025, 9, 2), D(2025, 9, 4), D(2025, 9, 7)),
    ("self_returned", D(2025, 9, 2), D(2025, 9, 5), D(2025, 9, 8)),
    ("self_reported", D(2025, 9, 2), None, D(2025, 9, 5)),  # no notice date: the reception
    ("rescued", D(2025, 9, 2), None, D(2025, 9, 5)),
    ("handed_over_border", D(2025, 9, 2), None, D(2025, 9, 5)),
    ("mission_abroad", D(2025, 9, 2), None, D(2025, 9, 5)),
    ("handed_over_body", D(2025, 9, 2), None, D(2025, 9, 5)),
    # Law 66/2011, Art. 24(2): 3 days from the notice too.
    ("self_reported", D(2025, 3, 30), D(2025, 3, 31), D(2025, 4, 3)),
]


@pytest.mark.parametrize(("channel", "received", "notified", "due"), CHANNEL_DEADLINES)
def test_each_channel_s_first_deadline(officer, channel, received, notified, due):
    cid = receive(officer, on=received, channel=channel, notified_on=notified)
    d = views.get_case(officer, cid)
    assert d.due_on == due
    basis = rules.channel_basis(channel, d.legal_regime)
    assert basis.endswith(
        _("Law 53/2024/QH15") if d.legal_regime == "2024" else _("Law 66/2011/QH12")
    )


def test_the_second_deadline_differs_by_law(officer):
    old = receive(officer, on=D(2025, 3, 3), channel="self_reported")
    service.move(officer, old, "verifying", D(2025, 3, 4))
    assert views.get_case(officer, old).due_on == D(2025, 3, 24)  # 2011 Art. 24(4): 20 days
    new = receive(officer, on=D(2025, 9, 2), channel="self_reported")
    service.move(officer, new, "verifying", D(2025, 9, 3))
    assert views.get_case(officer, new).due_on == D(2025, 9, 23)  # the province's 20 days


def test_a_notice_before_the_reception_is_refused(officer):
    with pytest.raises(ValidationError) as err:
        receive(officer, on=D(2025, 9, 2), channel="self_reported", notified_on=D(2025, 9, 1))
    assert err.value.field == "notified_on"


def test_a_person_with_a_paper_is_identified_without_verification(officer):
    cid = receive(officer, channel="mission_abroad")
    service.move(officer, cid, "identified", D(2025, 9, 2), details=details_for("identified"))
    d = views.get_case(officer, cid)
    assert d.status == "identified" and d.person_status == "identified_victim"
    assert d.document == steps.IdDocument("police", "12/XN", PAPER.issued_on, PAPER.issuer)


@pytest.mark.parametrize(
    ("paper", "field"),
    [(None, "doc_type"), (steps.IdDocument("letter", "1", D(2025, 9, 1), "CA"), "doc_type"),
     (steps.IdDocument("police", " ", D(2025, 9, 1), "CA"), "doc_number"),
     (steps.IdDocument("police", "1", None, "CA"), "doc_date"),
     (steps.IdDocument("police", "1", D(2025, 9, 3), "CA"), "doc_date"),
     (steps.IdDocument("police", "1", D(2025, 9, 1), ""), "doc_issuer")],
)  # fmt: skip
def test_identifying_needs_the_paper(officer, paper, field):
    cid = receive(officer)
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "identified", D(2025, 9, 2),
                     details=steps.StepDetails(document=paper))  # fmt: skip
    assert err.value.field == field
    d = views.get_case(officer, cid)
    assert d.status == "received" and d.steps == () and d.document is None


def test_referral_and_handover_need_the_consent_in_force(officer):
    cid = receive(officer)
    walk(officer, cid, "verifying", "identified")
    refer = details_for("referred")
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "referred", D(2025, 9, 3), details=refer)
    assert err.value.message == _("Record the person's consent to referral and to sharing first.")
    consent(officer, cid, D(2025, 9, 3), sharing=False)
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "referred", D(2025, 9, 3), details=refer)
    assert err.value.message == _("The person has not consented to sharing their information.")
    # Handing over to the family shares nothing with another body: referral consent is enough.
    service.move(officer, cid, "handed_over", D(2025, 9, 3), details=details_for("handed_over"))
    d = views.get_case(officer, cid)
    assert d.status == "handed_over" and d.handovers[0].receiver == "Hoàng Văn Bố"
    assert d.referrals == ()
    # A withdrawal is a newer consent.
    consent(officer, cid, D(2025, 9, 4), referral=False, sharing=False)
    assert views.get_case(officer, cid).consent.referral is False


def test_a_representative_s_consent_names_them(officer):
    cid = receive(officer)
    with pytest.raises(ValidationError) as err:
        consent(officer, cid, D(2025, 9, 2), given_by="representative")
    assert err.value.field == "representative"
    consent(officer, cid, D(2025, 9, 2), given_by="representative", representative="Hoàng Văn Bố")
    assert views.get_case(officer, cid).consent.representative == "Hoàng Văn Bố"


def test_a_handover_to_another_province_names_it(officer):
    cid = receive(officer)
    walk(officer, cid, "verifying", "identified")
    consent(officer, cid, D(2025, 9, 2))
    away = steps.HandoverInput("other_province", "Sở Y tế tỉnh Cao Bằng", "cán bộ")
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "handed_over", D(2025, 9, 2),
                     details=steps.StepDetails(handover=away))  # fmt: skip
    assert err.value.field == "province"
    away.province_code, away.commune_code = 4, 6040  # 6040 is a commune of Lạng Sơn
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "handed_over", D(2025, 9, 2),
                     details=steps.StepDetails(handover=away))  # fmt: skip
    assert err.value.field == "commune"
    away.commune_code = None
    service.move(officer, cid, "handed_over", D(2025, 9, 2),
                 details=steps.StepDetails(handover=away))  # fmt: skip
    assert views.get_case(officer, cid).handovers[0].province_code == 4


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "estimated", "expected"),
    [(D(2008, 9, 3), None, False, (16, False, False, True)),  # exact: 16
     (D(2007, 9, 2), None, False, (18, False, False, False)),  # 18 on the day
     (None, 2007, False, (18, True, True, True)),  # a year alone: may still be 17
     (None, 2006, False, (19, True, False, False)),
     (None, 2010, True, (15, True, False, True)),
     (D(2007, 1, 1), None, True, (18, True, True, True)),  # an estimated date: uncertain
     (None, None, False, (None, False, True, True))],  # nothing known: presumed a child
)  # fmt: skip
def test_the_age_at_reception(birth_date, birth_year, estimated, expected):
    age = rules.reception_age(birth_date, birth_year, estimated, D(2025, 9, 2))
    assert (age.years, age.approximate, age.presumed_child, age.child) == expected


def test_the_case_keeps_the_age_it_was_received_at(officer):
    cid = receive(officer, birth=None, birth_year=2007)
    d = views.get_case(officer, cid)
    assert (d.age, d.age_approximate, d.child_presumed, d.is_child) == (18, True, True, True)


def test_a_wrong_support_entry_is_corrected_by_a_counter_entry(officer):
    cid = receive(officer)
    walk(officer, cid, "verifying", "identified")
    wrong = records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 3), 900_000))
    records.add_support(officer, cid, records.SupportInput("b", D(2025, 9, 3), 100_000))
    with pytest.raises(ValidationError):
        records.correct_support(officer, wrong, "  ")
    fix = records.correct_support(officer, wrong, "Nhập nhầm số tiền")
    d = views.get_case(officer, cid)
    assert [e.amount for e in d.support] == [900_000, 100_000, -900_000]
    assert d.support_total == 100_000 and d.corrected == {wrong}
    counter = next(e for e in d.support if e.id == fix)
    assert counter.corrects_id == wrong and counter.reason == "Nhập nhầm số tiền"
    for again in (wrong, fix):  # never twice, never a correction of a correction
        with pytest.raises(ValidationError):
            records.correct_support(officer, again, "lần nữa")
    with officer.db.session() as s:
        assert audit.count(s, "case.support.corrected") == 1
        original = s.get(SupportEntry, wrong)
        assert original.amount == 900_000  # never edited


def test_a_negative_amount_without_the_entry_it_corrects_is_refused(officer):
    cid = receive(officer)
    with officer.db.session() as s:
        before = len(list(s.execute(select(SupportEntry.id)).scalars()))
    with pytest.raises(ValidationError), officer.db.session() as s:
        s.add(SupportEntry(case_id=cid, support_type="a", given_on=D(2025, 9, 3), amount=-5))
        s.flush()
    with officer.db.session() as s:
        assert len(list(s.execute(select(SupportEntry.id)).scalars())) == before


# -- any walk of allowed steps keeps the status and the records in agreement -------------


@st.composite
def _paths(draw: st.DrawFn) -> list[str]:
    path, status, before_close = [], rules.RECEIVED, rules.RECEIVED
    for _i in range(draw(st.integers(0, 8))):
        choices = [rules.REOPEN] if status == rules.CLOSED else [*rules.next_statuses(status)]
        nxt = draw(st.sampled_from(choices))
        path.append(nxt)
        if nxt == rules.CLOSED:
            before_close = status
        status = before_close if nxt == rules.REOPEN else nxt
    return path


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=_paths())
def test_any_walk_keeps_the_status_in_agreement_with_the_records(officer, path):
    cid = receive(officer)
    walk(officer, cid, *path)
    d = views.get_case(officer, cid)
    reached = {s.to_status for s in d.steps}
    assert (rules.IDENTIFIED in reached) == (d.document is not None)
    assert (rules.REFERRED in reached) == bool(d.referrals)
    assert (rules.HANDED_OVER in reached) == bool(d.handovers)
    assert (rules.FOLLOWED_UP in reached) == bool(d.follow_ups)
    # A reopening returns to the status before closing: it is no second referral.
    made = [s for s in d.steps if s.from_status != rules.CLOSED]
    assert sum(s.to_status == rules.REFERRED for s in made) == len(d.referrals)
    if d.referrals or d.handovers:
        assert d.consent is not None and d.consent.referral
    last = d.steps[-1].to_status if d.steps else rules.RECEIVED
    assert d.status == last  # a reopening's step names the status it returns to
    assert isinstance(d.received_on, dt.date)


def test_a_reopening_is_not_counted_as_a_second_referral(officer):
    from desktop.core import stats

    cid = receive(officer)
    walk(officer, cid, "verifying", "identified", "referred", on=D(2025, 9, 2))
    service.move(officer, cid, "closed", D(2025, 10, 1), "chuyển đi", "moved_away")
    service.move(officer, cid, rules.REOPEN, D(2025, 10, 2), "quay lại")
    assert views.get_case(officer, cid).status == "referred"
    with officer.db.session() as s:
        october = stats.compute(s, D(2025, 10, 1), D(2025, 10, 31))
    assert october["steps"].get("referred", 0) == 0
    assert october["steps"]["closed"] == 1


def test_the_timeline_keeps_a_day_s_consent_first_and_each_record_under_its_step(officer):
    cid = receive(officer)
    walk(officer, cid, "verifying", "identified", "referred", "handed_over", on=D(2025, 9, 2))
    service.move(officer, cid, "closed", D(2025, 9, 2), "xong", "reintegrated", agency="police")
    events = views.timeline(views.get_case(officer, cid), {"police": "Công an tỉnh"})
    kinds = [e.kind for e in events]
    assert kinds[0] == "step"  # the reception
    assert kinds.index("consent") < kinds.index("referral") < kinds.index("handover")
    assert kinds[kinds.index("referral") - 1] == "step"  # right under the Refer step
    assert events[-1].what == rules.status_label(rules.CLOSED)
    assert events[-1].detail.endswith(_("agency: {name}").format(name="Công an tỉnh"))
    assert [e.on for e in events] == sorted(e.on for e in events)


def test_a_home_commune_outside_the_home_province_is_refused_at_reception(officer):
    person = service.PersonInput(
        "Lò Thị Ba", "female", home_province_code=4, home_commune_code=6040
    )
    case = service.CaseInput(received_on=D(2025, 9, 2), channel="rescued")
    with pytest.raises(ValidationError) as err:  # 6040 is a commune of Lạng Sơn, not Cao Bằng
        service.create_case(officer, person, case)
    assert err.value.message == _("The home commune is not a commune of the home province.")
    cid = receive(officer)  # the province is the commune's when none is given
    assert views.get_case(officer, cid).identity.home_province_code == 20
