"""Issue 18, point 1: the start path imports only what the first screen needs, and the main
window builds its pages when they are first visited.

The import test starts the application as ``khien`` does, up to its shown main window
(tests/bench/startup_probe.py, through ``selftest_probe.open_main_window``), in a child
process under ``python -X importtime``, and reads which modules were imported. It fails on
the SET of modules — deterministic — never on a time: the import time of Khiên's own modules
is printed as a report (``pytest -s``), and ``make bench`` measures start-up against a bare
window in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSplitter

from desktop.core import profile
from desktop.core.i18n import _
from desktop.ui import window_state
from desktop.ui.main_window import SECTIONS, MainWindow
from desktop.ui.prefs import Prefs
from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]

# Heavy libraries only some screens or some moments need: spreadsheets, PDF writing and
# viewing, the schema migrations (only when the schema is behind), the place tables (only
# when the units are rebuilt), QtAwesome's Python code (its font file is read directly).
HEAVY = (
    "alembic",
    "mako",
    "openpyxl",
    "reportlab",
    "pypdfium2",
    "vietnam_provinces",
    "qtawesome",
    "qtpy",
    "PySide6.QtPrintSupport",
    "PySide6.QtPdf",
)
# Khiên's own modules that belong to other screens than the first one (the dashboard).
NOT_AT_START = (
    *(s.module for s in SECTIONS[1:]),
    "desktop.ui.pages.outreach_excel",
    "desktop.ui.pages.case_dialog",
    "desktop.ui.pages.reports_preview",
    "desktop.ui.pdf_view",
    "desktop.ui.print_pdf",
    "desktop.ui.settings_dialog",
    "desktop.ui.setup_dialog",
    "desktop.ui.recovery_key_dialog",
    "desktop.core.outreach.excel",
    "desktop.core.spreadsheet",
    "desktop.core.reports.render",
    "desktop.core.reports.xlsx",
    "desktop.core.reports.case_docs",
    "desktop.core.sync.exchange",
    "desktop.core.backup",
)


@dataclass(frozen=True)
class Imported:
    name: str
    depth: int
    cumulative_us: int
    self_us: int


def parse_importtime(stderr: str) -> list[Imported]:
    """The lines of ``-X importtime`` in the order Python printed them (a module after
    the modules it imported)."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        rows.append(
            Imported(
                name.strip(),
                (len(name) - len(name.lstrip()) - 1) // 2,
                int(cumulative),
                int(own),
            )
        )
    return rows


def importers(rows: list[Imported], name: str) -> list[str]:
    """The chain of modules through which *name* was first imported, innermost first."""
    for i, row in enumerate(rows):
        if row.name == name:
            chain, depth = [name], row.depth
            for later in rows[i + 1 :]:
                if later.depth < depth:
                    chain.append(later.name)
                    depth = later.depth
            return chain
    return []


def _creeps(rows: list[Imported], name: str) -> bool:
    return any(r.name == name or r.name.startswith(name + ".") for r in rows)


