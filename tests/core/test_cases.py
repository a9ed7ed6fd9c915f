"""Reception cases in core: workflow, deadlines, regime, eligibility, masking, duplicates,
bad input refused with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.core.cases import duplicates, listing, records, rules, service, steps, views
from desktop.core.db.models_cases import CaseTransition, ReceptionCase, SupportEntry
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.security.roles import Role
from tests.core.case_walk import PAPER, walk
from tests.core.cases_helpers import D, as_role, receive


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER)


def _count(p, model) -> int:
    with p.db.session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _walk(p, case_id, *steps):
    walk(p, case_id, *steps)


def test_a_case_goes_from_reception_to_closure_and_reopens(officer):
    cid = receive(officer)
    _walk(officer, cid, "verifying", "identified", "referred", "handed_over", "reintegrated",
          "followed_up", "closed")  # fmt: skip
    detail = views.get_case(officer, cid)
    assert detail.status == "closed" and detail.closure_reason == "reintegrated"
    assert [s.to_status for s in detail.steps] == [
        "verifying", "identified", "referred", "handed_over", "reintegrated", "followed_up",
        "closed"]  # fmt: skip
    # Each step made its record: the status agrees with the records.
    assert detail.document is not None and detail.document.number == "12/XN"
    assert (len(detail.referrals), len(detail.handovers), len(detail.follow_ups)) == (1, 1, 1)
    assert detail.person_status == "identified_victim"
    service.move(officer, cid, rules.REOPEN, D(2025, 9, 3), "tái phát")
    detail = views.get_case(officer, cid)
    assert detail.status == "followed_up" and detail.closure_reason == ""
    assert detail.steps[-1].from_status == "closed" and detail.steps[-1].reason == "tái phát"


@pytest.mark.parametrize(
    ("path", "bad"),
    [((), "referred"), (("verifying",), "handed_over"),
     (("verifying", "not_victim"), "identified"), (("verifying", "identified"), "verifying"),
     ((), "supported")],
)  # fmt: skip
def test_forbidden_transitions_are_refused_and_nothing_changes(officer, path, bad):
    cid = receive(officer)
    _walk(officer, cid, *path)
    before = _count(officer, CaseTransition)
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, bad, D(2025, 9, 2), "x")
    assert err.value.field == "status"
    assert _count(officer, CaseTransition) == before
    assert views.get_case(officer, cid).status == (path[-1] if path else "received")


def test_closing_needs_a_reason_and_a_closure_reason(officer):
    cid = receive(officer)
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "closed", D(2025, 9, 3))
    assert err.value.field == "reason"
    with pytest.raises(ValidationError) as err:
        service.move(officer, cid, "closed", D(2025, 9, 3), "lý do")
    assert err.value.field == "closure_reason"
    assert views.get_case(officer, cid).status == "received"


def test_a_step_cannot_go_back_in_time(officer):
    cid = receive(officer)
    service.move(officer, cid, "verifying", D(2025, 9, 4))
    paper = steps.StepDetails(document=PAPER)
    with pytest.raises(ValidationError):
        service.move(officer, cid, "identified", D(2025, 9, 3), details=paper)
    with pytest.raises(ValidationError):
        service.move(officer, cid, "identified", D(2025, 9, 1), details=paper)


def test_initial_verification_is_due_three_days_after_reception_across_a_month_end(officer):
    cid = receive(officer, on=D(2025, 1, 30))
    detail = views.get_case(officer, cid)
    assert detail.due_on == D(2025, 2, 2)
    ids = listing.case_ids(officer, listing.CaseFilter(overdue=True), today=D(2025, 2, 3))
    assert ids == [cid]
    assert listing.case_ids(officer, listing.CaseFilter(overdue=True), today=D(2025, 2, 2)) == []
    # Law 66/2011, Art. 24(4): the police verify within 20 days of the request.
    service.move(officer, cid, "verifying", D(2025, 1, 31))
    assert views.get_case(officer, cid).due_on == D(2025, 2, 20)


def test_regime_follows_identification_across_1_july_2025(officer):
    cid = receive(officer, on=D(2025, 6, 29))
    assert views.get_case(officer, cid).legal_regime == "2011"
    assert views.get_case(officer, cid).due_on == D(2025, 7, 2)
    paper = steps.StepDetails(document=PAPER)
    service.move(officer, cid, "verifying", D(2025, 6, 30))
    service.move(officer, cid, "identified", D(2025, 7, 1), details=paper)
    assert views.get_case(officer, cid).legal_regime == "2024"
    early = receive(officer, on=D(2025, 6, 28))
    service.move(officer, early, "verifying", D(2025, 6, 29))
    early_paper = steps.StepDetails(document=steps.IdDocument("police", "1", D(2025, 6, 30), "CA"))
    service.move(officer, early, "identified", D(2025, 6, 30), details=early_paper)
    assert views.get_case(officer, early).legal_regime == "2011"


def test_regime_can_be_changed_only_with_a_reason(officer):
    cid = receive(officer, on=D(2025, 6, 29))
    with pytest.raises(ValidationError):
        service.change_regime(officer, cid, "2024", " ")
    service.change_regime(officer, cid, "2024", "Quyết định của Sở")
    d = views.get_case(officer, cid)
    assert (d.legal_regime, d.regime_proposed, d.regime_reason) == (
        "2024",
        "2011",
        "Quyết định của Sở",
    )
    with pytest.raises(ValidationError):
        receive(officer, on=D(2025, 6, 29), regime="2024")


def test_support_outside_eligibility_needs_a_reason(officer):
    cid = receive(officer)
    entry = records.SupportInput("k", D(2025, 9, 3), amount=2_000_000)
    with pytest.raises(ValidationError) as err:
        records.add_support(officer, cid, entry)
    assert err.value.field == "reason"
    assert _count(officer, SupportEntry) == 0
    entry.reason = "Hoàn cảnh đặc biệt khó khăn"
    records.add_support(officer, cid, entry)
    records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 3), amount=500_000))
    d = views.get_case(officer, cid)
    assert [(e.support_type, e.outside_eligibility) for e in d.support] == [
        ("k", True),
        ("a", False),
    ]
    assert d.support_total == 2_500_000


@pytest.mark.parametrize("amount", [-1, 1.5, "100", 10.25])
def test_bad_amounts_are_refused(officer, amount):
    cid = receive(officer)
    with pytest.raises(ValidationError):
        records.add_support(officer, cid, records.SupportInput("a", D(2025, 9, 3), amount=amount))
    assert _count(officer, SupportEntry) == 0


def test_parse_amount():
    assert rules.parse_amount("1.500.000") == 1_500_000
    assert rules.parse_amount("1500000 ₫") == 1_500_000
    for bad in ("-5", "1,5", "abc"):
        with pytest.raises(ValidationError):
            rules.parse_amount(bad)


def test_impossible_dates_are_refused(officer):
    with pytest.raises(ValidationError) as err:
        receive(officer, birth=D(2025, 10, 1), on=D(2025, 9, 2))
    assert err.value.field == "birth"
    assert _count(officer, ReceptionCase) == 0
    cid = receive(officer)
    with pytest.raises(ValidationError):
        records.add_shelter_stay(officer, cid, "Trung tâm CTXH", D(2025, 9, 5), D(2025, 9, 4))
    stay = records.add_shelter_stay(officer, cid, "Trung tâm CTXH", D(2025, 9, 5))
    with pytest.raises(ValidationError):
        records.discharge(officer, stay, D(2025, 9, 1))
    records.discharge(officer, stay, D(2025, 9, 20))
    assert views.get_case(officer, cid).stays[0].discharged_on == D(2025, 9, 20)


def test_children_are_flagged_from_the_birth_date(officer):
    child = receive(officer, birth=D(2007, 9, 3), on=D(2025, 9, 2))  # 17 the day before 18
    adult = receive(officer, name="Lý Thị Mai", birth=D(2007, 9, 2), on=D(2025, 9, 2))
    assert views.get_case(officer, child).is_child
    assert not views.get_case(officer, adult).is_child
    assert listing.case_ids(officer, listing.CaseFilter(children=True)) == [child]


def test_identity_is_masked_for_statisticians_and_reads_are_audited(officer):
    cid = receive(officer)
    with officer.db.session() as s:
        before = audit.count(s, "case.identity.read")
    assert views.get_case(officer, cid).identity.full_name == "Hoàng Thị Hòa"
    with officer.db.session() as s:
        assert audit.count(s, "case.identity.read") == before + 1
    code = views.get_case(officer, cid).code
    as_role(officer, Role.STATISTICIAN)
    masked = views.get_case(officer, cid)
    assert masked.identity is None and masked.code == code
    assert views.display_name(masked) == code
    rows = listing.case_rows(officer, listing.case_ids(officer, listing.CaseFilter()))
    assert [(r.code, r.name) for r in rows] == [(code, "")]
    assert listing.case_ids(officer, listing.CaseFilter(text="hoa")) == []
    with officer.db.session() as s:
        assert audit.count(s, "case.identity.read") == before + 2  # only the officer's two
    with pytest.raises(PermissionDenied):
        service.move(officer, cid, "verifying", D(2025, 9, 3))


def test_duplicates_on_folded_name_birth_and_commune(officer):
    first = receive(officer, name="Hoàng Thị Hoà")
    dups = duplicates.find_duplicates(officer, "hoang thi hoa", D(2001, 3, 4), None, 6040)
    assert len(dups) == 1 and dups[0].score == 2
    assert duplicates.find_duplicates(officer, "Hoàng Thị Hòa", None, 1999, 9999) == []
    person_id = dups[0].person_id
    second = service.create_case(
        officer,
        None,
        service.CaseInput(D(2025, 10, 1), "self_reported"),
        existing_person_id=person_id,
    )
    with officer.db.session() as s:
        persons = {s.get(ReceptionCase, c).person_id for c in (first, second)}
    assert persons == {person_id}


def test_list_filters_and_accent_insensitive_search(officer):
    a = receive(officer, name="Nguyễn Thị Đào", on=D(2025, 9, 2))
    b = receive(officer, name="Vi Văn Dũng", on=D(2024, 5, 6), commune=None)
    everything = listing.case_ids(officer, listing.CaseFilter())
    assert everything == [a, b]  # newest first
    assert listing.case_ids(officer, listing.CaseFilter(text="dao")) == [a]
    assert listing.case_ids(officer, listing.CaseFilter(regime="2011")) == [b]
    assert listing.case_ids(officer, listing.CaseFilter(commune_code=6040)) == [a]
    assert listing.case_ids(officer, listing.CaseFilter(date_from=D(2025, 1, 1))) == [a]
    assert listing.case_ids(officer, listing.CaseFilter(age_group="18-29")) == [a, b]
    assert listing.case_ids(officer, listing.CaseFilter(age_group="0-15")) == []
    _walk(officer, b, "verifying")
    assert listing.case_ids(officer, listing.CaseFilter(status="verifying")) == [b]
    assert listing.case_ids(officer, listing.CaseFilter(sex="male")) == []
    rows = listing.case_rows(officer, [b, a])
    assert [r.name for r in rows] == ["Vi Văn Dũng", "Nguyễn Thị Đào"]


def test_records_need_their_text_and_first_ones_are_steps(officer):
    cid = receive(officer)
    with pytest.raises(ValidationError):
        records.add_follow_up(officer, cid, D(2025, 9, 5), " ")
    with pytest.raises(ValidationError):
        records.add_referral(officer, cid, "", D(2025, 9, 5))
    # A first referral or follow-up is the case's step, not a loose record.
    with pytest.raises(ValidationError) as err:
        records.add_referral(officer, cid, "Trung tâm CTXH tỉnh", D(2025, 9, 5), "học nghề")
    assert err.value.message == _(
        "A first referral is a step of the case: use “Refer” in the workflow."
    )
    _walk(officer, cid, "verifying", "identified", "referred", "handed_over", "followed_up")
    records.add_referral(officer, cid, "Bệnh viện tỉnh", D(2025, 9, 5), "điều trị")
    records.add_follow_up(officer, cid, D(2025, 9, 6), "Ổn định")
    records.add_note(officer, cid, "Ghi chú")
    d = views.get_case(officer, cid)
    assert (len(d.referrals), len(d.follow_ups), len(d.notes)) == (2, 2, 1)


def test_future_dates_are_refused(officer):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        receive(officer, on=tomorrow)


def test_stats_add_support_by_type_with_counts_and_amounts(officer):
    from desktop.core import stats

    cid = receive(officer)
    _walk(officer, cid, "verifying", "identified")
    for code, amount, on in (("a", 500_000, D(2025, 9, 3)), ("a", 250_000, D(2025, 9, 4)),
                             ("b", 1_000_000, D(2025, 9, 4)), ("k", 2_000_000, D(2025, 10, 1))):  # fmt: skip
        records.add_support(officer, cid, records.SupportInput(code, on, amount=amount))
    with officer.db.session() as s:
        found = stats.compute(s, D(2025, 9, 1), D(2025, 9, 30))
    assert found["support"] == {
        "count": 3, "amount": 1_750_000, "cases": 1,
        "by_type": {"a": {"count": 2, "amount": 750_000}, "b": {"count": 1, "amount": 1_000_000}},
    }  # fmt: skip
    assert found["cases"]["by_status"] == {"identified": 1}
