"""What a case looks like to the signed-in user: identity fields only for roles that may
see them (each such read audited as ``case.identity.read``), the stable case code for
everyone else, and the workflow choices the case offers now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import i18n
from desktop.core.cases import eligibility, records, rules
from desktop.core.cases import steps as steps_mod
from desktop.core.db.models_cases import (
    IDENTITY_FIELDS,
    LINKED_IDENTITY,
    CaseConsent,
    CaseNote,
    CaseTransition,
    FollowUp,
    Handover,
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
    home_province_code: int | None = None
    stateless_resident: bool = False


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
    notified_on: dt.date | None
    purposes: tuple[str, ...]
    recruitment_methods: tuple[str, ...]
    control_means: tuple[str, ...]
    recruiter_relation: str
    age_trafficked: int | None
    age_approximate: bool
    child_presumed: bool
    abroad: bool
    trafficked_in_vn: bool
    accompanied_case_id: str | None
    accompanied_code: str
    document: steps_mod.IdDocument | None
    consent: steps_mod.Consent | None
    consents: tuple[CaseConsent, ...]
    handovers: tuple[Handover, ...]
    entitlement: eligibility.Entitlement
    steps: tuple[Step, ...]
    support: tuple[SupportEntry, ...]
    stays: tuple[ShelterStay, ...]
    referrals: tuple[Referral, ...]
    follow_ups: tuple[FollowUp, ...]
    notes: tuple[CaseNote, ...]
    next_statuses: tuple[str, ...]

    @property
    def eligible(self) -> tuple[str, ...]:
        return self.entitlement.types

    @property
    def support_total(self) -> int:
        """The ledger's total: counter-entries are negative and cancel what they correct."""
        return sum(e.amount for e in self.support)

    @property
    def corrected(self) -> set[str]:
        """The ids of support entries a counter-entry cancels."""
        return {e.corrects_id for e in self.support if e.corrects_id}


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


def _masked(rows: tuple[Any, ...], with_identity: bool) -> tuple[Any, ...]:
    """*rows* (detached) with the fields naming a linked person blanked for a role that may
    not see identity (``models_cases.LINKED_IDENTITY``)."""
    if with_identity:
        return rows
    for row in rows:
        for name in LINKED_IDENTITY.get(row.__tablename__, ()):
            setattr(row, name, "")
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
    accompanied = s.get(ReceptionCase, rc.accompanied_case_id) if rc.accompanied_case_id else None
    document = (
        steps_mod.IdDocument(rc.id_doc_type, rc.id_doc_number, rc.id_doc_date, rc.id_doc_issuer)
        if rc.id_doc_type
        else None
    )
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
        notified_on=rc.notified_on,
        purposes=tuple(rc.purposes.split()),
        recruitment_methods=tuple(rc.recruitment_methods.split()),
        control_means=tuple(rc.control_means.split()),
        recruiter_relation=rc.recruiter_relation,
        age_trafficked=rc.age_trafficked,
        age_approximate=rc.age_approximate,
        child_presumed=rc.child_presumed,
        abroad=rc.abroad,
        trafficked_in_vn=rc.trafficked_in_vn,
        accompanied_case_id=rc.accompanied_case_id,
        accompanied_code=accompanied.case_code if accompanied is not None else "",
        document=document,
        consent=steps_mod.consent_in_force(s, rc.id),
        consents=_masked(_rows(s, CaseConsent, case_id, CaseConsent.given_on), with_identity),
        handovers=_masked(_rows(s, Handover, case_id, Handover.handed_on), with_identity),
        entitlement=eligibility.entitlement(records.who(s, rc, p)),
        steps=steps,
        support=_rows(s, SupportEntry, case_id, SupportEntry.given_on),
        stays=_rows(s, ShelterStay, case_id, ShelterStay.admitted_on),
        referrals=_rows(s, Referral, case_id, Referral.referred_on),
        follow_ups=_rows(s, FollowUp, case_id, FollowUp.visited_on),
        notes=_rows(s, CaseNote, case_id, CaseNote.written_at),
        next_statuses=rules.next_statuses(rc.status),
    )


def get_case(profile: OpenProfile, case_id: str) -> CaseDetail:
    """The case as the signed-in user may see it; showing identity is audited."""
    shown = can_see_identity(profile.user.role)
    with profile.db.session(read=not shown) as s:  # an identity shown is audited
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


@dataclass(frozen=True)
class Event:
    """One line of a case's timeline: when, who, what (and the detail under it)."""

    on: dt.date
    actor: str
    kind: str  # step | support | correction | consent | referral | handover | stay |
    #            follow_up | note
    what: str
    detail: str = ""


