"""The record each workflow step makes, so that a case's status always agrees with its
records: identifying needs the confirming paper (Law 53/2024, Art. 33), referring makes the
referral, handing over makes the handover (with the number of its printed record), the
follow-up step makes the follow-up; referral and handover need the consent in force
(Art. 3(10)). No Qt, no session handling: ``service.move`` calls ``check`` before it
writes anything and ``record`` in the same transaction as the step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.cases import rules
from desktop.core.db.models import AdminUnit
from desktop.core.db.models_cases import (
    CaseConsent,
    CaseTransition,
    FollowUp,
    Handover,
    ReceptionCase,
    Referral,
)
from desktop.core.errors import ValidationError
from desktop.core.i18n import _


@dataclass
class IdDocument:
    """The paper that confirms the person as a victim (Art. 33): type, number, date, body."""

    doc_type: str
    number: str
    issued_on: dt.date | None
    issuer: str


@dataclass
class ReferralInput:
    to_agency: str
    reason: str = ""


@dataclass
class HandoverInput:
    kind: str  # rules.HANDOVER_KINDS
    receiver: str  # the person or body receiving
    receiver_role: str = ""  # their relation to the person, or their title
    province_code: int | None = None
    commune_code: int | None = None
    place: str = ""  # where the handover took place
    record_number: str = ""  # the number of the handover record
    note: str = ""


@dataclass
class FollowUpInput:
    finding: str
    method: str = "visit"


@dataclass
class StepDetails:
    document: IdDocument | None = None
    referral: ReferralInput | None = None
    handover: HandoverInput | None = None
    follow_up: FollowUpInput | None = None


@dataclass(frozen=True)
class Consent:
    referral: bool
    sharing: bool
    given_on: dt.date
    given_by: str
    representative: str


def consent_in_force(s: Session, case_id: str) -> Consent | None:
    """The newest consent recorded for the case (a withdrawal is a newer row)."""
    q = (
        select(CaseConsent)
        .where(CaseConsent.case_id == case_id, CaseConsent.deleted.is_(False))
        .order_by(CaseConsent.given_on.desc(), CaseConsent.change_seq.desc())
        .limit(1)
    )
    row = s.execute(q).scalar_one_or_none()
    if row is None:
        return None
    return Consent(row.referral, row.sharing, row.given_on, row.given_by, row.representative)


def consent_missing(consent: Consent | None, step: str, handover_kind: str = "") -> str:
    """Why *step* cannot be taken with *consent* ("" when it can). A referral shares the
    person's information with another body; so does a handover except to the family."""
    if consent is None:
        return _("Record the person's consent to referral and to sharing first.")
    if not consent.referral:
        return _("The person has not consented to referral.")
    needs_sharing = step == rules.REFERRED or handover_kind not in ("", "family")
    if needs_sharing and not consent.sharing:
        return _("The person has not consented to sharing their information.")
    return ""


