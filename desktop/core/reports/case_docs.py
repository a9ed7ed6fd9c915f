"""The documents of a reception case: the reception record (biên bản tiếp nhận), the
handover record (biên bản bàn giao) and the case summary. They name the person, so only
roles that may see identity print them, every print is an audit event (``case.print``,
with the document's name), and every page carries the restricted-circulation notice about
personal data (Law 91/2025/QH15) — not "MẬT", a state-secret grade. The file's title is
the document's kind and the case code, never the person's name.

The records are numbered from the office's series of records ("05/BB-UBND", ``numbers``),
the case summary from its series of reports ("06/BC-UBND": "summary" is no type of
administrative document in Decree 30/2020's Appendix III, and the report is the closest
listed type — see ``numbers``): a re-print of the same document keeps its number."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import i18n, places, refdata
from desktop.core.cases import facts, rules, views
from desktop.core.db.models import Setting
from desktop.core.db.models_cases import CaseConsent, Handover
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.reports import numbers
from desktop.core.reports.document import (
    BODY,
    PLAIN,
    Document,
    Party,
    data_table,
    empty_line,
    heading,
    render,
)
from desktop.core.reports.header import ReportHeader, load_header
from desktop.core.reports.numbers import abbreviation
from desktop.core.security import audit
from desktop.core.security.roles import can_see_identity

BLANK = "……………………"  # a space left to fill by hand
__all__ = ["abbreviation", "case_summary", "handover_record", "reception_record"]


def personal_data_notice() -> str:
    """The restricted-circulation notice of a document that names persons."""
    return _(
        "Contains sensitive personal data: restricted circulation under Law 91/2025/QH15 "
        "on personal data protection"
    )


def _p(label: str, value: object) -> Paragraph:
    return Paragraph(f"{escape(label)}: {escape(str(value or BLANK))}", PLAIN)


def _bold(text: str) -> Paragraph:
    return Paragraph(f"<b>{escape(text)}</b>", PLAIN)


@dataclasses.dataclass(frozen=True)
class _Places:
    """Names the documents print instead of codes."""

    home: str  # the person's home commune and province
    settings: dict[str, str]


def _age_text(d: views.CaseDetail) -> str:
    """The age at reception as the case records it: "≈ 17" when only the birth year or an
    estimate gives it, and whether the person is presumed a child."""
    text = _("not known") if d.age is None else f"≈ {d.age}" if d.age_approximate else str(d.age)
    if d.child_presumed:
        text += " — " + _("presumed a child until the age is established")
    return text


def _person_lines(d: views.CaseDetail, where: _Places) -> list[Flowable]:
    ident = d.identity
    assert ident is not None
    born = i18n.format_date(ident.birth_date) if ident.birth_date else (ident.birth_year or "")
    lines = [
        _p(_("Full name"), ident.full_name),
        _p(_("Sex"), _(rules.SEXES.get(d.sex, d.sex))),
        _p(_("Date or year of birth"), born),
        _p(_("Age at reception"), _age_text(d)),
        _p(_("Identity or passport number"), ident.id_number),
        _p(_("Home address"), ident.address or where.home),
    ]
    if d.is_child:
        lines.append(_bold(_("Child: under 18 at reception") if not d.child_presumed
                           else _("Presumed a child: the age is uncertain")))  # fmt: skip
        lines.append(_p(_("Guardian"), ident.guardian_name))
        lines.append(_p(_("Guardian's contact"), ident.guardian_contact))
    return lines


def _home(s: Session, ident: views.Identity | None) -> str:
    if ident is None:
        return ""
    parts = [
        places.unit_name(s, ident.home_commune_code),
        places.unit_name(s, ident.home_province_code, places.PROVINCE),
    ]
    return ", ".join(p for p in parts if p)


def _common(
    profile: OpenProfile, case_id: str, kind: str, extra: dict[str, Any] | None = None
) -> tuple[views.CaseDetail, _Places]:
    if not can_see_identity(profile.user.role):
        raise PermissionDenied(_("Your role may not print documents that name a person."))
    with profile.db.session() as s:
        d = views.load(s, case_id, True)
        settings = s.execute(
            select(Setting).where(Setting.key.like(rules.DEADLINE_SETTING_PREFIX + "%"))
        ).scalars()
        where = _Places(_home(s, d.identity), {row.key: row.value for row in settings})
        audit.record(s, profile.node.node_id, profile.user.username, "case.print", "case",
                     case_id, {"document": kind, "code": d.code, **(extra or {})})  # fmt: skip
    return d, where


def _gate_name(profile: OpenProfile, code: str) -> str:
    """A border gate's name from the reference list (a printed document never shows codes)."""
    with profile.db.session(read=True) as s:
        for item in refdata.items(s, "border_gate", include_inactive=True):
            if item.code == code:
                return refdata.display_name(item, i18n.language())
    return code


