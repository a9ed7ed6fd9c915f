"""Walk a case through workflow steps in tests, giving each step the record it makes."""

from __future__ import annotations

import datetime as dt

from desktop.core import profile
from desktop.core.cases import records, rules, service, steps

PAPER = steps.IdDocument("police", "12/XN", dt.date(2024, 12, 1), "Công an tỉnh Lạng Sơn")


def details_for(status: str) -> steps.StepDetails:
    """The record a step to *status* needs (an identification paper, a referral…)."""
    return steps.StepDetails(
        document=PAPER if status == rules.IDENTIFIED else None,
        referral=steps.ReferralInput("Trung tâm CTXH tỉnh", "học nghề")
        if status == rules.REFERRED
        else None,
        handover=steps.HandoverInput("family", "Hoàng Văn Bố", "bố", 20, None)
        if status == rules.HANDED_OVER
        else None,
        follow_up=steps.FollowUpInput("Ổn định") if status == rules.FOLLOWED_UP else None,
    )


def consent(p: profile.OpenProfile, case_id: str, on: dt.date, **kw: object) -> str:
    given = records.ConsentInput(referral=True, sharing=True, given_on=on)
    for name, value in kw.items():
        setattr(given, name, value)
    return records.record_consent(p, case_id, given)


def walk(
    p: profile.OpenProfile, case_id: str, *path: str, on: dt.date = dt.date(2025, 9, 2)
) -> None:
    """Move the case along *path* on *on*, recording consent first when a step needs it."""
    for status in path:
        reason = "lý do" if rules.reason_required(status) else ""
        closure = "reintegrated" if status == rules.CLOSED else ""
        if status in rules.CONSENT_STEPS:
            consent(p, case_id, on)
        service.move(p, case_id, status, on, reason, closure, details=details_for(status))
