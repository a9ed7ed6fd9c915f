"""The general ``khien`` commands: init, demo, search, stats, export, backup, restore,
selftest and recover, with their options (``specs``). Core modules are imported inside the
commands, so ``khien --version`` stays instant."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli import base, report, sync
from desktop.cli.base import _t


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.core import profile
    from desktop.core.errors import KhienError, ValidationError

    if args.setup_package:
        return sync.init_from_package(args)
    if args.level != "province":
        raise KhienError(
            _t(
                "Only a province starts with init --level province; a laptop starts with init --setup-package."
            )
        )
    data_dir = base.data_dir_of(args)
    if profile.exists(data_dir):
        raise KhienError(_t("This folder already holds a Khiên profile."))
    if args.unit is None or args.admin is None:
        raise ValidationError(
            _t("Give the province code with --unit and the administrator with --admin.")
        )
    recovery_out = Path(args.recovery_out) if args.recovery_out else None
    if recovery_out is not None and recovery_out.exists():
        raise KhienError(_t("The recovery file already exists; choose a new file name."))
    password = base.password(_t("Password for {user}: ").format(user=args.admin), confirm=True)
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
            base.err(
                _t(
                    "The recovery identity was written to {file}: keep it offline, away from this laptop."
                ).format(file=recovery_out)
            )
        else:
            base.err(
                _t(
                    "WARNING: this recovery identity is shown once. Keep it offline; it opens every profile of the province."
                )
            )
            base.err(identity)
    print(_t("Profile created in {folder}.").format(folder=data_dir))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.core import demo, profile
    from desktop.core.errors import KhienError, PermissionDenied
    from desktop.core.progress import run_job
    from desktop.core.security.roles import can_administer

    data_dir = base.data_dir_of(args)
    if args.events < 0 or args.cases < 0:
        raise KhienError(_t("The numbers of events and cases cannot be negative."))
    show = base.progress_printer()
    if profile.exists(data_dir):
        opened = base.open_profile(args)
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

    opened = base.open_profile(args)
    try:
        hits = search.search(opened, " ".join(args.text), limit=args.limit)
    finally:
        opened.close()
    for hit in hits:
        print("\t".join((format_date(hit.date), hit.kind, hit.title, hit.place)))
    if not hits:
        base.err(_t("Nothing found."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``khien export xlsx events``: the events of a period (all by default) as .xlsx;
    ``khien export xlsx report --kind period|campaign``: a report's tables."""
    from desktop.core.errors import ValidationError

    if args.what == "report":
        return report.export_report(args)
    from desktop.core.outreach import excel, query
    from desktop.core.progress import run_job

    date_from, date_to = base.date_arg(args.date_from), base.date_arg(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_t("The start date comes after the end date."))
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise ValidationError(_t("The output file must end in .xlsx."))
    opened = base.open_profile(args)
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

    date_from, date_to = base.date_arg(args.date_from), base.date_arg(args.date_to)
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_t("The start date comes after the end date."))
    opened = base.open_profile(args)
    try:
        with opened.db.session(read=True) as s:
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

    opened = base.open_profile(args)
    try:
        out = backup.make_backup(opened, Path(args.out))
    finally:
        opened.close()
    print(_t("Backup written to {file}.").format(file=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.core import backup

    data_dir = base.data_dir_of(args)
    user = base.user_name(args)
    password = base.password(_t("Password for {user}: ").format(user=user))
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

    data_dir = base.data_dir_of(args)
    base.require_profile(data_dir)
    try:
        identity = Path(args.identity).read_text(encoding="utf-8")
    except OSError:
        raise KhienError(_t("The recovery identity file could not be read.")) from None
    password = base.password(_t("New password for {user}: ").format(user=args.user), confirm=True)
    profile.recover_access(data_dir, identity, args.user, password)
    print(_t("The password of {user} was changed.").format(user=args.user))
    return 0


Spec = tuple[
    str,
    str,
    Callable[[argparse.Namespace], int],
    bool,
    list[tuple[tuple[str, ...], dict[str, Any]]],
]


def specs() -> list[Spec]:
    """Each command's name, help, function, whether it takes --user, and its options."""
    return [
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
        ("search", _t("find outreach events, plans and cases"), cmd_search, True, [
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
            *report.report_options(),
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
