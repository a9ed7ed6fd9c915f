"""Border gates' communes (refdata's border_gate seeds): every gate's commune is one of Lạng
Sơn's current communes in the installed vietnam-provinces package, and it is the commune
that the old commune the gate stood in became, by the package's old→new table."""

from __future__ import annotations

import importlib.metadata

from vietnam_provinces import Ward

from desktop.core import places, refdata

LANG_SON = 20

# The old commune (code, name) each gate stood in before 1 July 2025 (see the comment above
# the border_gate seeds for which of these were checked and against what).
OLD_COMMUNE = {
    "huu_nghi": (6184, "Thị trấn Đồng Đăng"),
    "dong_dang": (6184, "Thị trấn Đồng Đăng"),
    "chi_ma": (6541, "Xã Yên Khoái"),
    "tan_thanh": (6166, "Xã Tân Thanh"),
    "coc_nam": (6172, "Xã Tân Mỹ"),
    "na_hinh": (6136, "Xã Thụy Hùng"),
    "na_nua": (6004, "Xã Quốc Khánh"),
    "binh_nghi": (6043, "Xã Đào Viên"),
}


def _gates() -> dict[str, int | None]:
    return {it.code: it.unit_code for it in refdata._SEED["border_gate"]}


def _snapshot() -> dict:
    snap = places._legacy_snapshot(LANG_SON)
    assert snap is not None, "the legacy snapshot of Lạng Sơn ships with the app"
    return snap


def test_the_installed_package_is_the_pinned_one():
    installed = importlib.metadata.version("vietnam-provinces")
    assert installed == _snapshot()["package_version"]


def test_every_gate_sits_in_a_current_commune_of_lang_son():
    current = {int(w.code): w.name for w in Ward.iter_all() if int(w.province_code) == LANG_SON}
    assert len(current) == 65, "61 communes and 4 wards since 1 July 2025"
    gates = _gates()
    assert set(gates) == set(OLD_COMMUNE)
    for code, unit in gates.items():
        assert unit in current, code


def test_every_gates_commune_is_what_its_old_commune_became():
    snap = _snapshot()
    old = {c["code"]: c for c in snap["communes"]}
    districts = {d["code"]: d["name"] for d in snap["districts"]}
    for code, unit in _gates().items():
        old_code, old_name = OLD_COMMUNE[code]
        commune = old[old_code]
        assert commune["name"] == old_name, code
        assert districts[commune["district_code"]].startswith("Huyện"), code
        assert commune["new_codes"] == [unit], code
