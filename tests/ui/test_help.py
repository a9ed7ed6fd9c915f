"""Help inside the app (issue 17, point 5): the Help menu, the user guide in the app's
language with its contents and a search without diacritics, the shortcuts, About and the
first-run tour, once per account."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from desktop.core import about, i18n, profile
from desktop.core.i18n import _
from desktop.core.security.roles import Role
from desktop.core.text import fold
from desktop.ui import help as help_ui
from desktop.ui import keys
from desktop.ui.main_window import MainWindow
from desktop.ui.tour import STEPS, TourDialog, maybe_start_tour
from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, province):
    win = MainWindow(province)
    qtbot.addWidget(win)
    help_ui.install_help_menu(win, province)
    return win


def _help_menu(win):
    menus = [a.menu() for a in win.menuBar().actions() if a.menu() is not None]
    return [m for m in menus if m.objectName() == "help_menu"]


def _action(win, name):
    (menu,) = _help_menu(win)
    (action,) = [a for a in menu.actions() if a.objectName() == name]
    return action


def test_the_help_menu_has_the_guide_on_f1_shortcuts_tour_and_about(qtbot, window):
    (menu,) = _help_menu(window)
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == ["help_guide", "help_shortcuts", "help_tour", "help_about"]
    guide = _action(window, "help_guide")
    assert guide.shortcut().toString() == "F1"
    assert _action(window, "help_about").text() == _("&About Khiên")

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    helper = help_ui.help_for(window)
    assert helper is not None and helper.guide is not None
    qtbot.waitUntil(helper.guide.isVisible)
    helper.guide.close()


def test_installing_again_after_a_new_language_keeps_one_help_menu(qtbot, window, province):
    helper = help_ui.help_for(window)
    guide = helper.show_guide()
    assert guide.path.name == "huong-dan-su-dung.md"
    window.set_language("en")  # the main window rebuilds its menus…
    help_ui.install_help_menu(window, province)  # …and installs Help again
    assert len(_help_menu(window)) == 1
    assert _help_menu(window)[0].title() == "&Help"
    assert help_ui.help_for(window) is helper
    assert guide.path.name == "user-guide.md"  # the open guide follows the language
    guide.close()


@pytest.mark.parametrize(
    ("lang", "file_name", "reports"),
    [("vi", "huong-dan-su-dung.md", "8. Lập và in báo cáo"), ("en", "user-guide.md", "8. Reports")],
)
def test_the_guide_opens_in_the_apps_language_with_its_contents(
    qtbot, window, lang, file_name, reports
):
    i18n.set_language(lang)
    guide = help_ui.help_for(window).show_guide()
    assert guide.path.name == file_name
    assert guide.language == lang
    contents = guide.toc_texts()
    assert reports in contents
    assert contents.index(reports) < len(contents) - 1  # its ### parts follow
    assert guide.toc.topLevelItemCount() >= 10
    assert not guide.missing.isVisible()
    # A link of the guide's own contents goes to its heading.
    target = next(h for h in guide.headings if h.text == reports)
    guide.follow(QUrl("#" + target.anchor))
    assert guide.browser.textCursor().block().text() == reports
    # Choosing it in the side list does too.
    guide.go_to(guide.headings[2].anchor)
    item = guide.toc.topLevelItem(contents.index(reports) - _children_before(guide, reports))
    assert item.text(0) == reports
    guide._toc_chosen(item)
    assert guide.browser.textCursor().block().text() == reports
    guide.close()


def _children_before(guide, text):
    """How many ### headings come before the ## heading *text* (the side list nests them)."""
    count = 0
    for h in guide.headings:
        if h.text == text:
            return count
        if h.level == 3:
            count += 1
    raise AssertionError(text)


def test_the_guide_images_are_found_and_fit_the_window(qtbot, window):
    guide = help_ui.help_for(window).show_guide()
    assert guide._images, "the guide's screenshots were not found"
    doc = guide.browser.document()
    name = next(iter(guide._images))
    image = doc.resource(doc.ResourceType.ImageResource.value, QUrl(name))
    assert image is not None and not image.isNull()
    guide.close()


