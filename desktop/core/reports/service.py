"""What the Reports page and ``khien report`` call: check a request, build its content, write
its PDF or Excel file.

A request names the kind of report, what it covers (a period, a plan, a case), the
language it is printed in and the header of the document (agency, number, signer), which is
remembered per office and per kind. ``check`` refuses a bad request with one sentence
before any work; ``build_pdf`` and ``build_xlsx`` are jobs (generators yielding
``Progress``) that write the file beside its destination and rename it only when complete,
so a cancelled or failed run leaves no file behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.core import i18n
from desktop.core.db.models_cases import Handover, ReceptionCase
from desktop.core.db.models_outreach import CampaignPlan, PlanTask
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import LANGUAGES, N_, _, language_override
from desktop.core.profile import OpenProfile
from desktop.core.progress import Job, Progress
from desktop.core.reports import numbers
from desktop.core.reports.content import ReportContent
from desktop.core.reports.header import SIGNER_FIELDS as SIGNER_FIELDS
from desktop.core.reports.header import ReportHeader as ReportHeader
from desktop.core.reports.header import clean
from desktop.core.reports.header import default_header as default_header
from desktop.core.reports.header import load_header as load_header
from desktop.core.reports.header import save_header as save_header
from desktop.core.reports.kinds import HEADER_KINDS as HEADER_KINDS
from desktop.core.reports.kinds import KINDS as KINDS
from desktop.core.reports.kinds import MAX_SUPPRESSION as MAX_SUPPRESSION
from desktop.core.reports.kinds import TABULAR as TABULAR
from desktop.core.reports.kinds import check_kind
from desktop.core.security.roles import can_see_identity


@dataclass
class ReportRequest:
    kind: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    plan_id: str | None = None
    case_id: str | None = None
    language: str = "vi"
    suppress_below: int = 0  # 0 = no suppression
    header: ReportHeader | None = None  # None → load_header
    on: dt.date | None = None  # document date; None → today
    # Give the header's number even though another document holds it (the user chose to
    # re-issue it); otherwise such a number is refused (``numbers``).
    reissue: bool = False


def document_ref(request: ReportRequest) -> str:
    """What the series records as holding a number: the same document written again (the
    same period, plan or case) keeps its number."""
    if request.kind == "period":
        return f"period:{request.date_from}:{request.date_to}"
    if request.kind == "campaign":
        return f"campaign:{request.plan_id}"
    return f"{request.kind}:{request.case_id}"


def document_year(request: ReportRequest) -> int:
    return (request.on or dt.date.today()).year


@dataclass(frozen=True)
class NumberedDocument:
    """A row of the register of numbers given: the number and what holds it."""

    given: numbers.Given
    kind_name: str  # translated ("Periodic report")
    about: str  # the period, the plan's number and title, the case code


def _about(opened: OpenProfile, ref: str) -> str:
    kind, _colon, rest = ref.partition(":")
    if kind == "period":
        start, _colon, end = rest.partition(":")
        try:
            first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        except ValueError:
            return rest
        return f"{i18n.format_date(first)} – {i18n.format_date(last)}"
    with opened.db.session(read=True) as s:
        if kind == "campaign":
            plan = s.get(CampaignPlan, rest)
            return f"{plan.number} — {plan.title}" if plan is not None else rest
        case_id = rest
        if kind == "handover":
            handover = s.get(Handover, rest)
            case_id = handover.case_id if handover is not None else ""
        found = s.get(ReceptionCase, case_id) if case_id else None
        return found.case_code if found is not None else rest


def numbered_documents(opened: OpenProfile, year: int) -> list[NumberedDocument]:
    """The documents the office gave numbers to in *year* (``numbers.register``), each with
    its kind and what it is about, in the user's language."""
    out = []
    for g in numbers.register(opened, year):
        name = numbers.KIND_NAMES.get(g.kind)
        out.append(NumberedDocument(g, _(name) if name else g.kind, _about(opened, g.ref)))
    return out


