"""Editing the office tree: province office → area offices → commune offices."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from desktop.core import places, profile
from desktop.core.db.models import AuditEvent, Office
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.security.roles import Role

THAT_KHE, DOAN_KET, TRANG_DINH = 6040, 6001, 6046
NOT_LANG_SON = 1  # Phường Ba Đình, Hà Nội


def _province_office(p: profile.OpenProfile) -> profile.OfficeRow:
    return next(r for r in profile.office_rows(p) if r.level == "province")


def _area(p: profile.OpenProfile, name: str = "Khu vực Tràng Định", codes=(THAT_KHE, TRANG_DINH)):
    return profile.save_office(
        p,
        level="area",
        name=name,
        parent_id=_province_office(p).id,
        area_codes=codes,
    )


def _commune(
    p: profile.OpenProfile, parent_id: str, code: int = THAT_KHE, name: str = "Xã Thất Khê"
):
    return profile.save_office(p, level="commune", name=name, parent_id=parent_id, unit_code=code)


def _audit(p: profile.OpenProfile, action: str) -> list[dict]:
    with p.db.session() as s:
        q = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return [
            {"target": e.target_id, "actor": e.actor, **json.loads(e.details)}
            for e in s.execute(q).scalars()
        ]


def _refused(field: str | None, fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    assert info.value.field == field
    assert info.value.message.endswith("."), "one sentence"
    return info.value.message


def test_a_valid_tree_is_built_in_order(province):
    root = _province_office(province)
    area = _area(province)
    assert area.area_codes == tuple(sorted((THAT_KHE, TRANG_DINH)))
    under_area = _commune(province, area.id)
    direct = _commune(province, root.id, DOAN_KET, "Xã Đoàn Kết")
    rows = profile.office_rows(province)
    assert [(r.name, r.depth, r.level) for r in rows] == [
        (root.name, 0, "province"),
        ("Khu vực Tràng Định", 1, "area"),
        ("Xã Thất Khê", 2, "commune"),
        ("Xã Đoàn Kết", 1, "commune"),
    ]
    by_id = {r.id: r for r in rows}
    assert by_id[under_area.id].parent_name == "Khu vực Tràng Định"
    assert by_id[under_area.id].unit_name == "Xã Thất Khê"
    assert by_id[direct.id].parent_name == root.name
    with province.db.session() as s:
        assert places.office_scope(s, area.id) == {area.id, under_area.id}
    lines = _audit(province, "office.save")
    assert [(a["target"], a["level"], a["new"]) for a in lines] == [
        (area.id, "area", True),
        (under_area.id, "commune", True),
        (direct.id, "commune", True),
    ]
    assert all(a["actor"] == "admin" for a in lines)


def test_edit_moves_and_renames(province):
    root = _province_office(province)
    area = _area(province)
    office = _commune(province, root.id)
    moved = profile.save_office(
        province,
        level="commune",
        name="  UBND  xã Thất Khê ",
        parent_id=area.id,
        unit_code=THAT_KHE,
        office_id=office.id,
    )
    assert (moved.id, moved.name, moved.parent_id, moved.depth) == (
        office.id,
        "UBND xã Thất Khê",
        area.id,
        2,
    )
    assert _audit(province, "office.save")[-1]["new"] is False


def test_province_office_can_be_renamed_but_keeps_its_level(province):
    root = _province_office(province)
    msg = _refused(
        "level",
        profile.save_office,
        province,
        level="area",
        name=root.name,
        parent_id=None,
        office_id=root.id,
    )
    assert msg
    renamed = profile.save_office(
        province, level="province", name="Công an tỉnh Lạng Sơn", parent_id=None, office_id=root.id
    )
    assert renamed.name == "Công an tỉnh Lạng Sơn" and renamed.depth == 0
    assert province.node.office_name == "Công an tỉnh Lạng Sơn"
    _refused(
        "level", profile.save_office, province, level="province", name="Second", parent_id=None
    )


def test_name_is_required(province):
    _refused("name", _area, province, "   ")


def test_area_office_reports_to_the_province_office(province):
    area = _area(province)
    _refused(
        "parent",
        profile.save_office,
        province,
        level="area",
        name="Khu vực con",
        parent_id=area.id,
    )
    _refused("parent", profile.save_office, province, level="area", name="Khu vực", parent_id=None)


def test_area_office_covers_only_current_communes_of_the_province(province):
    for bad in ([NOT_LANG_SON], [THAT_KHE, 999999]):
        _refused("area_codes", _area, province, "Khu vực", bad)


def test_commune_office_needs_a_province_or_area_parent(province):
    root = _province_office(province)
    commune = _commune(province, root.id)
    _refused("parent", _commune, province, commune.id, DOAN_KET, "Xã Đoàn Kết")
    _refused("parent", _commune, province, "no-such-office", DOAN_KET, "Xã Đoàn Kết")


def test_commune_office_serves_a_current_commune_of_the_province(province):
    root = _province_office(province)
    for bad in (None, NOT_LANG_SON, 999999):
        _refused("unit_code", _commune, province, root.id, bad, "Xã")


def test_no_two_live_offices_for_one_commune(province):
    root = _province_office(province)
    first = _commune(province, root.id)
    msg = _refused("unit_code", _commune, province, root.id, THAT_KHE, "Xã Thất Khê (2)")
    assert "Xã Thất Khê" in msg
    # Editing the office itself is no clash; after it is retired the commune is free again.
    profile.save_office(
        province,
        level="commune",
        name="UBND xã Thất Khê",
        parent_id=root.id,
        unit_code=THAT_KHE,
        office_id=first.id,
    )
    profile.retire_office(province, first.id)
    _commune(province, root.id, THAT_KHE, "Xã Thất Khê")


def test_only_an_administrator_may_edit(province):
    province.user = dataclasses.replace(province.user, role=Role.PROVINCIAL_OFFICER.value)
    with pytest.raises(PermissionDenied):
        _area(province)
    assert [r.level for r in profile.office_rows(province)] == ["province"]


def test_retire_refuses_offices_with_children_or_accounts(province):
    root = _province_office(province)
    area = _area(province)
    commune = _commune(province, area.id)
    msg = _refused(None, profile.retire_office, province, area.id)
    assert "Khu vực Tràng Định" in msg
    province.create_account(
        username="canbo1",
        full_name="Lường Văn Đức",
        role=Role.COMMUNE_OFFICER.value,
        office_id=commune.id,
        password="mat-khau-2",
    )
    msg = _refused(None, profile.retire_office, province, commune.id)
    assert "Xã Thất Khê" in msg
    _refused(None, profile.retire_office, province, root.id)
    assert len(profile.office_rows(province)) == 3
    assert _audit(province, "office.retire") == []


def test_retire_tombstones_and_audits(province):
    area = _area(province)
    commune = _commune(province, area.id)
    profile.retire_office(province, commune.id)
    profile.retire_office(province, area.id)
    assert [r.level for r in profile.office_rows(province)] == ["province"]
    with province.db.session() as s:
        rows = {o.id: o.deleted for o in s.execute(select(Office)).scalars()}
    assert rows[commune.id] and rows[area.id], "kept as tombstones, so the retirement syncs"
    assert [a["target"] for a in _audit(province, "office.retire")] == [commune.id, area.id]
    _refused(None, profile.retire_office, province, area.id)
