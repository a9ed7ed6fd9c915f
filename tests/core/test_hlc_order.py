"""HLC stamps sort as text in the order they were handed out, even when more rows than the
counter's five digits are stamped in one millisecond (a bulk fill, a large import): the
counter carries into the milliseconds instead of growing a sixth digit."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from desktop.core.db import syncmeta
from desktop.core.db.models import NodeState


def test_a_reservation_past_the_counter_carries_into_the_next_millisecond(province, monkeypatch):
    future_ms = 4_000_000_000_000  # the node's clock ahead of this machine's: counter goes on
    with province.db.session() as s:
        s.execute(update(NodeState).values(hlc_ms=future_ms, hlc_counter=99_990))
    with province.db.session() as s:
        stamper = syncmeta._Stamper(s, 25)  # noqa: SLF001
        stamps = [stamper.next_hlc() for _ in range(25)]
        state = s.execute(select(NodeState.hlc_ms, NodeState.hlc_counter)).one()
    assert stamps == sorted(stamps) and len(set(stamps)) == 25
    assert {len(x) for x in stamps} == {len(stamps[0])}  # no sixth digit
    assert stamps[0].startswith(f"{future_ms:013d}-99991-")
    assert stamps[-1].startswith(f"{future_ms + 1:013d}-00015-")
    # what is kept for the next flush is past every stamp handed out
    assert (state.hlc_ms, state.hlc_counter) == (future_ms + 1, 16)
    with province.db.session() as s:
        after = syncmeta._Stamper(s, 1).next_hlc()  # noqa: SLF001
    assert after > stamps[-1]


def test_a_counter_out_of_range_is_refused():
    with pytest.raises(ValueError):
        syncmeta.format_hlc(1, syncmeta.COUNTER_SPAN, "node")