def _document(
    profile: OpenProfile, header: ReportHeader | None, kind: str, number: str, on: dt.date,
    title: str, body: list[Flowable], code: str,
    parties: list[Party] | None = None, own_number: bool = False, keep_last: int = 2,
) -> Document:  # fmt: skip
    """The document with the office's header fields (the defaults when none are given); an
    empty number means *number*; *own_number* prints *number* whatever the header says (a
    record's number from the series). It names a person: the notice on every page, and
    the file's title is the kind and the case *code*."""
    if header is None:
        header = load_header(profile, kind)
    shown = number if own_number else header.number or number
    return Document(
        header.superior_agency, header.agency,
        _("No.: {number}").format(number=shown), header.place, on, title,
        body, signer_authority=header.signer_authority, signer_title=header.signer_title,
        signer_name=header.signer_name, recipients=list(header.recipients),
        notice=personal_data_notice(), keep_last=keep_last,  # signature never alone on a page
        parties=list(parties or []), pdf_title=f"{title} {code}", pdf_subject=title,
    )  # fmt: skip


def _channel(code: str) -> str:
    label = rules.CHANNELS.get(code) or rules.LEGACY_CHANNELS.get(code)
    return _(label) if label else code


def _verification_due(d: views.CaseDetail, where: _Places) -> str:
    """The initial verification's due date with the provision or setting that sets it ("" when
    no deadline applies)."""
    days = rules.configured_days(where.settings)
    due = rules.due_date(
        d.legal_regime, rules.RECEIVED, d.received_on, d.received_on, days,
        channel=d.channel, notified_on=d.notified_on,
    )  # fmt: skip
    if due is None:
        return ""
    law = rules.law_deadline(d.legal_regime, rules.RECEIVED, d.channel)
    basis = _(law[2]) if law else _("deadline set by the province")
    return f"{i18n.format_date(due)} ({basis})"


def _series_number(profile: OpenProfile, kind: str, ref: str, typed: str, agency: str,
                   year: int, reissue: bool) -> tuple[str, int | None]:  # fmt: skip
    """The number a record prints, and the series number to take once it is written: a
    number typed in the header ("07/BB-ĐBP") as it is (its 07 checked against the series);
    text with no number as it is (nothing taken); none: the number this record already
    holds (a re-print), else the next of the series, with the body's abbreviation."""
    typed = typed.strip()
    n = numbers.leading(typed)
    if n is not None:
        numbers.check(profile, kind, year, n, ref, reissue)
        return typed, n
    if typed:
        return typed, None
    n = numbers.number_of(profile, kind, year, ref) or numbers.next_number(profile, kind, year)
    return numbers.formatted(n, kind, agency), n


def _header_of(profile: OpenProfile, header: ReportHeader | None, kind: str) -> ReportHeader:
    if header is not None:
        return header
    return load_header(profile, kind)


