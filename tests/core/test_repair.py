"""Profiles written by versions that lost the sync hook are repaired when they open, and
their records then reach the province (fixture: tools/make_unstamped_fixture.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.core import profile, search
from desktop.core.db import repair
from desktop.core.db.base import synced_models
from desktop.core.db.models import AuditEvent, OutreachEvent, ReceptionCase
from desktop.core.db.models_sync import Revision
from desktop.core.db.syncmeta import canonical_json
from desktop.core.sync import exchange
from tools import make_unstamped_fixture as fx

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "unstamped_0005"


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    target = tmp_path / "unstamped"
    shutil.copytree(FIXTURE, target)
    return target


def _differs(logged: str, row) -> bool:
    """The row differs from its revision in a field the revision holds (columns a later
    migration added, filled alike everywhere, are not the row's own edit: ``repair``)."""
    stored, current = json.loads(logged), json.loads(canonical_json(row.content()))
    return {k: current.get(k) for k in stored} != stored


def _problems(opened: profile.OpenProfile) -> list[str]:
    """Every synced row that lacks its metadata or differs from the revision it names."""
    bad = []
    with opened.db.session() as s:
        for table, model in synced_models().items():
            for row in s.execute(select(model)).scalars():
                logged = s.get(Revision, row.rev)
                if not row.rev or row.change_seq == 0:
                    bad.append(f"{table} {row.id}: no revision")
                elif logged is not None and _differs(logged.content, row):
                    bad.append(f"{table} {row.id}: content differs from its revision")
                for target, sources in row.__fold__.items():
                    if any(getattr(row, c) for c in sources) and not getattr(row, target):
                        bad.append(f"{table} {row.id}: empty {target}")
    return bad


def _unhooked_rows(folder: Path) -> int:
    """How many rows of the fixture lack a revision, read before the repair runs."""
    from desktop.core.db.engine import open_engine
    from desktop.core.security.keystore import Keystore

    key = Keystore.load(profile.keystore_path(folder)).unlock(fx.ADMIN, fx.PASSWORD)
    engine = open_engine(profile.db_path(folder), key)
    try:
        with engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(OutreachEvent).where(OutreachEvent.rev == "")
            ).scalar_one()
    finally:
        engine.dispose()


def test_the_fixture_holds_unstamped_rows(damaged):
    assert _unhooked_rows(damaged / "province") == 1


def test_opening_stamps_every_row_once_and_says_so(damaged):
    opened = profile.open_profile(damaged / "laptop", fx.OFFICER, fx.OFFICER_PASSWORD)
    try:
        assert _problems(opened) == []
        assert not repair.needed(opened.db)
        with opened.db.session() as s:
            lines = s.execute(
                select(AuditEvent.details).where(AuditEvent.action == "repair.stamped")
            ).all()
        assert len(lines) == 1
        assert '"outreach_events":2' in lines[0].details.replace(" ", "")
        hits = search.search(opened, "luu dong that khe")
        assert [h.title for h in hits] == [fx.LAPTOP_EVENT]
    finally:
        opened.close()
    again = profile.open_profile(damaged / "laptop", fx.OFFICER, fx.OFFICER_PASSWORD)
    try:
        with again.db.session() as s:
            n = s.execute(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "repair.stamped")
            ).scalar_one()
        assert n == 1, "the repair runs once"
    finally:
        again.close()


def test_repaired_records_reach_the_province(damaged, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    laptop = profile.open_profile(damaged / "laptop", fx.OFFICER, fx.OFFICER_PASSWORD)
    try:
        out = exchange.export_bundle(laptop, stick)
    finally:
        laptop.close()
    # the new event, and both revisions of the edited one (before and after the edit)
    assert out.counts.get("outreach_events") == 3
    assert out.counts.get("persons") == 1 and out.counts.get("reception_cases") == 1

    province = profile.open_profile(damaged / "province", fx.ADMIN, fx.PASSWORD)
    try:
        assert _problems(province) == []
        exchange.import_bundle(province, out.path)
        with province.db.session() as s:
            titles = set(s.execute(select(OutreachEvent.title)).scalars())
            codes = set(s.execute(select(ReceptionCase.case_code)).scalars())
        assert {fx.PROVINCE_EVENT, fx.LAPTOP_EVENT, fx.LAPTOP_EDITED_TO} <= titles
        assert fx.LAPTOP_EDITED_FROM not in titles
        assert fx.LAPTOP_CASE in codes
    finally:
        province.close()