def _closed_profile(work: Path) -> tuple[Path, dict[str, str]]:
    """A new provincial profile in *work*, closed, and the environment a child process opens
    it in (its own sign-in counters, not this machine's)."""
    data_dir = work / "profile"
    opened, _identity = profile.create_province(
        data_dir,
        province_code=20,
        admin_username=ADMIN,
        admin_password=PASSWORD,
        admin_full_name="Nguyễn Văn Quản",
    )
    opened.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(work / "state"))
    return data_dir, env


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The application started to its shown main window in a child process, on a new
    provincial profile (the dashboard first, as nothing is remembered)."""
    data_dir, env = _closed_profile(tmp_path_factory.mktemp("start-path"))
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tests.bench.startup_probe", "app",
         str(data_dir), ADMIN, PASSWORD],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert out.returncode == 0 and "shown" in out.stdout, out.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def start_path(started: subprocess.CompletedProcess[str]) -> list[Imported]:
    """The modules the application imports from start to its shown main window."""
    return parse_importtime(started.stderr)


def test_no_heavy_library_is_imported_on_the_start_path(start_path):
    crept = {name: importers(start_path, name) for name in HEAVY if _creeps(start_path, name)}
    assert not crept, "\n".join(" ← ".join(chain) for chain in crept.values())


def test_other_screens_modules_wait_for_their_screen(start_path):
    assert _creeps(start_path, "desktop.ui.main_window")
    assert _creeps(start_path, SECTIONS[0].module), "the first screen itself is there"
    crept = {n: importers(start_path, n) for n in NOT_AT_START if _creeps(start_path, n)}
    assert not crept, "\n".join(" ← ".join(chain) for chain in crept.values())


# Lines of source text linecache may hold at the main window: PySide6 reads the source of
# every module imported after it, and linecache kept them all (about 200,000 lines, 20 MiB
# resident) until desktop/ui/preload.py had them read without it. What is left is a few
# hundred lines of code SQLAlchemy generates.
SOURCE_LINES_KEPT = 5_000


def test_the_modules_sources_are_not_kept_in_memory(started):
    kept = [ln.split()[1] for ln in started.stdout.splitlines() if ln.startswith("source_lines")]
    assert kept and int(kept[0]) < SOURCE_LINES_KEPT, kept


# What the sign-in dialog must be shown without: the database layer and the main window
# come on the preload thread while the officer types (desktop/ui/preload.py).
NOT_BEFORE_SIGN_IN = (
    "sqlalchemy",
    "sqlcipher3",
    "argon2",
    "cryptography",
    "pyrage",
    "importlib.metadata",
    "desktop.core.profile",
    "desktop.core.db",
    "desktop.core.security.accounts",
    "desktop.core.security.keystore",
    "desktop.core.account_settings",
    "desktop.ui.ops",
    "desktop.ui.help",
    "desktop.ui.main_window",
    *HEAVY,
)

# A child process shows the launcher's sign-in dialog with the preload thread held back, and
# prints every module then imported (the set, not a time, is what is checked).
_DIALOG_CHILD = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
import desktop.ui.launcher as launcher
from desktop.ui.app import ThemedLauncher, prepare

class Held:
    def __init__(self, section_text, start=True):
        pass

    def start_after_paint(self, widget):
        pass

launcher.Preload = Held
app = QApplication([])
data_dir = Path(sys.argv[1])
prefs, _reporter = prepare(app, data_dir)
shown = ThemedLauncher(data_dir, prefs)
shown.start()
assert shown.login_dialog is not None and shown.login_dialog.isVisible()
app.processEvents()
print("\\n".join(sorted(sys.modules)))
"""


