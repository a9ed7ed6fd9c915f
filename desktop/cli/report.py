"""``khien report period|campaign|reception|case`` and ``khien export xlsx report``.

The report is printed in the language given with ``--lang`` (the command's messages too).
The document header (agency, number, signer…) is the one saved for the office and the kind
of report on the Reports page; ``--number``, ``--signer`` and ``--signer-title`` replace its
fields for this one run. ``--suppress N`` prints counts of persons under N as "<N".

The number comes from the office's series for the document's type and year, as on the
Reports page: without ``--number`` the command takes the number offered there (the one
this same document already holds, else the next of the series); a number held by another
document is refused — exit status non-zero, one sentence on stderr, no file written and
nothing taken — unless ``--reissue`` says to give it again deliberately.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import base
from desktop.cli.base import _t

if TYPE_CHECKING:
    from desktop.core.profile import OpenProfile
    from desktop.core.reports.service import ReportRequest

KINDS = ("period", "campaign", "reception", "case")
TABULAR = ("period", "campaign")


def _request(opened: OpenProfile, args: argparse.Namespace, kind: str) -> ReportRequest:
    from desktop.core.reports import numbers, service

    plan_id = case_id = None
    if kind == "campaign" and args.plan:
        plan_id = service.resolve_plan(opened, args.plan)
    if kind in ("reception", "case") and args.case:
        case_id = service.resolve_case(opened, args.case)
    header = service.load_header(opened, kind)
    changes = {
        name: " ".join(value.split())
        for name, value in (
            ("number", args.number),
            ("signer_name", args.signer),
            ("signer_title", args.signer_title),
        )  # fmt: skip
        if value is not None
    }
    header = dataclasses.replace(header, **changes)
    request = service.ReportRequest(
        kind=kind,
        date_from=base.date_arg(args.date_from),
        date_to=base.date_arg(args.date_to),
        plan_id=plan_id,
        case_id=case_id,
        language=getattr(args, "lang", "vi") or "vi",
        suppress_below=args.suppress,
        header=header,
        on=base.date_arg(args.on),
        reissue=bool(getattr(args, "reissue", False)),
    )
    # The number the Reports page would offer. A reception record's year is its reception's
    # when no --on is given: ``case_docs`` numbers it (held, else the next of that year).
    if args.number is None and kind != "reception":
        header.number = numbers.offer(opened, kind, service.document_year(request),
                                      header.number, header.agency,
                                      service.document_ref(request))  # fmt: skip
    return request


def _check_out(out: Path, suffix: str) -> None:
    from desktop.core.errors import ValidationError

    if out.suffix.lower() != suffix:
        raise ValidationError(_t("The output file must end in {suffix}.").format(suffix=suffix))


def _write(args: argparse.Namespace, kind: str, out: Path, excel: bool) -> int:
    from desktop.core.progress import run_job
    from desktop.core.reports import service

    opened = base.open_profile(args)
    try:
        request = _request(opened, args, kind)
        builder: Callable[..., Any] = service.build_xlsx if excel else service.build_pdf
        written = run_job(builder(opened, request, out), base.progress_printer())
    finally:
        opened.close()
    print(_t("The report was written to {file}.").format(file=written))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out(out, ".pdf")
    return _write(args, args.kind, out, excel=False)


def export_report(args: argparse.Namespace) -> int:
    """``khien export xlsx report --kind period|campaign …`` (called by ``cmd_export``)."""
    from desktop.core.errors import ValidationError

    kind = args.kind or "period"
    if kind not in TABULAR:
        raise ValidationError(_t("Only the periodic and campaign reports have tables to export."))
    out = Path(args.out)
    _check_out(out, ".xlsx")
    return _write(args, kind, out, excel=True)


def report_options() -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """The options ``report`` and ``export xlsx report`` share."""
    return [
        (("--from",), {"dest": "date_from", "help": _t("first day (dd/mm/yyyy or YYYY-MM-DD)")}),
        (("--to",), {"dest": "date_to", "help": _t("last day, included")}),
        (("--plan",), {"help": _t("campaign report: the plan's number (78/KH-BCĐ) or id")}),
        (("--case",), {"help": _t("reception record or case summary: the case code")}),
        (("--suppress",), {"type": int, "default": 0, "metavar": "N",
                           "help": _t("print counts of persons under N as <N (0: none)")}),
        (("--on",), {"help": _t("date of the document (default: today)")}),
        (("--number",), {"help": _t("the document's number and symbol, e.g. 05/BC-BCĐ "
                                    "(default: the next number of the series)")}),
        (("--reissue",), {"action": "store_true",
                          "help": _t("give the number even though another document holds "
                                     "it (re-issue it)")}),
        (("--signer",), {"help": _t("full name of the person who signs")}),
        (("--signer-title",), {"help": _t("title of the person who signs")}),
    ]  # fmt: skip


def add_parsers(sub: Any, common: Callable[..., None]) -> None:
    """Add ``report KIND`` to the top parser's subcommands."""
    report = sub.add_parser(
        "report",
        help=_t("write a report as PDF: period, campaign, reception or case"),
        description=_t("write a report as PDF: period, campaign, reception or case"),
    )
    common(report)
    report.add_argument("kind", choices=KINDS)
    for flags, kwargs in report_options():
        report.add_argument(*flags, **kwargs)
    report.add_argument("--out", required=True, help=_t("the PDF file to write"))
    report.set_defaults(func=cmd_report)
