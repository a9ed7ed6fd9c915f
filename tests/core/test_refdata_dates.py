"""Reference data that knows dates (issue 16, point 4): a 2019 record keeps its 2019
department, a new one is offered the bodies after Decree 45/2025/NĐ-CP; border gates sit in
communes that exist; profiles of earlier versions get the dates by migration and the new
items when the province's profile opens."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from desktop.core import places, profile, refdata
from desktop.core.db.models import AdminUnit, NodeState, ReferenceItem, Setting
from desktop.core.db.models_sync import Revision
from desktop.core.errors import ValidationError

FIXTURES_DIR = Path(__file__).resolve().parents[1] / "fixtures"
PLAN_78 = dt.date(2019, 6, 7)
TODAY_2026 = dt.date(2026, 1, 15)


def _codes(p: profile.OpenProfile, kind: str, on: dt.date) -> list[str]:
    with p.db.session() as s:
        return [i.code for i in refdata.items_on(s, kind, on)]


def test_a_2019_record_is_offered_the_2019_departments(province):
    then = _codes(province, "agency", PLAN_78)
    assert {"labour", "info_comm", "foreign_affairs", "district_police", "district_pc"} <= set(then)
    assert not {"home_affairs", "science_tech", "ethnic_religion"} & set(then)


def test_a_2026_record_is_offered_the_departments_after_decree_45(province):
    now = _codes(province, "agency", TODAY_2026)
    assert {"home_affairs", "science_tech", "health", "culture", "education"} <= set(now)
    assert "foreign_affairs" in now, "Lạng Sơn kept its Department of Foreign Affairs"
    assert not {"labour", "info_comm", "district_police", "district_pc"} & set(now)


def test_the_reform_days_are_the_bounds(province):
    assert "labour" in _codes(province, "agency", dt.date(2025, 2, 28))
    assert "labour" not in _codes(province, "agency", dt.date(2025, 3, 1))
    assert "home_affairs" in _codes(province, "agency", dt.date(2025, 3, 1))
    # District police ended with February 2025, the district level with June 2025.
    spring = _codes(province, "agency", dt.date(2025, 4, 1))
    assert "district_police" not in spring and "district_pc" in spring
    assert "district_pc" not in _codes(province, "agency", dt.date(2025, 7, 1))


def test_retired_items_are_not_offered(province):
    with province.db.session() as s:
        gate = next(i for i in refdata.items(s, "border_gate") if i.code == "na_nua")
        refdata.set_active(s, province.user, province.node.node_id, gate.id, False)
        assert "na_nua" not in [i.code for i in refdata.items_on(s, "border_gate", TODAY_2026)]


def test_name_on_shows_the_name_of_the_records_day(province):
    with province.db.session() as s:
        old = refdata.name_on(s, "agency", "labour", PLAN_78)
        assert old == "Sở Lao động - Thương binh và Xã hội"
        # The old department keeps its name for its old records, even read today.
        assert refdata.name_on(s, "agency", "labour", TODAY_2026) == old
        assert (
            refdata.name_on(s, "agency", "labour", PLAN_78, "en")
            == "Department of Labour, Invalids and Social Affairs"
        )
        assert refdata.name_on(s, "agency", "no_such_code", PLAN_78) == "no_such_code"


def test_choices_keep_the_records_value_and_say_it_is_no_longer_valid(province):
    with province.db.session() as s:
        offered = refdata.choices_on(s, "agency", TODAY_2026, keep=["labour", "police"])
    by_code = {c.code: c for c in offered}
    assert by_code["police"].valid and by_code["home_affairs"].valid
    assert not by_code["labour"].valid
    assert by_code["labour"].label.startswith("Sở Lao động - Thương binh và Xã hội (")
    assert [c.code for c in offered].count("police") == 1
    assert offered[-1].code == "labour", "the record's old value comes after the valid ones"


def test_outreach_kinds_cover_plan_78(province):
    kinds = set(_codes(province, "outreach_kind", TODAY_2026))
    assert {"guangxi_coop", "school", "enterprise", "press_column", "documentary"} <= kinds
    assert set(_codes(province, "outreach_kind", PLAN_78)) == kinds  # kinds have no dates


def test_border_gates_sit_in_communes_that_exist(province):
    with province.db.session() as s:
        gates = refdata.items(s, "border_gate", include_inactive=True)
        assert len(gates) >= 8
        communes = {
            u.code: u.name for u in s.scalars(select(AdminUnit).where(AdminUnit.kind == "commune"))
        }
        for gate in gates:
            assert gate.unit_code in communes, gate.code
        current = {c.code for c in places.communes(s, 20)}
        assert {g.unit_code for g in gates} <= current, "current communes of Lạng Sơn"
        by_code = {g.code: communes[g.unit_code] for g in gates if g.unit_code}
    assert by_code["huu_nghi"] == "Xã Đồng Đăng"
    assert by_code["chi_ma"] == "Xã Mẫu Sơn"
    assert by_code["tan_thanh"] == "Xã Hoàng Văn Thụ"


def test_an_administrator_dates_an_item(province):
    with province.db.session() as s:
        kw = dict(kind="agency", code="ngo_x", name="Tổ chức X")
        with pytest.raises(ValidationError) as refused:
            refdata.save_item(
                s,
                province.user,
                province.node.node_id,
                valid_from=dt.date(2026, 1, 2),
                valid_to=dt.date(2026, 1, 1),
                **kw,
            )
        assert refused.value.field == "valid_to"
        item = refdata.save_item(
            s,
            province.user,
            province.node.node_id,
            valid_from=dt.date(2025, 3, 1),
            valid_to=dt.date(2025, 12, 31),
            **kw,
        )
        assert (item.valid_from, item.valid_to) == (dt.date(2025, 3, 1), dt.date(2025, 12, 31))
        assert "ngo_x" in [i.code for i in refdata.items_on(s, "agency", dt.date(2025, 12, 31))]
        assert "ngo_x" not in [i.code for i in refdata.items_on(s, "agency", TODAY_2026)]


def test_new_seed_items_are_added_once_at_the_province_only(province):
    with province.db.session() as s:
        assert s.get(Setting, refdata.SEED_SETTING).value == refdata.SEED_VERSION
        assert refdata.seed_new(s) == 0, "nothing to do: this version's lists are there"
        # A profile of the previous version: the items of seed version 2 missing.
        new_codes = ("home_affairs", "science_tech", "school")
        gone = list(s.scalars(select(ReferenceItem.id).where(ReferenceItem.code.in_(new_codes))))
        s.execute(delete(ReferenceItem).where(ReferenceItem.id.in_(gone)))
        s.execute(delete(Revision).where(Revision.row_id.in_(gone)))
        s.execute(update(Setting).where(Setting.key == refdata.SEED_SETTING).values(value="1"))
        s.execute(update(NodeState).values(level="commune"))
        assert refdata.seed_new(s) == 0, "a laptop waits for the province's receipt"
        s.execute(update(NodeState).values(level="province"))
        assert refdata.seed_new(s) == len(new_codes)
        made = s.get(ReferenceItem, refdata.seed_id("agency", "home_affairs"))
        assert made is not None and made.rev and made.valid_from == dt.date(2025, 3, 1)
        assert refdata.seed_new(s) == 0


def _open_fixture(tmp_path: Path, name: str) -> profile.OpenProfile:
    data_dir = tmp_path / name
    shutil.copytree(FIXTURES_DIR / name, data_dir)
    return profile.open_profile(data_dir, "admin", "fixture-pass-1")


@pytest.mark.parametrize("fixture", ["schema_0005_natural_keys", "schema_0006_law_cases"])
def test_an_earlier_profile_gets_the_dates_and_the_new_items(tmp_path, fixture):
    opened = _open_fixture(tmp_path, fixture)
    try:
        with opened.db.session() as s:
            labour = s.get(ReferenceItem, refdata.seed_id("agency", "labour"))
            assert labour is not None and labour.valid_to == dt.date(2025, 2, 28)
            assert labour.name == "Sở Lao động - Thương binh và Xã hội", "kept, never deleted"
            foreign = s.get(ReferenceItem, refdata.seed_id("agency", "foreign_affairs"))
            assert foreign is not None and foreign.valid_to is None
            gate = s.get(ReferenceItem, refdata.seed_id("border_gate", "chi_ma"))
            level = s.execute(select(NodeState.level)).scalar_one()
            codes = [i.code for i in refdata.items_on(s, "agency", TODAY_2026)]
            if level == "province":  # the province's own edits, sent down in receipts
                assert labour.detail.startswith("chấm dứt từ 01/3/2025")
                assert gate is not None and gate.unit_code == 6541
                assert "home_affairs" in codes
                made = s.get(ReferenceItem, refdata.seed_id("agency", "home_affairs"))
                assert made is not None and made.rev, "made as a change that travels down"
            assert "labour" not in codes
            assert "labour" in [i.code for i in refdata.items_on(s, "agency", PLAN_78)]
    finally:
        opened.close()


def test_a_gates_commune_is_a_current_commune(province):
    with province.db.session() as s:
        gate = next(i for i in refdata.items(s, "border_gate") if i.code == "binh_nghi")
        kw = dict(kind="border_gate", code=gate.code, name=gate.name, item_id=gate.id)
        with pytest.raises(ValidationError) as refused:
            refdata.save_item(s, province.user, province.node.node_id, unit_code=6043, **kw)
        assert refused.value.field == "unit_code", "a commune of before July 2025 is refused"
        kept = refdata.save_item(s, province.user, province.node.node_id, **kw)
        assert kept.unit_code == 6058, "a save that names no commune keeps the gate's"
        moved = refdata.save_item(s, province.user, province.node.node_id, unit_code=6016, **kw)
        assert moved.unit_code == 6016
