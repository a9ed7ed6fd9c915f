"""The headless ``khien`` commands (DESIGN.md §8), for provincial IT, scripts and tests.

Never imports Qt. Core modules are imported inside the commands, so ``khien --version``
stays instant. The package: ``base`` (what every command shares), ``commands`` (the general
commands), ``report`` and ``sync``; this module assembles the parser and runs a command. Commands that open a profile take ``--user`` (default: the ``KHIEN_USER``
environment variable, else "admin") and read the password from ``KHIEN_PASSWORD`` or a
prompt on the terminal.

A user's mistake never ends in a traceback: ``_run`` turns a refusal (``KhienError``), a
file that cannot be used (``OSError``), a damaged database, a missing password without a
terminal and Ctrl-C into one or two lines in the user's language on stderr,
with status 1 (130 for Ctrl-C); a wrong option or value is told the same way by
``base.Parser.error`` with status 2. Anything else is a bug of the program and still ends with
its traceback.
"""

from __future__ import annotations

import argparse
import errno
import sys

from desktop.cli import base, commands, report, sync
from desktop.cli.base import EXIT_INTERRUPTED, EXIT_REFUSED, EXIT_USAGE, LANGS, _t

__all__ = ["COMMANDS", "EXIT_INTERRUPTED", "EXIT_REFUSED", "EXIT_USAGE", "main"]

COMMANDS = (
    "init", "demo", "search", "stats", "backup", "restore", "recover", "export", "bundle", "enrol",
    "report", "conflicts", "record", "audit", "selftest",
)  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    import desktop

    top = base.Parser(prog="khien", description=_t("Khiên: records of anti-trafficking work."))
    top.add_argument("--version", action="version", version=f"khien {desktop.__version__}")
    top.add_argument("--lang", choices=LANGS, default="vi", help=_t("language (default vi)"))
    top.add_argument("--data-dir", help=_t("profile folder"))
    sub = top.add_subparsers(dest="command", metavar="COMMAND")

    user_help = _t(
        "account to sign in as (default: KHIEN_USER, else admin); password from KHIEN_PASSWORD or a prompt"
    )

    def common(p: argparse.ArgumentParser, user: bool = True) -> None:
        p.add_argument("--data-dir", default=argparse.SUPPRESS, help=_t("profile folder"))
        p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if user:
            p.add_argument("--user", help=user_help)

    for name, help_text, func, user, options in commands.specs():
        p = sub.add_parser(name, help=help_text, description=help_text)
        common(p, user)
        for flags, kwargs in options:
            p.add_argument(*flags, **kwargs)
        p.set_defaults(func=func)
    sync.add_parsers(sub, common)
    report.add_parsers(sub, common)
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
        base.err(exc.message)
    except DatabaseError:
        base.err(
            _t("The database file is damaged or is not a Khiên database; it was left untouched.")
        )
    except EOFError:
        base.err(_t("A file or the typed input ended too soon: it may be incomplete."))
    except KeyboardInterrupt:
        base.err(_t("Stopped."))
        return EXIT_INTERRUPTED
    except OSError as exc:
        base.err(_file_problem(exc))
    return EXIT_REFUSED
