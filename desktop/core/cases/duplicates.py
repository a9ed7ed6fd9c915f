"""Duplicate persons: warn of an earlier record of the same person before a new one is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.core.cases.service import require_recorder
from desktop.core.db.models_cases import Person, ReceptionCase
from desktop.core.profile import OpenProfile
from desktop.core.text import fold


@dataclass(frozen=True)
class Duplicate:
    person_id: str
    full_name: str
    birth: str
    case_codes: tuple[str, ...]
    score: int


def find_duplicates(
    profile: OpenProfile,
    full_name: str,
    birth_date: dt.date | None,
    birth_year: int | None,
    home_commune_code: int | None,
) -> list[Duplicate]:
    """Probable earlier records of the same person: the same folded name and the same
    birth date or year, or the same home commune. Best matches first."""
    require_recorder(profile)
    name = fold(full_name)
    if not name:
        return []
    year = birth_date.year if birth_date else birth_year
    out = []
    with profile.db.session(read=True) as s:
        people = s.execute(
            select(Person).where(Person.name_fold == name, Person.deleted.is_(False))
        ).scalars()
        for p in people:
            born = (
                p.birth_date == birth_date
                if p.birth_date and birth_date
                else (year is not None and p.birth_year == year)
            )
            same_place = home_commune_code is not None and p.home_commune_code == home_commune_code
            score = int(born) + int(same_place)
            if score == 0:
                continue
            codes = tuple(
                s.execute(
                    select(ReceptionCase.case_code)
                    .where(ReceptionCase.person_id == p.id)
                    .order_by(ReceptionCase.received_on)
                ).scalars()
            )
            birth = str(p.birth_year or "")
            out.append(Duplicate(p.id, p.full_name, birth, codes, score))
    out.sort(key=lambda d: -d.score)
    return out
