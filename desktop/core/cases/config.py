"""Case configuration kept in the cases area: which agency answers for each workflow step
(the 2025 reform reassigned duties, so this is data, not code: ``StepAssignment`` rows,
synced), and the deadlines the law does not fix (local settings over the defaults of
``rules.CONFIGURABLE_DEADLINES``).

Agencies: an administrator or a provincial officer sets them. Deadlines: an administrator.
Changing a deadline applies to the steps recorded from then on; due dates already computed
stay as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import select

from desktop.core.cases import rules
from desktop.core.db import settings
from desktop.core.db.models import Setting
from desktop.core.db.models_cases import StepAssignment
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role, can_administer

# The steps an agency answers for: every status a transition leads to.
STEPS = tuple(s for s in rules.STATUSES if s != rules.RECEIVED)
_STEP_NAMESPACE = uuid.UUID("5f0c7d52-8a8e-4f4e-9c0e-6b1d2a7c3e11")


def step_id(step: str) -> str:
    """A step's record has this id on every installation: two offices setting the same
    step edit one record (merged, or a conflict), never make two (``sync.unique``)."""
    return str(uuid.uuid5(_STEP_NAMESPACE, f"case_step:{step}"))


def _by_step(rows: Iterable[StepAssignment]) -> dict[str, StepAssignment]:
    """One record per step. Two may exist when offices set a step before records had
    shared ids: the live one wins, then the one with the shared id, then the oldest."""
    out: dict[str, StepAssignment] = {}
    for row in rows:
        best = out.get(row.step)
        if best is None or _rank(row) < _rank(best):
            out[row.step] = row
    return out


def _rank(row: StepAssignment) -> tuple[bool, bool, str]:
    return (row.deleted, row.id != step_id(row.step), row.id)


def can_configure_agencies(role: str) -> bool:
    return can_administer(role) or Role(role) == Role.PROVINCIAL_OFFICER


def step_agencies(profile: OpenProfile) -> dict[str, str]:
    """The default agency code per step (steps without one are absent)."""
    q = select(StepAssignment).where(StepAssignment.deleted.is_(False))
    with profile.db.session(read=True) as s:
        rows = _by_step(s.execute(q).scalars())
        return {step: a.agency for step, a in rows.items() if a.agency}


def set_step_agencies(profile: OpenProfile, agencies: dict[str, str]) -> None:
    """Set the default agency for the given steps ("" clears one); all or nothing."""
    if not can_configure_agencies(profile.user.role):
        raise PermissionDenied(_("Your role may not change the responsible agencies."))
    for step in agencies:
        if step not in STEPS:
            raise ValidationError(_("This workflow step does not exist."), "step")
    with profile.db.session() as s:
        rows = _by_step(s.execute(select(StepAssignment)).scalars())
        for step, agency in agencies.items():
            row = rows.get(step)
            if row is None:
                s.add(StepAssignment(id=step_id(step), step=step, agency=agency.strip()))
            elif row.agency != agency.strip() or row.deleted:
                row.agency, row.deleted = agency.strip(), False


def deadline_days(profile: OpenProfile) -> dict[str, int]:
    """The configurable deadlines in force, in days, by the status they follow."""
    q = select(Setting).where(Setting.key.like(rules.DEADLINE_SETTING_PREFIX + "%"))
    with profile.db.session(read=True) as s:
        return rules.configured_days({r.key: r.value for r in s.execute(q).scalars()})


def set_deadline_days(profile: OpenProfile, days: dict[str, object]) -> None:
    """Change configurable deadlines (administrators); the law's 3 days cannot change."""
    if not can_administer(profile.user.role):
        raise PermissionDenied(_("Only an administrator may change the deadlines."))
    checked = {}
    for status, value in days.items():
        if status not in rules.CONFIGURABLE_DEADLINES:
            raise ValidationError(_("This deadline is set by the law and cannot be changed."))
        checked[status] = rules.check_deadline_days(value)
    with profile.db.session() as s:
        for status, n in checked.items():
            key = rules.DEADLINE_SETTING_PREFIX + status
            settings.put(s, key, str(n))
