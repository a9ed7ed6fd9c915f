"""Property: whatever rows a laptop puts in its bundles, the province's rows outside that
laptop's authority are unchanged (DESIGN.md §5a)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.core import profile
from desktop.core.db.base import synced_models
from desktop.core.db.models import Account, Office, OutreachEvent, ReferenceItem
from desktop.core.security import accounts, keystore
from desktop.core.sync import authority, exchange
from desktop.core.sync.bundle import BundleRefused
from tests.cheap_argon2 import CHEAP_HASHER, CHEAP_KDF
from tests.security.conftest import OFFICER, OFFICER_PASSWORD, OTHER, OTHER_PASSWORD, _laptop


@pytest.fixture(scope="module")
def world():
    root = Path(tempfile.mkdtemp(prefix="khien-authority-"))
    old, old_hasher = keystore.DEFAULT_KDF, accounts._hasher  # noqa: SLF001
    keystore.DEFAULT_KDF, accounts._hasher = CHEAP_KDF, CHEAP_HASHER  # module scope: by hand
    try:
        province, _identity = profile.create_province(
            root / "province", province_code=20, admin_username="quantri",
            admin_password="matkhau-123", admin_full_name="Quản Trị",
        )  # fmt: skip
        laptop = _laptop(province, root / "thatkhe", 6040, "Thất Khê", OFFICER, OFFICER_PASSWORD)
        other = _laptop(province, root / "tanthanh", 6046, "Tân Thanh", OTHER, OTHER_PASSWORD)
        stick = root / "usb"
        stick.mkdir()
        with other.db.session() as s:  # records the hostile laptop must not touch
            s.add(OutreachEvent(kind="talk", title="Của Tân Thanh", held_on=dt.date(2026, 7, 2)))
        exchange.import_bundle(province, exchange.export_bundle(other, stick).path)
    finally:
        keystore.DEFAULT_KDF, accounts._hasher = old, old_hasher
    yield province, laptop, stick, protected(province, laptop)
    for p in (province, laptop, other):
        p.close()
    shutil.rmtree(root, ignore_errors=True)


def protected(province, laptop) -> str:
    """A digest of every province row outside the laptop's authority."""
    mine = laptop.node.office_id
    h = hashlib.sha256()
    with province.db.session() as s:
        owners = dict(s.execute(select(OutreachEvent.id, OutreachEvent.office_id)).all())
        for table, model in sorted(synced_models().items()):
            for row in s.execute(select(model).order_by(model.id)).scalars():
                content = row.content()
                if table == "accounts" and row.id == laptop.user.account_id:
                    content.pop("password_hash")  # the one thing it may change
                if table in authority.OWNED_BY_OFFICE and content.get("office_id") == mine:
                    continue
                if table == "event_attachments" and owners.get(content["event_id"]) == mine:
                    continue
                if table == "persons":
                    continue  # only through cases, none of which this test makes
                h.update(f"{table}:{sorted(content.items())!r}\n".encode())
    return h.hexdigest()


TEXT = st.text(alphabet="aăâbcdđeêgHIKLMNoôơuưxyz '-", min_size=1, max_size=12)
ATTACKS = st.lists(
    st.one_of(
        st.tuples(st.just("account"), st.sampled_from(["full_name", "role", "active"]), TEXT),
        st.tuples(st.just("own_account"), st.sampled_from(["role", "office_id", "active"]), TEXT),
        st.tuples(st.just("office"), st.just("name"), TEXT),
        st.tuples(st.just("reference"), st.just("name"), TEXT),
        st.tuples(st.just("event"), st.sampled_from(["own", "other", "none"]), TEXT),
        st.tuples(st.just("password"), st.just("password_hash"), TEXT),
    ),
    min_size=1,
    max_size=4,
)


def _attack(laptop, other_office: str, kind: str, field: str, value: str) -> None:
    with laptop.db.session() as s:
        if kind == "account":
            row = s.execute(select(Account).where(Account.username == "quantri")).scalar_one()
            setattr(row, field, value if field != "active" else not row.active)
        elif kind == "own_account":
            row = s.get(Account, laptop.user.account_id)
            province_office = s.execute(
                select(Office.id).where(Office.parent_id.is_(None))
            ).scalar_one()
            new = {"role": "provincial_admin", "office_id": province_office, "active": False}
            setattr(row, field, new[field])
        elif kind == "password":
            s.get(Account, laptop.user.account_id).password_hash = f"argon2-{value}"
        elif kind in ("office", "reference"):
            model = Office if kind == "office" else ReferenceItem
            row = s.execute(select(model).order_by(model.id).limit(1)).scalar_one()
            row.name = value
        else:
            office = {"own": laptop.node.office_id, "other": other_office, "none": None}[field]
            s.add(OutreachEvent(kind="talk", title=value, held_on=dt.date(2026, 7, 3),
                                office_id=office))  # fmt: skip


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(attacks=ATTACKS)
def test_rows_outside_the_laptops_authority_never_change(world, attacks):
    province, laptop, stick, before = world
    with province.db.session() as s:
        other_office = s.execute(select(Office.id).where(Office.name == "Tân Thanh")).scalar_one()
    for kind, field, value in attacks:
        _attack(laptop, other_office, kind, field, value)
    path = exchange.export_bundle(laptop, stick).path
    with contextlib.suppress(BundleRefused):
        exchange.import_bundle(province, path)
    assert protected(province, laptop) == before
