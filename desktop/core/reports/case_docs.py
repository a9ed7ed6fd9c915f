"""The two documents of a reception case: the reception record (biên bản tiếp nhận) and
the case summary, which is confidential on every page. Both name the person, so only roles
that may see identity print them, and every print is an audit event (``case.print``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from desktop.core import i18n, places, refdata
from desktop.core.cases import rules, views
from desktop.core.errors import PermissionDenied
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.reports.document import BODY, PLAIN, Document, render
from desktop.core.security import audit
from desktop.core.security.roles import can_see_identity

if TYPE_CHECKING:
    from desktop.core.reports.service import ReportHeader


def _p(label: str, value: object) -> Paragraph:
    return Paragraph(f"{escape(label)}: {escape(str(value or '…'))}", PLAIN)


def _person_lines(d: views.CaseDetail, commune: str) -> list[Flowable]:
    ident = d.identity
    assert ident is not None
    born = i18n.format_date(ident.birth_date) if ident.birth_date else (ident.birth_year or "")
    lines = [
        _p(_("Full name"), ident.full_name),
        _p(_("Sex"), _(rules.SEXES.get(d.sex, d.sex))),
        _p(_("Date or year of birth"), born),
        _p(_("Identity or passport number"), ident.id_number),
        _p(_("Home address"), ident.address or commune),
    ]
    if d.is_child:
        lines.append(Paragraph(f"<b>{escape(_('Child: under 18 at reception'))}</b>", PLAIN))
        lines.append(_p(_("Guardian"), ident.guardian_name))
        lines.append(_p(_("Guardian's contact"), ident.guardian_contact))
    return lines


def _common(profile: OpenProfile, case_id: str, kind: str) -> tuple[views.CaseDetail, str]:
    if not can_see_identity(profile.user.role):
        raise PermissionDenied(_("Your role may not print documents that name a person."))
    with profile.db.session() as s:
        d = views.load(s, case_id, True)
        commune = places.unit_name(s, d.identity.home_commune_code if d.identity else None)
        audit.record(s, profile.node.node_id, profile.user.username, "case.print", "case",
                     case_id, {"document": kind, "code": d.code})  # fmt: skip
    return d, commune


def _gate_name(profile: OpenProfile, code: str) -> str:
    """A border gate's name from the reference list (a printed document never shows codes)."""
    with profile.db.session() as s:
        for item in refdata.items(s, "border_gate", include_inactive=True):
            if item.code == code:
                return refdata.display_name(item, i18n.language())
    return code


def _document(
    profile: OpenProfile, header: ReportHeader | None, kind: str, number: str, on: dt.date,
    title: str, body: list[Flowable], confidential: str = "",
) -> Document:  # fmt: skip
    """The document with the office's header fields (the defaults when none are given); an
    empty number means the case's own (``LS-2025-00001/BB-TN``)."""
    if header is None:
        from desktop.core.reports.service import load_header

        header = load_header(profile, kind)
    return Document(
        header.superior_agency, header.agency,
        _("No.: {number}").format(number=header.number or number), header.place, on, title,
        body, signer_authority=header.signer_authority, signer_title=header.signer_title,
        signer_name=header.signer_name, recipients=list(header.recipients),
        confidential=confidential, keep_last=2,  # the signature never alone on a page
    )  # fmt: skip


def reception_record(profile: OpenProfile, case_id: str, out: Path,
                     on: dt.date | None = None,
                     header: ReportHeader | None = None) -> Path:  # fmt: skip
    """The record of receiving the person (audited as ``case.print``); *header* gives the
    agency, number and signer (default: the office's saved header for receptions)."""
    d, commune = _common(profile, case_id, "reception_record")
    gate = f" ({_gate_name(profile, d.border_gate)})" if d.border_gate else ""
    body: list[Flowable] = [
        Paragraph(escape(_("Today, {date}, we received the person named below.").format(
            date=i18n.format_date(d.received_on))), BODY),  # fmt: skip
        *_person_lines(d, commune),
        _p(_("How the case started"), _(rules.CHANNELS.get(d.channel, d.channel)) + gate),
        _p(_("Legal regime"), _(rules.REGIMES[d.legal_regime])),
        _p(_("Initial verification due by"), i18n.format_date(
            rules.due_date(d.legal_regime, rules.RECEIVED, d.received_on, d.received_on))),
        Paragraph(escape(_("The record is made in two copies of equal value.")), BODY),
    ]  # fmt: skip
    doc = _document(profile, header, "reception", f"{d.code}/BB-TN", on or d.received_on,
                    _("Reception record"), body)  # fmt: skip
    return render(doc, out)


def case_summary(profile: OpenProfile, case_id: str, out: Path, on: dt.date | None = None,
                 header: ReportHeader | None = None) -> Path:  # fmt: skip
    """A summary of the case's path, support and follow-up; confidential on every page."""
    d, commune = _common(profile, case_id, "case_summary")
    body: list[Flowable] = [*_person_lines(d, commune)]
    body.append(_p(_("Case code"), d.code))
    body.append(_p(_("Status"), _(rules.STATUSES[d.status])))
    body.append(_p(_("Legal regime"), _(rules.REGIMES[d.legal_regime])))
    steps = _("Steps")
    body.append(Paragraph(f"<b>{escape(steps)}</b>", PLAIN))
    body.append(_p(i18n.format_date(d.received_on), _("received")))
    for st in d.steps:
        text = _(rules.STATUSES[st.to_status]) + (f" — {st.reason}" if st.reason else "")
        body.append(_p(i18n.format_date(st.on), text))
    body.append(Paragraph(f"<b>{escape(_('Support given'))}</b>", PLAIN))
    for e in d.support:
        body.append(_p(i18n.format_date(e.given_on), f"{rules.support_label(e.support_type)}, "
                       f"{i18n.format_money(e.amount)}, {e.provider}"))  # fmt: skip
    body.append(_p(_("Total"), i18n.format_money(d.support_total)))
    for stay in d.stays:
        end = i18n.format_date(stay.discharged_on) if stay.discharged_on else "…"
        body.append(
            _p(_("Shelter"), f"{stay.facility}, {i18n.format_date(stay.admitted_on)} – {end}")
        )
    for r in d.referrals:
        body.append(_p(_("Referral"), f"{r.to_agency}, {i18n.format_date(r.referred_on)}"))
    for f in d.follow_ups:
        body.append(_p(_("Follow-up"), f"{i18n.format_date(f.visited_on)}: {f.finding}"))
    doc = _document(profile, header, "case", f"{d.code}/TT-VV", on or dt.date.today(),
                    _("Case summary"), body, confidential=_("CONFIDENTIAL"))  # fmt: skip
    return render(doc, out)
