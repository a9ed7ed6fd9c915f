"""Administrative units and the office tree.

Current units (34 provinces and their communes and wards, after the July 2025 reform) come
from the ``vietnam-provinces`` package. Pre-reform districts and communes, which records
dated before 1 July 2025 refer to, come from a snapshot of the same package's legacy data
(see tools/gen_legacy_units.py), with the current units each one became.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session
from vietnam_provinces import Province, Ward

from desktop.core.db.models import AdminUnit, Office
from desktop.core.paths import resources_dir
from desktop.core.text import fold, sort_key

REFORM_DATE = dt.date(2025, 7, 1)
PROVINCE, COMMUNE = "province", "commune"
LEGACY_DISTRICT, LEGACY_COMMUNE = "legacy_district", "legacy_commune"


@dataclass(frozen=True)
class Unit:
    code: int
    kind: str
    name: str
    parent_code: int | None


@lru_cache(maxsize=4)
def _legacy_snapshot(province_code: int) -> dict[str, Any] | None:
    path = resources_dir() / "data" / f"legacy_units_{province_code}.json"
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def province_name(code: int) -> str:
    for p in Province.iter_all():
        if int(p.code) == code:
            return p.name
    raise ValueError(f"unknown province code {code}")


def _row(
    code: int,
    kind: str,
    name: str,
    dtype: str,
    parent: int | None,
    province: int,
    successors: str = "",
) -> dict[str, Any]:
    return {
        "code": code,
        "kind": kind,
        "name": name,
        "division_type": dtype,
        "parent_code": parent,
        "province_code": province,
        "successors": successors,
        "name_fold": fold(name),
        "name_sort": sort_key(name),
    }


def load_units(session: Session, home_province: int) -> int:
    """(Re)build the admin_units table; returns the number of units loaded."""
    rows: list[dict[str, Any]] = []
    for p in Province.iter_all():
        rows.append(
            _row(int(p.code), PROVINCE, p.name, str(p.division_type.value), None, int(p.code))
        )
    for w in Ward.iter_all():
        pc = int(w.province_code)
        rows.append(_row(int(w.code), COMMUNE, w.name, str(w.division_type.value), pc, pc))
    legacy = _legacy_snapshot(home_province)
    if legacy:
        for d in legacy["districts"]:
            rows.append(
                _row(d["code"], LEGACY_DISTRICT, d["name"], d["type"], home_province, home_province)
            )
        for c in legacy["communes"]:
            successors = " ".join(str(n) for n in c["new_codes"])
            rows.append(
                _row(
                    c["code"],
                    LEGACY_COMMUNE,
                    c["name"],
                    c["type"],
                    c["district_code"],
                    home_province,
                    successors,
                )
            )
    session.execute(delete(AdminUnit))
    session.execute(insert(AdminUnit), rows)
    return len(rows)


def communes(session: Session, province_code: int, on: dt.date | None = None) -> list[AdminUnit]:
    """The communes of a province in Vietnamese order: current ones, or the legacy ones
    when *on* falls before the July 2025 reform."""
    kind = LEGACY_COMMUNE if on is not None and on < REFORM_DATE else COMMUNE
    q = (
        select(AdminUnit)
        .where(AdminUnit.kind == kind, AdminUnit.province_code == province_code)
        .order_by(AdminUnit.name_sort)
    )
    return list(session.execute(q).scalars())


def legacy_districts(session: Session, province_code: int) -> list[AdminUnit]:
    q = select(AdminUnit).where(
        AdminUnit.kind == LEGACY_DISTRICT, AdminUnit.province_code == province_code
    )
    return list(session.execute(q.order_by(AdminUnit.name_sort)).scalars())


def unit_name(session: Session, code: int | None, kind: str = COMMUNE) -> str:
    if code is None:
        return ""
    unit = session.get(AdminUnit, (code, kind))
    return unit.name if unit else str(code)


def successors_of(session: Session, legacy_code: int) -> list[AdminUnit]:
    """The current units a legacy commune became."""
    unit = session.get(AdminUnit, (legacy_code, LEGACY_COMMUNE))
    if unit is None or not unit.successors:
        return []
    codes = [int(c) for c in unit.successors.split()]
    found = [session.get(AdminUnit, (c, COMMUNE)) for c in codes]
    return [u for u in found if u is not None]


# -- offices -------------------------------------------------------------------------

OFFICE_LEVELS = ("province", "area", "commune")


def create_office(
    session: Session, level: str, name: str, unit_code: int | None, parent_id: str | None
) -> Office:
    if level not in OFFICE_LEVELS:
        raise ValueError(level)
    office = Office(level=level, name=name, unit_code=unit_code, parent_id=parent_id)
    session.add(office)
    session.flush()
    return office


def office_tree(session: Session) -> list[tuple[Office, int]]:
    """Every live office with its depth, parents before children, siblings in order."""
    offices = list(session.execute(select(Office).where(Office.deleted.is_(False))).scalars())
    children: dict[str | None, list[Office]] = {}
    for o in offices:
        children.setdefault(o.parent_id, []).append(o)
    out: list[tuple[Office, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for o in sorted(children.get(parent, []), key=lambda o: o.name_sort):
            out.append((o, depth))
            walk(o.id, depth + 1)

    walk(None, 0)
    return out


def office_scope(session: Session, office_id: str) -> set[str]:
    """The office and every office below it: what an account scoped to it may see."""
    tree = {o.id: o.parent_id for o, _ in office_tree(session)}
    scope = {office_id}
    changed = True
    while changed:
        changed = False
        for oid, parent in tree.items():
            if parent in scope and oid not in scope:
                scope.add(oid)
                changed = True
    return scope
