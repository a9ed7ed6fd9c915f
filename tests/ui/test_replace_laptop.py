"""Administration → Offices → Replace laptop…: the old laptop is revoked, the slip shown,
and the package starts the new laptop for the same office."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.core.db.models_sync import Peer
from desktop.core.security.roles import Role
from desktop.core.sync import enrol
from desktop.ui import texts
from desktop.ui.pages.admin import AdminPage

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
OFFICE = "UBND xã Thất Khê"


def test_replace_a_laptop_from_the_offices_page(qtbot, province, tmp_path, monkeypatch):
    enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name=OFFICE,
        parent_office_id=None, username="canbo.tk", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    page = AdminPage(province)
    qtbot.addWidget(page)
    page.show()
    panel = page.offices
    panel.select_id(province.node.office_id)
    assert not panel.replace.isEnabled()  # the province's own office
    office_id = next(r.id for r in panel.rows if r.name == OFFICE)
    panel.select_id(office_id)
    assert panel.replace.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(texts, "ask", lambda _p, text, *_a, **_k: asked.append(text) is None)
    qtbot.mouseClick(panel.replace, Qt.MouseButton.LeftButton)
    dlg = panel.replace_dialog
    assert dlg is not None and OFFICE in asked[0]
    assert dlg.username.text() == "canbo.tk" and dlg.full_name.text() == "Nông Thị Hoa"
    qtbot.waitUntil(dlg.ok.isEnabled, timeout=20_000)
    with province.db.session() as s:
        assert all(not p.revoked for p in s.execute(select(Peer)).scalars())  # not yet
    target = tmp_path / "thatkhe-moi.khs"
    dlg.choose_target = lambda: target
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.slip is not None, timeout=20_000)
    slip = dlg.slip.view.toPlainText()
    assert dlg.passphrase in slip and OFFICE in slip and dlg.password.text() in slip
    dlg.slip.accept()
    assert not dlg.isVisible()
    with province.db.session() as s:
        peers = list(s.execute(select(Peer).where(Peer.office_id == office_id)).scalars())
    assert len(peers) == 2 and sum(p.revoked for p in peers) == 1
    laptop = enrol.start_from_package(
        tmp_path / "laptop", target.read_bytes(), dlg.passphrase, "canbo.tk", dlg.password.text()
    )
    assert laptop.node.office_id == office_id and laptop.user.full_name == "Nông Thị Hoa"
    laptop.close()


def test_cancelling_the_question_changes_nothing(qtbot, province, monkeypatch):
    enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name=OFFICE,
        parent_office_id=None, username="canbo.tk", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    page = AdminPage(province)
    qtbot.addWidget(page)
    panel = page.offices
    panel.select_id(next(r.id for r in panel.rows if r.name == OFFICE))
    monkeypatch.setattr(texts, "ask", lambda *_a, **_k: False)
    assert panel.replace_selected() is None and panel.replace_dialog is None
