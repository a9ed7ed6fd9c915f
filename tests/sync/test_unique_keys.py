"""Values unique in one database but made independently on several laptops (case codes,
user names, reference codes, case steps): the province's import stores every record and
queues a clash for a person, never fails on them (desktop/core/sync/unique.py)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop.core.cases import codes, rules
from desktop.core.cases import config as case_config
from desktop.core.db.models import Account, Office, ReceptionCase
from desktop.core.db.models_cases import StepAssignment
from desktop.core.db.models_sync import Conflict
from desktop.core.errors import ValidationError
from desktop.core.security import accounts
from desktop.core.security.roles import Role
from desktop.core.sync import authority, conflicts, enrol, exchange, unique
from tests.conftest import PROVINCE, build_once
from tests.core.cases_helpers import as_role, receive

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
PW = "mat-khau-tam-1"


def _laptop(province, tmp_path, name, unit_code, role=Role.COMMUNE_OFFICER, level="commune"):
    package = enrol.make_setup_package(
        province, level=level, unit_code=unit_code, office_name=f"UBND {name}",
        parent_office_id=None, username=name, full_name="Nông Thị Hoa", role=role,
        password=PW, passphrase=PASS,
    )  # fmt: skip
    return enrol.start_from_package(tmp_path / name, package, PASS, name, PW)


def _two(province, folder):
    a = _laptop(province, folder, "thatkhe", 6040)
    b = _laptop(province, folder, "dongdang", 5977)
    (folder / "usb").mkdir()
    return {"a": a, "b": b}


@pytest.fixture
def two_laptops(province, tmp_path, tmp_path_factory):
    """Two commune laptops enrolled from one province, and a stick (the first test's,
    copied: enrolling takes seconds; each test has its own folders)."""
    made = build_once("unique-keys-two-laptops", province, tmp_path, tmp_path_factory, _two)
    a, b = made["a"], made["b"]
    yield province, a, b, tmp_path / "usb"
    a.db.close()
    b.db.close()


def _send(sender, receiver, stick) -> exchange.ImportResult:
    return exchange.import_bundle(receiver, exchange.export_bundle(sender, stick).path)


def _cases(p) -> dict[str, str]:
    with p.db.session() as s:
        return dict(s.execute(select(ReceptionCase.id, ReceptionCase.case_code)).all())


def _set_code(p, case_id: str, code: str) -> None:
    """What a laptop still running the 0004 release wrote: LS-<year>-<number>."""
    with p.db.session() as s:
        s.get(ReceptionCase, case_id).case_code = code


def _duplicates(p) -> list[conflicts.OpenConflict]:
    with p.db.session() as s:
        rows = s.execute(select(Conflict).where(Conflict.resolved_rev.is_(None))).scalars()
        wanted = {c.id for c in rows if json.loads(c.detail).get("kind") == "duplicate"}
    return [c for c in conflicts.open_conflicts(p) if c.id in wanted]


def test_two_laptops_receiving_a_case_both_reach_the_province(two_laptops):
    province, a, b, stick = two_laptops
    ida, idb = receive(a, name="Hoàng Thị Hòa"), receive(b, name="Lăng Thị Mai")
    results = [_send(a, province, stick), _send(b, province, stick)]
    codes_here = _cases(province)
    assert {ida, idb} <= set(codes_here)
    # Unique by construction: each code names its office (commune code), not just a number.
    assert codes_here[ida] == "LS-06040-2025-00001"
    assert codes_here[idb] == "LS-05977-2025-00001"
    assert sum(r.conflicts for r in results) == 0 and _duplicates(province) == []


def test_old_codes_made_twice_are_both_stored_and_queued(two_laptops):
    province, a, b, stick = two_laptops
    ida, idb = receive(a), receive(b, name="Lăng Thị Mai")
    _set_code(a, ida, "LS-2025-00001")
    _set_code(b, idb, "LS-2025-00001")
    _send(a, province, stick)
    got = _send(b, province, stick)  # used to fail: UNIQUE constraint failed: case_code
    assert got.conflicts == 1
    here = _cases(province)
    assert here[ida] == here[idb] == "LS-2025-00001"
    (clash,) = _duplicates(province)
    assert (clash.table, clash.row_id, clash.field) == ("reception_cases", idb, "case_code")
    assert sorted(clash.values.values()) == ["LS-2025-00001", "LS-2025-00001"]
    with province.db.session() as s:
        holders = unique.clashes(s, ReceptionCase, s.get(ReceptionCase, idb))
        assert [o.id for o in holders] == [ida]
    # Importing again (the next cumulative bundle) keeps one entry, not one per import.
    receive(b, name="Vi Thị Lan")
    _send(b, province, stick)
    assert len(_duplicates(province)) == 1
    # The administrator gives the second case a new code: the clash is gone, and the new
    # code travels back like any correction.
    conflicts.resolve(province, "reception_cases", idb, {"case_code": "LS-2025-00001B"})
    assert _duplicates(province) == []
    assert _cases(province)[idb] == "LS-2025-00001B"


def test_a_clash_gone_by_a_later_edit_closes_its_entry(two_laptops):
    province, a, b, stick = two_laptops
    ida, idb = receive(a), receive(b, name="Lăng Thị Mai")
    _set_code(a, ida, "LS-2025-00007")
    _set_code(b, idb, "LS-2025-00007")
    _send(a, province, stick)
    _send(b, province, stick)
    assert len(_duplicates(province)) == 1
    _set_code(b, idb, "LS-2025-00008")  # the laptop's officer renumbered it meanwhile
    _send(b, province, stick)
    assert _duplicates(province) == []


def test_an_area_office_cannot_make_accounts_that_reach_the_province(province, tmp_path):
    """Accounts are the province's alone (DESIGN.md §5a): an area office is never enrolled
    with an administrator, and an account an insider adds there is refused upstream."""
    with pytest.raises(ValidationError):
        _laptop(province, tmp_path, "kv.admin", None, Role.PROVINCIAL_ADMIN, "area")
    area = _laptop(province, tmp_path, "kv.trangdinh", None, Role.DISTRICT_OFFICER, "area")
    stick = tmp_path / "usb"
    stick.mkdir()
    try:
        with area.db.session() as s:
            s.add(Account(username="Hoa", full_name="Lý Thị Hoa", role="district_officer",
                          office_id=area.node.office_id, password_hash="x"))  # fmt: skip
        with pytest.raises(authority.Violation):
            _send(area, province, stick)
        with province.db.session() as s:
            assert accounts.find(s, "hoa") is None
    finally:
        area.db.close()


def test_the_same_user_name_is_still_refused_on_one_installation(province):
    with pytest.raises(ValidationError):
        province.create_account(
            username=province.user.username.upper(), full_name="Hoàng Văn Hai",
            role=Role.PROVINCIAL_OFFICER, office_id=province.node.office_id, password=PW,
        )  # fmt: skip


def test_case_codes_name_the_office_and_count_on(province, tmp_path):
    """The province's own cases carry its code; a second office for a commune (a laptop
    replacing a retired one) gets a letter; numbers continue within an office and year."""
    as_role(province, Role.PROVINCIAL_OFFICER)
    first, second = receive(province), receive(province, name="Lăng Thị Mai")
    here = _cases(province)
    assert (here[first], here[second]) == ("LS-20-2025-00001", "LS-20-2025-00002")
    _set_code(province, first, "LS-20-2025-00099")  # numbers follow the highest one
    third = receive(province, name="Vi Thị Lan")
    assert _cases(province)[third] == "LS-20-2025-00100"
    with province.db.session() as s:
        older = Office(level="commune", name="Xã cũ", unit_code=6040, parent_id=None)
        newer = Office(level="commune", name="Xã mới", unit_code=6040, parent_id=None)
        area = Office(level="area", name="Khu vực", unit_code=None, parent_id=None)
        s.add_all([older, newer, area])
        s.flush()
        node = province.node.node_id
        assert codes.office_part(s, older.id, node) == "06040"
        assert codes.office_part(s, newer.id, node) == "06040B"
        assert codes.office_part(s, area.id, node) == "KV"
        assert codes.office_part(s, None, node).startswith("N")
    assert codes.province_prefix(PROVINCE) == "LS" and codes.province_prefix(1) == "P1"


def test_step_agencies_are_set_by_the_province_and_come_down(two_laptops):
    """The responsible agency of each step is a province-wide setting: a laptop's own
    change is refused upstream, and the province's comes down with the receipt."""
    from desktop.core.sync import receipts

    province, a, _b, stick = two_laptops
    case_config.set_step_agencies(as_role(province, Role.PROVINCIAL_OFFICER),
                                  {rules.VERIFYING: "police"})  # fmt: skip
    exchange.import_bundle(a, receipts.export_receipt(province, a.node.node_id, stick).path)
    with a.db.session() as s:
        rows = s.execute(select(StepAssignment).where(StepAssignment.step == rules.VERIFYING))
        assert [(r.id, r.agency) for r in rows.scalars()] == [
            (case_config.step_id(rules.VERIFYING), "police")
        ]
    with a.db.session() as s:  # an insider changes it on the laptop
        s.get(StepAssignment, case_config.step_id(rules.VERIFYING)).agency = "border_guard"
    with pytest.raises(authority.Violation):
        _send(a, province, stick)


