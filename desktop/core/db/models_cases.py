"""Victim reception records: persons, cases and the rows that record a case's path.

Identity fields of ``Person`` are confidential (DOMAIN.md, Law 91/2025): the core hands them
only to roles that may see them. Transitions, support entries, follow-ups and notes are
append-only rows (never updated, so they never conflict in sync); shelter stays and
referrals get their discharge date or outcome filled in later.
"""

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.core.db.base import Base, Synced, utcnow

# A received person's identity: the fields of ``Person`` shown only to roles that may see
# identity (``security.roles.can_see_identity``), and whose every showing is audited
# (``case.identity.read``). The one list every view masks by (the case view, the Conflicts
# queue…); the derived ``name_fold``/``name_sort`` columns come from it. Sex and status are
# not identity: every role sees them.
IDENTITY_FIELDS = (
    "full_name", "other_names", "birth_date", "birth_year", "birth_estimated",
    "ethnic_group", "nationality", "id_number", "home_commune_code", "legacy_commune_code",
    "address", "current_address", "contact", "guardian_name", "guardian_contact",
    "languages", "photo", "home_province_code", "stateless_resident",
)  # fmt: skip


# Other rows that name a person linked to the received one: whom they were handed over
# to (a parent, a guardian), who consented for them. Masked like the identity.
LINKED_IDENTITY = {
    "handovers": ("receiver", "receiver_role", "place"),
    "case_consents": ("representative",),
}


def is_identity(table: str, field: str) -> bool:
    """True when *field* of a row of *table* identifies a person (IDENTITY_FIELDS, or a
    person linked to them: LINKED_IDENTITY)."""
    if table == Person.__tablename__:
        return field in IDENTITY_FIELDS
    return field in LINKED_IDENTITY.get(table, ())


class Person(Synced, Base):
    """A person received: identity fields are confidential (DOMAIN.md, Law 91/2025)."""

    __tablename__ = "persons"
    __fold__ = {"name_fold": ("full_name", "other_names")}
    __sortkey__ = {"name_sort": "full_name"}

    full_name: Mapped[str] = mapped_column(String(200))
    other_names: Mapped[str] = mapped_column(String(300), default="")
    sex: Mapped[str] = mapped_column(String(8))  # female | male | other
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ethnic_group: Mapped[str] = mapped_column(String(40), default="")
    nationality: Mapped[str] = mapped_column(String(40), default="VN")
    id_number: Mapped[str] = mapped_column(String(40), default="")
    home_commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(24), default="under_verification")
    name_fold: Mapped[str] = mapped_column(String(500), default="", index=True)
    name_sort: Mapped[str] = mapped_column(String(600), default="")
    # Added by the cases schema (0003).
    birth_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    legacy_commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    current_address: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    guardian_contact: Mapped[str] = mapped_column(String(200), default="")
    languages: Mapped[str] = mapped_column(String(200), default="")
    photo: Mapped[str] = mapped_column(Text, default="")  # base64 JPEG, when one is taken
    # Added by the law-exact cases schema (0006): the home province anywhere in Viet Nam
    # (home_commune_code is a current commune of it), and Art. 37's "người không quốc tịch
    # thường trú ở Việt Nam", who is supported as a citizen.
    home_province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stateless_resident: Mapped[bool] = mapped_column(Boolean, default=False)


