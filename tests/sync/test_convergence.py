"""Random edit histories on two laptops: the provinces converge whatever the order."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.core import profile
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Conflict, Revision
from desktop.core.sync import exchange, node
from desktop.core.sync.bundle import BundleRefused


def _make(path, name):
    opened, _identity = profile.create_province(
        path / name, province_code=20, admin_username=name, admin_password="matkhau-123",
        admin_full_name=name,
    )  # fmt: skip
    return opened


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Two laptops (L1, L2) and two province copies (P1, P2), all trusting each other."""
    root = tmp_path_factory.mktemp("world")
    from desktop.core.security import keystore

    old = keystore.DEFAULT_KDF
    keystore.DEFAULT_KDF = keystore.KdfParams(1, 1024, 1)
    nodes = {n: _make(root, n) for n in ("l1", "l2", "p1", "p2")}
    keystore.DEFAULT_KDF = old
    keys = {}
    for name, p in nodes.items():
        with p.db.session() as s:
            keys[name] = node.ensure_keys(s).public
    for lap in ("l1", "l2"):
        with nodes[lap].db.session() as s:
            for prov in ("p1", "p2"):
                node.add_peer(s, keys[prov], node.UPSTREAM, prov)
            if lap == "l1":  # L2 starts from L1's record, as if handed down
                node.add_peer(s, keys["l2"], node.UPSTREAM, "l2")
            else:
                node.add_peer(s, keys["l1"], node.DOWNSTREAM, "l1")
    for prov in ("p1", "p2"):
        with nodes[prov].db.session() as s:
            for lap in ("l1", "l2"):
                node.add_peer(s, keys[lap], node.DOWNSTREAM, lap)
    yield nodes, root
    for p in nodes.values():
        p.db.close()


def _apply(p, path):
    # An older bundle after a newer one from the same laptop is refused: harmless.
    with contextlib.suppress(BundleRefused):
        exchange.import_bundle(p, path)


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