def test_no_synced_table_keeps_a_unique_constraint_beyond_its_id():
    """Any UNIQUE constraint on a travelling row could refuse a week's bundle."""
    from desktop.core.sync.records import synced_models

    for table, model in synced_models().items():
        t = model.__table__
        uniques = [c for c in t.constraints if c.__class__.__name__ == "UniqueConstraint"]
        uniques += [i for i in t.indexes if i.unique]
        assert uniques == [], table


def test_sign_in_name_shared_by_two_accounts_picks_this_offices_own(province):
    """find() never takes an arbitrary row: this office's account wins over one stored
    first, of another office, even one whose name matches the typed text exactly."""
    with province.db.session() as s:
        other = Office(level="area", name="Khu vực Tràng Định", unit_code=None,
                       parent_id=province.node.office_id)  # fmt: skip
        s.add(other)
        s.flush()
        for name, office in (("lan", other.id), ("Lan", province.node.office_id)):
            s.add(Account(username=name, full_name=f"Lan {name}", role=Role.PROVINCIAL_OFFICER,
                          office_id=office, password_hash="x"))  # fmt: skip
    with province.db.session() as s:
        assert accounts.find(s, "lan").office_id == province.node.office_id
        assert accounts.find(s, "lan").username == "Lan"


def test_a_replacement_laptop_numbers_on_after_the_office_s_cases(two_laptops, tmp_path):
    """The replacement keeps the office (so its part of the code) and starts with the
    office's cases the province holds: its first case takes the next number."""
    province, a, _b, stick = two_laptops
    first = receive(a)
    _send(a, province, stick)
    package = enrol.make_replacement_package(
        province, a.node.office_id, username="thatkhe", full_name="Nông Thị Hoa",
        password=PW, passphrase=PASS,
    )  # fmt: skip
    new = enrol.start_from_package(tmp_path / "thay-the", package, PASS, "thatkhe", PW)
    try:
        second = receive(new, name="Lăng Thị Mai")
        codes_here = _cases(new)
        assert codes_here[first] == "LS-06040-2025-00001"
        assert codes_here[second] == "LS-06040-2025-00002"
    finally:
        new.db.close()
