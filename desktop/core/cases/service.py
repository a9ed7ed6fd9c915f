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

from desktop.core import places
from desktop.core.cases import codes, facts, rules, steps
from desktop.core.db.models import AdminUnit, Setting
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
    home_province_code: int | None = None  # any province: the home commune is one of it
    stateless_resident: bool = False  # Law 53/2024, Art. 37(1): supported as a citizen


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
    notified_on: dt.date | None = None  # the commune's notice (Art. 27(2)); None: reception
    purposes: list[str] = field(default_factory=list)  # facts.PURPOSES
    recruitment_methods: list[str] = field(default_factory=list)  # facts.RECRUITMENT
    control_means: list[str] = field(default_factory=list)  # facts.CONTROL
    recruiter_relation: str = ""  # facts.RECRUITER_RELATIONS
    age_trafficked: int | None = None
    abroad: bool = False  # the person is abroad (Art. 37(3))
    trafficked_in_vn: bool = False  # a foreigner trafficked in Viet Nam (Art. 37(4))
    accompanied_case_id: str | None = None  # for a minor: the case of the person accompanied


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


def check_home(s: Session, province_code: int | None, commune_code: int | None) -> int | None:
    """The home province of *commune_code* (*province_code*, or the commune's when none is
    given); ValidationError when the province is unknown or the commune is not one of it.
    The home may be anywhere in Viet Nam: persons received here often come from elsewhere."""
    if province_code is not None and s.get(AdminUnit, (province_code, places.PROVINCE)) is None:
        raise ValidationError(_("Choose the home province from the list."), "home_province")
    if commune_code is None:
        return province_code
    unit = s.get(AdminUnit, (commune_code, places.COMMUNE))
    if unit is None:
        raise ValidationError(_("Choose the home commune from the list."), "home")
    if province_code is not None and unit.province_code != province_code:
        raise ValidationError(_("The home commune is not a commune of the home province."), "home")
    return int(unit.province_code)


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
    if c.notified_on is not None:
        if c.notified_on < c.received_on:
            raise ValidationError(_("The notice is before the reception."), "notified_on")
        if c.notified_on > today():
            raise ValidationError(_("The date is in the future."), "notified_on")
    check_facts(FactsInput.of(c))
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
    case.due_on = rules.due_date(
        case.legal_regime, case.status, case.received_on, on, days, case.channel,
        case.notified_on,
    )  # fmt: skip


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
            row.home_province_code = check_home(
                s, person.home_province_code, person.home_commune_code
            )
            row.full_name = " ".join(person.full_name.split())
            if row.birth_date is not None:
                row.birth_year = row.birth_date.year
            s.add(row)
            s.flush()
        age = rules.reception_age(
            row.birth_date, row.birth_year, row.birth_estimated, case.received_on
        )
        check_age_trafficked(case.age_trafficked, age.years)
        if case.accompanied_case_id is not None:
            _case(s, case.accompanied_case_id)
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
            age_at_reception=age.years,
            age_approximate=age.approximate,
            child_presumed=age.presumed_child,
            is_child=age.child,
            notified_on=case.notified_on,
            abroad=case.abroad,
            trafficked_in_vn=case.trafficked_in_vn,
            accompanied_case_id=case.accompanied_case_id,
        )
        _set_facts(rc, FactsInput.of(case))
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
    details: steps.StepDetails | None = None,
) -> None:
    """Move a case to *to_status* (or ``rules.REOPEN``) on *on*, with an append-only entry
    and the record the step makes (``steps``): nothing is written when anything is wrong."""
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
                    src=rules.status_label(src), dst=rules.status_label(to_status)
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
        made = steps.check(s, rc, to_status, on, details or steps.StepDetails())
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
        steps.record(s, rc, on, profile.user.username, made)
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
    """The trafficking facts officers need, coded as HTCDS has them — not a criminal file."""

    destination_country: str = ""
    destination_place: str = ""
    exploitation: list[str] = field(default_factory=list)
    months_away: int | None = None
    recruitment: str = ""  # free text, next to the coded fields
    purposes: list[str] = field(default_factory=list)
    recruitment_methods: list[str] = field(default_factory=list)
    control_means: list[str] = field(default_factory=list)
    recruiter_relation: str = ""
    age_trafficked: int | None = None

    @classmethod
    def of(cls, c: CaseInput) -> FactsInput:
        return cls(**{name: getattr(c, name) for name in cls.__dataclass_fields__})


