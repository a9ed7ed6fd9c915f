"""Reception cases as the officer works them: receive a person, move the case through the
workflow, record support, shelter stays, referrals, follow-ups and notes.

Every function takes the open profile, checks the signed-in role, validates everything
first and changes nothing when it refuses (one ValidationError sentence, with the field).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.cases import codes, rules
from desktop.core.db.models import Setting
from desktop.core.db.models_cases import (
    CaseNote,
    CaseTransition,
    Person,
    ReceptionCase,
)
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import can_record


@dataclass
class PersonInput:
    full_name: str
    sex: str
    birth_date: dt.date | None = None
    birth_year: int | None = None
    birth_estimated: bool = False
    other_names: str = ""
    ethnic_group: str = ""
    nationality: str = "VN"
    id_number: str = ""
    home_commune_code: int | None = None
    legacy_commune_code: int | None = None
    address: str = ""
    current_address: str = ""
    contact: str = ""
    guardian_name: str = ""
    guardian_contact: str = ""
    languages: str = ""
    status: str = "under_verification"
    photo: str = ""  # base64 JPEG from persons.photo_from_file


@dataclass
class CaseInput:
    received_on: dt.date
    channel: str
    border_gate: str = ""
    commune_code: int | None = None
    destination_country: str = ""
    destination_place: str = ""
    exploitation: list[str] = field(default_factory=list)
    months_away: int | None = None
    recruitment: str = ""
    regime: str | None = None  # None: the proposal from the dates
    regime_reason: str = ""


def today() -> dt.date:
    return dt.date.today()


def require_recorder(profile: OpenProfile) -> None:
    if not can_record(profile.user.role):
        raise PermissionDenied(_("Your role may not record or change cases."))


def check_name(name: str) -> None:
    if not name.strip():
        raise ValidationError(_("Enter the person's full name."), "full_name")


def check_birth(
    birth_date: dt.date | None, birth_year: int | None, received_on: dt.date | None
) -> None:
    """A birth date or year that is possible for a person received on *received_on*."""
    if birth_date is not None and received_on is not None and birth_date > received_on:
        raise ValidationError(_("The date of birth is after the date of reception."), "birth")
    if birth_year is not None:
        limit = received_on.year if received_on else today().year
        if birth_year > limit or birth_year < limit - 120:
            raise ValidationError(_("The year of birth is not possible."), "birth")


def check_received(received_on: dt.date) -> None:
    if received_on > today():
        raise ValidationError(_("The date of reception is in the future."), "received_on")


def _check_inputs(p: PersonInput | None, c: CaseInput) -> None:
    check_received(c.received_on)
    if c.channel not in rules.CHANNELS:
        raise ValidationError(_("Choose how the case started."), "channel")
    if c.regime is not None and c.regime not in rules.REGIMES:
        raise ValidationError(_("Choose the legal regime."), "regime")
    proposal = rules.propose_regime(c.received_on)
    if c.regime not in (None, proposal) and not c.regime_reason.strip():
        raise ValidationError(
            _("Give a reason for a legal regime other than the one the dates give."), "regime"
        )
    if c.months_away is not None and c.months_away < 0:
        raise ValidationError(_("The time away cannot be negative."), "months_away")
    if p is not None:
        check_name(p.full_name)
        if p.sex not in rules.SEXES:
            raise ValidationError(_("Choose the person's sex."), "sex")
        check_birth(p.birth_date, p.birth_year, c.received_on)


def _next_code(s: Session, profile: OpenProfile, year: int) -> str:
    """A case code no other installation makes: it names this office (``cases.codes``)."""
    office = codes.office_part(s, profile.node.office_id, profile.node.node_id)
    return codes.next_code(s, profile.node.province_code, office, year)


def _refresh_due(s: Session, case: ReceptionCase) -> None:
    on = case.status_on or case.received_on
    days = rules.configured_days(_settings(s, rules.DEADLINE_SETTING_PREFIX))
    case.due_on = rules.due_date(case.legal_regime, case.status, case.received_on, on, days)


def _settings(s: Session, prefix: str) -> dict[str, str]:
    q = select(Setting).where(Setting.key.like(prefix + "%"))
    return {row.key: row.value for row in s.execute(q).scalars()}


def create_case(
    profile: OpenProfile,
    person: PersonInput | None,
    case: CaseInput,
    existing_person_id: str | None = None,
) -> str:
    """Receive a person (new, or an existing one to link to) and open a case; its id."""
    require_recorder(profile)
    _check_inputs(person if existing_person_id is None else None, case)
    with profile.db.session() as s:
        if existing_person_id is not None:
            row = s.get(Person, existing_person_id)
            if row is None or row.deleted:
                raise ValidationError(_("The person to link to no longer exists."))
            check_birth(row.birth_date, row.birth_year, case.received_on)
        else:
            assert person is not None
            row = Person(**{k: v for k, v in person.__dict__.items()})
            row.full_name = " ".join(person.full_name.split())
            if row.birth_date is not None:
                row.birth_year = row.birth_date.year
            s.add(row)
            s.flush()
        age = rules.age_at(row.birth_date, row.birth_year, case.received_on)
        regime = case.regime or rules.propose_regime(case.received_on)
        rc = ReceptionCase(
            case_code=_next_code(s, profile, case.received_on.year),
            person_id=row.id,
            received_on=case.received_on,
            channel=case.channel,
            border_gate=case.border_gate,
            commune_code=case.commune_code,
            legal_regime=regime,
            regime_reason=case.regime_reason.strip() if case.regime else "",
            status=rules.RECEIVED,
            status_on=case.received_on,
            office_id=profile.node.office_id,
            author=profile.user.username,
            age_at_reception=age,
            is_child=rules.is_child(age),
            destination_country=case.destination_country,
            destination_place=case.destination_place,
            exploitation=" ".join(case.exploitation),
            months_away=case.months_away,
            recruitment=case.recruitment,
        )
        _refresh_due(s, rc)
        s.add(rc)
        s.flush()
        return rc.id


def _case(s: Session, case_id: str) -> ReceptionCase:
    rc = s.get(ReceptionCase, case_id)
    if rc is None or rc.deleted:
        raise ValidationError(_("This case no longer exists."))
    return rc


def _check_day(on: dt.date, rc: ReceptionCase, name: str = "on") -> None:
    if on > today():
        raise ValidationError(_("The date is in the future."), name)
    if on < rc.received_on:
        raise ValidationError(_("The date is before the case was received."), name)


def _last_open_status(s: Session, case_id: str) -> str:
    q = (
        select(CaseTransition.from_status)
        .where(CaseTransition.case_id == case_id, CaseTransition.to_status == rules.CLOSED)
        .order_by(CaseTransition.change_seq.desc())
        .limit(1)
    )
    return s.execute(q).scalar_one_or_none() or rules.RECEIVED


def move(
    profile: OpenProfile,
    case_id: str,
    to_status: str,
    on: dt.date,
    reason: str = "",
    closure_reason: str = "",
    agency: str = "",
) -> None:
    """Move a case to *to_status* (or ``rules.REOPEN``) on *on*, with an append-only entry."""
    require_recorder(profile)
    reason = reason.strip()
    with profile.db.session() as s:
        rc = _case(s, case_id)
        src = rc.status
        if to_status == rules.REOPEN:
            if src != rules.CLOSED:
                raise ValidationError(_("Only a closed case can be reopened."), "status")
            dst = _last_open_status(s, case_id)
        elif not rules.can_move(src, to_status):
            raise ValidationError(
                _("A case that is “{src}” cannot become “{dst}”.").format(
                    src=_(rules.STATUSES[src]), dst=_(rules.STATUSES.get(to_status, to_status))
                ),
                "status",
            )
        else:
            dst = to_status
        _check_day(on, rc)
        if rc.status_on is not None and on < rc.status_on:
            raise ValidationError(_("The date is before the case's previous step."), "on")
        if rules.reason_required(to_status) and not reason:
            raise ValidationError(_("Give the reason for this step."), "reason")
        if dst == rules.CLOSED and closure_reason not in rules.CLOSURE_REASONS:
            raise ValidationError(_("Choose why the case is closed."), "closure_reason")
        s.add(
            CaseTransition(
                case_id=rc.id,
                from_status=src,
                to_status=dst,
                effective_on=on,
                actor=profile.user.username,
                reason=reason,
                agency=agency,
                office_id=profile.node.office_id,
            )
        )
        rc.status, rc.status_on = dst, on
        rc.closure_reason = closure_reason if dst == rules.CLOSED else ""
        person = s.get(Person, rc.person_id)
        if person is not None:
            if dst == rules.IDENTIFIED and person.status != "accompanying_minor":
                person.status = "identified_victim"
            elif dst == rules.NOT_VICTIM:
                person.status = "not_victim"
        if dst == rules.IDENTIFIED and not rc.regime_reason:
            rc.legal_regime = rules.propose_regime(rc.received_on, on)
        _refresh_due(s, rc)


def change_regime(profile: OpenProfile, case_id: str, regime: str, reason: str) -> None:
    """Set the legal regime by hand; a reason is required and kept on the case."""
    require_recorder(profile)
    if regime not in rules.REGIMES:
        raise ValidationError(_("Choose the legal regime."), "regime")
    if not reason.strip():
        raise ValidationError(_("Give a reason for changing the legal regime."), "reason")
    with profile.db.session() as s:
        rc = _case(s, case_id)
        rc.legal_regime, rc.regime_reason = regime, reason.strip()
        _refresh_due(s, rc)
        s.add(
            CaseNote(
                case_id=rc.id,
                actor=profile.user.username,
                text=_("Legal regime set to {regime}: {reason}").format(
                    regime=regime, reason=reason.strip()
                ),
            )
        )


@dataclass
class FactsInput:
    """The trafficking facts officers need — not a criminal file."""

    destination_country: str = ""
    destination_place: str = ""
    exploitation: list[str] = field(default_factory=list)
    months_away: int | None = None
    recruitment: str = ""


def check_facts(f: FactsInput) -> None:
    unknown = [e for e in f.exploitation if e not in rules.EXPLOITATION]
    if unknown:
        raise ValidationError(_("Choose the forms of exploitation from the list."), "exploitation")
    if f.months_away is not None and not 0 <= f.months_away <= 1200:
        raise ValidationError(_("The time away is from 0 to 1.200 months."), "months_away")
    if len(f.destination_place.strip()) > 200:
        raise ValidationError(_("The place is too long."), "destination_place")


def update_facts(profile: OpenProfile, case_id: str, f: FactsInput) -> None:
    """Replace the trafficking facts of a case."""
    require_recorder(profile)
    check_facts(f)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        rc.destination_country = f.destination_country.strip()
        rc.destination_place = f.destination_place.strip()
        rc.exploitation = " ".join(e for e in rules.EXPLOITATION if e in f.exploitation)
        rc.months_away = f.months_away
        rc.recruitment = f.recruitment.strip()