class ReceptionCase(Synced, Base):
    """A reception case: one person's path from reception to closure.

    The case code is unique by construction (it names the office that made it, see
    ``cases.codes``) and a natural key, not a database constraint (``sync.unique``)."""

    __owner_office__ = "office_id"
    __tablename__ = "reception_cases"
    __table_args__ = (
        Index("ix_reception_cases_search", "received_on", "deleted", "case_code", "person_id"),
        # Only the deleted rows (the list's count: migration 0013). A full index on the flag
        # would lead SQLite, without statistics, to read every live case through it.
        Index("ix_reception_cases_deleted", "deleted", sqlite_where=text("deleted IS 1")),
    )
    __natural_key__ = ("case_code",)

    case_code: Mapped[str] = mapped_column(String(24), index=True)
    person_id: Mapped[str] = mapped_column(String(36), ForeignKey("persons.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(24))
    border_gate: Mapped[str] = mapped_column(String(40), default="")
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    legal_regime: Mapped[str] = mapped_column(String(8))  # 2011 | 2024
    status: Mapped[str] = mapped_column(String(24), default="received")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    author: Mapped[str] = mapped_column(String(64), default="")
    # Added by the cases schema (0003).
    regime_reason: Mapped[str] = mapped_column(Text, default="")  # set when not the proposal
    age_at_reception: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_child: Mapped[bool] = mapped_column(Boolean, default=False)
    status_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    closure_reason: Mapped[str] = mapped_column(String(32), default="")
    destination_country: Mapped[str] = mapped_column(String(40), default="")
    destination_place: Mapped[str] = mapped_column(String(200), default="")
    exploitation: Mapped[str] = mapped_column(String(200), default="")  # space-separated codes
    months_away: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recruitment: Mapped[str] = mapped_column(Text, default="")  # free text (kept from 0.1)
    # Added by the law-exact cases schema (0006).
    notified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # Art. 27(2)
    purposes: Mapped[str] = mapped_column(String(100), default="")  # facts.PURPOSES codes
    recruitment_methods: Mapped[str] = mapped_column(String(300), default="")
    control_means: Mapped[str] = mapped_column(String(400), default="")
    recruiter_relation: Mapped[str] = mapped_column(String(24), default="")
    age_trafficked: Mapped[int | None] = mapped_column(Integer, nullable=True)
    age_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    child_presumed: Mapped[bool] = mapped_column(Boolean, default=False)
    abroad: Mapped[bool] = mapped_column(Boolean, default=False)  # Art. 37(3)
    trafficked_in_vn: Mapped[bool] = mapped_column(Boolean, default=False)  # Art. 37(4)
    accompanied_case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # The decision or paper that identified the person as a victim (Art. 33).
    id_doc_type: Mapped[str] = mapped_column(String(24), default="")
    id_doc_number: Mapped[str] = mapped_column(String(60), default="")
    id_doc_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    id_doc_issuer: Mapped[str] = mapped_column(String(200), default="")


class CaseTransition(Synced, Base):
    """One step of a case's workflow (append-only): who moved it, when, and why."""

    __tablename__ = "case_transitions"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(24))
    # Indexed for the referral repair after each import (migration 0011).
    to_status: Mapped[str] = mapped_column(String(24), index=True)
    effective_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    agency: Mapped[str] = mapped_column(String(40), default="")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class SupportEntry(Synced, Base):
    """Support given under one lettered type of the 2024 law, art. 37 (append-only)."""

    __tablename__ = "support_entries"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    # Art. 37(1) Law 53/2024: a b c d dd e g h i k; Art. 32 Law 66/2011: 11a … 11e (0012)
    support_type: Mapped[str] = mapped_column(String(8))
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)
    provider: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[int] = mapped_column(Integer, default=0)  # whole đồng
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    legal_basis: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    outside_eligibility: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")
    # A counter-entry (0006) names the entry it cancels; its amount is that entry's, negated.
    corrects_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ShelterStay(Synced, Base):
    """A stay at a shelter or social protection facility."""

    __tablename__ = "shelter_stays"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    facility: Mapped[str] = mapped_column(String(200))
    admitted_on: Mapped[dt.date] = mapped_column(Date)
    discharged_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    actor: Mapped[str] = mapped_column(String(64), default="")


class Referral(Synced, Base):
    """A referral to another agency, with its outcome once known."""

    __tablename__ = "referrals"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    to_agency: Mapped[str] = mapped_column(String(200))
    referred_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")


class CaseConsent(Synced, Base):
    """The person's consent (or their legal representative's) to referral and to sharing
    their information, as recorded on a day (append-only: the newest row is in force, a
    withdrawal is a new row). Law 53/2024, Art. 3(10): no information about a victim is
    disclosed without their consent or their legal representative's."""

    __tablename__ = "case_consents"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    referral: Mapped[bool] = mapped_column(Boolean, default=False)
    sharing: Mapped[bool] = mapped_column(Boolean, default=False)
    given_on: Mapped[dt.date] = mapped_column(Date)
    given_by: Mapped[str] = mapped_column(String(16), default="person")  # | representative
    representative: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")


class Handover(Synced, Base):
    """The person handed over: to their family, their home locality, another province or a
    facility, with the number of the record drawn up (append-only)."""

    __tablename__ = "handovers"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # rules.HANDOVER_KINDS
    handed_on: Mapped[dt.date] = mapped_column(Date)
    receiver: Mapped[str] = mapped_column(String(200))  # the person or body receiving
    receiver_role: Mapped[str] = mapped_column(String(200), default="")  # relation / title
    province_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    commune_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    record_number: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")


class FollowUp(Synced, Base):
    """A follow-up visit or call after reintegration (append-only)."""

    __tablename__ = "follow_ups"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(24), default="visit")  # visit | phone | other
    finding: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="")


class CaseNote(Synced, Base):
    """A free note on a case (append-only)."""

    __tablename__ = "case_notes"

    case_id: Mapped[str] = mapped_column(String(36), ForeignKey("reception_cases.id"), index=True)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)


class StepAssignment(Synced, Base):
    """Which agency and office answer for a workflow step (the 2025 reform moved duties,
    so this is configuration, not code). A step's row has the same id on every installation
    (``cases.config.step_id``), so two offices setting one step edit the same record."""

    __tablename__ = "case_step_assignments"
    __natural_key__ = ("step",)

    step: Mapped[str] = mapped_column(String(24), index=True)
    agency: Mapped[str] = mapped_column(String(40), default="")
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
