"""A laptop restored from a backup keeps sync sound (issue 12, point 7).

The backup is older than what the laptop sent since. After the restore, its next export is
refused until a receipt arrives; with that receipt the laptop continues its change numbers,
its bundle chain and its audit chain from what the province holds, so its next bundle is
accepted (nothing flagged, nothing lost); the records it had sent before the restore come
back down with the next receipt.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.core import backup, profile
from desktop.core.db.models import AuditEvent, NodeState, OutreachEvent
from desktop.core.errors import KhienError
from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.sync import authority, exchange, receipts, restored
from tests.sync import enrolled


def _titles(p: profile.OpenProfile) -> set[str]:
    with p.db.session() as s:
        return set(
            s.execute(select(OutreachEvent.title).where(OutreachEvent.deleted.is_(False))).scalars()
        )


def _chains_ok(p: profile.OpenProfile) -> None:
    with p.db.session() as s:
        assert [c.node_id for c in audit.verify_all(s) if not c.ok] == []


class Trip:
    """Sticks carried between one laptop and the province."""

    def __init__(self, province: profile.OpenProfile, tmp_path: Path) -> None:
        self.province, self.n, self.root = province, 0, tmp_path / "sticks"

    def _stick(self) -> Path:
        self.n += 1
        path = self.root / str(self.n)
        path.mkdir(parents=True)
        return path

    def up(self, laptop: profile.OpenProfile) -> exchange.ImportResult:
        out = exchange.export_bundle(laptop, self._stick())
        return exchange.import_bundle(self.province, out.path)

    def down(self, laptop: profile.OpenProfile) -> exchange.ImportResult:
        out = receipts.export_receipt(self.province, laptop.node.node_id, self._stick())
        return exchange.import_bundle(laptop, out.path)


def test_a_restored_laptop_continues_and_gets_its_records_back(province, tmp_path):
    folder = tmp_path / "laptop"
    trip = Trip(province, tmp_path)
    laptop = enrolled.laptop(province, folder)
    enrolled.event(laptop, "Trước khi sao lưu")
    trip.up(laptop)
    trip.down(laptop)
    saved = backup.make_backup(laptop, tmp_path / "backup" / "khien-backup.zip")
    # After the backup: a new event, an edit, three bundles the province imports.
    sent_after = enrolled.event(laptop, "Gửi lên sau khi sao lưu")
    trip.up(laptop)
    with laptop.db.session() as s:
        ev = s.execute(
            select(OutreachEvent).where(OutreachEvent.title == "Trước khi sao lưu")
        ).scalar_one()
        ev.title = "Đã sửa sau khi sao lưu"
    trip.up(laptop)
    trip.down(laptop)
    trip.up(laptop)
    laptop.close()

    backup.restore_backup(folder, saved, enrolled.OFFICER, enrolled.PASSWORD)
    laptop = profile.open_profile(folder, enrolled.OFFICER, enrolled.PASSWORD)
    assert _titles(laptop) == {"Trước khi sao lưu"}
    after_restore = enrolled.event(laptop, "Nhập sau khi khôi phục")
    with pytest.raises(KhienError) as refused:
        exchange.export_bundle(laptop, trip._stick())
    assert str(refused.value) == _(
        "This laptop was restored from a backup: import a receipt from the office "
        "above first, so that its bundles continue where that office's copy ends."
    )
    _chains_ok(laptop)

    trip.down(laptop)  # the receipt: numbering, bundle chain and audit chain continue
    with laptop.db.session() as s:
        assert restored.state(s)["phase"] == restored.WAITING_RECORDS
        assert audit.count(s, audit.RECHAINED) == 1
        row = s.get(OutreachEvent, after_restore)
        assert row.change_seq > next(iter(receipts.node.upstream(s))).acked_seq
    _chains_ok(laptop)

    got = trip.up(laptop)  # accepted: nothing refused, nothing flagged
    assert got.counts.get("outreach_events", 0) >= 1
    with province.db.session() as s:
        assert s.get(OutreachEvent, after_restore).title == "Nhập sau khi khôi phục"
        assert authority.flags(s) == {}
        assert audit.count(s, "bundle.refused") == 0
        assert laptop.node.node_id in restored.resend_set(s)
    _chains_ok(province)

    trip.down(laptop)  # its own records come back down
    assert _titles(laptop) == {"Đã sửa sau khi sao lưu", "Gửi lên sau khi sao lưu",
                               "Nhập sau khi khôi phục"}  # fmt: skip
    with laptop.db.session() as s:
        assert restored.state(s) is None
        assert s.get(OutreachEvent, sent_after) is not None
    _chains_ok(laptop)

    enrolled.event(laptop, "Ngày hôm sau")
    trip.up(laptop)  # back to normal: the province stops sending its records
    with province.db.session() as s:
        assert restored.resend_set(s) == set()
        assert authority.flags(s) == {}
        titles = set(s.execute(select(OutreachEvent.title)).scalars())
    assert {"Đã sửa sau khi sao lưu", "Nhập sau khi khôi phục", "Ngày hôm sau"} <= titles
    _chains_ok(province)
    laptop.close()


def test_a_rechained_line_must_continue_a_line_held_above(province, tmp_path):
    """The gap a restore opens is allowed only where the province holds the line before it:
    a laptop cannot hide a removed stretch of its log behind a forged ``audit.rechained``."""
    trip = Trip(province, tmp_path)
    laptop = enrolled.laptop(province, tmp_path / "laptop")
    trip.up(laptop)
    with laptop.db.session() as s:
        me = s.execute(select(NodeState.node_id)).scalar_one()
        top = (
            s.execute(
                select(AuditEvent).where(AuditEvent.node_id == me).order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )
        # A forged bridge 5 lines further on, as if lines in between were held above.
        audit.append_after(s, me, top.seq + 5, "f" * 64, "x", audit.RECHAINED,
                           details={"after": top.seq, "held_above": top.seq + 5})  # fmt: skip
    with laptop.db.session() as s:
        assert all(c.ok for c in audit.verify_all(s))  # the laptop alone cannot tell
    with pytest.raises(authority.Violation):
        trip.up(laptop)
    with province.db.session() as s:
        assert authority.flags(s)[laptop.node.node_id]["reason"] == authority.HISTORY_REWRITTEN
    laptop.close()


def test_lines_written_at_sign_in_after_a_restore_move_after_the_province_head(province, tmp_path):
    """No receipt ever came before the backup; the province holds audit lines the backup
    lacks (the line recording the backup itself). Signing in after the restore writes a line
    at the same place: it moves after the province's head with the other new lines."""
    folder = tmp_path / "laptop"
    trip = Trip(province, tmp_path)
    laptop = enrolled.laptop(province, folder)
    me = laptop.node.node_id
    trip.up(laptop)
    saved = backup.make_backup(laptop, tmp_path / "b.zip")
    trip.up(laptop)  # carries the "backup" line
    laptop.close()
    backup.restore_backup(folder, saved, enrolled.OFFICER, enrolled.PASSWORD)
    laptop = profile.open_profile(folder, enrolled.OFFICER, enrolled.PASSWORD)
    with province.db.session() as s:
        head = audit.held_through(s, me)
    trip.down(laptop)
    with laptop.db.session() as s:
        lines = s.execute(
            select(AuditEvent.seq, AuditEvent.action)
            .where(AuditEvent.node_id == me)
            .order_by(AuditEvent.seq)
        ).all()
    moved = [action for seq, action in lines if seq > head]
    assert moved[0] == audit.RECHAINED and "restore" in moved and "login" in moved
    assert "backup" not in [action for _seq, action in lines]  # held above, not here
    _chains_ok(laptop)
    trip.up(laptop)
    with province.db.session() as s:
        assert authority.flags(s) == {}
        actions = (
            s.execute(select(AuditEvent.action).where(AuditEvent.node_id == me)).scalars().all()
        )
    assert "backup" in actions and "restore" in actions and audit.RECHAINED in actions
    _chains_ok(province)
    laptop.close()