def check_age_trafficked(age_trafficked: int | None, age_at_reception: int | None) -> None:
    if age_trafficked is None:
        return
    if not 0 <= age_trafficked <= 120:
        raise ValidationError(_("The age when trafficked is from 0 to 120."), "age_trafficked")
    if age_at_reception is not None and age_trafficked > age_at_reception + 1:
        raise ValidationError(
            _("The age when trafficked is above the age at reception."), "age_trafficked"
        )


def check_facts(f: FactsInput) -> None:
    facts.check_codes(f.exploitation, facts.EXPLOITATION, "exploitation")
    facts.check_codes(f.purposes, facts.PURPOSES, "purposes")
    facts.check_codes(f.recruitment_methods, facts.RECRUITMENT, "recruitment_methods")
    facts.check_codes(f.control_means, facts.CONTROL, "control_means")
    if f.recruiter_relation and f.recruiter_relation not in facts.RECRUITER_RELATIONS:
        raise ValidationError(_("Choose from the list."), "recruiter_relation")
    if f.months_away is not None and not 0 <= f.months_away <= 1200:
        raise ValidationError(_("The time away is from 0 to 1.200 months."), "months_away")
    if len(f.destination_place.strip()) > 200:
        raise ValidationError(_("The place is too long."), "destination_place")
    check_age_trafficked(f.age_trafficked, None)


def _set_facts(rc: ReceptionCase, f: FactsInput) -> None:
    rc.destination_country = f.destination_country.strip()
    rc.destination_place = f.destination_place.strip()
    rc.exploitation = facts.check_codes(f.exploitation, facts.EXPLOITATION, "exploitation")
    rc.months_away = f.months_away
    rc.recruitment = f.recruitment.strip()
    rc.purposes = facts.check_codes(f.purposes, facts.PURPOSES, "purposes")
    rc.recruitment_methods = facts.check_codes(
        f.recruitment_methods, facts.RECRUITMENT, "recruitment_methods"
    )
    rc.control_means = facts.check_codes(f.control_means, facts.CONTROL, "control_means")
    rc.recruiter_relation = f.recruiter_relation
    rc.age_trafficked = f.age_trafficked


def update_facts(profile: OpenProfile, case_id: str, f: FactsInput) -> None:
    """Replace the trafficking facts of a case."""
    require_recorder(profile)
    check_facts(f)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        check_age_trafficked(f.age_trafficked, rc.age_at_reception)
        _set_facts(rc, f)


@dataclass
class Situation:
    """What decides the person's support besides their group (Law 53/2024, Art. 37)."""

    abroad: bool = False
    trafficked_in_vn: bool = False
    accompanied_case_id: str | None = None


def update_situation(profile: OpenProfile, case_id: str, sit: Situation) -> None:
    """Where the person is, whether a foreigner was trafficked in Viet Nam, and whom a
    minor accompanies."""
    require_recorder(profile)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        if sit.accompanied_case_id is not None:
            if sit.accompanied_case_id == rc.id:
                raise ValidationError(
                    _("A case cannot name itself as the person accompanied."), "accompanied"
                )
            _case(s, sit.accompanied_case_id)
        rc.abroad, rc.trafficked_in_vn = sit.abroad, sit.trafficked_in_vn
        rc.accompanied_case_id = sit.accompanied_case_id
