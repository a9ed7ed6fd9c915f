"""The places a person may be handed over to (Law 53/2024, Art. 34: to the family, the home
commune, another province or a facility): every province of the country (34 since the July
2025 reform) and the current communes of one, as (code, name) in Vietnamese order, read
from the reference table of administrative units."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core import places
from desktop.core.db.models import AdminUnit
from desktop.core.profile import OpenProfile


def provinces(profile: OpenProfile) -> list[tuple[int, str]]:
    """Every province, in Vietnamese order."""
    q = select(AdminUnit).where(AdminUnit.kind == places.PROVINCE).order_by(AdminUnit.name_sort)
    with profile.db.session(read=True) as s:
        return [(u.code, u.name) for u in s.execute(q).scalars()]


def communes_of(profile: OpenProfile, province_code: int) -> list[tuple[int, str]]:
    """The current communes of *province_code*, in Vietnamese order."""
    with profile.db.session(read=True) as s:
        return [(u.code, u.name) for u in places.communes(s, province_code)]
