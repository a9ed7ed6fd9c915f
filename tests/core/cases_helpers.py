"""Helpers for case tests: a profile acting in a role, a received case."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desktop.core import profile
from desktop.core.cases import service
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
    **case_kw: object,
) -> str:
    person = service.PersonInput(
        full_name=name, sex="female", birth_date=birth, birth_year=birth_year,
        home_commune_code=commune,
    )  # fmt: skip
    case = service.CaseInput(
        received_on=on,
        channel="handed_over_border",
        border_gate="huu_nghi",
        commune_code=commune,
        **case_kw,
    )  # type: ignore[arg-type]
    return service.create_case(p, person, case)
