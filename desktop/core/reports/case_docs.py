"""The two documents of a reception case: the reception record (biên bản tiếp nhận) and
the case summary, which is confidential on every page. Both name the person, so only roles
that may see identity print them, and every print is an audit event (``case.print``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
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


def _p(label: str, value: object) -> Paragraph:
    return Paragraph(f"{escape(label)}: {escape(str(value or '…'))}", PLAIN)


def _place(profile: OpenProfile) -> tuple[str, str]:
    name = places.province_name(profile.node.province_code)
    short = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return _("People's Committee of {province} province").format(province=name), short


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


def reception_record(profile: OpenProfile, case_id: str, out: Path,
                     on: dt.date | None = None) -> Path:  # fmt: skip
    """The record of receiving the person (audited as ``case.print``)."""
    d, commune = _common(profile, case_id, "reception_record")
    superior, place = _place(profile)
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
    doc = Document(
        superior, profile.node.office_name, _("No.: {code}/BB-TN").format(code=d.code), place,
        on or d.received_on, _("Reception record"), body,
        signer_title=_("Receiving officer"), signer_name=profile.user.full_name,
        recipients=[_("The person received"), _("Case file")],
    )  # fmt: skip
    return render(doc, out)


def case_summary(profile: OpenProfile, case_id: str, out: Path, on: dt.date | None = None) -> Path:
    """A summary of the case's path, support and follow-up; confidential on every page."""
    d, commune = _common(profile, case_id, "case_summary")
    superior, place = _place(profile)
    body: list[Flowable] = [*_person_lines(d, commune)]
    body.append(_p(_("Case code"), d.code))
    body.append(_p(_("Status"), _(rules.STATUSES[d.status])))
    body.append(_p(_("Legal regime"), _(rules.REGIMES[d.legal_regime])))
    body.append(Paragraph(f"<b>{escape(_('Steps'))}</b>", PLAIN))
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
    doc = Document(
        superior, profile.node.office_name, _("No.: {code}/TT-VV").format(code=d.code), place,
        on or dt.date.today(), _("Case summary"), body, signer_title=_("Prepared by"),
        signer_name=profile.user.full_name, recipients=[_("Case file")],
        confidential=_("CONFIDENTIAL"),
    )  # fmt: skip
    return render(doc, out)
