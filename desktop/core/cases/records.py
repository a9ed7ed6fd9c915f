"""The append-only and follow-on records of a case: support entries (with eligibility, and
counter-entries that correct them), consent, shelter stays, referrals, follow-up visits
and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.cases import eligibility, rules, steps
from desktop.core.cases.service import _case, _check_day, require_recorder, today
from desktop.core.db.models_cases import (
    CaseConsent,
    CaseNote,
    FollowUp,
    Person,
    ReceptionCase,
    Referral,
    ShelterStay,
    SupportEntry,
)
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit


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


def who(s: Session, rc: ReceptionCase, person: Person) -> eligibility.Who:
    """The person as Art. 37 asks about them, from the case and its person."""
    accompanies = None
    if rc.accompanied_case_id:
        other = s.get(ReceptionCase, rc.accompanied_case_id)
        other_person = s.get(Person, other.person_id) if other is not None else None
        accompanies = other_person.status if other_person is not None else None
    nationality = (person.nationality or "").upper()
    return eligibility.Who(
        regime=rc.legal_regime,
        group=person.status,
        citizen=nationality in ("VN", "VIỆT NAM", "VIET NAM"),
        stateless_resident=person.stateless_resident,
        trafficked_in_vn=rc.trafficked_in_vn,
        abroad=rc.abroad,
        accompanies=accompanies,
    )


def add_support(profile: OpenProfile, case_id: str, entry: SupportInput) -> str:
    """Record support given; a type outside the person's entitlement (Art. 37, or Art. 32
    of the 2011 law for a case under it) only with a reason."""
    require_recorder(profile)
    if entry.support_type not in rules.ALL_SUPPORT_TYPES:
        raise ValidationError(_("Choose the type of support."), "support_type")
    amount = rules.check_amount(entry.amount)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(entry.given_on, rc, "given_on")
        person = s.get(Person, rc.person_id)
        assert person is not None
        entitled = eligibility.entitlement(who(s, rc, person))
        outside = entry.support_type not in entitled.types
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
            legal_basis=entry.legal_basis or entitled.basis,
            note=entry.note,
            outside_eligibility=outside,
            reason=entry.reason.strip(),
            actor=profile.user.username,
        )
        s.add(row)
        s.flush()
        return row.id


def correct_support(profile: OpenProfile, entry_id: str, reason: str) -> str:
    """Cancel a wrong support entry by a counter-entry (its amount negated, dated today,
    with the reason): the entry itself is never edited, and both stay in the ledger."""
    require_recorder(profile)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the correction."), "reason")
    with profile.db.session() as s:
        entry = s.get(SupportEntry, entry_id)
        if entry is None or entry.deleted:
            raise ValidationError(_("This support entry no longer exists."))
        if entry.corrects_id:
            raise ValidationError(_("A correction cannot itself be corrected."))
        q = select(SupportEntry.id).where(
            SupportEntry.corrects_id == entry.id, SupportEntry.deleted.is_(False)
        )
        if s.execute(q).first() is not None:
            raise ValidationError(_("This entry has already been corrected."))
        _case(s, entry.case_id)
        row = SupportEntry(
            case_id=entry.case_id,
            support_type=entry.support_type,
            given_on=max(today(), entry.given_on),
            amount=-entry.amount,
            provider=entry.provider,
            funding_source=entry.funding_source,
            legal_basis=entry.legal_basis,
            outside_eligibility=entry.outside_eligibility,
            reason=reason,
            actor=profile.user.username,
            corrects_id=entry.id,
        )
        s.add(row)
        s.flush()
        audit.record(
            s, profile.node.node_id, profile.user.username, "case.support.corrected",
            "support_entry", entry.id, {"correction": row.id, "amount": entry.amount},
        )  # fmt: skip
        return row.id


@dataclass
class ConsentInput:
    referral: bool
    sharing: bool
    given_on: dt.date
    given_by: str = "person"  # rules.CONSENT_BY
    representative: str = ""  # the legal representative's name, when they consented
    note: str = ""


def record_consent(profile: OpenProfile, case_id: str, c: ConsentInput) -> str:
    """Record the consent in force from *c.given_on* (a withdrawal: both False)."""
    require_recorder(profile)
    if c.given_by not in rules.CONSENT_BY:
        raise ValidationError(_("Choose who gave the consent."), "given_by")
    representative = " ".join(c.representative.split())
    if c.given_by == "representative" and not representative:
        raise ValidationError(_("Enter the legal representative's name."), "representative")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(c.given_on, rc, "given_on")
        row = CaseConsent(
            case_id=rc.id,
            referral=c.referral,
            sharing=c.sharing,
            given_on=c.given_on,
            given_by=c.given_by,
            representative=representative if c.given_by == "representative" else "",
            note=c.note.strip(),
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
        if not steps.has_reached(s, rc.id, rules.REFERRED):
            raise ValidationError(
                _("A first referral is a step of the case: use “Refer” in the workflow."),
                "to_agency",
            )
        why = steps.consent_missing(steps.consent_in_force(s, rc.id), rules.REFERRED)
        if why:
            raise ValidationError(why, "consent")
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
    if method not in rules.FOLLOW_UP_METHODS:
        raise ValidationError(_("Choose how the follow-up was made."), "method")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        _check_day(on, rc)
        if not steps.has_reached(s, rc.id, rules.FOLLOWED_UP):
            raise ValidationError(
                _("A first follow-up is a step of the case: use “Record a follow-up”."),
                "finding",
            )
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
