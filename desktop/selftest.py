"""``khien selftest``: checks an installation end to end on temporary profiles.

Meant to be run from an installed (or freshly built) copy, so that a file the build left
out shows up here and not on an officer's laptop. Everything happens in a temporary folder
that is removed afterwards; the officer's own profile is never opened. Each check prints
one line, ``OK   <check>`` or ``FAIL <check>: <reason>``, and the command exits non-zero
when any check failed. A check that needs an earlier one which failed says so instead of
failing for an unrelated reason.

The checks: fonts, translation catalogs, place names, date and number formats, database
migrations, an encrypted SQLCipher database (the file is not plain SQLite and a wrong key
does not open it), key wrap and unwrap (password, wrong password, recovery identity), a
record written through a freshly opened database carrying its revision, a
demonstration record found by an accent-free search, a laptop enrolled with a setup
package, an event sent from it in a sync bundle and imported at the province, a periodic
report rendered to PDF and its text read back, the same report as an Excel file, a backup
restored into a new folder, and — in a child process, so a Qt that cannot start does not
take the others down — Qt's platform plugins, the bundled fonts in Qt, Vietnamese sorting
and capitals (ICU), and the main window opening on the temporary profile.

Core work only: Qt is imported by the child process (desktop.ui.selftest_probe).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from desktop.core.profile import OpenProfile

ADMIN = "selftest.admin"
OFFICER = "selftest.xa"
# Throw-away passwords for throw-away profiles: the folder is deleted at the end.
PASSWORD = "selftest-Khien-1"
LAPTOP_PASSWORD = "selftest-Laptop-2"
PASSPHRASE = "st2a-st3b-st4c-st5d-st6e-st7f"
PROVINCE = 20  # Lạng Sơn
COMMUNE = 6040  # Thất Khê
VIETNAMESE_SAMPLE = "Ắằẳẵặ Đđ Ươươ Ỹỹ Ộộ"
FONT_FILES = tuple(
    f"Liberation{family}-{style}.ttf"
    for family in ("Serif", "Sans")
    for style in ("Regular", "Bold", "Italic", "BoldItalic")
)
QT_CHILD_TIMEOUT_S = 180
EVENT_TITLE = "Tuyên truyền phòng, chống mua bán người tại chợ Thất Khê"


class CheckFailed(Exception):
    """A check found a problem; the message is the reason shown after the check's name."""


class NotChecked(Exception):
    """A check could not run because one it needs failed earlier."""


@dataclass
class Context:
    """What the checks share: the temporary folder and the profiles made in it."""

    work: Path
    province: OpenProfile | None = None
    laptop: OpenProfile | None = None
    recovery_identity: str = ""
    event_id: str = ""
    report_total: int | None = None
    opened: list[OpenProfile] = field(default_factory=list)

    def need_province(self) -> OpenProfile:
        if self.province is None:
            raise NotChecked()
        return self.province

    def need_laptop(self) -> OpenProfile:
        if self.laptop is None:
            raise NotChecked()
        return self.laptop

    def keep(self, opened: OpenProfile) -> OpenProfile:
        self.opened.append(opened)
        return opened

    def close(self) -> None:
        for opened in self.opened:
            with suppress(Exception):  # closing throw-away profiles: nothing to tell
                opened.db.close()


