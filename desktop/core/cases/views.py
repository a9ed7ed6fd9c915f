"""What a case looks like to the signed-in user: identity fields only for roles that may
see them (each such read audited as ``case.identity.read``), the stable case code for
everyone else, and the workflow choices the case offers now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.cases import rules
from desktop.core.db.models_cases import (
    IDENTITY_FIELDS,
    CaseNote,
    CaseTransition,
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
from desktop.core.security.roles import can_see_identity


@dataclass(frozen=True)
class Identity:
    """A person's identity fields (``models_cases.IDENTITY_FIELDS``, the photo as whether
    there is one) and status: never built for a role that may not see them."""

    person_id: str
    full_name: str
    other_names: str
    birth_date: dt.date | None
    birth_year: int | None
    birth_estimated: bool
    ethnic_group: str
    nationality: str
    id_number: str
    home_commune_code: int | None
    address: str
    current_address: str
    contact: str
    guardian_name: str
    guardian_contact: str
    languages: str
    has_photo: bool
    legacy_commune_code: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Step:
    from_status: str
    to_status: str
    on: dt.date
    actor: str
    reason: str
    agency: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: str
    code: str  # what every role sees: the stable case code
    identity: Identity | None
    sex: str
    age: int | None
    is_child: bool
    person_status: str
    received_on: dt.date
    channel: str
    border_gate: str
    commune_code: int | None
    legal_regime: str
    regime_proposed: str
    regime_reason: str
    status: str
    status_on: dt.date | None
    due_on: dt.date | None
    overdue: bool
    closure_reason: str
    destination_country: str
    destination_place: str
    exploitation: tuple[str, ...]
    months_away: int | None
    recruitment: str
    steps: tuple[Step, ...]
    support: tuple[SupportEntry, ...]
    stays: tuple[ShelterStay, ...]
    referrals: tuple[Referral, ...]
    follow_ups: tuple[FollowUp, ...]
    notes: tuple[CaseNote, ...]
    eligible: tuple[str, ...]
    next_statuses: tuple[str, ...]

    @property
    def support_total(self) -> int:
        return sum(e.amount for e in self.support)


def _identity(p: Person) -> Identity:
    """Every identity field of *p* (a field added to IDENTITY_FIELDS must be one of
    Identity's, and the other way round: the case view and the list cannot drift apart)."""
    fields = {name: getattr(p, name) for name in IDENTITY_FIELDS if name != "photo"}
    return Identity(person_id=p.id, has_photo=bool(p.photo), status=p.status, **fields)


def _rows(s: Session, model: Any, case_id: str, order: Any) -> tuple[Any, ...]:
    q = select(model).where(model.case_id == case_id, model.deleted.is_(False))
    rows = tuple(s.execute(q.order_by(order, model.change_seq)).scalars())
    for r in rows:
        s.expunge(r)
    return rows


def load(s: Session, case_id: str, with_identity: bool) -> CaseDetail:
    """A case as one value (detached rows), identity included only when asked."""
    rc = s.get(ReceptionCase, case_id)
    if rc is None or rc.deleted:
        raise ValidationError(_("This case no longer exists."))
    p = s.get(Person, rc.person_id)
    assert p is not None
    steps = tuple(
        Step(t.from_status, t.to_status, t.effective_on, t.actor, t.reason, t.agency)
        for t in _rows(s, CaseTransition, case_id, CaseTransition.effective_on)
    )
    identified_on = next((st.on for st in steps if st.to_status == rules.IDENTIFIED), None)
    return CaseDetail(
        id=rc.id,
        code=rc.case_code,
        identity=_identity(p) if with_identity else None,
        sex=p.sex,
        age=rc.age_at_reception,
        is_child=rc.is_child,
        person_status=p.status,
        received_on=rc.received_on,
        channel=rc.channel,
        border_gate=rc.border_gate,
        commune_code=rc.commune_code,
        legal_regime=rc.legal_regime,
        regime_proposed=rules.propose_regime(rc.received_on, identified_on),
        regime_reason=rc.regime_reason,
        status=rc.status,
        status_on=rc.status_on,
        due_on=rc.due_on,
        overdue=rules.is_overdue(rc.due_on, rc.status, dt.date.today()),
        closure_reason=rc.closure_reason,
        destination_country=rc.destination_country,
        destination_place=rc.destination_place,
        exploitation=tuple(rc.exploitation.split()),
        months_away=rc.months_away,
        recruitment=rc.recruitment,
        steps=steps,
        support=_rows(s, SupportEntry, case_id, SupportEntry.given_on),
        stays=_rows(s, ShelterStay, case_id, ShelterStay.admitted_on),
        referrals=_rows(s, Referral, case_id, Referral.referred_on),
        follow_ups=_rows(s, FollowUp, case_id, FollowUp.visited_on),
        notes=_rows(s, CaseNote, case_id, CaseNote.written_at),
        eligible=rules.eligible_types(p.status, p.nationality),
        next_statuses=rules.next_statuses(rc.status),
    )


def get_case(profile: OpenProfile, case_id: str) -> CaseDetail:
    """The case as the signed-in user may see it; showing identity is audited."""
    shown = can_see_identity(profile.user.role)
    with profile.db.session() as s:
        detail = load(s, case_id, shown)
        if shown:
            audit.record(
                s, profile.node.node_id, profile.user.username, "case.identity.read", "case",
                case_id, {"code": detail.code},
            )  # fmt: skip
    return detail


def display_name(detail: CaseDetail) -> str:
    """The person's name for roles that see it, otherwise the case code."""
    return detail.identity.full_name if detail.identity else detail.code
