"""The append-only and follow-on records of a case: support entries (with eligibility),
shelter stays, referrals, follow-up visits and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.cases import rules
from desktop.core.cases.service import _case, _check_day, require_recorder, today
from desktop.core.db.models_cases import (
    CaseNote,
    FollowUp,
    Person,
    Referral,
    ShelterStay,
    SupportEntry,
)
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile


@dataclass
class SupportInput:
    support_type: str
    given_on: dt.date
    amount: object = 0
    provider: str = ""
    funding_source: str = ""
    legal_basis: str = ""
    note: str = ""
    reason: str = ""  # required when the type is outside the person's eligibility


def add_support(profile: OpenProfile, case_id: str, entry: SupportInput) -> str:
    """Record support given; outside the person's eligibility only with a reason."""
    require_recorder(profile)
    if entry.support_type not in rules.SUPPORT_TYPES:
        raise ValidationError(_("Choose the type of support."), "support_type")
    amount = rules.check_amount(entry.amount)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(entry.given_on, rc, "given_on")
        person = s.get(Person, rc.person_id)
        assert person is not None
        outside = entry.support_type not in rules.eligible_types(person.status, person.nationality)
        if outside and not entry.reason.strip():
            raise ValidationError(
                _("This support is outside what the person is entitled to: give a reason."),
                "reason",
            )
        row = SupportEntry(
            case_id=rc.id,
            support_type=entry.support_type,
            given_on=entry.given_on,
            amount=amount,
            provider=entry.provider,
            funding_source=entry.funding_source,
            legal_basis=entry.legal_basis,
            note=entry.note,
            outside_eligibility=outside,
            reason=entry.reason.strip(),
            actor=profile.user.username,
        )
        s.add(row)
        s.flush()
        return row.id


def add_shelter_stay(
    profile: OpenProfile,
    case_id: str,
    facility: str,
    admitted_on: dt.date,
    discharged_on: dt.date | None = None,
) -> str:
    require_recorder(profile)
    if not facility.strip():
        raise ValidationError(_("Name the facility."), "facility")
    if discharged_on is not None and discharged_on < admitted_on:
        raise ValidationError(_("The discharge is before the admission."), "discharged_on")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(admitted_on, rc, "admitted_on")
        if discharged_on is not None and discharged_on > today():
            raise ValidationError(_("The date is in the future."), "discharged_on")
        row = ShelterStay(
            case_id=rc.id,
            facility=facility.strip(),
            admitted_on=admitted_on,
            discharged_on=discharged_on,
            actor=profile.user.username,
        )
        s.add(row)
        s.flush()
        return row.id


def discharge(profile: OpenProfile, stay_id: str, on: dt.date) -> None:
    require_recorder(profile)
    with profile.db.session() as s:
        stay = s.get(ShelterStay, stay_id)
        if stay is None or stay.deleted:
            raise ValidationError(_("This shelter stay no longer exists."))
        if on < stay.admitted_on:
            raise ValidationError(_("The discharge is before the admission."), "discharged_on")
        if on > today():
            raise ValidationError(_("The date is in the future."), "discharged_on")
        stay.discharged_on = on


def add_referral(
    profile: OpenProfile,
    case_id: str,
    to_agency: str,
    on: dt.date,
    reason: str = "",
    outcome: str = "",
) -> str:
    require_recorder(profile)
    if not to_agency.strip():
        raise ValidationError(_("Name the agency the person is referred to."), "to_agency")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(on, rc)
        row = Referral(
            case_id=rc.id,
            to_agency=to_agency.strip(),
            referred_on=on,
            reason=reason.strip(),
            outcome=outcome.strip(),
            actor=profile.user.username,
        )
        s.add(row)
        s.flush()
        return row.id


def set_referral_outcome(profile: OpenProfile, referral_id: str, outcome: str) -> None:
    """Record what came of a referral, once known."""
    require_recorder(profile)
    if not outcome.strip():
        raise ValidationError(_("Write the outcome of the referral."), "outcome")
    with profile.db.session() as s:
        row = s.get(Referral, referral_id)
        if row is None or row.deleted:
            raise ValidationError(_("This referral no longer exists."))
        row.outcome = outcome.strip()


def add_follow_up(
    profile: OpenProfile, case_id: str, on: dt.date, finding: str, method: str = "visit"
) -> str:
    require_recorder(profile)
    if not finding.strip():
        raise ValidationError(_("Write what the follow-up found."), "finding")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(on, rc)
        row = FollowUp(
            case_id=rc.id,
            visited_on=on,
            method=method,
            finding=finding.strip(),
            actor=profile.user.username,
        )
        s.add(row)
        s.flush()
        return row.id


def add_note(profile: OpenProfile, case_id: str, text: str) -> str:
    require_recorder(profile)
    if not text.strip():
        raise ValidationError(_("Write the note."), "text")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        row = CaseNote(case_id=rc.id, actor=profile.user.username, text=text.strip())
        s.add(row)
        s.flush()
        return row.id
