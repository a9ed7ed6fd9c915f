"""Administrative units and the office tree.

Current units (34 provinces and their communes and wards, after the July 2025 reform) come
from the ``vietnam-provinces`` package, pinned to one release. Pre-reform districts and
communes, which records dated before 1 July 2025 refer to, come from a snapshot of a later
release's legacy data, with the current units each one became, reconciled with the pinned
release so that every one of them is a unit it has (see tools/gen_legacy_units.py).

The package is imported only where its tables are read (building admin_units, naming a
province): opening a profile whose units are current needs neither.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from desktop.core.db import settings
from desktop.core.db.models import Account, AdminUnit, NodeState, Office, Setting
from desktop.core.db.syncmeta import tombstone
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.paths import resources_dir
from desktop.core.security import audit
from desktop.core.security.accounts import SignedIn, require_admin
from desktop.core.text import fold, sort_key

log = logging.getLogger(__name__)

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
    from vietnam_provinces import Province

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
    from vietnam_provinces import Province, Ward

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
    _set_units_version(session, units_version(home_province))
    return len(rows)


# The Setting naming the unit data this profile's admin_units table was built from.
UNITS_SETTING = "places.units_version"


def units_version(home_province: int) -> str:
    """The pinned package version the legacy snapshot was reconciled with, and the release
    its legacy units came from (read from the snapshot: an installed build may not carry
    the package's own metadata)."""
    legacy = _legacy_snapshot(home_province) or {}
    return f"{legacy.get('package_version', '')}/{legacy.get('legacy_source_version', '')}"


def _set_units_version(session: Session, version: str) -> None:
    settings.put(session, UNITS_SETTING, version)


def refresh_units(session: Session, home_province: int) -> bool:
    """Rebuild admin_units when it was built from other unit data than this build's (a
    profile made before the legacy table was reconciled with the pinned package kept 15
    former communes pointing at codes that do not exist). The table is local, never synced.
    True when it was rebuilt."""
    row = session.get(Setting, UNITS_SETTING)
    if row is not None and row.value == units_version(home_province):
        return False
    if _legacy_snapshot(home_province) is None and _has_legacy_units(session, home_province):
        # This build lacks the former units' data file the table was built from (an
        # incomplete or damaged installation): rebuilding would drop the former communes
        # that events, cases and reports before the July 2025 reform name. Kept as it is.
        log.warning("the former units' data of province %s is missing: units kept", home_province)
        return False
    load_units(session, home_province)
    return True


def _has_legacy_units(session: Session, province_code: int) -> bool:
    q = select(AdminUnit.code).where(
        AdminUnit.kind == LEGACY_COMMUNE, AdminUnit.province_code == province_code
    )
    return session.execute(q.limit(1)).first() is not None


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


# -- editing the office tree (provincial administrator) -------------------------------


def _live_office(session: Session, office_id: str | None) -> Office | None:
    if not office_id:
        return None
    office = session.get(Office, office_id)
    return office if office is not None and not office.deleted else None


def _live_children(session: Session, office_id: str) -> list[Office]:
    q = select(Office).where(Office.parent_id == office_id, Office.deleted.is_(False))
    return list(session.execute(q).scalars())


def _home_province(session: Session) -> int:
    return int(session.execute(select(NodeState.province_code)).scalar_one())


def _current_commune_codes(session: Session, province_code: int) -> set[int]:
    q = select(AdminUnit.code).where(
        AdminUnit.kind == COMMUNE, AdminUnit.province_code == province_code
    )
    return {int(c) for c in session.execute(q).scalars()}


def _codes(area_codes: Iterable[int] | str) -> list[int]:
    raw = area_codes.split() if isinstance(area_codes, str) else area_codes
    try:
        codes = [int(c) for c in raw]
    except ValueError:
        raise ValidationError(_("A covered commune code is not a number."), "area_codes") from None
    return sorted(set(codes))


def save_office(
    session: Session,
    user: SignedIn,
    node_id: str,
    *,
    level: str,
    name: str,
    unit_code: int | None,
    parent_id: str | None,
    area_codes: Iterable[int] | str = (),
    office_id: str | None = None,
) -> Office:
    """Add an area or commune office, or edit any office; only a provincial administrator
    may. The province office keeps its level and place at the root: only its name changes.
    """
    require_admin(user)
    if level not in OFFICE_LEVELS:
        raise ValidationError(_("Unknown office level."), "level")
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Enter the office's name."), "name")
    if len(name) > 200:
        raise ValidationError(_("An office name has at most 200 characters."), "name")
    office: Office | None = None
    if office_id:
        office = _live_office(session, office_id)
        if office is None:
            raise ValidationError(_("This office no longer exists."))
        if office.level == "province" and level != "province":
            raise ValidationError(_("The province office's level cannot be changed."), "level")
        if office.level != level and _live_children(session, office.id):
            raise ValidationError(
                _("An office with offices under it cannot change its level."), "level"
            )
    elif level == "province":
        raise ValidationError(_("The installation already has its province office."), "level")

    province_code = _home_province(session)
    codes = _codes(area_codes)
    if level == "province":
        assert office is not None
        office.name = name
    else:
        parent = _live_office(session, parent_id)
        if parent is None or (office is not None and parent.id == office.id):
            raise ValidationError(_("Choose the office this one reports to."), "parent")
        if level == "area" and parent.level != "province":
            raise ValidationError(_("An area office reports to the province office."), "parent")
        if level == "commune" and parent.level not in ("province", "area"):
            raise ValidationError(
                _("A commune office reports to the province office or an area office."),
                "parent",
            )
        current = _current_commune_codes(session, province_code)
        if level == "commune":
            if unit_code is None or unit_code not in current:
                raise ValidationError(
                    _("Choose one of the province's current communes."), "unit_code"
                )
            clash = session.execute(
                select(Office).where(
                    Office.level == "commune",
                    Office.unit_code == unit_code,
                    Office.deleted.is_(False),
                )
            ).scalars()
            other = next((o for o in clash if office is None or o.id != office.id), None)
            if other is not None:
                raise ValidationError(
                    _("“{name}” already serves this commune.").format(name=other.name),
                    "unit_code",
                )
            codes = []
        else:  # area: its own unit, if any, is a pre-reform district of the province
            unknown = [c for c in codes if c not in current]
            if unknown:
                raise ValidationError(
                    _("Code {code} is not a current commune of the province.").format(
                        code=unknown[0]
                    ),
                    "area_codes",
                )
            if unit_code is not None and unit_code not in {
                u.code for u in legacy_districts(session, province_code)
            }:
                raise ValidationError(
                    _("An area office's unit is a former district of the province."),
                    "unit_code",
                )
        if office is None:
            office = create_office(session, level, name, unit_code, parent.id)
        else:
            office.level, office.name, office.unit_code = level, name, unit_code
            office.parent_id = parent.id
        office.area_codes = " ".join(str(c) for c in codes)
    is_new = office_id is None
    session.flush()
    audit.record(
        session,
        node_id,
        user.username,
        "office.save",
        "office",
        office.id,
        {
            "new": is_new,
            "level": office.level,
            "name": office.name,
            "unit_code": office.unit_code,
            "parent_id": office.parent_id,
            "area_codes": office.area_codes,
        },
    )
    return office


def retire_office(session: Session, user: SignedIn, node_id: str, office_id: str) -> None:
    """Retire an office that nothing depends on any more: no live office under it and no
    account in it. The row is tombstoned, so the retirement travels with sync."""
    require_admin(user)
    office = _live_office(session, office_id)
    if office is None:
        raise ValidationError(_("This office no longer exists."))
    if (
        office.level == "province"
        or office.id == session.execute(select(NodeState.office_id)).scalar_one_or_none()
    ):
        raise ValidationError(_("The province office cannot be retired."))
    if _live_children(session, office.id):
        raise ValidationError(
            _("“{name}” still has offices under it: move or retire them first.").format(
                name=office.name
            )
        )
    has_accounts = session.execute(
        select(Account.id).where(Account.office_id == office.id, Account.deleted.is_(False))
    ).first()
    if has_accounts is not None:
        raise ValidationError(
            _("“{name}” still has accounts, so it cannot be retired.").format(name=office.name)
        )
    tombstone(office)
    session.flush()
    audit.record(
        session, node_id, user.username, "office.retire", "office", office.id, {"name": office.name}
    )