def reception_record(profile: OpenProfile, case_id: str, out: Path,
                     on: dt.date | None = None, header: ReportHeader | None = None,
                     reissue: bool = False) -> Path:  # fmt: skip
    """The record of receiving the person (audited as ``case.print``): when and where it is
    drawn up, the person, how the case started, and the signatures its text calls for —
    the receiving officer and the person received (for a child, their legal
    representative). *header* gives the agency, number and signer (default: the office's
    saved header for receptions); the number comes from the office's series of records
    (*reissue*: give a number another document holds, deliberately)."""
    d, where = _common(profile, case_id, "reception_record")
    header = _header_of(profile, header, "reception")
    gate_name = _gate_name(profile, d.border_gate) if d.border_gate else ""
    gate = f" ({gate_name})" if gate_name else ""
    drawn_on = on or d.received_on
    ref = f"reception:{case_id}"
    number, taken = _series_number(profile, "reception", ref, header.number, header.agency,
                                   drawn_on.year, reissue)  # fmt: skip
    time = _("{hours} hours {minutes} minutes").format(hours="……", minutes="……")
    body: list[Flowable] = [
        Paragraph(
            escape(
                _(
                    "At {time} on {date}, at {place}, we, the undersigned, drew up the record "
                    "of the reception of the person named below:"
                ).format(
                    time=time,
                    date=i18n.format_date(drawn_on),
                    place=gate_name or header.agency or BLANK,
                )  # fmt: skip
            ),
            BODY,
        ),  # fmt: skip
        _p(
            _("Received by"),
            ", ".join(x for x in (header.signer_name, header.signer_title, header.agency) if x),
        ),  # fmt: skip
        _p(_("Date of reception"), i18n.format_date(d.received_on)),
        *_person_lines(d, where),
        _p(_("Case code"), d.code),
        _p(_("How the case started"), _channel(d.channel) + gate),
    ]
    basis = rules.channel_basis(d.channel, d.legal_regime)
    if basis:
        body.append(_p(_("Legal basis"), basis))
    if d.notified_on is not None and d.notified_on != d.received_on:
        body.append(_p(_("Notice received on"), i18n.format_date(d.notified_on)))
    body.append(_p(_("Legal regime"), _(rules.REGIMES.get(d.legal_regime, d.legal_regime))))
    due = _verification_due(d, where)
    if due:
        body.append(_p(_("Initial verification due by"), due))
    body.append(Paragraph(escape(_(
        "The record is made in two copies of equal value, one kept by each side; it was read "
        "to those present, who agreed with it and signed it.")), BODY))  # fmt: skip
    ident = d.identity
    assert ident is not None
    hint = _("(Signature and full name)")
    person = (
        Party(_("Legal representative of the person received"), ident.guardian_name, hint)
        if d.is_child
        else Party(_("The person received"), ident.full_name, hint)
    )
    parties = [Party(header.signer_title or _("Receiving officer"), header.signer_name, hint),
               person]  # fmt: skip
    doc = _document(profile, header, "reception", number, drawn_on, _("Reception record"),
                    body, d.code, parties=parties, own_number=True, keep_last=1)  # fmt: skip
    render(doc, out)
    if taken is not None:
        numbers.take(profile, "reception", drawn_on.year, taken, ref, reissue, number, drawn_on)
    return out


# -- the case summary ---------------------------------------------------------------------


def _codes(stored: tuple[str, ...], allowed: dict[str, str]) -> str:
    return "; ".join(facts.labels(" ".join(stored), allowed))


def _document_text(doc: Any) -> str:
    return _("{kind} No. {number} of {date}, {issuer}").format(
        kind=_(rules.ID_DOCUMENTS.get(doc.doc_type, doc.doc_type)),
        number=doc.number,
        date=i18n.format_date(doc.issued_on) if doc.issued_on else BLANK,
        issuer=doc.issuer,
    )


def _consent_text(c: Any) -> str:
    """Who consented, when, and to what (a ``steps.Consent`` or a ``CaseConsent`` row)."""
    by = _(rules.CONSENT_BY.get(c.given_by, c.given_by))
    if c.representative:
        by = f"{by} ({c.representative})"
    to = [
        _("referral: yes") if c.referral else _("referral: no"),
        _("sharing: yes") if c.sharing else _("sharing: no"),
    ]
    return _("{by}, on {date}: {what}").format(
        by=by, date=i18n.format_date(c.given_on), what=", ".join(to)
    )