def test_the_sign_in_dialog_is_shown_before_the_database_layer_is_imported(tmp_path):
    data_dir, env = _closed_profile(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", _DIALOG_CHILD, str(data_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    modules = set(out.stdout.split())
    assert "desktop.ui.login_dialog" in modules and "PySide6.QtWidgets" in modules
    crept = sorted(
        m for m in modules for name in NOT_BEFORE_SIGN_IN if m == name or m.startswith(name + ".")
    )
    assert not crept, crept


def test_the_preload_starts_once_the_sign_in_dialog_is_painted(qtbot, tmp_path, monkeypatch):
    """The dialog is the officer's first wait: the imports (which need the interpreter as
    its painting does) start after its first paint, not while it is being shown."""
    from PySide6.QtCore import QEvent, QObject

    from desktop.ui import first_paint, preload
    from desktop.ui.launcher import Launcher

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802
            self.count += event.type() == QEvent.Type.Paint
            return False

    data_dir, _env = _closed_profile(tmp_path)
    paints = Paints()
    started: list[int] = []  # the paints seen when the imports started
    monkeypatch.setattr(preload.Preload, "start", lambda self: started.append(paints.count))
    monkeypatch.setattr(first_paint, "ANYWAY_MS", 60_000)  # only the paint starts them
    shown = Launcher(data_dir, Prefs(data_dir))
    shown.start()
    dialog = shown.login_dialog
    assert dialog is not None and shown.preload is not None
    qtbot.addWidget(dialog)
    dialog.installEventFilter(paints)
    assert dialog.isVisible() and not started  # shown, not painted yet
    qtbot.waitUntil(lambda: bool(started), timeout=10_000)
    assert started[0] >= 1


def test_waiting_for_the_preload_starts_it_if_nothing_did():
    """A sign-in before the dialog was painted (or a caller that never asked) still gets
    the imports: waiting starts them."""
    from desktop.ui.preload import Preload

    held = Preload("", start=False)
    held.wait_core()
    held.wait()
    assert not held._thread.is_alive()


def test_the_launchers_end_waits_for_a_started_preload_and_starts_none(tmp_path):
    from desktop.ui.launcher import Launcher
    from desktop.ui.prefs import Prefs
    from desktop.ui.preload import Preload

    launcher = Launcher(tmp_path, Prefs(tmp_path))
    launcher.preload = unstarted = Preload("", start=False)
    launcher.shutdown()
    assert not unstarted._started  # nothing imported only to be waited for
    launcher.preload = started = Preload("")
    launcher.shutdown()
    assert not started._thread.is_alive()


# A child process runs the preload thread alone and tells whether the models' mappers are
# left for the first query to configure (about 50 ms of the sign-in otherwise).
_PRELOAD_CHILD = """
from desktop.ui.preload import Preload
Preload("").wait()
from desktop.core.db.base import Base
print("unconfigured" if Base.registry._new_mappers else "configured")
"""


def test_the_preload_thread_configures_the_models_before_the_sign_in_needs_them():
    out = subprocess.run(
        [sys.executable, "-c", _PRELOAD_CHILD],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["configured"], out.stdout + out.stderr[-2000:]


def test_import_time_report(start_path):
    """Report only (shown with ``pytest -s``): a time depends on the machine's load, so no
    bound is asserted here; ``make bench`` sets start-up against a bare window."""
    ours = [r for r in start_path if r.name.split(".")[0] == "desktop"]
    top = [r for r in ours if not any(r.name.startswith(o.name + ".") for o in ours)]
    total = sum(r.cumulative_us for r in start_path if r.depth == 0)
    print(
        f"\nstart path: {len(start_path)} modules, {total / 1e6:.2f} s of imports; "
        f"Khiên's own modules: {len(ours)}, themselves {sum(r.self_us for r in ours) / 1e6:.2f} s"
    )
    slowest = sorted(ours, key=lambda r: r.self_us, reverse=True)[:10]
    for r in slowest:
        print(f"  {r.self_us / 1000:8.1f} ms  {r.name}")
    assert top and total > 0


# -- pages built on their first visit ------------------------------------------------------


def test_only_the_shown_page_is_built_until_another_is_visited(qtbot, province):
    win = MainWindow(province)
    qtbot.addWidget(win)
    assert [type(p).__name__ for p in win.built_pages()] == [SECTIONS[0].class_name]
    assert win.sidebar.count() == len(SECTIONS)
    assert [win.sidebar.item(n).text() for n in range(len(SECTIONS))] == win.section_titles()
    win.show_section(3)
    assert win.current_section() == 3
    built = [type(p).__name__ for p in win.built_pages()]
    assert built == [SECTIONS[0].class_name, SECTIONS[3].class_name]
    assert win.stack.currentWidget() is win.pages[3]
    assert len(win.pages) == len(SECTIONS)
    assert type(win.pages[-1]).__name__ == SECTIONS[-1].class_name  # asking builds it
    with pytest.raises(IndexError):
        win.pages[len(SECTIONS)]


def test_each_section_names_its_page_class_and_title(qtbot, province):
    """The sidebar shows a section's title before its page module is imported: the title
    kept in SECTIONS must be the page's own."""
    win = MainWindow(province)
    qtbot.addWidget(win)
    for n, section in enumerate(SECTIONS):
        page = win.pages[n]
        assert type(page).__name__ == section.class_name
        assert type(page).title == section.title
        assert _(section.title) == win.sidebar.item(n).text()


def test_a_page_built_later_gets_its_remembered_splitters(qtbot, province):
    reports = next(n for n, s in enumerate(SECTIONS) if s.class_name == "ReportsPage")
    first = MainWindow(province)
    qtbot.addWidget(first)
    first.resize(1200, 700)
    first.show()
    qtbot.waitExposed(first)
    first.show_section(reports)
    splitter = first.pages[reports].findChildren(QSplitter)[0]
    splitter.setSizes([180, 500])
    kept = splitter.sizes()
    first.show_section(0)  # the section kept is the dashboard: Reports is not built next time
    first.close()
    assert any(k.startswith("ReportsPage/") for k in Prefs(province.data_dir).window)

    second = MainWindow(province)
    qtbot.addWidget(second)
    second.resize(1200, 700)
    second.show()
    qtbot.waitExposed(second)
    assert reports not in [SECTIONS.index(s) for s in SECTIONS if s.class_name in
                           {type(p).__name__ for p in second.built_pages()}]  # fmt: skip
    # Saving before Reports is built keeps what was remembered for it.
    states = second._splitter_states()
    assert {k: v for k, v in states.items() if k.startswith("ReportsPage/")} == {
        k: v for k, v in Prefs(province.data_dir).window.items() if k.startswith("ReportsPage/")
    }
    second.show_section(reports)
    assert second.pages[reports].findChildren(QSplitter)[0].sizes() == kept
    assert window_state.splitter_states(second.pages[reports], "ReportsPage")


def test_a_language_switch_rebuilds_only_the_shown_page(qtbot, province):
    win = MainWindow(province)
    qtbot.addWidget(win)
    win.show_section(2)
    win.show_section(4)
    assert len(win.built_pages()) == 3
    win.set_language("en")
    try:
        assert win.current_section() == 4
        assert [type(p).__name__ for p in win.built_pages()] == [SECTIONS[4].class_name]
        assert win.sidebar.item(0).text() == "Dashboard"
    finally:
        win.set_language("vi")


def _count_calls(monkeypatch, cls: type, method: str) -> list[int]:
    calls = [0]
    original = getattr(cls, method)

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, counted)
    return calls


def test_a_page_that_loads_as_it_is_built_is_not_loaded_twice(qtbot, province, monkeypatch):
    """Outreach, Plans, Cases and Sync show their first screen as they are built: their
    first showing does not refresh them again; shown again later, they do."""
    marked = {s.class_name for s in SECTIONS if s.loads_when_built}
    assert marked == {"OutreachPage", "PlansPage", "CasesPage", "SyncPage"}
    win = MainWindow(province)
    qtbot.addWidget(win)
    for n, section in enumerate(SECTIONS):
        if not section.loads_when_built:
            continue
        cls = section.page_class()
        refreshes = _count_calls(monkeypatch, cls, "refresh")
        alone = cls(province)  # what building the page calls by itself (some refresh)
        qtbot.addWidget(alone)
        own = refreshes[0]
        refreshes[0] = 0
        win.show_section(n)
        assert win.current_section() == n
        assert refreshes[0] == own, f"{section.class_name}: not loaded a second time"
        win.show_section(0)
        win.show_section(n)
        assert refreshes[0] == own + 1, f"{section.class_name}: shown again, it reloads"


def test_a_page_that_loads_in_refresh_is_refreshed_when_first_shown(qtbot, province, monkeypatch):
    admin = next(n for n, s in enumerate(SECTIONS) if s.class_name == "AdminPage")
    assert not SECTIONS[admin].loads_when_built
    refreshes = _count_calls(monkeypatch, SECTIONS[admin].page_class(), "refresh")
    win = MainWindow(province)
    qtbot.addWidget(win)
    win.show_section(admin)
    assert refreshes[0] == 1


def test_the_preload_imports_the_window_and_the_remembered_page():
    """While the officer signs in, a second thread imports the main window and the page it
    opens on (here the remembered Cases section), and nothing of the other pages."""
    cases = next(n for n, s in enumerate(SECTIONS) if s.class_name == "CasesPage")
    code = (
        "import sys\n"
        "from desktop.ui.preload import Preload\n"
        f"Preload('{cases}').wait()\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('desktop.ui'))))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True)  # fmt: skip
    loaded = set(out.stdout.split())
    assert {"desktop.ui.main_window", SECTIONS[cases].module} <= loaded
    assert not loaded & {s.module for n, s in enumerate(SECTIONS) if n != cases}
