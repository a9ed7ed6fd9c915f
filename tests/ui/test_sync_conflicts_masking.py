"""The Conflicts panel masks a received person's name for a role that may not see it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.core.sync import conflicts
from desktop.ui.pages.sync_conflicts import ConflictsPanel
from tests.conftest import build_once
from tests.core.outreach_helpers import as_role
from tests.sync.masking_helpers import (
    BASE_NAME,
    LAPTOP_NAME,
    PROVINCE_NAME,
    assert_no_name,
    make_laptop,
    names_in,
    person_conflict,
)


@pytest.fixture
def laptop(province, tmp_path, tmp_path_factory):
    """A copy of the laptop the first test enrolled (enrolling takes seconds)."""
    opened = build_once(
        "masking-laptop", province, tmp_path, tmp_path_factory,
        lambda p, folder: {"laptop": make_laptop(p, folder / "laptop")},
    )["laptop"]  # fmt: skip
    yield opened
    opened.db.close()


@pytest.fixture
def made(province, laptop, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    return person_conflict(province, laptop, stick)


def _panel(qtbot, opened) -> ConflictsPanel:
    panel = ConflictsPanel(opened)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def _texts(panel: ConflictsPanel) -> str:
    """Everything the panel shows: the table, every label and button, their tooltips."""
    out = []
    for r in range(panel.table.rowCount()):
        for c in range(panel.table.columnCount()):
            item = panel.table.item(r, c)
            out += [item.text(), item.toolTip()]
    for w in panel.findChildren(QLabel) + panel.findChildren(QPushButton):
        out += [w.text(), w.toolTip()]
    return "\n".join(out)


def _reads(p) -> int:
    with p.db.session() as s:
        return audit.count(s, "case.identity.read")


def test_a_statistician_sees_no_name_in_the_conflicts_panel(qtbot, province, made):
    before = _reads(province)
    panel = _panel(qtbot, as_role(province, Role.STATISTICIAN, "thongke"))
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 1).text() == made.case_code
    hidden = conflicts.hidden_text()
    assert panel.findChild(QLabel, "base_value").text() == hidden
    assert {panel.findChild(QLabel, f"value_{n}").text() for n in range(2)} == {hidden}
    assert all(b.isHidden() for b in panel.keep_buttons)
    assert panel.typed_holder.isHidden() and not panel.note.isHidden()
    assert panel.note.text() == _(
        "Your role may not see a person's identity: an officer who may see it chooses the value."
    )
    assert_no_name(_texts(panel))
    assert _reads(province) == before


def test_an_officer_sees_the_names_in_the_panel_and_it_is_audited(qtbot, province, made):
    before = _reads(province)
    panel = _panel(qtbot, as_role(province, Role.PROVINCIAL_OFFICER, "canbo"))
    assert panel.table.item(0, 1).text() == made.case_code  # the queue names no one
    assert names_in(_texts(panel)) == {BASE_NAME, LAPTOP_NAME, PROVINCE_NAME}
    assert all(not b.isHidden() for b in panel.keep_buttons) and panel.note.isHidden()
    assert _reads(province) > before