def _facts(d: views.CaseDetail) -> list[Flowable]:
    out: list[Flowable] = [heading(_("Facts of the case"))]
    out.append(_p(_("Purposes (Art. 2, Law 53/2024/QH15)"), _codes(d.purposes, facts.PURPOSES)))
    out.append(_p(_("Exploitation"), _codes(d.exploitation, facts.EXPLOITATION)))
    out.append(_p(_("Means of recruitment"), _codes(d.recruitment_methods, facts.RECRUITMENT)))
    out.append(_p(_("Means of control"), _codes(d.control_means, facts.CONTROL)))
    relation = facts.RECRUITER_RELATIONS.get(d.recruiter_relation)
    out.append(_p(_("Relation to the recruiter"),
                  _(relation) if relation else d.recruiter_relation))  # fmt: skip
    if d.recruitment:
        out.append(_p(_("How the person was recruited"), d.recruitment))
    where = ", ".join(x for x in (d.destination_place, d.destination_country) if x)
    out.append(_p(_("Destination"), where))
    if d.age_trafficked is not None:
        out.append(_p(_("Age when trafficked"), d.age_trafficked))
    if d.months_away is not None:
        out.append(_p(_("Months away"), d.months_away))
    return out


def _timeline(d: views.CaseDetail) -> list[Flowable]:
    """The case's timeline (``views.timeline``) without the support entries, which the
    ledger lists."""
    rows = [
        [str(n), i18n.format_date(e.on), e.what, e.detail]
        for n, e in enumerate(
            (e for e in views.timeline(d) if e.kind not in ("support", "correction")), start=1
        )
    ]
    return data_table(
        _("Timeline of the case"), [_("No."), _("Date"), _("Step or record"), _("Detail")],
        rows, widths=[0.7, 1.6, 4.2, 4.5],
    )  # fmt: skip


def _ledger(d: views.CaseDetail) -> list[Flowable]:
    """Every support entry, a counter-entry shown as the correction of the entry it
    cancels (its amount negative), and the net total."""
    if not d.support:
        return [heading(_("Support given")), empty_line(_("No support was recorded."))]
    number = {e.id: n for n, e in enumerate(d.support, start=1)}
    rows: list[list[str]] = []
    for n, e in enumerate(d.support, start=1):
        what = rules.support_label(e.support_type)
        note = e.note
        if e.corrects_id:
            what = _("Correction of No. {n}: {type}").format(
                n=number.get(e.corrects_id, "?"), type=what
            )
            note = e.reason
        elif e.id in d.corrected:
            note = (note + " " if note else "") + _("(corrected)")
        elif e.outside_eligibility and e.reason:
            note = (note + " " if note else "") + e.reason
        rows.append([str(n), i18n.format_date(e.given_on), what, e.provider,
                     i18n.format_money(e.amount), note])  # fmt: skip
    rows.append(["", "", _("Net total"), "", i18n.format_money(d.support_total), ""])
    return data_table(
        _("Support given"),
        [_("No."), _("Date"), _("Type of support"), _("Provider"), _("Amount"), _("Note")],
        rows, widths=[0.7, 1.6, 3.6, 2.6, 1.8, 2.0], right={4}, total_row=True,
    )  # fmt: skip


def _handover_place(s: Session, h: Handover) -> str:
    parts = [
        places.unit_name(s, h.commune_code),
        places.unit_name(s, h.province_code, places.PROVINCE),
    ]
    return ", ".join(p for p in parts if p)


def _handovers(profile: OpenProfile, d: views.CaseDetail) -> list[Flowable]:
    if not d.handovers:
        return []
    rows = []
    with profile.db.session(read=True) as s:
        for n, h in enumerate(d.handovers, start=1):
            receiver = h.receiver + (f" ({h.receiver_role})" if h.receiver_role else "")
            rows.append([str(n), i18n.format_date(h.handed_on),
                         _(rules.HANDOVER_KINDS.get(h.kind, h.kind)), receiver,
                         _handover_place(s, h), h.record_number])  # fmt: skip
    return data_table(
        _("Handovers"),
        [_("No."), _("Date"), _("Handed over"), _("Receiver"), _("Where to"), _("Record No.")],
        rows, widths=[0.7, 1.6, 2.6, 3.0, 2.6, 1.8],
    )  # fmt: skip


