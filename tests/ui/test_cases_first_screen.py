"""Issue 18, point 3: the cases list's first screen, lighter, with nothing lost.

- No write before the first screen is painted: its rows come without names, the audit line
  of the read is written once the list is painted, and only then are the names read and
  shown (their column fitted to them). A line that cannot be written shows no name and
  says so; the answer to a later query is audited as it arrives, before any of it shows.
- The border-gate and commune filters read their choices when first opened.
- The columns are fitted as ``resizeColumnsToContents`` fits them, for less work.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from desktop.core.cases import listing
from desktop.core.security import audit
from desktop.core.security.roles import Role
from desktop.ui import window_state
from desktop.ui.pages import lazy_list
from desktop.ui.pages.cases import FIT_ROWS, CasesPage
from desktop.ui.pages.cases_model import NAME_COLUMN
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import as_role
from tests.ui.cases_ui import choose
from tests.ui.lists_ui import settle


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def _lines(p) -> int:
    with p.db.session() as s:
        return audit.count(s, "case.identity.list")


def _page(qtbot, opened) -> CasesPage:
    page = CasesPage(opened)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    return page


def _broken(*args, **kwargs):
    raise OSError("disk full")


def test_names_come_after_the_first_paint_once_their_read_is_audited(qtbot, officer):
    received = [receive(officer, name=n, on=D(2025, 9, d)) for n, d in
                (("Vi Thị Đào", 2), ("Nông Văn Sáng", 3))]  # fmt: skip
    before = _lines(officer)
    page = _page(qtbot, officer)
    page.show()
    assert page.model.ids == received[::-1]
    assert page.model.text_at(0, NAME_COLUMN) == "" and _lines(officer) == before, (
        "nothing written, no name read, before the first screen is painted"
    )
    header = page.table.horizontalHeader()
    without_names = header.sectionSize(NAME_COLUMN)
    settle(qtbot, page)
    assert _lines(officer) == before + 1, "the first screen's read, audited once"
    assert page.model.text_at(0, NAME_COLUMN) == "Nông Văn Sáng"
    assert header.sectionSize(NAME_COLUMN) > without_names, "the column fits the names"
    assert header.sectionSize(NAME_COLUMN) == page.table.sizeHintForColumn(NAME_COLUMN)
    page.refresh()  # the same query again: no new line
    settle(qtbot, page)
    assert _lines(officer) == before + 1


def test_a_line_that_cannot_be_written_shows_no_name(qtbot, officer, monkeypatch):
    receive(officer, name="Vi Thị Đào")
    page = _page(qtbot, officer)
    said: list[str] = []
    page.model.failed.disconnect()
    page.model.failed.connect(said.append)
    monkeypatch.setattr(audit, "record", _broken)
    page.show()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert page.model.text_at(0, NAME_COLUMN) == "", "no name without its line"
    assert page.model.row_at(0).name == ""
    assert not page.model.reads.audited(page.current_filter())


def test_a_new_query_is_audited_as_its_answer_arrives_before_it_shows(qtbot, officer, monkeypatch):
    old = receive(officer, name="Vi Thị Đào", on=D(2025, 9, 2))
    receive(officer, name="Nông Văn Sáng", on=D(2025, 9, 3))
    page = _page(qtbot, officer)
    page.show()
    settle(qtbot, page)
    said: list[str] = []
    page.model.failed.disconnect()
    page.model.failed.connect(said.append)
    monkeypatch.setattr(audit, "record", _broken)
    page.search.setText("dao")
    page.refresh()
    settle(qtbot, page)
    assert said and len(page.model.ids) == 2, "the rows shown stay"
    assert page.model.query == listing.CaseFilter(), "the unaudited answer is not shown"
    monkeypatch.undo()
    before = _lines(officer)
    page.refresh()
    settle(qtbot, page)
    assert page.model.ids == [old] and page.model.text_at(0, NAME_COLUMN) == "Vi Thị Đào"
    assert _lines(officer) == before + 1


def test_a_masked_role_writes_no_line_and_needs_no_work_after_the_first_screen(qtbot, province):
    receive(as_role(province, Role.PROVINCIAL_OFFICER, "canbo"))
    statistician = as_role(province, Role.STATISTICIAN, "thongke")
    before = _lines(statistician)
    page = _page(qtbot, statistician)
    page.show()
    assert not page.model.loading(), "one case: nothing left for after the first screen"
    assert page.table.isColumnHidden(NAME_COLUMN)
    assert page.model.row_at(0).name == "" and _lines(statistician) == before


def test_gate_and_commune_choices_are_read_when_first_opened(qtbot, officer):
    here = receive(officer, name="Vi Thị Đào", commune=6040)
    receive(officer, name="Nông Văn Sáng", commune=None, border_gate="")
    page = _page(qtbot, officer)
    page.show()
    assert page.gate.count() == 1 and page.commune.count() == 1, "only 'All' at first"
    assert page.gate.currentData() is None and page.commune.currentData() is None
    choose(page.commune, 6040)  # findData reads the choices first
    assert page.commune.count() > 1
    settle(qtbot, page)
    assert page.model.ids == [here]
    choose(page.commune, None)
    choose(page.gate, "huu_nghi")
    assert page.gate.count() > 1
    settle(qtbot, page)
    assert page.model.ids == [here]
    page.show_preset("overdue")  # the dashboard's preset clears both
    assert page.gate.currentData() is None and page.commune.currentData() is None


def test_columns_fitted_as_qt_fits_them(qtbot, officer):
    for n in range(FIT_ROWS + 5):
        receive(officer, name=f"Người thứ {n} " + "dài " * (n % 4), on=D(2025, 1, 1 + n))
    page = _page(qtbot, officer)
    page.show()
    settle(qtbot, page)
    ours = page.table
    ours.setProperty(window_state.COLUMNS_KEPT, False)
    window_state.size_columns(ours)
    header = ours.horizontalHeader()
    fitted = [header.sectionSize(c) for c in range(page.model.columnCount())]
    qt_view = QTableView()
    qtbot.addWidget(qt_view)
    qt_view.setModel(page.model)
    qt_view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    qt_view.resizeColumnsToContents()
    by_qt = [qt_view.horizontalHeader().sectionSize(c) for c in range(len(fitted))]
    assert fitted == by_qt
    assert ours.property(window_state.COLUMNS_KEPT), "fitted once: a reload keeps them"


def test_a_slow_first_screen_is_painted_before_its_audit_line_and_names(qtbot, officer):
    """On a slow or busy machine the page may take longer than UNSHOWN_MS to come to its
    first paint: the timer for a list never shown then comes due first, and must leave the
    audit line and the names to after the paint of a list that is shown."""
    receive(officer, name="Vi Thị Đào", on=D(2025, 9, 2))
    order: list[str] = []
    page = _page(qtbot, officer)
    after_first = page.model.after_first

    def audited_then_named(flt, total):  # type: ignore[no-untyped-def]
        order.append("names")
        after_first(flt, total)

    page.model.after_first = audited_then_named  # type: ignore[method-assign]

    class Spy(QObject):
        def eventFilter(self, _watched, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                order.append("paint")
            return False

    spy = Spy()
    page.table.viewport().installEventFilter(spy)
    page.show()
    time.sleep(lazy_list.UNSHOWN_MS / 1000 + 0.05)  # the page's build took that long
    settle(qtbot, page)
    assert order and order[0] == "paint" and "names" in order, order
    assert page.model.text_at(0, NAME_COLUMN) == "Vi Thị Đào"


def test_a_list_never_shown_still_asks_for_every_id(qtbot, officer):
    for d in range(1, 3):
        receive(officer, name=f"Người {d}", on=D(2025, 9, d))
    page = _page(qtbot, officer)  # built, never shown (a page behind another)
    assert page.model.loading()
    qtbot.waitUntil(lambda: not page.model.loading())
    assert page.model.total == len(page.model.ids) == 2


def test_a_list_shown_but_never_painted_still_asks_for_every_id(qtbot, officer):
    """Visible yet not painted (no room in its window, the window minimised): the work left
    for after the first paint is not left waiting for it forever."""
    for d in range(1, 3):
        receive(officer, name=f"Người {d}", on=D(2025, 9, d))

    class NoPaint(QObject):
        def eventFilter(self, _watched, event):  # type: ignore[no-untyped-def]  # noqa: N802
            return event.type() == QEvent.Type.Paint  # swallowed before the list sees it

    page = _page(qtbot, officer)
    blocker = NoPaint()
    page.table.viewport().installEventFilter(blocker)
    page.show()
    qtbot.waitUntil(lambda: not page.model.loading())
    assert page.model.total == len(page.model.ids) == 2
    assert page.model.text_at(0, NAME_COLUMN).startswith("Người")  # the names were read