def _consent_text(c: CaseConsent) -> str:
    parts = [
        _("referral: yes") if c.referral else _("referral: no"),
        _("sharing: yes") if c.sharing else _("sharing: no"),
    ]
    by = _(rules.CONSENT_BY.get(c.given_by, c.given_by))
    if c.representative:
        by = f"{by} ({c.representative})"
    return f"{by}; {', '.join(parts)}"


# The record a step makes, shown right under it (``cases.steps``).
_MADE_BY = {rules.REFERRED: "referral", rules.HANDED_OVER: "handover",
            rules.FOLLOWED_UP: "follow_up"}  # fmt: skip


def timeline(d: CaseDetail, agencies: dict[str, str] | None = None) -> list[Event]:
    """Everything that happened to the case, oldest first: the steps and every record.

    Within a day: the consents first (a referral or a handover needs one), then the steps
    in their order, each followed by the record it made, then the other records. A step's
    responsible agency is added to its detail, named from *agencies* (code → name)."""
    names = agencies or {}
    records: list[tuple[int, Event]] = []  # (rank within the day, event)
    for entry in d.support:
        what = f"{rules.support_label(entry.support_type)}: {i18n.format_money(entry.amount)}"
        kind = "correction" if entry.corrects_id else "support"
        records.append(
            (2, Event(entry.given_on, entry.actor, kind, what, entry.reason or entry.note))
        )
    for c in d.consents:
        records.append((0, Event(c.given_on, c.actor, "consent", _("Consent recorded"),
                                 _consent_text(c))))  # fmt: skip
    for r in d.referrals:
        records.append((2, Event(r.referred_on, r.actor, "referral", _("Referred to {agency}").format(
            agency=r.to_agency), r.reason)))  # fmt: skip
    for h in d.handovers:
        what = _(rules.HANDOVER_KINDS.get(h.kind, h.kind))
        records.append((2, Event(h.handed_on, h.actor, "handover", what, h.receiver)))
    for stay in d.stays:
        records.append((2, Event(stay.admitted_on, stay.actor, "stay", _("Admitted to {facility}").format(
            facility=stay.facility))))  # fmt: skip
        if stay.discharged_on is not None:
            records.append((2, Event(stay.discharged_on, stay.actor, "stay", _("Discharged from {facility}").format(
                facility=stay.facility))))  # fmt: skip
    for f in d.follow_ups:
        method = _(rules.FOLLOW_UP_METHODS.get(f.method, f.method))
        records.append((2, Event(f.visited_on, f.actor, "follow_up", method, f.finding)))
    for note in d.notes:
        records.append((2, Event(note.written_at.date(), note.actor, "note", _("Note"), note.text)))

    keyed: list[tuple[tuple[dt.date, int, int, int], Event]] = []
    reception = Event(d.received_on, "", "step", rules.status_label(rules.RECEIVED),
                      rules.channel_basis(d.channel, d.legal_regime))  # fmt: skip
    keyed.append(((d.received_on, -1, 0, 0), reception))  # first of its day
    used: set[int] = set()
    for n, st in enumerate(d.steps):
        detail = st.reason
        if st.to_status == rules.IDENTIFIED and d.document is not None:
            doc = d.document
            detail = _("{kind} No. {number} of {date}, {issuer}").format(
                kind=_(rules.ID_DOCUMENTS.get(doc.doc_type, doc.doc_type)),
                number=doc.number,
                date=i18n.format_date(doc.issued_on) if doc.issued_on else "",
                issuer=doc.issuer,
            )
        if st.agency:
            agency = _("agency: {name}").format(name=names.get(st.agency, st.agency))
            detail = f"{detail} — {agency}" if detail else agency
        what = rules.status_label(st.to_status)
        keyed.append(((st.on, 1, n, 0), Event(st.on, st.actor, "step", what, detail)))
        made = _MADE_BY.get(st.to_status) if st.from_status != rules.CLOSED else None
        found = next((i for i, (_rank, e) in enumerate(records)
                      if i not in used and e.kind == made and e.on == st.on), None)  # fmt: skip
        if found is not None:
            used.add(found)
            keyed.append(((st.on, 1, n, 1), records[found][1]))
    for i, (rank, e) in enumerate(records):
        if i not in used:
            keyed.append(((e.on, rank, i, 0), e))
    return [e for _key, e in sorted(keyed, key=lambda k: k[0])]