def test_search_without_diacritics_finds_and_highlights(qtbot, window):
    guide = help_ui.help_for(window).show_guide()
    guide.focus_search()
    guide.search.setText("bao cao")
    assert len(guide.matches) > 5
    assert len(guide.browser.extraSelections()) == len(guide.matches)
    assert guide.selected_text() == "báo cáo"
    first = guide.current
    assert guide.find_next()
    assert guide.current == (first + 1) % len(guide.matches)
    assert fold(guide.selected_text()) == "bao cao"
    assert guide.find_previous() and guide.current == first
    assert guide.found.text() == _("{n} of {total}").format(
        n=i18n.format_number(first + 1), total=i18n.format_number(len(guide.matches))
    )
    guide.search.setText("dong bo du lieu bang usb")
    assert guide.selected_text().lower() == "đồng bộ dữ liệu bằng usb"
    guide.search.setText("zzqx")
    assert guide.matches == [] and guide.found.text() == _("Not found")
    assert not guide.find_next()
    guide.close()


def test_find_all_maps_folded_matches_back_to_the_text():
    text = "Xã  Đồng Đăng và xa\u0301 Hoà"  # two spaces, and a decomposed "xá"
    assert [text[a:b] for a, b in help_ui.find_all(text, "dong dang")] == ["Đồng Đăng"]
    assert [text[a:b] for a, b in help_ui.find_all(text, "XA DONG")] == ["Xã  Đồng"]
    assert [text[a:b] for a, b in help_ui.find_all(text, "xa")] == ["Xã", "xa\u0301"]
    assert help_ui.find_all(text, "  ") == []