def _text(value: str, field: str, message: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError(message, field)
    return value


def check_document(doc: IdDocument | None, on: dt.date) -> IdDocument:
    if doc is None or doc.doc_type not in rules.ID_DOCUMENTS:
        raise ValidationError(
            _("Choose the paper that confirms the person as a victim."), "doc_type"
        )
    number = _text(doc.number, "doc_number", _("Enter the number of the paper."))
    if doc.issued_on is None:
        raise ValidationError(_("Enter the date of the paper."), "doc_date")
    if doc.issued_on > on:
        raise ValidationError(_("The paper is dated after this step."), "doc_date")
    issuer = _text(doc.issuer, "doc_issuer", _("Enter the body that issued the paper."))
    return IdDocument(doc.doc_type, number, doc.issued_on, issuer)


def check_handover(s: Session, h: HandoverInput | None) -> HandoverInput:
    if h is None or h.kind not in rules.HANDOVER_KINDS:
        raise ValidationError(_("Choose to whom the person is handed over."), "handover_kind")
    receiver = _text(h.receiver, "receiver", _("Enter who receives the person."))
    if h.kind in ("home_locality", "other_province") and h.province_code is None:
        raise ValidationError(_("Choose the province the person goes to."), "province")
    if h.commune_code is not None:
        unit = s.get(AdminUnit, (h.commune_code, "commune"))
        if unit is None or (h.province_code is not None and unit.province_code != h.province_code):
            raise ValidationError(_("Choose the commune from the list."), "commune")
    return HandoverInput(
        h.kind, receiver, " ".join(h.receiver_role.split()), h.province_code, h.commune_code,
        " ".join(h.place.split()), h.record_number.strip(), h.note.strip(),
    )  # fmt: skip


def check(s: Session, rc: ReceptionCase, dst: str, on: dt.date, d: StepDetails) -> StepDetails:
    """*d* cleaned for the step to *dst*, or ValidationError naming the field: each step
    needs its own record, and nothing else is taken from *d*."""
    out = StepDetails()
    if dst == rules.IDENTIFIED:
        out.document = check_document(d.document, on)
    elif dst == rules.REFERRED:
        if d.referral is None:
            raise ValidationError(_("Name the agency the person is referred to."), "to_agency")
        agency = _text(
            d.referral.to_agency, "to_agency", _("Name the agency the person is referred to.")
        )
        out.referral = ReferralInput(agency, d.referral.reason.strip())
    elif dst == rules.HANDED_OVER:
        out.handover = check_handover(s, d.handover)
    elif dst == rules.FOLLOWED_UP:
        if d.follow_up is None or d.follow_up.method not in rules.FOLLOW_UP_METHODS:
            raise ValidationError(_("Choose how the follow-up was made."), "method")
        finding = _text(d.follow_up.finding, "finding", _("Write what the follow-up found."))
        out.follow_up = FollowUpInput(finding, d.follow_up.method)
    if dst in rules.CONSENT_STEPS:
        consent = consent_in_force(s, rc.id)
        kind = out.handover.kind if out.handover else ""
        why = consent_missing(consent, dst, kind)
        if why:
            raise ValidationError(why, "consent")
        assert consent is not None
        if consent.given_on > on:
            raise ValidationError(_("The consent is dated after this step."), "consent")
    return out


def record(s: Session, rc: ReceptionCase, on: dt.date, actor: str, d: StepDetails) -> None:
    """Write the step's own record (checked by ``check``)."""
    if d.document is not None:
        rc.id_doc_type, rc.id_doc_number = d.document.doc_type, d.document.number
        rc.id_doc_date, rc.id_doc_issuer = d.document.issued_on, d.document.issuer
    if d.referral is not None:
        s.add(
            Referral(
                case_id=rc.id, to_agency=d.referral.to_agency, referred_on=on,
                reason=d.referral.reason, actor=actor,
            )
        )  # fmt: skip
    if d.handover is not None:
        h = d.handover
        s.add(
            Handover(
                case_id=rc.id, kind=h.kind, handed_on=on, receiver=h.receiver,
                receiver_role=h.receiver_role, province_code=h.province_code,
                commune_code=h.commune_code, place=h.place, record_number=h.record_number,
                note=h.note, actor=actor,
            )
        )  # fmt: skip
    if d.follow_up is not None:
        s.add(
            FollowUp(
                case_id=rc.id, visited_on=on, method=d.follow_up.method,
                finding=d.follow_up.finding, actor=actor,
            )
        )  # fmt: skip


def has_reached(s: Session, case_id: str, status: str) -> bool:
    """True when a step of the case moved it to *status* (now or before)."""
    q = select(CaseTransition.id).where(
        CaseTransition.case_id == case_id,
        CaseTransition.to_status == status,
        CaseTransition.deleted.is_(False),
    )
    return s.execute(q.limit(1)).first() is not None
