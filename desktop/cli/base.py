"""What the ``khien`` commands share: the constants, the password prompt, opening the
profile, dates from the command line, the progress line and the parser that tells a wrong
option in the user's language. Imports nothing of the commands (they import this), and only
the standard library at module level, so ``khien --version`` stays instant."""

from __future__ import annotations

import argparse
import getpass
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

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
DEFAULT_USER = "admin"
LANGS = ("vi", "en")


def _t(message: str) -> str:
    from desktop.core.i18n import _

    return _(message)


def err(line: str) -> None:
    print(line, file=sys.stderr)


def has_terminal() -> bool:
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


def ask(prompt: str) -> str:
    """A secret typed on the terminal; Ctrl-D refuses like a missing password."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise _no_password() from None
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the prompt's line before "Stopped."
        raise


def password(prompt: str, *, confirm: bool = False) -> str:
    env = os.environ.get("KHIEN_PASSWORD")
    if env:
        return env
    from desktop.core.errors import ValidationError

    if not has_terminal():
        raise _no_password()
    first = ask(prompt)
    if confirm and ask(_t("Type the password again: ")) != first:
        raise ValidationError(_t("The two passwords differ."))
    return first


def user_name(args: argparse.Namespace) -> str:
    return str(args.user or os.environ.get("KHIEN_USER") or DEFAULT_USER)


def data_dir_of(args: argparse.Namespace) -> Path:
    from desktop.core.errors import ValidationError

    if not getattr(args, "data_dir", None):
        raise ValidationError(_t("Give the profile folder with --data-dir."))
    return Path(args.data_dir)


def require_profile(data_dir: Path) -> None:
    from desktop.core import profile
    from desktop.core.errors import KhienError

    if not profile.exists(data_dir):
        raise KhienError(_t("No Khiên profile was found in this folder."))


def open_profile(args: argparse.Namespace) -> OpenProfile:
    from desktop.core import profile

    data_dir = data_dir_of(args)
    require_profile(data_dir)
    user = user_name(args)
    opened = profile.open_profile(
        data_dir, user, password(_t("Password for {user}: ").format(user=user))
    )
    for notice in opened.notices:
        err(_t("Warning: {notice}").format(notice=notice))
    return opened


def date_arg(text: str | None) -> dt.date | None:
    from desktop.core.i18n import parse_date

    return parse_date(text) if text else None


def progress_printer() -> Callable[[Any], None]:
    last = [-1]

    def show(step: Any) -> None:
        if step.total:
            tenth = step.done * 10 // step.total
            if tenth != last[0]:
                last[0] = tenth
                err(f"{step.message} {tenth * 10}%")

    return show


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


class Parser(argparse.ArgumentParser):
    """argparse that tells a wrong option or value in two lines of the user's language."""

    def error(self, message: str) -> NoReturn:
        err(f"{self.prog}: {_usage_problem(message)}")
        err(_t("Type “{command} --help” to see what it takes.").format(command=self.prog))
        raise SystemExit(EXIT_USAGE)
