"""The big lists (events, cases) answer a filter, a search or a sort off the GUI thread: the
rows shown stay until the answer comes, and the answer to the last query is what stays
shown. The worker is held busy by a job that waits for the test's word, so that "not yet
answered" is a state the test controls, not a race."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from desktop.core.cases import listing
from desktop.core.outreach import query
from desktop.core.security.roles import Role
from desktop.ui import ops
from desktop.ui.pages import lazy_list
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.outreach import OutreachPage
from tests.core.cases_helpers import D, receive
from tests.core.outreach_helpers import add_event, as_role
from tests.ui.cases_ui import choose
from tests.ui.lists_ui import settle

WAIT_S = 10


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


@pytest.fixture
def busy_worker(qtbot) -> Iterator[threading.Event]:
    """The op runner's one worker, busy until the event is set (set at the end anyway)."""
    release, started = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(WAIT_S)

    op = ops.Op(None, "hold", hold, progress_delay_ms=lazy_list.NO_DIALOG_MS).run()
    assert started.wait(WAIT_S)
    yield release
    release.set()
    qtbot.waitUntil(lambda: op.done, timeout=WAIT_S * 1000)


def _events(qtbot, officer) -> OutreachPage:
    add_event(officer, title="Nói chuyện tại thôn Nà Lầu", kind="talk")
    add_event(officer, title="Treo băng rôn ở chợ Đông Kinh", kind="banner", quantity=4)
    add_event(officer, title="Mít tinh ngày 30/7", kind="rally", held_on=dt.date(2019, 7, 29))
    page = OutreachPage(officer)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    assert not page.model.loading() and page.model.total == 3
    return page


def _titles(page: OutreachPage) -> list[str]:
    return [page.model.row_at(r).title for r in range(page.model.rowCount())]


def test_a_filter_change_keeps_the_old_rows_until_the_answer_comes(
    qtbot, officer, vi_sections, busy_worker
):
    page = _events(qtbot, officer)
    before = _titles(page)
    choose(page.filters.kind, "banner")
    assert page.model.loading()
    assert _titles(page) == before and page.count.text() == "3 hoạt động"
    busy_worker.set()
    settle(qtbot, page)
    assert _titles(page) == ["Treo băng rôn ở chợ Đông Kinh"]
    assert page.count.text() == "1 hoạt động"


def test_the_last_filter_asked_is_the_one_shown(qtbot, officer, vi_sections, busy_worker):
    page = _events(qtbot, officer)
    shown: list[str] = []
    page.model.shown.connect(lambda: shown.append(page.model.query[0].kind))
    for kind in ("banner", "talk", "rally"):
        choose(page.filters.kind, kind)
    busy_worker.set()
    settle(qtbot, page)
    assert _titles(page) == ["Mít tinh ngày 30/7"]
    assert shown == ["rally"], "the queries asked before it never showed"


def test_an_answer_already_on_its_way_is_dropped_for_a_newer_query(
    qtbot, officer, vi_sections, monkeypatch
):
    page = _events(qtbot, officer)
    running, release = threading.Event(), threading.Event()
    real = query.event_ids

    def slow_for_banners(opened, f, *args):
        if f.kind == "banner":  # the first query: answered only once the second is asked
            running.set()
            release.wait(WAIT_S)
        return real(opened, f, *args)

    monkeypatch.setattr(query, "event_ids", slow_for_banners)
    shown: list[str] = []
    page.model.shown.connect(lambda: shown.append(page.model.query[0].kind))
    choose(page.filters.kind, "banner")
    assert running.wait(WAIT_S), "the first query runs on the worker"
    choose(page.filters.kind, "talk")
    release.set()
    settle(qtbot, page)
    assert _titles(page) == ["Nói chuyện tại thôn Nà Lầu"]
    assert shown == ["talk"], "the banner answer came back but was not shown"


def test_sorting_is_answered_off_the_gui_thread(qtbot, officer, vi_sections, busy_worker):
    page = _events(qtbot, officer)
    before = _titles(page)
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # by title
    assert page.model.loading() and _titles(page) == before
    busy_worker.set()
    settle(qtbot, page)
    assert _titles(page) == sorted(before, key=lambda t: t.casefold())


def test_a_long_list_shows_its_first_page_at_once_and_the_rest_from_the_worker(
    qtbot, officer, vi_sections, busy_worker
):
    for n in range(lazy_list.PAGE + 7):
        add_event(officer, title=f"Buổi {n}", held_on=dt.date(2019, 1, 1) + dt.timedelta(days=n))
    page = OutreachPage(officer)
    qtbot.addWidget(page)
    page.show()
    total = lazy_list.PAGE + 7
    assert page.model.rowCount() == total and page.count.text() == f"{total} hoạt động"
    assert len(page.model.ids) == lazy_list.PAGE and page.model.loading()
    first = list(page.model.ids)
    assert page.model.row_at(0).title == f"Buổi {total - 1}", "newest first, at once"
    assert page.model.row_at(total - 1) is None, "not known yet: blank for a moment"
    page.table.selectRow(3)
    busy_worker.set()
    settle(qtbot, page)
    assert page.model.ids == query.event_ids(officer, query.EventFilter())
    assert page.model.ids[: lazy_list.PAGE] == first
    assert page.model.row_at(total - 1).title == "Buổi 0"
    assert page.current_row() == 3, "the rest came without resetting the list"


def test_the_cases_list_keeps_its_rows_and_shows_the_last_query(
    qtbot, province, vi_sections, busy_worker
):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    old = receive(officer, name="Vi Thị Đào", on=D(2024, 5, 6))
    new = receive(officer, name="Nông Văn Sáng", on=D(2025, 9, 2))
    page = CasesPage(officer)
    qtbot.addWidget(page)
    page.show()
    assert page.model.ids == [new, old], "every id at once: none asked of the worker"
    assert page.model.text_at(0, 1) == "", "no name before the read's audit line"
    settle(qtbot, page)  # the line written once the list is painted, the worker still busy
    assert page.model.text_at(0, 1) == "Nông Văn Sáng"
    choose(page.regime, "2011")
    choose(page.regime, None)
    page.children.setChecked(True)
    assert page.model.loading() and page.model.ids == [new, old]
    busy_worker.set()
    settle(qtbot, page)
    wanted = listing.case_ids(officer, page.current_filter())
    assert page.model.ids == wanted and page.model.query == page.current_filter()
    assert page.count.text() == f"{len(wanted)} vụ việc"
