"""The Sync page after a laptop was restored from a backup: it says what to do, export waits
for a receipt, and both sides say when the laptop's records are on their way back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.core import backup, profile
from desktop.core.i18n import _
from desktop.core.sync import exchange, receipts
from tests.ui import test_sync
from tests.ui.test_sync import LAPTOP_PASSWORD, LAPTOP_USER, _event, _export, _page, _title

laptop, stick = test_sync.laptop, test_sync.stick  # the Sync page tests' fixtures


def _import(qtbot, page, path) -> None:
    page.import_files([path])
    qtbot.waitUntil(
        lambda: page.preview_dialog is not None or page.summary_box is not None, timeout=20_000
    )
    assert page.preview_dialog is not None, page.result.text()
    qtbot.mouseClick(page.preview_dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.summary_box is not None, timeout=20_000)
    page.summary_box.close()
    page.summary_box = None


def test_the_page_guides_a_restored_laptop_back_into_sync(qtbot, laptop, province, stick, tmp_path):
    folder = laptop.data_dir
    _event(laptop, "Trước khi sao lưu")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    saved = backup.make_backup(laptop, tmp_path / "backup.zip")
    lost = _event(laptop, "Gửi lên sau khi sao lưu")
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    laptop.close()
    backup.restore_backup(folder, saved, LAPTOP_USER, LAPTOP_PASSWORD)
    again = profile.open_profile(folder, LAPTOP_USER, LAPTOP_PASSWORD)
    try:
        page = _page(qtbot, again)
        assert page.restore_note.isVisible()
        assert page.restore_note.text() == _(
            "This laptop was restored from a backup: import a receipt from the office "
            "above before exporting."
        )
        before = set(stick.iterdir())
        _export(qtbot, page)
        assert page.result.text() == _(
            "This laptop was restored from a backup: import a receipt from the office "
            "above first, so that its bundles continue where that office's copy ends."
        )
        assert set(stick.iterdir()) == before

        node_id = again.node.node_id
        _import(qtbot, page, receipts.export_receipt(province, node_id, stick).path)
        assert page.restore_note.text() == _(
            "This laptop was restored from a backup: export now; the next receipt "
            "brings back the records it had sent since that backup was made."
        )
        _export(qtbot, page)
        [written] = sorted(stick.glob("*.khb"), key=lambda p: p.stat().st_mtime)[-1:]
        upper = _page(qtbot, province)
        _import(qtbot, upper, written)
        assert "refused" not in upper.result.text() and not upper.flagged.isVisible()
        assert upper.restore_note.text() == _(
            "{office} was restored from a backup: its next receipt carries its records back."
        ).format(office="UBND xã Thất Khê")

        _import(qtbot, page, receipts.export_receipt(province, node_id, stick).path)
        assert page.restore_note.isHidden()
        assert _title(again, lost) == "Gửi lên sau khi sao lưu"
    finally:
        again.close()
