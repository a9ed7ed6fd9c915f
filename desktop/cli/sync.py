"""Headless sync commands: ``bundle export|import``, ``enrol`` and starting a laptop with
``init --setup-package``. Never imports Qt."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.cli import base
from desktop.cli.base import _t


def cmd_bundle(args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import exchange, summary

    opened = base.open_profile(args)
    try:
        if args.action == "receipt":
            return _receipt(opened, args)
        if args.action == "nodes":
            return _nodes(opened)
        if args.action == "revoke":
            from desktop.core.sync import receipts

            peer = _find_peer(receipts.receipt_peers(opened), args.for_node)
            receipts.revoke(opened, peer)
            print(_t("The laptop {node} is revoked: its bundles are refused from now on.").format(
                node=peer))  # fmt: skip
            return 0
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
                base.err(f"{name}: {exc.message}")
                continue
            if got.already_imported:
                print(_t("{file}: already imported, nothing to do.").format(file=name))
            else:
                print(summary.imported_line(name, got.new_revisions, got.conflicts))
                if got.missed:
                    print(
                        _t(
                            "{file}: an earlier bundle from the same office never came here; "
                            "nothing is lost, as every bundle carries what was not acknowledged."
                        ).format(file=name)
                    )
        return 1 if refused else 0
    finally:
        opened.close()


def _find_peer(peers: list[tuple[str, str]], wanted: str) -> str:
    """A downstream node by its id (or the first eight characters of it) or its office name."""
    from desktop.core.errors import KhienError
    from desktop.core.text import fold

    key = " ".join(wanted.split())
    found = [nid for nid, _name in peers if nid == key]
    if not found and len(key) >= 8:
        found = [nid for nid, _name in peers if nid.startswith(key)]
    if not found:
        found = [nid for nid, name in peers if fold(name) == fold(key)]
    if len(found) > 1:
        raise KhienError(_t("Several laptops match “{name}”: give the node id.").format(name=key))
    if not found:
        raise KhienError(
            _t("No laptop enrolled under this office is called “{name}”.").format(name=key)
        )
    return found[0]


def _receipt(opened: Any, args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import receipts

    if not args.out:
        raise KhienError(_t("Give the folder (the USB stick) with --out."))
    peer = _find_peer(receipts.receipt_peers(opened), args.for_node)
    result = receipts.export_receipt(opened, peer, Path(args.out))
    print(
        _t("Wrote the receipt {file} with {n} records.").format(
            file=result.path, n=sum(result.counts.values())
        )
    )
    return 0


def _nodes(opened: Any) -> int:
    from desktop.core.sync import authority
    from desktop.core.sync import node as sync_node

    rows = authority.node_rows(opened)
    labels = {sync_node.UPSTREAM: _t("upstream"), sync_node.DOWNSTREAM: _t("downstream")}
    for row in rows:
        state = [_t("revoked")] if row.revoked else []
        if row.flag:
            state.append(_t("flagged: {why}").format(why=authority.flag_text(row.flag)))
        print("\t".join(x for x in (row.node_id, labels[row.relation], row.name, *state) if x))
    if not rows:
        base.err(_t("No other office is enrolled with this one."))
    return 0


# -- conflicts ----------------------------------------------------------------------


def cmd_conflicts(args: argparse.Namespace) -> int:
    from desktop.core.sync import conflicts

    opened = base.open_profile(args)
    try:
        if args.action == "list":
            rows = conflicts.open_conflicts(opened)
            for c in rows:
                label = conflicts.record_label(opened, c.table, c.row_id) or c.row_id[:8]
                print("\t".join((c.id, c.table, label, c.field)))
            if not rows:
                base.err(_t("No conflicts: every edit has been merged."))
            return 0
        found = conflicts.find(opened, args.id)
        versions = conflicts.versions(opened, found)
        if args.action == "show":
            _show_conflict(found, versions)
            return 0
        return _resolve(opened, args, found, versions)
    finally:
        opened.close()


def _value(value: Any) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _show_conflict(found: Any, versions: list[Any]) -> None:
    """A conflict's versions; a person's identity the role may not see stays hidden."""
    from desktop.core.sync import conflicts

    hidden = conflicts.hidden_text()
    print(_t("Record: {table} {id}, field {field}").format(
        table=found.table, id=found.row_id, field=found.field))  # fmt: skip
    base = hidden if found.masked else _value(found.base)
    print(_t("Before the edits: {value}").format(value=base))
    for v in versions:
        who = v.origin_name or v.origin_node[:8]
        mine = _t(" (this office)") if v.mine else ""
        shown = _t(" — shown for now") if v.rev == found.winner else ""
        value = hidden if v.masked else _value(v.value)
        print(
            _t("Version {n} by {office}{mine}: {value}{shown}").format(
                n=v.number, office=who, mine=mine, value=value, shown=shown
            )
        )


def _resolve(opened: Any, args: argparse.Namespace, found: Any, versions: list[Any]) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import conflicts

    if (args.take is None) == (args.value is None):
        raise KhienError(_t("Give either --take mine|theirs|N or --value TEXT."))
    if args.value is not None:
        value = conflicts.typed_value(args.value, [v.value for v in versions])
        if value is None:
            raise KhienError(_t("This value does not fit the field."))
    else:
        take = args.take.strip().lower()
        if take.isdigit():
            chosen = [v for v in versions if v.number == int(take)]
        elif take in ("mine", "theirs"):
            chosen = [v for v in versions if v.mine == (take == "mine")]
        else:
            chosen = []
        if len(chosen) != 1:
            raise KhienError(
                _t("Choose one version: --take mine, --take theirs or its number (1–{n}).").format(
                    n=len(versions)
                )
            )
        value = chosen[0].value
    conflicts.resolve(opened, found.table, found.row_id, {found.field: value},
                      keep_others=args.keep_others)  # fmt: skip
    print(
        _t("Conflict resolved: {field} = {value}.").format(field=found.field, value=_value(value))
    )
    return 0


# -- audit --------------------------------------------------------------------------


def cmd_audit(args: argparse.Namespace) -> int:
    from desktop.core.sync import exchange

    opened = base.open_profile(args)
    try:
        chains = exchange.audit_chains(opened)
    finally:
        opened.close()
    for c in chains:
        who = c.office or c.node_id
        if c.broken_at is None:
            print(_t("{office}: {n} lines, the chain is intact.").format(office=who, n=c.lines))
        else:
            print(
                _t("{office}: the chain is BROKEN at line {seq} (of {n} held).").format(
                    office=who, seq=c.broken_at, n=c.lines
                )
            )
    return 1 if any(c.broken_at is not None for c in chains) else 0


# -- recording (a small path for scripts and tests) -----------------------------------


def cmd_record(args: argparse.Namespace) -> int:
    if args.what == "event":
        return _record_event(args)
    return _record_case(args)


def _record_event(args: argparse.Namespace) -> int:
    from desktop.core.outreach import events

    opened = base.open_profile(args)
    try:
        data = events.load_event(opened, args.id).data if args.id else events.EventInput()
        raw = events.as_raw(data)
        given = {
            "kind": args.kind, "title": args.title, "held_on": args.date,
            "commune_code": args.commune, "village": args.village, "venue": args.venue,
            "audience_total": args.audience,
        }  # fmt: skip
        raw.update({k: v for k, v in given.items() if v is not None})
        saved = events.save_event(opened, events.parse(raw), args.id)
    finally:
        opened.close()
    print(saved)
    return 0


def _record_case(args: argparse.Namespace) -> int:
    from desktop.core.cases import service

    opened = base.open_profile(args)
    try:
        received = base.date_arg(args.received)
        assert received is not None
        person = service.PersonInput(
            full_name=args.name, sex=args.sex, birth_year=args.born,
            home_commune_code=args.commune,
        )  # fmt: skip
        case = service.CaseInput(
            received_on=received, channel=args.channel, commune_code=args.commune
        )
        saved = service.create_case(opened, person, case)
    finally:
        opened.close()
    print(saved)
    return 0


def _secret(env: str, prompt: str) -> str | None:
    value = os.environ.get(env)
    if value:
        return value
    if base.has_terminal():
        return base.ask(prompt)
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
    if args.replace:
        data = _replacement(args, passphrase, first_password)
    else:
        data = _new_laptop(args, passphrase, first_password)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    print(_t("Setup package written to {file}.").format(file=out))
    if not os.environ.get("KHIEN_SETUP_PASSPHRASE"):
        print(_t("Passphrase (print it on the slip): {p}").format(p=passphrase))
    if not os.environ.get("KHIEN_FIRST_PASSWORD"):
        print(_t("First password of {user}: {p}").format(user=args.admin, p=first_password))
    return 0


def _replacement(args: argparse.Namespace, passphrase: str, first_password: str) -> bytes:
    """``enrol --replace OFFICE``: a new laptop for an office whose laptop is lost."""
    from desktop.core.sync import enrol

    opened = base.open_profile(args)
    try:
        office_id = _parent_office(opened, args.replace)
        data = enrol.make_replacement_package(
            opened, office_id, username=args.admin, full_name=args.full_name or "",
            password=first_password, passphrase=passphrase,
        )  # fmt: skip
    finally:
        opened.close()
    print(
        _t(
            "Every earlier laptop of “{office}” is revoked: its bundles are refused from now "
            "on, and it locks itself when a receipt reaches it."
        ).format(office=args.replace)
    )
    return data


def _new_laptop(args: argparse.Namespace, passphrase: str, first_password: str) -> bytes:
    from desktop.core.errors import KhienError
    from desktop.core.sync import enrol

    if args.level == "commune" and args.unit is None:
        raise KhienError(_t("Give the commune's code with --unit."))
    codes = _codes(args.area_codes)
    role = args.role or ("commune_officer" if args.level == "commune" else "district_officer")
    opened = base.open_profile(args)
    try:
        data = enrol.make_setup_package(
            opened,
            level=args.level,
            unit_code=args.unit,
            office_name=args.office_name or "",
            parent_office_id=_parent_office(opened, args.parent) if args.parent else None,
            username=args.admin,
            full_name=args.full_name or args.admin,
            role=role,
            password=first_password,
            passphrase=passphrase,
            area_codes=codes,
        )
    finally:
        opened.close()
    return data


def _codes(text: str | None) -> list[int]:
    from desktop.core.errors import KhienError

    parts = [p for p in (text or "").replace(",", " ").split() if p]
    if not all(p.isdigit() for p in parts):
        raise KhienError(_t("Give the commune codes as numbers separated by commas."))
    return [int(p) for p in parts]


def _parent_office(opened: Any, wanted: str) -> str:
    """An office by its id or its name (accents and case ignored)."""
    from desktop.core import profile
    from desktop.core.errors import KhienError
    from desktop.core.text import fold

    key = " ".join(wanted.split())
    rows = [(oid, name) for oid, name, _depth in profile.office_choices(opened)]
    found = [oid for oid, _name in rows if oid == key] or [
        oid for oid, name in rows if fold(name) == fold(key)
    ]
    if len(found) != 1:
        raise KhienError(_t("There is no single office called “{name}”.").format(name=key))
    return found[0]


def init_from_package(args: argparse.Namespace) -> int:
    from desktop.core.errors import KhienError
    from desktop.core.sync import enrol

    data_dir = base.data_dir_of(args)
    if not args.user:
        raise KhienError(_t("Give the first officer's user name with --user."))
    data = enrol.read_package(Path(args.setup_package))
    passphrase = _secret("KHIEN_SETUP_PASSPHRASE", _t("Setup passphrase: "))
    if not passphrase:
        raise KhienError(_t("Give the setup passphrase in KHIEN_SETUP_PASSPHRASE."))
    password = base.password(_t("Password for {user}: ").format(user=args.user))
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
    receipt = actions.add_parser(
        "receipt", help=_t("write the receipt bundle for one laptop enrolled under this office")
    )
    common(receipt)
    receipt.add_argument(
        "--for", dest="for_node", required=True,
        help=_t("the laptop: its office name or node id (see bundle nodes)"),
    )  # fmt: skip
    receipt.add_argument(
        "--out", required=True, help=_t("folder to write the receipt to (the USB stick)")
    )
    nodes = actions.add_parser(
        "nodes", help=_t("list the offices this one sends to and hears from")
    )
    common(nodes)
    revoke = actions.add_parser("revoke", help=_t("stop trusting a lost or stolen laptop"))
    common(revoke)
    revoke.add_argument(
        "--for", dest="for_node", required=True, help=_t("the laptop: its office name or node id")
    )
    for p in (export, imp, receipt, nodes, revoke):
        p.set_defaults(func=cmd_bundle)
    _conflict_parsers(sub, common)
    _record_parsers(sub, common)
    audit = sub.add_parser("audit", help=_t("verify every node's audit chain held here"))
    common(audit)
    audit.set_defaults(func=cmd_audit)
    enrol = sub.add_parser("enrol", help=_t("make a setup package for a new laptop"))
    common(enrol)
    options: list[tuple[tuple[str, ...], dict[str, Any]]] = [
        (("--unit",), {"type": int, "help": _t("commune code of the laptop's office (an area office: a former district's code, or none)")}),
        (("--admin",), {"required": True, "help": _t("user name of the laptop's first officer")}),
        (("--full-name",), {"help": _t("the officer's full name")}),
        (("--role",), {"help": _t("role of the first officer (default: commune or district officer)")}),
        (("--level",), {"default": "commune", "choices": ("commune", "area")}),
        (("--office-name",), {"help": _t("name of the laptop's office")}),
        (("--parent",), {"help": _t("the office it reports to: an area office's name or id (default: this office)")}),
        (("--area-codes",), {"help": _t("an area office: the codes of the communes it covers, separated by commas")}),
        (("--replace",), {"metavar": "OFFICE", "help": _t("a replacement laptop for this existing office (its name or id): every earlier laptop of the office is revoked")}),
        (("--out",), {"required": True, "help": _t("the setup package file to write")}),
    ]  # fmt: skip
    for flags, kwargs in options:
        enrol.add_argument(*flags, **kwargs)
    enrol.set_defaults(func=cmd_enrol)


def _conflict_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    top = sub.add_parser("conflicts", help=_t("list, show and resolve sync conflicts"))
    actions = top.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_t("the open conflicts, one a line"))
    show = actions.add_parser("show", help=_t("a conflict's versions side by side"))
    resolve = actions.add_parser("resolve", help=_t("choose the value of a conflicting field"))
    for p in (listing, show, resolve):
        common(p)
        p.set_defaults(func=cmd_conflicts)
    for p in (show, resolve):
        p.add_argument("id", help=_t("the conflict's id (or its first characters)"))
    resolve.add_argument(
        "--take", help=_t("mine (this office's version), theirs, or the version's number")
    )
    resolve.add_argument("--value", help=_t("type the right value instead"))
    resolve.add_argument(
        "--keep-others", action="store_true",
        help=_t("keep the values shown for the record's other conflicting fields"),
    )  # fmt: skip


def _record_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    top = sub.add_parser("record", help=_t("record an outreach event or a case (for scripts)"))
    what = top.add_subparsers(dest="what", metavar="WHAT", required=True)
    event = what.add_parser("event", help=_t("record an outreach event, or change one with --id"))
    common(event)
    event.add_argument("--id", help=_t("the event to change"))
    event.add_argument("--kind", help=_t("kind of activity (code), e.g. talk"))
    event.add_argument("--title")
    event.add_argument("--date", help=_t("day held (dd/mm/yyyy or YYYY-MM-DD)"))
    event.add_argument("--commune", type=int, help=_t("commune code"))
    event.add_argument("--village")
    event.add_argument("--venue")
    event.add_argument("--audience", type=int, help=_t("number of people reached"))
    case = what.add_parser("case", help=_t("receive a person and open a case"))
    common(case)
    case.add_argument("--name", required=True, help=_t("the person's full name"))
    case.add_argument("--sex", required=True, choices=("female", "male", "other"))
    case.add_argument("--born", type=int, help=_t("year of birth"))
    case.add_argument(
        "--received", required=True, help=_t("day received (dd/mm/yyyy or YYYY-MM-DD)")
    )
    case.add_argument(
        "--channel", default="handed_over_border", help=_t("how the case started (code)")
    )
    case.add_argument("--commune", type=int, help=_t("commune code"))
    for p in (event, case):
        p.set_defaults(func=cmd_record)
