"""Administrative units: one pinned release of `vietnam-provinces`, and a legacy table that
agrees with it (every pre-reform commune of Lạng Sơn becomes communes the release has, and
every current commune is what some legacy commune became)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select
from vietnam_provinces import Ward

from desktop.core import places, profile
from desktop.core.db.models import AdminUnit

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "resources" / "data" / "legacy_units_20.json"
GENERATOR = ROOT / "tools" / "gen_legacy_units.py"
PROVINCE = 20
RENUMBERED = {6004: 6016, 6124: 6214, 6196: 6202, 6211: 6193, 6436: 6421}


def _snapshot() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return data


def _current() -> dict[int, Ward]:
    return {int(w.code): w for w in Ward.iter_all() if int(w.province_code) == PROVINCE}


def _pin() -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "dependencies"
    ]
    pins = [d for d in deps if re.match(r"vietnam[-_]provinces\b", d)]
    assert len(pins) == 1, pins
    found = re.fullmatch(r"vietnam[-_]provinces\s*==\s*([\w.]+)", pins[0].strip())
    assert found, f"vietnam-provinces is not pinned to one release: {pins[0]!r}"
    return found.group(1)


def test_the_installed_release_is_the_pinned_one_and_the_table_was_made_with_it() -> None:
    pin = _pin()
    assert version("vietnam-provinces") == pin
    assert _snapshot()["package_version"] == pin


def test_lang_son_has_65_current_units() -> None:
    kinds = Counter(w.division_type.value for w in _current().values())
    assert sum(kinds.values()) == 65
    assert kinds == {"xã": 61, "phường": 4}


def test_every_legacy_commune_becomes_communes_of_the_province_that_exist() -> None:
    current = _current()
    communes = _snapshot()["communes"]
    assert len(communes) > 150  # about 200 before the reform
    for c in communes:
        assert c["new_codes"], f"{c['name']} ({c['code']}) maps to nothing"
        for code in c["new_codes"]:
            assert code in current, f"{c['name']} ({c['code']}) → {code}: no such commune"


def test_every_current_commune_is_what_some_legacy_commune_became() -> None:
    targets = {code for c in _snapshot()["communes"] for code in c["new_codes"]}
    missing = {code: w.name for code, w in _current().items() if code not in targets}
    assert not missing


def test_the_fifteen_renumbered_targets_are_recorded_and_resolved_by_name() -> None:
    snap = _snapshot()
    current = _current()
    assert {r["source_code"]: r["code"] for r in snap["renumbered"]} == RENUMBERED
    for r in snap["renumbered"]:
        assert current[r["code"]].name == r["name"]
    moved = [c for c in snap["communes"] if "source_new_codes" in c]
    assert len(moved) == 15
    for c in moved:
        assert c["new_codes"] == [RENUMBERED[s] for s in c["source_new_codes"]]


def test_legacy_districts_are_the_eleven_of_lang_son() -> None:
    codes = [d["code"] for d in _snapshot()["districts"]]
    assert codes == [178, *range(180, 190)]
    legacy = _snapshot()["communes"]
    assert {c["district_code"] for c in legacy} == set(codes)


@pytest.fixture(scope="module")
def generator() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("gen_legacy_units", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_the_generator_reproduces_the_table_from_the_pinned_release(generator: ModuleType) -> None:
    assert generator.main(["--check"]) == 0


def test_the_generator_fails_loudly_on_a_target_the_pinned_release_lacks(
    generator: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = generator.extract_from_snapshot(SNAPSHOT)
    dropped = [r for r in generator.RENUMBERED if r.source_code != 6436]
    monkeypatch.setattr(generator, "RENUMBERED", tuple(dropped))
    with pytest.raises(generator.Unresolved) as err:
        generator.reconcile(
            raw, generator.pinned_communes(PROVINCE), version("vietnam-provinces"), PROVINCE
        )
    text = str(err.value)
    assert "Xã Đồng Tiến (6436) → 6436" in text
    assert "Xã Thiện Tân (6421) is the target of no legacy commune" in text


def test_load_units_on_a_fresh_profile_loads_every_unit_and_successor(
    province: profile.OpenProfile,
) -> None:
    snap = _snapshot()
    with province.db.session() as s:
        count = dict(
            s.execute(
                select(AdminUnit.kind, func.count())
                .where(AdminUnit.province_code == PROVINCE)
                .group_by(AdminUnit.kind)
            ).all()
        )
        assert count == {
            places.PROVINCE: 1,
            places.COMMUNE: 65,
            places.LEGACY_DISTRICT: len(snap["districts"]),
            places.LEGACY_COMMUNE: len(snap["communes"]),
        }
        for c in snap["communes"]:
            got = sorted(u.code for u in places.successors_of(s, c["code"]))
            assert got == sorted(c["new_codes"]), c["name"]
            assert all(u.province_code == PROVINCE for u in places.successors_of(s, c["code"]))


def test_a_build_without_the_former_units_file_keeps_the_former_communes(
    province: profile.OpenProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incomplete installation (its data file missing) opening a profile must not
    rebuild the units table without the former communes that events before the reform name."""

    def legacy_count() -> int:
        with province.db.session(read=True) as s:
            q = select(func.count()).select_from(AdminUnit)
            return int(s.execute(q.where(AdminUnit.kind == places.LEGACY_COMMUNE)).scalar_one())

    before = legacy_count()
    assert before > 0
    monkeypatch.setattr(places, "_legacy_snapshot", lambda _code: None)
    with province.db.session() as s:
        assert not places.refresh_units(s, 20)
    assert legacy_count() == before
