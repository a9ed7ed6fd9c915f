"""The headless ``khien`` commands (DESIGN.md §8), for provincial IT, scripts and tests.

Never imports Qt. Core modules are imported inside the commands, so ``khien --version``
stays instant. Commands that open a profile take ``--user`` (default: the ``KHIEN_USER``
environment variable, else "admin") and read the password from ``KHIEN_PASSWORD`` or a
prompt on the terminal.

A user's mistake never ends in a traceback: ``_run`` turns a refusal (``KhienError``), a
file that cannot be used (``OSError``), a damaged database, a missing password without a
terminal and Ctrl-C into one or two lines in the user's language on stderr,
with status 1 (130 for Ctrl-C); a wrong option or value is told the same way by
``_Parser.error`` with status 2. Anything else is a bug of the program and still ends with
its traceback.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import datetime as dt

    from desktop.core.errors import KhienError
    from desktop.core.profile import OpenProfile

COMMANDS = (
    "init", "demo", "search", "stats", "backup", "restore", "recover", "export", "bundle", "enrol",
    "report", "conflicts", "record", "audit", "selftest",
)  # fmt: skip
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
DEFAULT_USER = "admin"
LANGS = ("vi", "en")


def _t(message: str) -> str:
    from desktop.core.i18n import _

    return _(message)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _has_terminal() -> bool:
    """True when a prompt can be answered: getpass reads the controlling terminal on POSIX
    (even when stdin is redirected), the console on Windows."""
    if os.name == "posix":
        try:
            fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
        except OSError:
            return False
        os.close(fd)
        return True
    return sys.stdin is not None and sys.stdin.isatty()


def _no_password() -> KhienError:
    from desktop.core.errors import KhienError

    return KhienError(
        _t("No password was given: set KHIEN_PASSWORD, or run the command in a terminal.")
    )


def _ask(prompt: str) -> str:
    """A secret typed on the terminal; Ctrl-D refuses like a missing password."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise _no_password() from None
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the prompt's line before "Stopped."
        raise


def _password(prompt: str, *, confirm: bool = False) -> str:
    env = os.environ.get("KHIEN_PASSWORD")
    if env:
        return env
    from desktop.core.errors import ValidationError

    if not _has_terminal():
        raise _no_password()
    first = _ask(prompt)
    if confirm and _ask(_t("Type the password again: ")) != first:
        raise ValidationError(_t("The two passwords differ."))
    return first


def _user(args: argparse.Namespace) -> str:
    return str(args.user or os.environ.get("KHIEN_USER") or DEFAULT_USER)


def _data_dir(args: argparse.Namespace) -> Path:
    from desktop.core.errors import ValidationError

    if not getattr(args, "data_dir", None):
        raise ValidationError(_t("Give the profile folder with --data-dir."))
    return Path(args.data_dir)


def _require_profile(data_dir: Path) -> None:
    from desktop.core import profile
    from desktop.core.errors import KhienError

    if not profile.exists(data_dir):
        raise KhienError(_t("No Khiên profile was found in this folder."))


def _open(args: argparse.Namespace) -> OpenProfile:
    from desktop.core import profile

    data_dir = _data_dir(args)
    _require_profile(data_dir)
    user = _user(args)
    opened = profile.open_profile(
        data_dir, user, _password(_t("Password for {user}: ").format(user=user))
    )
    for notice in opened.notices:
        _err(_t("Warning: {notice}").format(notice=notice))
    return opened


def _date(text: str | None) -> dt.date | None:
    from desktop.core.i18n import parse_date

    return parse_date(text) if text else None


