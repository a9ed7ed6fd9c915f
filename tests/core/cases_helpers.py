"""Helpers for case tests: a profile acting in a role, a received case."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desktop.core import profile
from desktop.core.cases import records, service, steps
from desktop.core.security.roles import Role

D = dt.date


def as_role(p: profile.OpenProfile, role: Role) -> profile.OpenProfile:
    p.user = dataclasses.replace(p.user, role=role.value)
    return p


def receive(
    p: profile.OpenProfile,
    name: str = "Hoàng Thị Hòa",
    on: dt.date = dt.date(2025, 9, 2),  # noqa: B008
    birth: dt.date | None = dt.date(2001, 3, 4),  # noqa: B008
    birth_year: int | None = None,
    commune: int | None = 6040,
    channel: str = "handed_over_border",
    **case_kw: object,
) -> str:
    person = service.PersonInput(
        full_name=name, sex="female", birth_date=birth, birth_year=birth_year,
        home_commune_code=commune,
    )  # fmt: skip
    case = service.CaseInput(
        received_on=on,
        channel=channel,
        commune_code=commune,
        **{"border_gate": "huu_nghi", **case_kw},
    )  # type: ignore[arg-type]
    return service.create_case(p, person, case)


def identify(p: profile.OpenProfile, case_id: str, on: dt.date, verify_on: dt.date | None = None,
             number: str = "12/XN-CAT") -> None:  # fmt: skip
    """Verify (on *verify_on*, default *on*) and identify the case with a police paper."""
    service.move(p, case_id, "verifying", verify_on or on)
    doc = steps.IdDocument("police", number, on, "Công an tỉnh Lạng Sơn")
    service.move(p, case_id, "identified", on, details=steps.StepDetails(document=doc))


def consent(p: profile.OpenProfile, case_id: str, on: dt.date, sharing: bool = True,
            representative: str = "") -> None:  # fmt: skip
    """Record the person's (or their representative's) consent to referral and sharing."""
    records.record_consent(
        p, case_id, records.ConsentInput(
            True, sharing, on, "representative" if representative else "person",
            representative,
        ),
    )  # fmt: skip


def refer(p: profile.OpenProfile, case_id: str, on: dt.date, agency: str = "Sở Y tế") -> None:
    """The Refer step (it makes the referral); the consent must be in force."""
    details = steps.StepDetails(referral=steps.ReferralInput(agency))
    service.move(p, case_id, "referred", on, details=details)


def hand_over(p: profile.OpenProfile, case_id: str, on: dt.date,
              **handover: object) -> None:  # fmt: skip
    """The Hand over step (it makes the handover row): to the family by default."""
    fields: dict[str, object] = {"kind": "family", "receiver": "Hoàng Văn Bình",
                                 "receiver_role": "Bố đẻ", **handover}  # fmt: skip
    details = steps.StepDetails(handover=steps.HandoverInput(**fields))  # type: ignore[arg-type]
    service.move(p, case_id, "handed_over", on, details=details)
