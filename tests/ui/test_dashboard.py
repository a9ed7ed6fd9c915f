"""The dashboard: its chart widget (geometry, clicks, keys, the empty sentence) and, in the
real main window over a small profile, its figures and where each one leads."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage

from desktop.core.cases import service, steps
from desktop.core.db.models import OutreachEvent
from desktop.core.outreach import plans
from desktop.core.security.roles import Role
from desktop.core.stats import dashboard
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import dashboard as dashboard_page
from desktop.ui.pages.cases import CasesPage
from desktop.ui.pages.dashboard import DashboardPage, change_text
from desktop.ui.pages.outreach import OutreachPage
from desktop.ui.pages.plans import PlansPage
from desktop.ui.widgets.charts import Bar, BarChart, nice_ticks
from tests.core.cases_helpers import receive
from tests.ui.cases_ui import as_role
from tests.ui.lists_ui import settle

# -- the chart widget -------------------------------------------------------------------------


def _chart(qtbot, values, horizontal=False, size=(420, 240), labels=None):
    chart = BarChart("Biểu đồ thử", horizontal=horizontal)
    qtbot.addWidget(chart)
    chart.resize(*size)
    names = labels or [f"Nhãn {n}" for n in range(len(values))]
    chart.set_bars([Bar(name, v) for name, v in zip(names, values, strict=True)])
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def test_nice_ticks_are_round_and_reach_the_maximum():
    assert nice_ticks(0) == [0]
    assert nice_ticks(1) == [0, 1]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(100) == [0, 50, 100]
    assert nice_ticks(129) == [0, 50, 100, 150]


def test_vertical_bars_stand_on_the_axis_in_proportion(qtbot):
    chart = _chart(qtbot, [1, 2, 4, 0])
    rects = [chart.bar_rect(i) for i in range(4)]
    plot = chart.geometry_().plot
    assert all(abs(r.bottom() - plot.bottom()) < 0.01 for r in rects)
    assert rects[0].left() < rects[1].left() < rects[2].left() < rects[3].left()
    assert abs(rects[1].height() - 2 * rects[0].height()) < 0.01
    assert abs(rects[2].height() - 4 * rects[0].height()) < 0.01 and rects[3].height() == 0
    top = nice_ticks(4)[-1]
    assert abs(rects[2].height() - plot.height() * 4 / top) < 0.01
    assert all(chart.rect().toRectF().contains(r) for r in rects[:3])


def test_horizontal_bars_grow_from_the_labels(qtbot):
    chart = _chart(qtbot, [30, 10, 20], horizontal=True)
    rects = [chart.bar_rect(i) for i in range(3)]
    assert len({round(r.left(), 3) for r in rects}) == 1
    assert rects[0].top() < rects[1].top() < rects[2].top()
    assert abs(rects[0].width() - 3 * rects[1].width()) < 0.01
    assert chart.bar_rect(3).isNull()


@pytest.mark.parametrize("horizontal", [False, True])
def test_a_click_maps_to_its_bar(qtbot, horizontal):
    chart = _chart(qtbot, [5, 50, 20], horizontal=horizontal)
    for i in range(3):
        assert chart.index_at(chart.bar_rect(i).center()) == i
    assert chart.index_at(QPointF(2, 2)) == -1
    # A small bar is hit anywhere in its column (or row), not only on its few pixels.
    small = chart.bar_rect(0)
    near = QPointF(small.center().x(), small.top() - 8) if not horizontal else small.topRight()
    assert chart.index_at(near + QPointF(4, 0) if horizontal else near) == 0
    with qtbot.waitSignal(chart.bar_clicked) as got:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_rect(2).center().toPoint())
    assert got.args == [2]
    with qtbot.assertNotEmitted(chart.bar_clicked):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))


def test_keyboard_chooses_and_opens_a_bar(qtbot):
    chart = _chart(qtbot, [3, 4, 5])
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    assert chart.current_index() == 0
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Right)  # stops at the last bar
    with qtbot.waitSignal(chart.bar_clicked) as got:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert got.args == [2]
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    with qtbot.waitSignal(chart.bar_clicked) as got:
        qtbot.keyClick(chart, Qt.Key.Key_Space)
    assert got.args == [0]


def test_tooltips_name_the_bar_and_its_value(qtbot):
    chart = _chart(qtbot, [1234, 5])
    assert chart.tooltip_text(0) == "Nhãn 0: 1.234"
    chart.set_bars([Bar("Tháng 11", 7, "Tháng 11: 7 hoạt động")])
    assert chart.tooltip_text(0) == "Tháng 11: 7 hoạt động"
    assert "Tháng 11: 7" in chart.accessibleDescription()


def _ink(chart: BarChart) -> int:
    """Dark pixels in the middle of the chart (text is dark; the frame and grid are pale)."""
    image: QImage = chart.grab().toImage()
    w, h = image.width(), image.height()
    dark = 0
    for x in range(w // 4, 3 * w // 4):
        for y in range(h // 3, 2 * h // 3):
            if QColor(image.pixel(x, y)).lightness() < 160:
                dark += 1
    return dark


@pytest.mark.parametrize("values", [[], [0, 0, 0]])
def test_no_data_draws_a_sentence_not_an_empty_frame(qtbot, values):
    chart = _chart(qtbot, values)
    assert chart.is_empty() and chart.geometry_().empty and chart.geometry_().bars == []
    assert chart.index_at(QPointF(chart.width() / 2, chart.height() / 2)) == -1
    with_text = _ink(chart)
    chart.empty_text = ""
    chart.update()
    assert with_text > 20 and _ink(chart) == 0


def test_long_labels_turn_or_shorten_to_fit(qtbot):
    months = [f"{m:02d}/2026" for m in range(1, 13)]
    wide = _chart(qtbot, [1] * 12, size=(1200, 240), labels=months)
    assert not wide.geometry_().rotated and wide.geometry_().texts == months
    narrow = _chart(qtbot, [1] * 12, size=(380, 240), labels=months)
    assert narrow.geometry_().rotated
    long_name = "Phát thanh trên loa truyền thanh cơ sở ở các thôn bản vùng biên giới"
    kinds = _chart(qtbot, [3, 2], horizontal=True, size=(360, 160), labels=[long_name, "Tư vấn"])
    texts = kinds.geometry_().texts
    assert texts[0].endswith("…") and texts[1] == "Tư vấn"
    assert kinds.tooltip_text(0).startswith(long_name)
    label_box = kinds.geometry_().labels[0]
    assert label_box.right() < kinds.bar_rect(0).left()


@pytest.mark.parametrize("height", [130, 170, 400])
def test_axis_marks_never_overlap_on_a_short_chart(qtbot, height):
    chart = _chart(qtbot, [4321, 2000, 999], size=(420, height))
    g = chart.geometry_()
    step = g.plot.height() / (len(g.ticks) - 1)
    assert len(g.ticks) >= 2 and g.ticks[-1] >= 4321
    assert step >= QFontMetricsF(chart.font()).height()
    assert chart.minimumSizeHint().height() > 130  # the layout gives it room for labels


def test_change_text_arrows():
    nov = dt.date(2026, 10, 1)
    assert change_text(3, 9, nov)[0].startswith("↑ 3") and change_text(3, 9, nov)[1] == "up"
    assert change_text(-1_500, 2_000, nov)[0].startswith("↓ 1.500")
    assert "(2.000)" in change_text(-1_500, 2_000, nov)[0]
    assert change_text(0, 4, nov)[1] == ""


# -- the page in the main window --------------------------------------------------------------

TODAY = dt.date.today()
THIS = dashboard.month_start(TODAY)
LAST = dashboard.previous_month(TODAY)


def _event(s, on, kind="talk", people=0):
    s.add(
        OutreachEvent(kind=kind, title=f"Sự kiện {kind} {on}", held_on=on, commune_code=6040,
                      lead_agency="police", audience_total=people, state="final")
    )  # fmt: skip


EVENTS = (
    (THIS, "talk", 40),
    (dashboard.month_end(TODAY), "banner", 2),
    (THIS, "banner", 0),
    (LAST, "talk", 100),
    (dashboard.month_end(LAST), "rally", 50),
    (LAST - dt.timedelta(days=1), "rally", 7),  # two months back
)


@pytest.fixture(autouse=True)
def same_day(monkeypatch):
    """The page shows the day this module's dates were made on, even when the test runs
    past midnight (a task due "today" became late at 00:00 and the test failed)."""
    monkeypatch.setattr(dashboard_page, "today", lambda: TODAY)


@pytest.fixture
def small(province):
    as_role(province, Role.PROVINCIAL_OFFICER)  # records cases and plans
    with province.db.session() as s:
        for day, kind, people in EVENTS:
            _event(s, day, kind, people)
    plan = plans.save_plan(
        province,
        plans.PlanInput("78/KH-BCĐ", "BCĐ 138", THIS, "Kế hoạch thử", THIS, TODAY),
    )
    late = plans.save_task(
        province, plan, plans.TaskInput("Treo băng rôn", deadline=TODAY - dt.timedelta(days=1))
    )
    plans.save_task(province, plan, plans.TaskInput("Nhiệm vụ chưa đến hạn", deadline=TODAY))
    waiting = receive(province, on=TODAY - dt.timedelta(days=40))  # awaiting, and overdue
    moved = receive(province, name="Nông Thị Hạnh", on=TODAY - dt.timedelta(days=1))
    service.move(province, moved, "verifying", TODAY)
    paper = steps.IdDocument("police", "1/XN", TODAY, "Công an tỉnh Lạng Sơn")
    service.move(province, moved, "identified", TODAY, details=steps.StepDetails(document=paper))
    province.ids = {"plan": plan, "late": late, "waiting": waiting}  # type: ignore[attr-defined]
    return province


@pytest.fixture
def window(qtbot, small, vi_sections):
    win = MainWindow(small)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    dash = win.pages[0]
    assert isinstance(dash, DashboardPage)
    qtbot.waitUntil(lambda: dash.figures is not None and not dash.loading(), timeout=10_000)
    return win


def _dash(win) -> DashboardPage:
    return win.pages[0]


def _click_bar(qtbot, chart: BarChart, index: int) -> None:
    pos = chart.bar_rect(index).center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=pos)


def _current(win):
    return win.pages[win.current_section()]


def test_the_page_shows_the_small_profiles_figures(window):
    dash = _dash(window)
    assert dash.events.value == "3" and dash.participants.value == "42"
    assert dash.events.detail.startswith("↑ 1") and "(2)" in dash.events.detail
    assert dash.participants.detail.startswith("↓ 108") and "(150)" in dash.participants.detail
    assert dash.late.value == "1" and dash.late.alert
    assert "Treo băng rôn" in dash.late.toolTip()
    assert dash.awaiting.text().endswith(": 1") and dash.overdue.text().endswith(": 1")
    months = dash.by_month.bars()
    assert len(months) == 12 and months[-1].value == 3 and months[-1].highlight
    assert months[-2].value == 2 and sum(b.value for b in months) == 6
    this_year = Counter(kind for day, kind, _n in EVENTS if day.year == TODAY.year)
    assert dict(dash.figures.kinds) == this_year
    assert [b.value for b in dash.by_kind.bars()] == sorted(this_year.values(), reverse=True)
    assert "Băng rôn, khẩu hiệu" in [b.label for b in dash.by_kind.bars()]
    assert [b.value for b in dash.by_status.bars()] == [1, 1]
    assert dash.sync.text() and dash.state.text()


def test_the_events_figure_opens_this_months_events(qtbot, window):
    qtbot.mouseClick(_dash(window).events, Qt.MouseButton.LeftButton)
    page = _current(window)
    assert isinstance(page, OutreachPage)
    f = page.filters.current()
    assert (f.date_from, f.date_to, f.kind) == (THIS, dashboard.month_end(TODAY), "")
    settle(qtbot, page)
    assert len(page.model.ids) == 3


def test_a_month_bar_opens_that_months_events(qtbot, window):
    dash = _dash(window)
    _click_bar(qtbot, dash.by_month, 10)  # last month
    page = _current(window)
    assert isinstance(page, OutreachPage)
    f = page.filters.current()
    assert (f.date_from, f.date_to) == (LAST, dashboard.month_end(LAST))
    settle(qtbot, page)
    assert len(page.model.ids) == dash.by_month.bars()[10].value == 2
    assert page.filters.period.currentText().endswith(f"{LAST.month:02d}/{LAST.year}")


def test_a_kind_bar_opens_the_events_of_that_kind_this_year(qtbot, window):
    dash = _dash(window)
    bars, f = dash.by_kind.bars(), dash.figures
    assert f is not None
    index = next(i for i, (code, _n) in enumerate(f.kinds) if code == "banner")
    _click_bar(qtbot, dash.by_kind, index)
    page = _current(window)
    assert isinstance(page, OutreachPage)
    got = page.filters.current()
    assert got.kind == "banner"
    assert (got.date_from, got.date_to) == (dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    settle(qtbot, page)
    assert len(page.model.ids) == bars[index].value == 2


def test_late_tasks_open_the_plans_section_on_the_late_task(qtbot, window, small):
    qtbot.mouseClick(_dash(window).late, Qt.MouseButton.LeftButton)
    page = _current(window)
    assert isinstance(page, PlansPage)
    assert page.current_plan() is not None and page.current_plan().id == small.ids["plan"]
    task = page.selected_task()
    assert task is not None and task.id == small.ids["late"] and task.status == plans.LATE


def test_case_figures_and_status_bars_open_the_filtered_cases(qtbot, window, small):
    dash = _dash(window)
    qtbot.mouseClick(dash.overdue, Qt.MouseButton.LeftButton)
    cases = _current(window)
    assert isinstance(cases, CasesPage)
    settle(qtbot, cases)
    assert cases.overdue.isChecked() and cases.model.ids == [small.ids["waiting"]]
    window.show_section(0)
    statuses = [code for code, _n in dash.figures.statuses]
    assert statuses == ["received", "identified"]
    _click_bar(qtbot, dash.by_status, 1)
    assert _current(window) is cases
    assert cases.status.currentData() == "identified" and not cases.overdue.isChecked()
    settle(qtbot, cases)
    assert len(cases.model.ids) == 1 and cases.model.ids != [small.ids["waiting"]]


def test_the_figures_are_loaded_again_when_the_page_is_shown(qtbot, window, small):
    dash = _dash(window)
    window.show_section(1)
    with small.db.session() as s:
        _event(s, TODAY, people=8)
    window.show_section(0)
    assert dash.loading()
    qtbot.waitUntil(lambda: not dash.loading() and dash.events.value == "4", timeout=10_000)
    assert dash.participants.value == "50"


def test_the_first_load_waits_for_the_pages_first_paint(qtbot, small, vi_sections, monkeypatch):
    """The worker's Python would take the interpreter from the main window's first paint:
    the figures are asked for once the dashboard is painted (the window shown at once,
    "Loading the figures…" on it), and a later load starts at once."""
    from PySide6.QtCore import QEvent, QObject

    from desktop.ui import first_paint
    from desktop.ui import ops as ops_module

    monkeypatch.setattr(first_paint, "ANYWAY_MS", 60_000)  # only the paint starts it
    started: list[int] = []

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802
            self.count += event.type() == QEvent.Type.Paint
            return False

    paints = Paints()
    real_run = ops_module.Op.run
    monkeypatch.setattr(
        ops_module.Op, "run", lambda op: started.append(paints.count) or real_run(op)
    )
    win = MainWindow(small)
    qtbot.addWidget(win)
    dash = _dash(win)
    dash.installEventFilter(paints)
    assert dash.loading() and not started  # built, asked for, not started
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: dash.figures is not None and not dash.loading(), timeout=10_000)
    assert started[0] >= 1, "started after the page's first paint"
    dash.refresh()
    assert len(started) == 2 and dash.loading()  # at once
    qtbot.waitUntil(lambda: not dash.loading(), timeout=10_000)


def test_a_dashboard_never_painted_loads_anyway(qtbot, small, vi_sections, monkeypatch):
    from desktop.ui import first_paint

    monkeypatch.setattr(first_paint, "ANYWAY_MS", 50)
    dash = DashboardPage(small)
    qtbot.addWidget(dash)  # never shown
    dash.refresh()  # as the main window asks when it opens on it
    assert dash.loading() and dash.figures is None
    qtbot.waitUntil(lambda: dash.figures is not None and not dash.loading(), timeout=10_000)


def test_a_load_asked_for_after_the_profile_closed_is_not_run(qtbot, province, monkeypatch):
    """A page left unpainted when its profile closes (signed out before it showed) does not
    load, nor load again, on a closed profile: no error escapes into the event loop."""
    from desktop.ui import first_paint

    monkeypatch.setattr(first_paint, "ANYWAY_MS", 50)
    dash = DashboardPage(province)
    qtbot.addWidget(dash)  # never shown
    dash.refresh()
    dash.refresh()  # asked again while the first is pending: one more after it
    province.close()
    qtbot.wait(300)  # past ANYWAY_MS: the pending load would have run by now
    assert dash.figures is None and not dash.op.done


def test_keyboard_opens_a_month_from_the_chart(qtbot, window):
    chart = _dash(window).by_month
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    qtbot.keyClick(chart, Qt.Key.Key_End)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    page = _current(window)
    assert isinstance(page, OutreachPage)
    assert page.filters.current().date_from == THIS
