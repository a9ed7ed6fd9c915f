"""Merge by ancestry: properties over random edit histories on several laptops."""

from __future__ import annotations

import hashlib
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.sync.merge import DELETED, Revision, descends_from, head, leaves

FIELDS = ("title", "village", "notes")
BASE = Revision(
    "r0", (), {"title": "Mít tinh", "village": "Nà Lầu", "notes": "", DELETED: False}, "0000"
)


class Node:
    """A laptop or the province: the set of revisions it knows of one row."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.revs: dict[str, Revision] = {BASE.rev: BASE}
        self.clock = 0

    def edit(self, changes: dict, tick: int) -> Revision:
        current = head(self.revs)
        content = {**current.content, **changes}
        parents = tuple(current.leaves)
        rev_id = hashlib.sha256(
            f"{self.name}{tick}{parents}{sorted(content.items())}".encode()
        ).hexdigest()[:16]
        rev = Revision(rev_id, parents, content, f"{tick:06d}")
        self.revs[rev_id] = rev
        return rev

    def receive(self, revisions: dict[str, Revision]) -> None:
        self.revs.update(revisions)


edits = st.lists(
    st.tuples(
        st.integers(0, 2),  # laptop
        st.one_of(st.sampled_from(FIELDS).map(lambda f: ("edit", f)), st.just(("delete", None))),
        st.sampled_from(["a", "b", "c"]),  # value
    ),
    min_size=1,
    max_size=12,
)


def _play(history) -> list[Node]:
    laptops = [Node(f"L{i}") for i in range(3)]
    for tick, (who, (op, name), value) in enumerate(history, start=1):
        if op == "edit":
            laptops[who].edit({name: value}, tick)
        else:
            laptops[who].edit({DELETED: True}, tick)
    return laptops


@settings(max_examples=150, deadline=None)
@given(edits, st.randoms(use_true_random=False), st.integers(1, 3))
def test_any_order_any_number_of_times_converges(history, rnd: random.Random, repeats: int):
    laptops = _play(history)
    bundles = [dict(lap.revs) for lap in laptops] * repeats
    rnd.shuffle(bundles)
    province = Node("P")
    for b in bundles:
        province.receive(b)
    reference = Node("P2")
    for b in reversed(bundles):
        reference.receive(b)
    assert head(province.revs) == head(reference.revs)
    # No revision is ever lost.
    made = set().union(*(lap.revs for lap in laptops))
    assert made <= set(province.revs)


@settings(max_examples=150, deadline=None)
@given(edits)
def test_conflicts_exactly_when_a_field_was_edited_concurrently(history):
    laptops = _play(history)
    province = Node("P")
    for lap in laptops:
        province.receive(lap.revs)
    result = head(province.revs)
    # Laptops never exchanged: each one's final state is concurrent with the others'.
    finals = {lap.name: head(lap.revs).content for lap in laptops if len(lap.revs) > 1}
    expected = set()
    for name in FIELDS:
        values = {c[name] for c in finals.values() if c[name] != BASE.content[name]}
        if len(values) > 1:
            expected.add(name)
    deleters = [n for n, c in finals.items() if c[DELETED]]
    editors = [
        n
        for n, c in finals.items()
        if not c[DELETED] and any(c[f] != BASE.content[f] for f in FIELDS)
    ]
    if deleters and editors:
        expected.add(DELETED)
    assert {c.field for c in result.conflicts} == expected
    # Fields changed on one side only are merged, never lost.
    for name in FIELDS:
        changed = {c[name] for c in finals.values() if c[name] != BASE.content[name]}
        if len(changed) == 1:
            assert result.content[name] == changed.pop()


def test_fast_forward_and_ignore_older():
    laptop, province = Node("L"), Node("P")
    first = laptop.edit({"title": "Nói chuyện chuyên đề"}, 1)
    province.receive(laptop.revs)
    assert head(province.revs).rev == first.rev  # fast-forward
    second = laptop.edit({"notes": "150 người dự"}, 2)
    province.receive(laptop.revs)
    province.receive({first.rev: first})  # an older bundle again: ignored
    assert head(province.revs).rev == second.rev
    assert descends_from(province.revs, second.rev, first.rev)


def test_resolution_has_both_parents_and_ends_the_conflict():
    a, b, province = Node("A"), Node("B"), Node("P")
    a.edit({"title": "Tọa đàm"}, 1)
    b.edit({"title": "Diễn đàn"}, 2)
    province.receive(a.revs)
    province.receive(b.revs)
    merged = head(province.revs)
    assert [c.field for c in merged.conflicts] == ["title"]
    assert merged.content["title"] == "Diễn đàn"  # provisional winner: the later HLC
    resolved = province.edit({"title": "Tọa đàm và diễn đàn"}, 3)
    assert set(resolved.parents) == set(merged.leaves)
    assert head(province.revs).conflicts == ()
    for stale in (a.revs, b.revs):  # old bundles arriving again change nothing
        province.receive(stale)
    assert head(province.revs).rev == resolved.rev


def test_same_change_on_both_sides_is_not_a_conflict():
    a, b, province = Node("A"), Node("B"), Node("P")
    a.edit({"village": "Bản Chắt"}, 1)
    b.edit({"village": "Bản Chắt"}, 2)
    for n in (a, b):
        province.receive(n.revs)
    assert head(province.revs).conflicts == ()
    assert leaves(province.revs) == sorted(itertools.chain(leaves(a.revs), leaves(b.revs)))