def case_summary(profile: OpenProfile, case_id: str, out: Path, on: dt.date | None = None,
                 header: ReportHeader | None = None, reissue: bool = False) -> Path:  # fmt: skip
    """A summary of the case: the person, the facts, the identification paper, the consent,
    the timeline, the support ledger and the handovers; the personal-data notice on every
    page. Numbered from the office's series of reports ("BC": Decree 30's Appendix III has
    no type "summary"; a report is the closest, see ``numbers``) with the body's
    abbreviation: the number typed in *header* (checked against the series; *reissue*:
    give a number another document holds, deliberately), else the number this case's
    summary already holds, else the next of the series. The number is taken once the file
    is written."""
    header = _header_of(profile, header, "case")
    drawn_on = on or dt.date.today()
    ref = f"case:{case_id}"
    number, taken = _series_number(profile, "case", ref, header.number, header.agency,
                                   drawn_on.year, reissue)  # fmt: skip
    d, where = _common(profile, case_id, "case_summary")
    body: list[Flowable] = [*_person_lines(d, where)]
    body.append(_p(_("Case code"), d.code))
    gate = f" ({_gate_name(profile, d.border_gate)})" if d.border_gate else ""
    body.append(_p(_("How the case started"), _channel(d.channel) + gate))
    body.append(_p(_("Status"), rules.status_label(d.status)))
    body.append(_p(_("Legal regime"), _(rules.REGIMES.get(d.legal_regime, d.legal_regime))))
    body.append(_p(_("Identification paper"), _document_text(d.document) if d.document else ""))
    body.append(_p(_("Consent in force"), _consent_text(d.consent) if d.consent else
                   _("none recorded")))  # fmt: skip
    if d.accompanied_code:
        body.append(_p(_("Accompanies the person of case"), d.accompanied_code))
    body += _facts(d)
    body += _timeline(d)
    body += _ledger(d)
    body += _handovers(profile, d)
    for stay in d.stays:
        end = i18n.format_date(stay.discharged_on) if stay.discharged_on else "…"
        body.append(
            _p(_("Shelter"), f"{stay.facility}, {i18n.format_date(stay.admitted_on)} – {end}")
        )
    for r in d.referrals:
        outcome = f" — {r.outcome}" if r.outcome else ""
        body.append(_p(_("Referral"), f"{r.to_agency}, {i18n.format_date(r.referred_on)}{outcome}"))
    for f in d.follow_ups:
        body.append(_p(_("Follow-up"), f"{i18n.format_date(f.visited_on)}: {f.finding}"))
    doc = _document(profile, header, "case", number, drawn_on, _("Case summary"), body, d.code,
                    own_number=True)  # fmt: skip
    render(doc, out)
    if taken is not None:
        numbers.take(profile, "case", drawn_on.year, taken, ref, reissue, number, drawn_on)
    return out


# -- the handover record ------------------------------------------------------------------


def _handover_number(h: Handover, agency: str) -> str:
    """ "12/BB-SYT" from the record's number 12 and the body's abbreviation; a number
    typed whole ("12/BB-BG") as it is."""
    number = h.record_number.strip()
    if "/" in number:
        return number
    abbr = abbreviation(agency)
    return f"{number}/BB-{abbr}" if abbr else f"{number}/BB"


def _consent_on(d: views.CaseDetail, on: dt.date) -> CaseConsent | None:
    """The consent in force on *on*: the newest given on or before it."""
    given = [c for c in d.consents if c.given_on <= on]
    return given[-1] if given else None


def _sides(s: Session, h: Handover, header: ReportHeader) -> list[Flowable]:
    """The two sides: the office handing over (with its officer) and the receiver."""
    officer = ", ".join(x for x in (header.signer_name, header.signer_title) if x)
    office = [
        _bold(_("The handing-over side: {agency}").format(agency=header.agency or BLANK)),
        _p(_("Represented by"), officer),
    ]
    receiver = [
        _bold(_("The receiving side: {receiver}").format(receiver=h.receiver)),
        _p(_("Relation to the person, or title"), h.receiver_role),
        _p(_("Kind of handover"), _(rules.HANDOVER_KINDS.get(h.kind, h.kind))),
        _p(_("Commune and province"), _handover_place(s, h)),
    ]
    return office + receiver