def summary_number(opened: OpenProfile, case_id: str,
                   on: dt.date | None = None) -> tuple[str, bool]:  # fmt: skip
    """The number the case's summary prints when printed from the case on *on* (today):
    ``(number, True)`` when it already holds one that year (a re-print keeps it), else
    ``(the next number of the reports' series, False)`` — offered, nothing taken."""
    year = (on or dt.date.today()).year
    ref = f"case:{case_id}"
    agency = load_header(opened, "case").agency
    held = numbers.number_of(opened, "case", year, ref) is not None
    return numbers.offer(opened, "case", year, "", agency, ref), held


def mark_sent(opened: OpenProfile, doc: numbers.Given, sent_on: dt.date,
              sent_to: str = "") -> numbers.Given:  # fmt: skip
    """Mark a numbered document as sent (``numbers.mark_sent``) and audit it."""
    marked = numbers.mark_sent(opened, doc.symbol, doc.year, doc.number, sent_on, sent_to)
    opened.audit("report.sent", "report", doc.kind,
                 {"number": marked.shown_number(), "sent_on": sent_on.isoformat()})  # fmt: skip
    return marked


# -- periods --------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_presets(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The periods an officer reports on most, relative to *today* (labels translated)."""
    y, m = today.year, today.month
    last_y, last_m = (y, m - 1) if m > 1 else (y - 1, 12)
    q = (m - 1) // 3
    lq_y, lq = (y, q - 1) if q else (y - 1, 3)
    return [
        (_("This month"), dt.date(y, m, 1), _month_end(y, m)),
        (_("Last month"), dt.date(last_y, last_m, 1), _month_end(last_y, last_m)),
        (_("This quarter"), dt.date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3)),
        (_("Last quarter"), dt.date(lq_y, 3 * lq + 1, 1), _month_end(lq_y, 3 * lq + 3)),
        (_("First six months of {year}").format(year=y), dt.date(y, 1, 1), dt.date(y, 6, 30)),
        (_("Second six months of {year}").format(year=y), dt.date(y, 7, 1), dt.date(y, 12, 31)),
        (_("This year"), dt.date(y, 1, 1), dt.date(y, 12, 31)),
        (_("Last year"), dt.date(y - 1, 1, 1), dt.date(y - 1, 12, 31)),
    ]


# -- checks ---------------------------------------------------------------------------


def _campaign_module() -> Any:
    try:
        from desktop.core.reports import campaign
    except ImportError:  # written beside this module; absent in an older tree
        return None
    return campaign


def _check_plan(opened: OpenProfile, plan_id: str | None) -> None:
    if not plan_id:
        raise ValidationError(_("Choose the plan the report is about."), "plan")
    module = _campaign_module()
    if module is not None and hasattr(module, "check"):
        module.check(opened, plan_id)
        return
    with opened.db.session(read=True) as s:
        plan = s.get(CampaignPlan, plan_id)
        if plan is None or plan.deleted:
            raise ValidationError(_("The chosen plan does not exist (any more)."), "plan")
        task = s.execute(
            select(PlanTask.id).where(PlanTask.plan_id == plan_id, PlanTask.deleted.is_(False))
        ).first()
        if task is None:
            raise ValidationError(
                _("The plan has no tasks yet: add its tasks before reporting on it."), "plan"
            )


def _check_case(opened: OpenProfile, case_id: str | None) -> None:
    if not case_id:
        raise ValidationError(_("Choose the case the document is about."), "case")
    if not can_see_identity(opened.user.role):
        raise PermissionDenied(_("Your role may not print documents that name a person."))
    with opened.db.session(read=True) as s:
        found = s.get(ReceptionCase, case_id)
        if found is None or found.deleted:
            raise ValidationError(_("The chosen case does not exist (any more)."), "case")


