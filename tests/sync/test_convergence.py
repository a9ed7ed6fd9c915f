"""Random edit histories on two laptops: the provinces converge whatever the order."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.core import profile
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Conflict, Peer, Revision
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange, receipts
from desktop.core.sync.authority import Violation
from desktop.core.sync.bundle import BundleRefused
from tests.cheap_argon2 import CHEAP_HASHER, CHEAP_KDF

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
PASSWORD = "matkhau-123"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A commune laptop (L1) under an area office (L2) that also edits its records, and
    two copies of the province (P1, P2) that both enrolled them."""
    root = tmp_path_factory.mktemp("world")
    from desktop.core.security import accounts, keystore

    old, old_hasher = keystore.DEFAULT_KDF, accounts._hasher  # noqa: SLF001
    keystore.DEFAULT_KDF, accounts._hasher = CHEAP_KDF, CHEAP_HASHER  # module scope: by hand
    try:
        p1, _identity = profile.create_province(
            root / "p1", province_code=20, admin_username="p1", admin_password=PASSWORD,
            admin_full_name="p1",
        )  # fmt: skip
        data = enrol.make_setup_package(
            p1, level="area", unit_code=None, office_name="Khu vực", parent_office_id=None,
            username="l2", full_name="l2", role=Role.DISTRICT_OFFICER, password=PASSWORD,
            passphrase=PASS, area_codes=[6040],
        )  # fmt: skip
        l2 = enrol.start_from_package(root / "l2", data, PASS, "l2", PASSWORD)
        with p1.db.session() as s:
            area = s.execute(select(Peer.office_id).where(Peer.name == "Khu vực")).scalar_one()
        data = enrol.make_setup_package(
            p1, level="commune", unit_code=6040, office_name="Xã", parent_office_id=area,
            username="l1", full_name="l1", role=Role.COMMUNE_OFFICER, password=PASSWORD,
            passphrase=PASS,
        )  # fmt: skip
        l1 = enrol.start_from_package(root / "l1", data, PASS, "l1", PASSWORD)
        stick = root / "setup-usb"
        stick.mkdir()
        # The area office learns of the commune enrolled under it from the province.
        exchange.import_bundle(l2, receipts.export_receipt(p1, l2.node.node_id, stick).path)
        p1.close()
        shutil.copytree(root / "p1", root / "p2")
        nodes = {
            "l1": l1,
            "l2": l2,
            "p1": profile.open_profile(root / "p1", "p1", PASSWORD),
            "p2": profile.open_profile(root / "p2", "p1", PASSWORD),
        }
    finally:
        keystore.DEFAULT_KDF, accounts._hasher = old, old_hasher
    yield nodes, root
    for p in nodes.values():
        p.close()


def _apply(p, path):
    # An older bundle after a newer one from the same laptop is refused: harmless.
    try:
        exchange.import_bundle(p, path)
    except Violation:
        raise
    except BundleRefused:
        pass


def _state(p, event_id):
    with p.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        revs = set(s.execute(select(Revision.rev).where(Revision.row_id == event_id)).scalars())
        fields = set(
            s.execute(
                select(Conflict.field).where(
                    Conflict.row_id == event_id, Conflict.resolved_rev.is_(None)
                )
            ).scalars()
        )
        return (ev.rev, ev.title, ev.village, ev.notes, ev.deleted), revs, fields


steps = st.lists(
    st.tuples(
        st.sampled_from(["l1", "l2"]),
        st.sampled_from(["title", "village", "notes"]),
        st.sampled_from(["Một", "Hai", "Ba"]),
        st.booleans(),  # export after this edit?
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps, st.randoms(use_true_random=False))
def test_provinces_converge_and_keep_every_revision(world, history, rnd: random.Random):
    nodes, root = world
    stick = Path(tempfile.mkdtemp(dir=root, prefix="usb-"))
    with nodes["l1"].db.session() as s:
        ev = OutreachEvent(kind="talk", title="Gốc", held_on=dt.date(2026, 7, 30))
        s.add(ev)
    event_id = ev.id
    start = exchange.export_bundle(nodes["l1"], stick).path
    _apply(nodes["l2"], start)
    files = [start]
    for who, field, value, export in history:
        with nodes[who].db.session() as s:
            row = s.get(OutreachEvent, event_id)
            setattr(row, field, f"{value} ({who})")
        if export:
            files.append(exchange.export_bundle(nodes[who], stick).path)
    files += [exchange.export_bundle(nodes[n], stick).path for n in ("l1", "l2")]
    for f in files:
        _apply(nodes["p1"], f)
    shuffled = files * 2
    rnd.shuffle(shuffled)
    for f in shuffled:
        _apply(nodes["p2"], f)
    # The newest bundle of each laptop is cumulative: apply them last too, for P2's sake.
    for f in files[-2:]:
        _apply(nodes["p2"], f)
    a, b = _state(nodes["p1"], event_id), _state(nodes["p2"], event_id)
    assert a == b
    made = set()
    for lap in ("l1", "l2"):
        made |= _state(nodes[lap], event_id)[1]
    assert made <= a[1]  # no revision is ever lost
    # A conflict exactly where both laptops changed a field to different values.
    finals = {lap: _state(nodes[lap], event_id)[0] for lap in ("l1", "l2")}
    expected = {
        name
        for i, name in ((1, "title"), (2, "village"), (3, "notes"))
        if finals["l1"][i] != finals["l2"][i]
        and all(finals[x][i] != (("Gốc", "", "")[i - 1]) for x in ("l1", "l2"))
    }
    assert a[2] == expected