# -- commands ------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.core import profile
    from desktop.core.errors import KhienError, ValidationError

    if args.setup_package:
        from desktop.cli_sync import init_from_package

        return init_from_package(args)
    if args.level != "province":
        raise KhienError(
            _t(
                "Only a province starts with init --level province; a laptop starts with init --setup-package."
            )
        )
    data_dir = _data_dir(args)
    if profile.exists(data_dir):
        raise KhienError(_t("This folder already holds a Khiên profile."))
    if args.unit is None or args.admin is None:
        raise ValidationError(
            _t("Give the province code with --unit and the administrator with --admin.")
        )
    recovery_out = Path(args.recovery_out) if args.recovery_out else None
    if recovery_out is not None and recovery_out.exists():
        raise KhienError(_t("The recovery file already exists; choose a new file name."))
    password = _password(_t("Password for {user}: ").format(user=args.admin), confirm=True)
    opened, identity = profile.create_province(
        data_dir,
        province_code=args.unit,
        admin_username=args.admin,
        admin_password=password,
        admin_full_name=args.full_name or args.admin,
    )
    opened.close()
    if identity:
        if recovery_out is not None:
            fd = os.open(recovery_out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(identity + "\n")
            _err(
                _t(
                    "The recovery identity was written to {file}: keep it offline, away from this laptop."
                ).format(file=recovery_out)
            )
        else:
            _err(
                _t(
                    "WARNING: this recovery identity is shown once. Keep it offline; it opens every profile of the province."
                )
            )
            _err(identity)
    print(_t("Profile created in {folder}.").format(folder=data_dir))
    return 0


def _progress_printer() -> Callable[[Any], None]:
    last = [-1]

    def show(step: Any) -> None:
        if step.total:
            tenth = step.done * 10 // step.total
            if tenth != last[0]:
                last[0] = tenth
                _err(f"{step.message} {tenth * 10}%")

    return show


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.core import demo, profile
    from desktop.core.errors import KhienError, PermissionDenied
    from desktop.core.progress import run_job
    from desktop.core.security.roles import can_administer

    data_dir = _data_dir(args)
    if args.events < 0 or args.cases < 0:
        raise KhienError(_t("The numbers of events and cases cannot be negative."))
    show = _progress_printer()
    if profile.exists(data_dir):
        opened = _open(args)
        try:
            demo.check_installation(opened)
            if not demo.is_demo(opened) and not can_administer(opened.user.role):
                raise PermissionDenied(
                    _t("Only an administrator may add demonstration data to this profile.")
                )
            counts = run_job(
                demo.generate(opened, events=args.events, cases=args.cases, seed=args.seed), show
            )
        finally:
            opened.close()
    else:
        if data_dir.exists() and any(data_dir.iterdir()):
            raise KhienError(_t("This folder is neither empty nor a Khiên profile."))
        opened = run_job(
            demo.create_demo_profile(
                data_dir, events=args.events, cases=args.cases, seed=args.seed
            ),
            show,
        )
        opened.close()
        counts = {"events": args.events, "cases": args.cases}
        print(
            _t("Demo profile created. Accounts (password {password}): {accounts}.").format(
                password=demo.DEMO_PASSWORD, accounts=", ".join(a[0] for a in demo.DEMO_ACCOUNTS)
            )
        )
    print(
        _t("Added {events} events and {cases} cases.").format(
            events=counts["events"], cases=counts["cases"]
        )
    )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from desktop.core import search
    from desktop.core.i18n import format_date

    opened = _open(args)
    try:
        hits = search.search(opened, " ".join(args.text), limit=args.limit)
    finally:
        opened.close()
    for hit in hits:
        print("\t".join((format_date(hit.date), hit.kind, hit.title, hit.place)))
    if not hits:
        _err(_t("Nothing found."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``khien export xlsx events``: the events of a period (all by default) as .xlsx;
    ``khien export xlsx report --kind period|campaign``: a report's tables."""
    from desktop.core.errors import ValidationError

    if args.what == "report":
        from desktop.cli_report import export_report

        return export_report(args)
    from desktop.core.outreach import excel, query
    from desktop.core.progress import run_job

    date_from, date_to = _date(args.date_from), _date(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_t("The start date comes after the end date."))
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError(_t("The output file must end in .xlsx."))
    opened = _open(args)
    try:
        f = query.EventFilter(date_from=date_from, date_to=date_to)
        written = run_job(excel.export_events(opened, f, out))
    finally:
        opened.close()
    print(_t("{n} events were written to {file}.").format(n=written, file=out.name))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from desktop.core import stats
    from desktop.core.errors import ValidationError

    date_from, date_to = _date(args.date_from), _date(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_t("The start date comes after the end date."))
    opened = _open(args)
    try:
        with opened.db.session() as s:
            # With both dates, the same period of the previous year too ("previous").
            result = stats.compute(s, date_from, date_to, compare=True)
    finally:
        opened.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(_t("Outreach events: {n}").format(n=result["events"]["total"]))
        print(_t("Reception cases: {n}").format(n=result["cases"]["total"]))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.core import backup

    opened = _open(args)
    try:
        out = backup.make_backup(opened, Path(args.out))
    finally:
        opened.close()
    print(_t("Backup written to {file}.").format(file=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.core import backup

    data_dir = _data_dir(args)
    user = _user(args)
    password = _password(_t("Password for {user}: ").format(user=user))
    replaced = backup.restore_backup(data_dir, Path(args.file), user, password)
    print(_t("Backup restored."))
    if replaced is not None:
        print(_t("The replaced files were kept in {folder}.").format(folder=replaced))
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from desktop import selftest

    return selftest.main(args.qt_child, args.window_only, args.user)


def cmd_recover(args: argparse.Namespace) -> int:
    from desktop.core import profile
    from desktop.core.errors import KhienError

    data_dir = _data_dir(args)
    _require_profile(data_dir)
    try:
        identity = Path(args.identity).read_text(encoding="utf-8")
    except OSError:
        raise KhienError(_t("The recovery identity file could not be read.")) from None
    password = _password(_t("New password for {user}: ").format(user=args.user), confirm=True)
    profile.recover_access(data_dir, identity, args.user, password)
    print(_t("The password of {user} was changed.").format(user=args.user))
    return 0


# -- parser --------------------------------------------------------------------------


# argparse's own messages are English: each is told again in the user's language.
_ARGPARSE = (
    (r"argument (?P<arg>\S+): invalid (?:int|float) value: '(?P<value>.*)'",
     "{arg}: “{value}” is not a number."),
    (r"argument (?P<arg>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)",
     "{arg}: “{value}” is not one of {choices}."),
    (r"argument (?P<arg>\S+): expected one argument", "{arg} needs a value."),
    (r"argument (?P<arg>\S+): expected at least one argument", "{arg} needs at least one value."),
    (r"the following arguments are required: (?P<arg>.*)", "Missing: {arg}."),
    (r"unrecognized arguments: (?P<arg>.*)", "Not understood: {arg}."),
    (r"ambiguous option: (?P<arg>\S+) could match (?P<choices>.*)",
     "{arg} could be {choices}: type more of it."),
    (r"argument (?P<arg>\S+): (?P<value>.*)", "{arg}: {value}"),
)  # fmt: skip


def _usage_problem(message: str) -> str:
    """An argparse error message in the user's language (as it is when none fits)."""
    texts = {
        "{arg}: “{value}” is not a number.": _t("{arg}: “{value}” is not a number."),
        "{arg}: “{value}” is not one of {choices}.": _t("{arg}: “{value}” is not one of {choices}."),
        "{arg} needs a value.": _t("{arg} needs a value."),
        "{arg} needs at least one value.": _t("{arg} needs at least one value."),
        "Missing: {arg}.": _t("Missing: {arg}."),
        "Not understood: {arg}.": _t("Not understood: {arg}."),
        "{arg} could be {choices}: type more of it.": _t("{arg} could be {choices}: type more of it."),
        "{arg}: {value}": "{arg}: {value}",
    }  # fmt: skip
    for pattern, text in _ARGPARSE:
        found = re.fullmatch(pattern, message.strip())
        if found:
            parts = {k: v for k, v in found.groupdict().items() if v is not None}
            if "choices" in parts:
                parts["choices"] = parts["choices"].replace("'", "")
            return texts[text].format(**{"arg": "", "value": "", "choices": "", **parts})
    return message


class _Parser(argparse.ArgumentParser):
    """argparse that tells a wrong option or value in two lines of the user's language."""

    def error(self, message: str) -> NoReturn:
        _err(f"{self.prog}: {_usage_problem(message)}")
        _err(_t("Type “{command} --help” to see what it takes.").format(command=self.prog))
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    import desktop
    from desktop.cli_report import add_parsers as add_report_parsers
    from desktop.cli_report import report_options

    top = _Parser(prog="khien", description=_t("Khiên: records of anti-trafficking work."))
    top.add_argument("--version", action="version", version=f"khien {desktop.__version__}")
    top.add_argument("--lang", choices=LANGS, default="vi", help=_t("language (default vi)"))
    top.add_argument("--data-dir", help=_t("profile folder"))
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    user_help = _t(
        "account to sign in as (default: KHIEN_USER, else admin); password from KHIEN_PASSWORD or a prompt"
    )
    # name, help, function, takes --user, [(flags, keyword arguments)…]
    specs: list[tuple[str, str, Callable[[argparse.Namespace], int], bool, list[tuple[tuple[str, ...], dict[str, Any]]]]] = [
        ("init", _t("create a provincial profile"), cmd_init, False, [
            (("--level",), {"default": "province", "help": _t("only 'province'; laptops start from a setup package")}),
            (("--setup-package",), {"help": _t("start this laptop from a setup package")}),
            (("--user",), {"help": _t("with --setup-package: the first officer's user name")}),
            (("--unit",), {"type": int, "help": _t("province code (Lạng Sơn: 20)")}),
            (("--admin",), {"help": _t("user name of the first administrator")}),
            (("--full-name",), {"help": _t("the administrator's full name")}),
            (("--recovery-out",), {"help": _t("file for the recovery identity (else shown on stderr)")}),
        ]),
        ("demo", _t("add demonstration data, or create a demo profile in an empty folder"), cmd_demo, True, [
            (("--events",), {"type": int, "default": 2000}),
            (("--cases",), {"type": int, "default": 300}),
            (("--seed",), {"type": int, "default": 1}),
        ]),
        ("search", _t("find outreach events and cases"), cmd_search, True, [
            (("--limit",), {"type": int, "default": 50}),
            (("text",), {"nargs": "+"}),
        ]),
        ("stats", _t("print statistics"), cmd_stats, True, [
            (("--from",), {"dest": "date_from", "help": _t("first day (dd/mm/yyyy or YYYY-MM-DD)")}),
            (("--to",), {"dest": "date_to", "help": _t("last day, included")}),
            (("--json",), {"action": "store_true", "help": _t("print one JSON object")}),
        ]),
        ("backup", _t("write a backup file of the profile"), cmd_backup, True, [
            (("--out",), {"required": True}),
        ]),
        ("restore", _t("replace the profile with a backup (the replaced files are kept)"), cmd_restore, True, [
            (("file",), {}),
        ]),
        ("export", _t("export to a spreadsheet: export xlsx events, or export xlsx report --kind period"), cmd_export, True, [
            (("format",), {"choices": ("xlsx",)}),
            (("what",), {"choices": ("events", "report")}),
            (("--out",), {"required": True}),
            (("--kind",), {"choices": ("period", "campaign"), "help": _t("with report: which report")}),
            *report_options(),
        ]),
        ("selftest", _t("check this installation end to end on a temporary profile"), cmd_selftest, False, [
            (("--qt-child",), {"metavar": "DIR", "help": argparse.SUPPRESS}),
            (("--window-only",), {"action": "store_true", "help": argparse.SUPPRESS}),
            (("--user",), {"help": argparse.SUPPRESS}),
        ]),
        ("recover", _t("set a new password with the province's recovery identity"), cmd_recover, False, [
            (("--identity",), {"required": True}),
            (("--user",), {"required": True}),
        ]),
    ]  # fmt: skip
    from desktop.cli_sync import add_parsers

    def common(p: argparse.ArgumentParser, user: bool = True) -> None:
        p.add_argument("--data-dir", default=argparse.SUPPRESS, help=_t("profile folder"))
        p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if user:
            p.add_argument("--user", help=user_help)

    for name, help_text, func, user, options in specs:
        p = sub.add_parser(name, help=help_text, description=help_text)
        common(p, user)
        for flags, kwargs in options:
            p.add_argument(*flags, **kwargs)
        p.set_defaults(func=func)
    add_parsers(sub, common)
    add_report_parsers(sub, common)
    return top


def _early_lang(argv: list[str]) -> str:
    pairs = zip(argv, [*argv[1:], ""], strict=True)
    found = [v for a, v in pairs if a == "--lang"] + [
        a[7:] for a in argv if a.startswith("--lang=")
    ]
    return found[0] if found else "vi"


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args_list:
        import desktop

        print(f"khien {desktop.__version__}")
        return 0
    from desktop.core import i18n

    lang = _early_lang(args_list)
    i18n.set_language(lang if lang in LANGS else "vi")
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return _run(args)


_REASONS = {
    errno.ENOENT: "it does not exist",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the disk is read-only",
    errno.EEXIST: "it already exists",
}


def _file_problem(exc: OSError) -> str:
    """One sentence for a file that could not be used, in the user's language."""
    reasons = {
        "it does not exist": _t("it does not exist"),
        "permission denied": _t("permission denied"),
        "it is a folder, not a file": _t("it is a folder, not a file"),
        "a part of the path is not a folder": _t("a part of the path is not a folder"),
        "the disk is full": _t("the disk is full"),
        "the disk is read-only": _t("the disk is read-only"),
        "it already exists": _t("it already exists"),
    }
    known = _REASONS.get(exc.errno or 0)
    reason = reasons[known] if known else str(exc.strerror or exc)
    if exc.filename:
        return _t("{file} could not be used: {reason}.").format(file=exc.filename, reason=reason)
    return _t("A file could not be read or written: {reason}").format(reason=reason)


def _run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError

    from desktop.core.errors import KhienError

    try:
        return int(args.func(args))
    except KhienError as exc:
        _err(exc.message)
    except DatabaseError:
        _err(_t("The database file is damaged or is not a Khiên database; it was left untouched."))
    except EOFError:
        _err(_t("A file or the typed input ended too soon: it may be incomplete."))
    except KeyboardInterrupt:
        _err(_t("Stopped."))
        return EXIT_INTERRUPTED
    except OSError as exc:
        _err(_file_problem(exc))
    return EXIT_REFUSED
