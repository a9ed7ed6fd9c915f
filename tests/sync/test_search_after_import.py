"""Search by index after a sync import (issue 18, point 2): rows merged from a bundle are
found by their words at once, and an edit that travels takes its old words out."""

from __future__ import annotations

from desktop.core import search
from desktop.core.db.models import OutreachEvent
from desktop.core.sync import exchange
from tests.sync.enrolled import event, laptop


def _found(opened, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.id for h in search.search(opened, text) if h.kind == "event"}


def test_merged_rows_are_searched_by_index(province, tmp_path):
    commune = laptop(province, tmp_path / "laptop")
    stick = tmp_path / "usb"
    stick.mkdir()
    try:
        eid = event(commune, "Nói chuyện chuyên đề tại thôn Nà Lầu")
        exchange.import_bundle(province, exchange.export_bundle(commune, stick).path)
        assert _found(province, "chuyen de na lau") == {eid}
        with commune.db.session() as s:
            ev = s.get(OutreachEvent, eid)
            assert ev is not None
            ev.title = "Mít tinh tại chợ Đồng Đăng"
        exchange.import_bundle(province, exchange.export_bundle(commune, stick).path)
        assert _found(province, "chuyen de") == set()
        assert _found(province, "dong dang mit") == {eid}
    finally:
        commune.db.close()