def _expect(condition: bool, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


# -- files of the installation ---------------------------------------------------------


def check_fonts(_ctx: Context) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from desktop.core.paths import resources_dir

    folder = resources_dir() / "fonts"
    missing = [name for name in (*FONT_FILES, "OFL-LICENSE.txt") if not (folder / name).is_file()]
    _expect(
        not missing,
        _("missing {files} in {folder}").format(files=", ".join(missing), folder=folder),
    )
    for name in FONT_FILES:
        try:
            font = TTFont(f"selftest-{name}", str(folder / name))
        except Exception as exc:
            raise CheckFailed(
                _("{file} cannot be read: {error}").format(file=name, error=exc)
            ) from exc
        absent = sorted(
            {c for c in VIETNAMESE_SAMPLE if c != " " and ord(c) not in font.face.charToGlyph}
        )
        _expect(
            not absent,
            _("{file} lacks the letters {letters}").format(file=name, letters=" ".join(absent)),
        )


def check_catalogs(_ctx: Context) -> None:
    from desktop.core.i18n import DOMAIN, LANGUAGES
    from desktop.core.paths import locale_dir

    for lang in LANGUAGES:
        path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        _expect(
            path.is_file(), _("the {lang} catalog is missing: {file}").format(lang=lang, file=path)
        )
        with open(path, "rb") as fh:
            try:
                catalog = gettext.GNUTranslations(fh)
            except Exception as exc:
                raise CheckFailed(
                    _("the {lang} catalog is damaged: {file}").format(lang=lang, file=path)
                ) from exc
        if lang == "vi":
            sample = "The user name or password is wrong."
            _expect(
                catalog.gettext(sample) != sample,
                _("the Vietnamese catalog does not translate the program's messages"),
            )


def check_places(_ctx: Context) -> None:
    from desktop.core import places
    from desktop.core.paths import resources_dir

    _expect(places.province_name(PROVINCE) == "Lạng Sơn", _("the list of provinces is wrong"))
    legacy = resources_dir() / "data" / f"legacy_units_{PROVINCE}.json"
    _expect(legacy.is_file(), _("missing {file}").format(file=legacy))


def check_formats(_ctx: Context) -> None:
    from desktop.core import i18n

    day = dt.date(2026, 7, 30)
    with i18n.language_override("vi"):
        got_vi = (i18n.format_number(1234567.5), i18n.format_date(day))
    with i18n.language_override("en"):
        got_en = i18n.format_number(1234567.5)
    _expect(
        got_vi == ("1.234.567,5", "30/07/2026"),
        _("Vietnamese dates or numbers print wrong: {got}").format(got=" ".join(got_vi)),
    )
    _expect(got_en == "1,234,567.5", _("English numbers print wrong: {got}").format(got=got_en))


def check_migrations(_ctx: Context) -> None:
    from desktop.core.db import migrate

    folder = migrate.MIGRATIONS
    _expect((folder / "env.py").is_file(), _("missing {file}").format(file=folder / "env.py"))
    try:
        head = migrate.head_revision()
    except Exception as exc:
        raise CheckFailed(
            _("the database migrations cannot be read: {error}").format(error=exc)
        ) from exc
    _expect(bool(head), _("no database migration was found"))


# -- the data path -----------------------------------------------------------------------


def _opens_with(db_file: Path, key: bytes) -> bool:
    """True when SQLCipher reads *db_file* with *key* (its error log kept quiet: a
    refusal is what this check hopes for)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(db_file))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()
    return True


def check_sqlcipher(ctx: Context) -> None:
    from desktop.core import profile

    opened, identity = profile.create_province(
        ctx.work / "province",
        province_code=PROVINCE,
        admin_username=ADMIN,
        admin_password=PASSWORD,
        admin_full_name="Nguyễn Văn Kiểm",
    )
    ctx.province = ctx.keep(opened)
    ctx.recovery_identity = identity or ""
    db_file = opened.db.path
    with opened.db.engine.connect() as conn:
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    _expect(bool(version), _("the database library is plain SQLite, not SQLCipher"))
    with open(db_file, "rb") as fh:
        head = fh.read(16)
    _expect(head != b"SQLite format 3\0", _("the database file is not encrypted"))
    _expect(not _opens_with(db_file, bytes(32)), _("the database opened with a wrong key"))


def check_keys(ctx: Context) -> None:
    from desktop.core import profile
    from desktop.core.errors import WrongPassword
    from desktop.core.security.keystore import Keystore

    opened = ctx.need_province()
    store = Keystore.load(profile.keystore_path(opened.data_dir))
    key = store.unlock(ADMIN, PASSWORD)
    _expect(key == opened._key, _("the password unwraps a different key"))
    try:
        store.unlock(ADMIN, PASSWORD + "x")
    except WrongPassword:
        pass
    else:
        raise CheckFailed(_("a wrong password unwrapped the key"))
    _expect(bool(ctx.recovery_identity), _("no recovery identity was made"))
    _expect(
        store.recover_key(ctx.recovery_identity) == key,
        _("the recovery identity unwraps a different key"),
    )


def check_revisions(ctx: Context) -> None:
    """A database opened afresh (as after a sign-out and sign-in) stamps what it writes."""
    from sqlalchemy import select

    from desktop.core import profile
    from desktop.core.db.models import OutreachEvent
    from desktop.core.db.models_sync import Revision
    from desktop.core.db.syncmeta import compute_rev, tombstone

    ctx.need_province()
    fresh = ctx.keep(profile.open_profile(ctx.work / "province", ADMIN, PASSWORD))
    with fresh.db.session() as s:
        event = OutreachEvent(kind="talk", title="Kiểm tra", held_on=dt.date(2026, 7, 30))
        s.add(event)
    with fresh.db.session() as s:
        logged = s.get(Revision, event.rev)
        stamped = (
            event.change_seq > 0
            and event.rev == compute_rev(event.content(), None)
            and logged is not None
            and bool(event.search_fold)
        )
        row = s.execute(select(OutreachEvent).where(OutreachEvent.id == event.id)).scalar_one()
        tombstone(row)
    _expect(stamped, _("a record was written without its revision"))
    _expect(row.parent_rev == event.rev, _("a change did not name the revision it replaces"))


def check_demo_record(ctx: Context) -> None:
    from sqlalchemy import select

    from desktop.core import demo, search
    from desktop.core.db.models import OutreachEvent
    from desktop.core.progress import run_job
    from desktop.core.text import fold

    opened = ctx.need_province()
    counts = run_job(demo.generate(opened, events=40, cases=10, seed=7))
    _expect(
        counts.get("events") == 40 and counts.get("cases") == 10,
        _("the demonstration data is incomplete"),
    )
    with opened.db.session(read=True) as s:
        live = select(OutreachEvent.title).where(OutreachEvent.deleted.is_(False))
        title = s.execute(live.limit(1)).scalar_one()
    words = " ".join(fold(title).split()[:3])  # typed without accents
    hits = search.search(opened, words)
    _expect(
        any(h.title == title for h in hits),
        _("searching “{words}” did not find “{title}”").format(words=words, title=title),
    )


def check_enrol(ctx: Context) -> None:
    from desktop.core.security.roles import Role
    from desktop.core.sync import enrol

    province = ctx.need_province()
    package = enrol.make_setup_package(
        province,
        level="commune",
        unit_code=COMMUNE,
        office_name="UBND xã Thất Khê",
        parent_office_id=None,
        username=OFFICER,
        full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER,
        password=LAPTOP_PASSWORD,
        passphrase=PASSPHRASE,
    )
    _expect("Thất Khê".encode() not in package, _("the setup package is not encrypted"))
    laptop = enrol.start_from_package(
        ctx.work / "laptop", package, PASSPHRASE, OFFICER, LAPTOP_PASSWORD
    )
    ctx.laptop = ctx.keep(laptop)
    _expect(laptop.node.level == "commune", _("the laptop did not start as a commune office"))


def check_bundle(ctx: Context) -> None:
    from desktop.core.db.models import OutreachEvent
    from desktop.core.outreach import events
    from desktop.core.sync import exchange

    province, laptop = ctx.need_province(), ctx.need_laptop()
    data = events.parse(
        {
            "kind": "talk",
            "title": EVENT_TITLE,
            "held_on": dt.date.today().isoformat(),
            "commune_code": COMMUNE,
            "village": "Khu 1",
            "audience_total": 85,
        }  # fmt: skip
    )
    ctx.event_id = events.save_event(laptop, data)
    stick = ctx.work / "usb"
    stick.mkdir()
    sent = exchange.export_bundle(laptop, stick)
    _expect(
        sent.path.suffix == ".khb" and "Khê" not in sent.path.name,
        _("the bundle's file name is wrong"),
    )
    _expect(EVENT_TITLE.encode() not in sent.path.read_bytes(), _("the bundle is not encrypted"))
    got = exchange.import_bundle(province, sent.path)
    _expect(got.counts.get("outreach_events", 0) >= 1, _("the province received no event"))
    with province.db.session(read=True) as s:
        row = s.get(OutreachEvent, ctx.event_id)
        _expect(row is not None and row.title == EVENT_TITLE, _("the event did not arrive whole"))
    again = exchange.import_bundle(province, sent.path)
    _expect(again.already_imported, _("the same bundle was applied twice"))


def _period_request(opened: OpenProfile) -> Any:
    from desktop.core.reports import service

    header = dataclasses.replace(
        service.load_header(opened, "period"),
        signer_name="Nguyễn Văn Kiểm",
        signer_title="Trưởng ban",
    )
    today = dt.date.today()
    return service.ReportRequest(
        kind="period", date_from=dt.date(today.year, 1, 1), date_to=today, header=header,
        on=today, language="vi",
    )  # fmt: skip


def _events_total(opened: OpenProfile, request: Any) -> int:
    from desktop.core import stats

    with opened.db.session(read=True) as s:
        return int(stats.compute(s, request.date_from, request.date_to)["events"]["total"])


def pdf_text(path: Path) -> str:
    """The text of every page of a PDF, read with PDFium (as the preview does)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        pdf.close()


def check_report(ctx: Context) -> None:
    from desktop.core import i18n
    from desktop.core.progress import run_job
    from desktop.core.reports import service

    opened = ctx.need_province()
    _expect(bool(ctx.event_id), _("there is no event from the laptop to report"))
    request = _period_request(opened)
    total = _events_total(opened, request)
    out = run_job(service.build_pdf(opened, request, ctx.work / "report.pdf"))
    text = " ".join(pdf_text(out).split())
    _expect("BÁO CÁO" in text, _("the report's title is missing from the PDF"))
    with i18n.language_override("vi"):
        figure = i18n.format_number(total)
    _expect(
        total >= 1 and figure in text,
        _("the report does not print the {n} events of the period").format(n=figure),
    )
    _expect("Nguyễn Văn Kiểm" in text, _("the signature block is missing from the PDF"))
    ctx.report_total = total


def check_xlsx(ctx: Context) -> None:
    from openpyxl import load_workbook

    from desktop.core.progress import run_job
    from desktop.core.reports import service

    opened = ctx.need_province()
    request = _period_request(opened)
    total = _events_total(opened, request)
    out = run_job(service.build_xlsx(opened, request, ctx.work / "report.xlsx"))
    book = load_workbook(out, read_only=True)
    try:
        cells = [
            c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
        ]
    finally:
        book.close()
    _expect(
        total in cells,
        _("the spreadsheet does not hold the {n} events of the period").format(n=total),
    )


def check_backup(ctx: Context) -> None:
    from desktop.core import backup, profile
    from desktop.core.db.models import OutreachEvent

    opened = ctx.need_province()
    _expect(bool(ctx.event_id), _("there is no event to back up"))
    saved = backup.make_backup(opened, ctx.work / "backup" / "khien-backup.zip")
    restored_dir = ctx.work / "restored"
    backup.restore_backup(restored_dir, saved, ADMIN, PASSWORD)
    again = ctx.keep(profile.open_profile(restored_dir, ADMIN, PASSWORD))
    with again.db.session(read=True) as s:
        row = s.get(OutreachEvent, ctx.event_id)
        _expect(
            row is not None and row.title == EVENT_TITLE, _("the restored copy lacks the event")
        )
    again.close()


# -- Qt, in a child process --------------------------------------------------------------


def child_command() -> list[str]:
    """How to start this same program again (frozen build or source tree)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop"]


def run_qt_child(ctx: Context, emit: Callable[[str], None]) -> int:
    """Run the Qt checks in a child process; relay its lines; returns the failures."""
    province = ctx.need_province()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KHIEN_PASSWORD=PASSWORD, KHIEN_USER=ADMIN)
    cmd = [
        *child_command(),
        "--lang",
        _language(),
        "selftest",
        "--qt-child",
        str(province.data_dir),
    ]
    try:
        run = subprocess.run(
            cmd, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=QT_CHILD_TIMEOUT_S, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        emit(
            _line(
                _(QT_NAME),
                _("the window did not open within {s} seconds").format(s=QT_CHILD_TIMEOUT_S),
            )
        )
        return 1
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith((OK, FAIL))]
    for ln in lines:
        emit(ln)
    failures = sum(ln.startswith(FAIL) for ln in lines)
    if run.returncode != 0 and failures == 0:
        last = [ln for ln in run.stderr.splitlines() if ln.strip()][-1:] or [str(run.returncode)]
        emit(_line(_(QT_NAME), _("Qt stopped: {reason}").format(reason=last[0].strip()[:300])))
        failures = 1
    return failures


def _language() -> str:
    from desktop.core import i18n

    return i18n.language()


# -- running ------------------------------------------------------------------------------

OK, FAIL = "OK   ", "FAIL "
QT_NAME = N_("Qt: the main window")

CHECKS: list[tuple[str, Callable[[Context], None]]] = [
    (N_("Fonts"), check_fonts),
    (N_("Translations"), check_catalogs),
    (N_("Place names"), check_places),
    (N_("Dates and numbers"), check_formats),
    (N_("Database migrations"), check_migrations),
    (N_("Encrypted database (SQLCipher)"), check_sqlcipher),
    (N_("Key wrap and unwrap"), check_keys),
    (N_("Revisions stamped on every write"), check_revisions),
    (N_("Demonstration record and search"), check_demo_record),
    (N_("Laptop enrolment"), check_enrol),
    (N_("Sync bundle from the laptop to the province"), check_bundle),
    (N_("Report as PDF"), check_report),
    (N_("Report as an Excel file"), check_xlsx),
    (N_("Backup and restore"), check_backup),
]


def _line(name: str, problem: str | None = None) -> str:
    if problem is None:
        return f"{OK}{name}"
    return f"{FAIL}{name}: {' '.join(problem.split())}"


def reason(exc: BaseException) -> str:
    """One line saying what went wrong."""
    from desktop.core.errors import KhienError

    if isinstance(exc, NotChecked):
        return _("not checked, because an earlier check failed")
    if isinstance(exc, CheckFailed | KhienError):
        return str(exc)
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextmanager
def _workspace(base: Path | None) -> Iterator[Path]:
    tmp = tempfile.mkdtemp(prefix="khien-selftest-", dir=base)
    try:
        yield Path(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(
    emit: Callable[[str], None] = print,
    *,
    qt: bool = True,
    checks: list[tuple[str, Callable[[Context], None]]] | None = None,
    work_dir: Path | None = None,
) -> int:
    """Run every check, one line each through *emit*; returns the number of failures."""
    failures = 0
    with _workspace(work_dir) as work:
        ctx = Context(work)
        try:
            for name, check in checks if checks is not None else CHECKS:
                try:
                    check(ctx)
                except Exception as exc:
                    failures += 1
                    emit(_line(_(name), reason(exc)))
                else:
                    emit(_line(_(name)))
            if qt:
                failures += _qt_checks(ctx, emit)
        finally:
            ctx.close()
    return failures


def _qt_checks(ctx: Context, emit: Callable[[str], None]) -> int:
    try:
        ctx.need_province()
    except NotChecked as exc:
        emit(_line(_(QT_NAME), reason(exc)))
        return 1
    if ctx.province is not None:  # the child opens the same files
        ctx.province.db.close()
    return run_qt_child(ctx, emit)


# -- the command ----------------------------------------------------------------------------


def _printer() -> Callable[[str], None]:
    def emit(line: str) -> None:
        try:
            print(line, flush=True)
        except UnicodeEncodeError:  # a console that cannot show Vietnamese letters
            encoding = sys.stdout.encoding or "ascii"
            print(line.encode(encoding, "replace").decode(encoding), flush=True)

    return emit


def main(qt_child: str | None = None, window_only: bool = False, user: str | None = None) -> int:
    """``khien selftest``; with *qt_child* (a profile folder), the Qt half in this process."""
    emit = _printer()
    if qt_child:
        from desktop.ui import selftest_probe

        password = os.environ.get("KHIEN_PASSWORD", "")
        who = user or os.environ.get("KHIEN_USER") or ADMIN
        return selftest_probe.main(Path(qt_child), who, password, emit, window_only=window_only)
    failures = run(emit)
    if failures:
        emit(ngettext("{n} check failed.", "{n} checks failed.", failures).format(n=failures))
        return 1
    emit(_("Every check passed."))
    return 0