def check(opened: OpenProfile, request: ReportRequest) -> None:
    """Refuse a request that cannot give a proper report, with one sentence, before any
    work is done."""
    check_kind(request.kind)
    if request.language not in LANGUAGES:
        raise ValidationError(_("Reports are printed in Vietnamese or English."), "language")
    if request.date_from and request.date_to and request.date_to < request.date_from:
        raise ValidationError(_("The period ends before it starts."), "date_to")
    if request.suppress_below < 0:
        raise ValidationError(_("The threshold for small counts cannot be negative."), "suppress")
    if request.suppress_below > MAX_SUPPRESSION:
        raise ValidationError(
            _("The threshold for small counts is at most {n}.").format(n=MAX_SUPPRESSION),
            "suppress",
        )
    if request.kind == "period":
        if request.date_from is None or request.date_to is None:
            raise ValidationError(_("Choose the first and last day of the period."), "date_from")
    elif request.kind == "campaign":
        _check_plan(opened, request.plan_id)
    else:
        _check_case(opened, request.case_id)
    header = _header(opened, request)
    if not header.agency.strip():
        raise ValidationError(_("Enter the name of the issuing agency in the header."), "agency")
    if not header.signer_name.strip():
        raise ValidationError(
            _("Enter the name of the person who signs the report in the header."), "signer_name"
        )
    if not header.signer_title.strip():
        raise ValidationError(_("Enter the title of the person who signs the report."),
                              "signer_title")  # fmt: skip
    number = numbers.leading(header.number)
    if number is not None:
        numbers.check(opened, request.kind, document_year(request), number,
                      document_ref(request), request.reissue)  # fmt: skip


def resolve_plan(opened: OpenProfile, text: str) -> str:
    """A plan's id from its id or its number ("78/KH-BCĐ")."""
    wanted = " ".join(text.split())
    with opened.db.session(read=True) as s:
        plan = s.get(CampaignPlan, wanted)
        if plan is not None and not plan.deleted:
            return plan.id
        found = list(
            s.execute(
                select(CampaignPlan.id).where(
                    CampaignPlan.number == wanted, CampaignPlan.deleted.is_(False)
                )
            ).scalars()
        )
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(
            _("Several plans have the number {number}: give the plan's id.").format(number=wanted)
        )
    raise ValidationError(_("No plan has the number {number}.").format(number=wanted), "plan")


def resolve_case(opened: OpenProfile, text: str) -> str:
    """A case's id from its code ("LS-06040-2026-00001", "LS-2025-00001") or its id."""
    wanted = text.strip()
    with opened.db.session(read=True) as s:
        found = s.execute(  # a code is not a database constraint: the oldest if two
            select(ReceptionCase.id)
            .where(ReceptionCase.case_code == wanted.upper(), ReceptionCase.deleted.is_(False))
            .order_by(ReceptionCase.id)
        ).scalar()
        if found is None:
            row = s.get(ReceptionCase, wanted)
            found = row.id if row is not None and not row.deleted else None
    if found is None:
        raise ValidationError(_("No case has the code {code}.").format(code=wanted), "case")
    return found


# -- building -------------------------------------------------------------------------


def _header(opened: OpenProfile, request: ReportRequest) -> ReportHeader:
    if request.header is not None:
        return clean(request.header)
    with language_override(request.language):  # defaults in the report's language
        return load_header(opened, request.kind)


def _content(opened: OpenProfile, request: ReportRequest) -> ReportContent:
    if request.kind == "period":
        from desktop.core.reports import period

        assert request.date_from is not None and request.date_to is not None
        return period.build(opened, request.date_from, request.date_to)
    if request.kind == "campaign":
        module = _campaign_module()
        if module is None:
            raise KhienError(_("The campaign report is not available in this version."))
        assert request.plan_id is not None
        content: ReportContent = module.build(opened, request.plan_id)
        return content
    raise ValidationError(_("A reception record or case summary has no tables to export."), "kind")


def build_content(opened: OpenProfile, request: ReportRequest) -> ReportContent:
    """The tables, charts and text of a periodic or campaign report, in its language."""
    check(opened, request)
    with language_override(request.language):
        return _content(opened, request)