def handover_record(profile: OpenProfile, handover_id: str, out: Path,
                    on: dt.date | None = None,
                    header: ReportHeader | None = None) -> Path:  # fmt: skip
    """The record of handing the person over (biên bản bàn giao) to their family, home
    locality, another province or a facility (Law 53/2024, Art. 34): where and when it is
    drawn up, the two sides, the person, what is handed over, the consent in force, and
    the signatures of both sides and of the person (or, for a child, their legal
    representative). Audited as ``case.print``; *header* as for the reception record
    (default: the office's saved header for handovers)."""
    if not can_see_identity(profile.user.role):
        raise PermissionDenied(_("Your role may not print documents that name a person."))
    with profile.db.session(read=True) as s:
        row = s.get(Handover, handover_id)
        if row is None or row.deleted:
            raise ValidationError(_("This handover no longer exists."))
        case_id = row.case_id
    d, where = _common(profile, case_id, "handover_record", {"handover": handover_id})
    h = next(x for x in d.handovers if x.id == handover_id)
    if header is None:
        header = load_header(profile, "handover")
    ident = d.identity
    assert ident is not None
    born = i18n.format_date(ident.birth_date) if ident.birth_date else (ident.birth_year or "")
    body: list[Flowable] = [
        Paragraph(
            escape(
                _("Today, {date}, at {place}, we, the undersigned:").format(
                    date=i18n.format_date(h.handed_on), place=h.place or BLANK
                )
            ),
            BODY,
        ),  # fmt: skip
    ]
    with profile.db.session(read=True) as s:
        body += _sides(s, h, header)
    body.append(Paragraph(escape(_("have carried out the handover of the person named below:")),
                          BODY))  # fmt: skip
    body += [
        _p(_("Full name"), ident.full_name),
        _p(_("Sex"), _(rules.SEXES.get(d.sex, d.sex))),
        _p(_("Date or year of birth"), born),
        _p(_("Home address"), ident.address or where.home),
        _p(_("Case code"), d.code),
    ]
    consent = _consent_on(d, h.handed_on)
    representative = ident.guardian_name or (consent.representative if consent else "")
    if d.is_child:
        body.append(_bold(_("Child: under 18 at reception") if not d.child_presumed
                          else _("Presumed a child: the age is uncertain")))  # fmt: skip
        body.append(_p(_("Legal representative"), representative))
    body.append(_p(_("Papers and belongings handed over"), BLANK * 3))
    if h.note:
        body.append(_p(_("Note"), h.note))
    body.append(_p(_("Consent in force"), _consent_text(consent) if consent else
                   _("none recorded")))  # fmt: skip
    body.append(Paragraph(escape(_(
        "The record is made in two copies of equal value, one kept by each side; it was read "
        "to those present, who agreed with it and signed it.")), BODY))  # fmt: skip
    hint = _("(Signature and full name)")
    person = (
        Party(_("Legal representative of the person handed over"), representative, hint)
        if d.is_child
        else Party(_("The person handed over"), ident.full_name, hint)
    )
    parties = [
        Party(_("Representative of the handing-over side"), header.signer_name, hint),
        Party(_("Representative of the receiving side"), h.receiver, hint),
        person,
    ]
    drawn_on = on or h.handed_on
    ref = f"handover:{handover_id}"
    if h.record_number.strip():
        # The number recorded at the handover step is a fact of the case: printed as it
        # is, and marked as given in the series so that no other record is offered it.
        number, taken = _handover_number(h, header.agency), numbers.leading(h.record_number)
        reissue = True
    else:
        number, taken = _series_number(profile, "handover", ref, header.number,
                                       header.agency, drawn_on.year, False)  # fmt: skip
        reissue = False
    doc = _document(profile, header, "handover", number, drawn_on, _("Handover record"),
                    body, d.code, parties=parties, own_number=True, keep_last=1)  # fmt: skip
    render(doc, out)
    if taken is not None:
        numbers.take(profile, "handover", drawn_on.year, taken, ref, reissue, number, drawn_on)
    return out
