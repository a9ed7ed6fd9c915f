"""Give every case that was referred its referral record.

Version 0.1 let a case be marked "referred" without a referral record, so the reports'
count of referrals and of cases referred disagreed. From version 0.2 the "Refer" step makes
the record (``cases.steps``). For the cases referred before — on this installation, or in
a bundle from a laptop not yet updated — this step makes the record from the step that
referred the case: its day, its agency, its reason. It runs after each import (a bundle
may come from a laptop not yet updated), and when a profile opens until it has completed
once there (``referrals_once``): a database this version wrote has no step without its
record, and the search through every step (a tenth of a second at 20,000 cases) is no
price to pay at every sign-in.

The record's id is derived from the step's id, so two installations repairing the same
case make the same row (the same content and revision): it never shows twice.
"""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desktop.core.db.models import ReferenceItem
from desktop.core.db.models_cases import CaseTransition, ReceptionCase, Referral
from desktop.core.db.repair import REFERRALS_KEY, REFERRALS_VERSION, has_run, mark_run

_NAMESPACE = uuid.UUID("6f1f3f8e-9d0a-4c55-8b0e-2a4f7b1c0d51")
REFERRED = "referred"  # cases.rules.REFERRED (the db layer does not import cases)


def referral_id(transition_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"referral-of-step:{transition_id}"))


def referrals_from_steps(s: Session) -> int:
    """Make the missing referral records; returns how many were made."""
    has_referral = exists().where(Referral.case_id == CaseTransition.case_id)
    q = (
        select(CaseTransition)
        .join(ReceptionCase, ReceptionCase.id == CaseTransition.case_id)
        .where(
            CaseTransition.to_status == REFERRED,
            CaseTransition.deleted.is_(False),
            ReceptionCase.deleted.is_(False),
            ~has_referral,
        )
        .order_by(CaseTransition.case_id, CaseTransition.effective_on, CaseTransition.id)
    )
    made = 0
    seen: set[str] = set()
    for step in s.execute(q).scalars():
        if step.case_id in seen:
            continue  # one record per case: its first referral step
        seen.add(step.case_id)
        agency = step.agency
        if agency:
            name = s.execute(
                select(ReferenceItem.name).where(
                    ReferenceItem.kind == "agency", ReferenceItem.code == agency
                )
            ).scalar()
            agency = name or agency
        s.add(
            Referral(
                id=referral_id(step.id),
                case_id=step.case_id,
                to_agency=agency or "—",
                referred_on=step.effective_on,
                reason=step.reason,
                actor=step.actor,
            )
        )
        made += 1
    if made:
        s.flush()
    return made


def referrals_once(s: Session) -> int:
    """``referrals_from_steps`` on a database where it has not completed yet, then never
    again there (imports run the repair themselves); returns how many records were made."""
    if has_run(s, REFERRALS_KEY, REFERRALS_VERSION):
        return 0
    made = referrals_from_steps(s)
    mark_run(s, REFERRALS_KEY, REFERRALS_VERSION)
    return made
