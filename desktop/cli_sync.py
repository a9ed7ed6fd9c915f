"""Headless sync commands: ``bundle export|import``, ``enrol`` and starting a laptop with
``init --setup-package``. Never imports Qt."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli import _data_dir, _err, _open, _password, _t


def cmd_bundle(args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import exchange

    opened = _open(args)
    try:
        if args.action == "export":
            if not args.out:
                raise KhienError(_t("Give the folder (the USB stick) with --out."))
            result = exchange.export_bundle(opened, Path(args.out))
            total = sum(result.counts.values())
            print(_t("Wrote {file} with {n} changes.").format(file=result.path, n=total))
            return 0
        refused = 0
        for name in args.files:
            try:
                got = exchange.import_bundle(opened, Path(name))
            except KhienError as exc:
                refused += 1
                _err(f"{name}: {exc.message}")
                continue
            if got.already_imported:
                print(_t("{file}: already imported, nothing to do.").format(file=name))
            else:
                print(
                    _t("{file}: {n} new revisions, {c} conflicts.").format(
                        file=name, n=got.new_revisions, c=got.conflicts
                    )
                )
        return 1 if refused else 0
    finally:
        opened.close()


def _secret(env: str, prompt: str) -> str | None:
    value = os.environ.get(env)
    if value:
        return value
    if os.isatty(0):
        return getpass.getpass(prompt)
    return None


def cmd_enrol(args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.security.accounts import check_password_strength
    from desktop.core.sync import enrol

    out = Path(args.out)
    if out.exists():
        raise KhienError(_t("The output file already exists; choose a new file name."))
    passphrase = os.environ.get("KHIEN_SETUP_PASSPHRASE") or enrol.new_passphrase()
    first_password = os.environ.get("KHIEN_FIRST_PASSWORD") or enrol.new_passphrase()[:14]
    check_password_strength(first_password)
    opened = _open(args)
    try:
        data = enrol.make_setup_package(
            opened,
            level=args.level,
            unit_code=args.unit,
            office_name=args.office_name or "",
            parent_office_id=None,
            username=args.admin,
            full_name=args.full_name or args.admin,
            role=args.role,
            password=first_password,
            passphrase=passphrase,
        )
    finally:
        opened.close()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    print(_t("Setup package written to {file}.").format(file=out))
    if not os.environ.get("KHIEN_SETUP_PASSPHRASE"):
        print(_t("Passphrase (print it on the slip): {p}").format(p=passphrase))
    if not os.environ.get("KHIEN_FIRST_PASSWORD"):
        print(_t("First password of {user}: {p}").format(user=args.admin, p=first_password))
    return 0


def init_from_package(args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import enrol

    data_dir = _data_dir(args)
    if not args.user:
        raise KhienError(_t("Give the first officer's user name with --user."))
    try:
        data = Path(args.setup_package).read_bytes()
    except OSError as exc:
        raise KhienError(_t("The setup package could not be read.")) from exc
    passphrase = _secret("KHIEN_SETUP_PASSPHRASE", _t("Setup passphrase: "))
    if not passphrase:
        raise KhienError(_t("Give the setup passphrase in KHIEN_SETUP_PASSPHRASE."))
    password = _password(_t("Password for {user}: ").format(user=args.user))
    opened = enrol.start_from_package(data_dir, data, passphrase, args.user, password)
    print(
        _t("Profile created in {folder} for {office}.").format(
            folder=data_dir, office=opened.node.office_name
        )
    )
    opened.close()
    return 0


def add_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add ``bundle export|import`` and ``enrol`` to the top parser's subcommands;
    *common* adds the options every profile command takes (--data-dir, --user…)."""
    bundle = sub.add_parser(
        "bundle", help=_t("export a sync bundle to a folder, or import bundles")
    )
    actions = bundle.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help=_t("write one bundle to a folder (the USB stick)"))
    common(export)
    export.add_argument(
        "--out", required=True, help=_t("folder to write the bundle to (the USB stick)")
    )
    imp = actions.add_parser("import", help=_t("apply bundle files, each reported on one line"))
    common(imp)
    imp.add_argument("files", nargs="+", help=_t("bundle files to import"))
    for p in (export, imp):
        p.set_defaults(func=cmd_bundle)
    enrol = sub.add_parser("enrol", help=_t("make a setup package for a new laptop"))
    common(enrol)
    options: list[tuple[tuple[str, ...], dict[str, Any]]] = [
        (("--unit",), {"type": int, "required": True, "help": _t("commune code of the laptop's office")}),
        (("--admin",), {"required": True, "help": _t("user name of the laptop's first officer")}),
        (("--full-name",), {"help": _t("the officer's full name")}),
        (("--role",), {"default": "commune_officer", "help": _t("role of the first officer")}),
        (("--level",), {"default": "commune", "choices": ("commune", "area")}),
        (("--office-name",), {"help": _t("name of the laptop's office")}),
        (("--out",), {"required": True, "help": _t("the setup package file to write")}),
    ]  # fmt: skip
    for flags, kwargs in options:
        enrol.add_argument(*flags, **kwargs)
    enrol.set_defaults(func=cmd_enrol)