def _check_destination(out: Path) -> None:
    folder = out.parent
    if not folder.is_dir():
        raise KhienError(
            _("The folder {folder} does not exist: choose another place for the file.").format(
                folder=folder
            )
        )
    if out.is_dir():
        raise KhienError(_("{name} is a folder: give a file name.").format(name=out.name))


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    """Yield the temporary path to write; rename it onto *out* only if the block completes.
    On an error, a cancellation (GeneratorExit) or anything else, the temporary file goes."""
    tmp = out.with_name(out.name + ".part")
    done = False
    try:
        yield tmp
        done = True
    except OSError as exc:
        raise KhienError(
            _("The file {name} could not be written: {reason}").format(
                name=out.name, reason=exc.strerror or exc
            )
        ) from exc
    finally:
        if not done:
            tmp.unlink(missing_ok=True)


def _finish(tmp: Path, out: Path) -> Path:
    try:
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KhienError(
            _("The file {name} could not be written: {reason}").format(
                name=out.name, reason=exc.strerror or exc
            )
        ) from exc
    return out


def _said(request: ReportRequest, message: str) -> str:
    """A progress message in the report's language (the override is never held across a
    yield, so the job may resume on any thread)."""
    with language_override(request.language):
        return _(message)


def build_pdf(opened: OpenProfile, request: ReportRequest, out: Path) -> Job[Path]:
    """The report as a PDF at *out*. The request is checked at once (a refusal is raised
    by this call, before the job starts)."""
    check(opened, request)
    _check_destination(out)
    return _pdf_job(opened, request, _header(opened, request), out)


def _pdf_job(
    opened: OpenProfile, request: ReportRequest, header: ReportHeader, out: Path
) -> Job[Path]:
    from desktop.core.reports import case_docs, render

    steps = 3
    yield Progress(0, steps, _said(request, N_("Gathering the figures")))
    with _atomic(out) as tmp:
        if request.kind in TABULAR:
            with language_override(request.language):
                content = _content(opened, request)
            yield Progress(1, steps, _said(request, N_("Laying out the pages")))
            with language_override(request.language):
                render.write_pdf(content, header, request.on or dt.date.today(), tmp,
                                 request.suppress_below)  # fmt: skip
            number = numbers.leading(header.number)
            if number is not None:  # written: the number is now given
                numbers.take(opened, request.kind, document_year(request), number,
                             document_ref(request), request.reissue, header.number,
                             request.on or dt.date.today())  # fmt: skip
        else:
            assert request.case_id is not None
            yield Progress(1, steps, _said(request, N_("Laying out the pages")))
            with language_override(request.language):
                if request.kind == "reception":  # numbered (and the number taken) there
                    case_docs.reception_record(opened, request.case_id, tmp, on=request.on,
                                               header=header, reissue=request.reissue)  # fmt: skip
                else:
                    case_docs.case_summary(opened, request.case_id, tmp, on=request.on,
                                           header=header, reissue=request.reissue)  # fmt: skip
        message = _said(request, N_("Saving the file"))
        yield Progress(2, steps, message)
        result = _finish(tmp, out)
    yield Progress(steps, steps, message)
    return result


def build_xlsx(opened: OpenProfile, request: ReportRequest, out: Path) -> Job[Path]:
    """The tables of a periodic or campaign report as an Excel workbook at *out*."""
    if request.kind in KINDS and request.kind not in TABULAR:
        raise ValidationError(
            _("A reception record or case summary has no tables to export."), "kind"
        )
    check(opened, request)
    _check_destination(out)
    return _xlsx_job(opened, request, _header(opened, request), out)


def _xlsx_job(
    opened: OpenProfile, request: ReportRequest, header: ReportHeader, out: Path
) -> Job[Path]:
    from desktop.core.reports import xlsx

    steps = 3
    yield Progress(0, steps, _said(request, N_("Gathering the figures")))
    with _atomic(out) as tmp:
        with language_override(request.language):
            content = _content(opened, request)
        yield Progress(1, steps, _said(request, N_("Writing the workbook")))
        with language_override(request.language):
            xlsx.write(content, header, request.on or dt.date.today(), tmp,
                       request.suppress_below)  # fmt: skip
        message = _said(request, N_("Saving the file"))
        yield Progress(2, steps, message)
        result = _finish(tmp, out)
    yield Progress(steps, steps, message)
    return result