def test_a_missing_guide_is_said_in_one_sentence(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(about, "docs_dir", lambda: tmp_path)
    guide = help_ui.help_for(window).show_guide()
    assert guide.path is None
    assert guide.missing.isVisible() and not guide.splitter.isVisible()
    assert guide.missing.text().count(".") == 1
    guide.close()


def test_the_guides_ship_with_the_packaged_app():
    spec = (ROOT / "packaging" / "khien.spec").read_text(encoding="utf-8")
    assert '"docs"' in spec and '"docs/images"' in spec
    for name in (*about.GUIDES.values(), *about.ADMIN_GUIDES.values()):
        assert f'"{name}"' in spec
    for lang in ("vi", "en"):
        assert about.guide_path(lang) is not None


def test_the_shortcuts_window_lists_the_apps_keys(qtbot, window):
    built = window.built_pages()
    dlg = help_ui.help_for(window).show_shortcuts()
    assert window.built_pages() == built  # the sections' names, not their pages
    listed = dlg.keys_listed()
    for n in range(1, 8):
        assert keys.native(f"Ctrl+{n}") in listed
    for key in ("Ctrl+N", "Ctrl+F", "Ctrl+Z", "Ctrl+,", "F1", "Ctrl+Q"):
        assert keys.native(key) in listed
    assert keys.native(QKeySequence(Qt.Key.Key_Delete)) in listed
    assert keys.native(QKeySequence(Qt.Key.Key_Escape)) in listed
    assert dlg.table.item(0, 2).text() == _("Go to {section}").format(section=_("Dashboard"))
    assert dlg.width() <= 1280 and dlg.height() <= 720
    dlg.close()


def test_about_shows_the_version_licence_and_data_folder(qtbot, window, province):
    dlg = help_ui.help_for(window).show_about()
    assert dlg.version.text() == about.version()
    assert "GPL-3.0-or-later" in dlg.licence.text()
    assert dlg.data.text() == str(province.data_dir)
    qtbot.mouseClick(dlg.copy_button, Qt.MouseButton.LeftButton)
    report = QApplication.clipboard().text()
    assert about.version() in report and "Qt" in report
    assert str(province.data_dir) not in report  # nothing personal (the user name)
    assert province.user.full_name not in report
    assert dlg.copied.text() == _("Copied.")
    dlg.close()


def _tour(win) -> TourDialog | None:
    return win.findChild(TourDialog, "tour_dialog")


def test_the_tour_shows_once_per_account(qtbot, province, data_dir):
    province.create_account(
        username="canbo", full_name="Lương Thị Cán", role=Role.PROVINCIAL_OFFICER,
        office_id=province.node.office_id, password="canbo-pass-1",
    )  # fmt: skip
    win = MainWindow(province)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    tour = maybe_start_tour(win, province)
    assert tour is not None and tour.isVisible()
    assert win.current_section() == 0 and tour.heading.text() == _("Dashboard")
    assert tour.step == 0 and not tour.back_button.isEnabled()
    qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert tour.step == 1 and win.current_section() == 1
    assert tour.heading.text() == _("Outreach")
    tour.next()
    assert win.current_section() == 2
    tour.back()
    assert win.current_section() == 1
    qtbot.mouseClick(tour.skip_button, Qt.MouseButton.LeftButton)
    assert not tour.isVisible()
    assert about.tour_seen(province)
    assert maybe_start_tour(win, province) is None
    win.close()
    province.close()

    # The same officer signs in again: no tour.
    again = profile.open_profile(data_dir, ADMIN, PASSWORD)
    try:
        win2 = MainWindow(again)
        qtbot.addWidget(win2)
        win2.show()
        assert maybe_start_tour(win2, again) is None
        win2.close()
    finally:
        again.close()

    # Another officer on the same laptop sees it once too.
    other = profile.open_profile(data_dir, "canbo", "canbo-pass-1")
    try:
        win3 = MainWindow(other)
        qtbot.addWidget(win3)
        win3.show()
        tour3 = maybe_start_tour(win3, other)
        assert tour3 is not None
        while tour3.isVisible():  # Next to the end: Finish
            tour3.next()
        assert tour3.result() == tour3.DialogCode.Accepted
        assert about.tour_seen(other)
        win3.close()
    finally:
        other.close()


def test_the_tour_waits_for_the_window_and_can_be_shown_again(qtbot, window, province):
    assert maybe_start_tour(window, province) is None  # not shown yet: waits
    window.show()
    qtbot.waitUntil(lambda: _tour(window) is not None and _tour(window).isVisible())
    tour = _tour(window)
    assert tour.counter.text() == _("Step {n} of {total}").format(n=1, total=len(STEPS))
    qtbot.keyClick(tour, Qt.Key.Key_Escape)  # Escape skips
    assert not tour.isVisible() and about.tour_seen(province)
    again = help_ui.help_for(window).show_tour()
    assert again.isVisible() and again.step == 0
    assert help_ui.help_for(window).show_tour() is again  # one tour at a time
    again.reject()


def test_links_to_the_other_guides_open_them_and_escape_closes(qtbot, window):
    guide = help_ui.help_for(window).show_guide()
    guide.follow(QUrl("huong-dan-quan-tri.md"))
    assert guide.path.name == "huong-dan-quan-tri.md"
    assert guide.toc_texts() and guide.toc.topLevelItemCount() > 3
    guide.follow(QUrl("huong-dan-su-dung.md#8-lập-và-in-báo-cáo"))
    assert guide.path.name == "huong-dan-su-dung.md"
    assert guide.browser.textCursor().block().text() == "8. Lập và in báo cáo"
    guide.follow(QUrl("../../etc/passwd"))  # nothing outside docs/ is opened
    assert guide.path.name == "huong-dan-su-dung.md"
    guide.activateWindow()
    qtbot.waitUntil(guide.isActiveWindow)
    qtbot.keyClick(guide.search, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.search.hasFocus()
    qtbot.keyClick(guide.search, Qt.Key.Key_Escape)
    assert not guide.isVisible()


def test_the_frozen_app_finds_the_guides_in_its_bundle(monkeypatch, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "user-guide.md").write_text("# Guide\n", encoding="utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert about.guide_path("en") == tmp_path / "docs" / "user-guide.md"
    assert about.guide_path("vi") == tmp_path / "docs" / "user-guide.md"  # the other language
    assert about.guide_path("en", admin=True) is None
