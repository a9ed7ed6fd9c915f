"""The rules of a reception case, with no database: the steps and the moves allowed
between them, what each step records, deadlines, the legal regime, support types, ages.

Sources, cited where each rule is made:
- Law 53/2024/QH15 on prevention and combat of human trafficking, as amended by Law
  86/2025/QH15 before it came into force on 1 July 2025 (the provincial health authority
  and the provincial police replaced the district labour office and district police in
  Art. 27), detailed by Decree 162/2025/NĐ-CP;
- Law 66/2011/QH12, for persons identified before 1 July 2025.

Deadlines taken from the law's text are fixed (``LAW_DEADLINES``); the others are values
the province sets (``CONFIGURABLE_DEADLINES``, stored as settings), because the articles
that would set them (Law 53/2024, Arts. 28–31, and Decree 162/2025) give no number of days
in the text the team could read: the docstring of each says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desktop.core import i18n
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.places import REFORM_DATE

RECEIVED = "received"
VERIFYING = "verifying"
IDENTIFIED = "identified"
NOT_VICTIM = "not_victim"
REFERRED = "referred"
HANDED_OVER = "handed_over"
REINTEGRATED = "reintegrated"
FOLLOWED_UP = "followed_up"
CLOSED = "closed"

STATUSES = {
    RECEIVED: N_("Received"),
    VERIFYING: N_("Under verification"),
    IDENTIFIED: N_("Identified as a victim"),
    NOT_VICTIM: N_("Not a victim"),
    REFERRED: N_("Referred"),
    HANDED_OVER: N_("Handed over"),
    REINTEGRATED: N_("Reintegrated"),
    FOLLOWED_UP: N_("Followed up"),
    CLOSED: N_("Closed"),
}
# A status of version 0.1 that history rows may still name: support is a record, not a
# step (migration 0006 moved such cases back to "identified").
LEGACY_STATUSES = {"supported": N_("Supported (recorded before version 0.2)")}

# Forward moves; closing is allowed from every open status, reopening from closed only.
# A person arriving with a paper that confirms them as a victim (Art. 30(1)(b): issued at
# entry at the request of the Vietnamese mission abroad; Art. 33) is identified without a
# verification step; one without it is verified first (Art. 27(2)).
_FORWARD = {
    RECEIVED: (VERIFYING, IDENTIFIED),
    VERIFYING: (IDENTIFIED, NOT_VICTIM),
    IDENTIFIED: (REFERRED, HANDED_OVER, REINTEGRATED),
    REFERRED: (HANDED_OVER, REINTEGRATED),
    HANDED_OVER: (REINTEGRATED, FOLLOWED_UP),
    REINTEGRATED: (FOLLOWED_UP,),
    FOLLOWED_UP: (),
    NOT_VICTIM: (),
    CLOSED: (),
    "supported": (REFERRED, HANDED_OVER, REINTEGRATED),  # a bundle from a 0.1 laptop
}
ACTIONS = {
    VERIFYING: N_("Start verification"),
    IDENTIFIED: N_("Identify as a victim"),
    NOT_VICTIM: N_("Conclude: not a victim"),
    REFERRED: N_("Refer"),
    HANDED_OVER: N_("Hand over"),
    REINTEGRATED: N_("Reintegrated"),
    FOLLOWED_UP: N_("Record a follow-up"),
    CLOSED: N_("Close the case"),
}
REOPEN = "reopen"

# What the step form asks for each step (and nothing else): the record the step makes.
# "on" (the date) and "agency" are asked at every step but reopening.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    VERIFYING: ("agency", "note"),
    IDENTIFIED: ("agency", "document"),
    NOT_VICTIM: ("agency", "reason"),
    REFERRED: ("referral",),
    HANDED_OVER: ("handover",),
    REINTEGRATED: ("note",),
    FOLLOWED_UP: ("follow_up",),
    CLOSED: ("closure", "reason"),
    REOPEN: ("reason",),
}
# Steps whose record shares the person's information with someone else: they need the
# consent in force (Law 53/2024, Art. 3(10)); see ``consent_missing``.
CONSENT_STEPS = (REFERRED, HANDED_OVER)

CLOSURE_REASONS = {
    "reintegrated": N_("Reintegrated in the community"),
    "not_victim": N_("Not a victim"),
    "refused": N_("Refused further support"),
    "moved_away": N_("Moved away or lost contact"),
    "transferred": N_("Transferred to another province"),
    "deceased": N_("Deceased"),
    "other": N_("Other reason"),
}


@dataclass(frozen=True)
class Channel:
    basis_2024: str  # the article of Law 53/2024 that sets the channel's steps
    basis_2011: str  # the article of Law 66/2011
    counted_from_notice: bool  # the first deadline runs from the commune's notice


# How a case starts, each with the article that sets its steps.
CHANNELS = {
    "self_reported": N_("Reported by the person or their legal representative"),
    "rescued": N_("Rescued"),
    "mission_abroad": N_("Returned through a Vietnamese mission abroad"),
    "handed_over_border": N_("Handed over by the foreign side at the border"),
    "self_returned": N_("Returned from abroad on their own"),
    "handed_over_body": N_("Handed over by a body conducting proceedings"),
}
# A channel of version 0.1 that a laptop not yet updated may still send: a report by the
# family is Art. 27(1)'s report by the legal representative (migration 0006 maps it).
LEGACY_CHANNELS = {"family_hotline": N_("Reported by family or hotline 111")}
CHANNEL_RULES = {
    # Art. 27 (as amended by Law 86/2025): the commune notifies the provincial health
    # authority at once, which verifies within 3 days of the notice; 2011: Art. 24.
    "self_reported": Channel(N_("Art. 27"), N_("Art. 24"), True),
    "rescued": Channel(N_("Art. 28"), N_("Art. 25"), False),
    "mission_abroad": Channel(N_("Art. 30(1)"), N_("Art. 26(1)"), False),
    "handed_over_border": Channel(N_("Art. 30(2)"), N_("Art. 26(2)"), False),
    # A person back on their own reports like Art. 27 (2011: Art. 26(3) applies Art. 24).
    "self_returned": Channel(N_("Art. 30(3)"), N_("Art. 26(3)"), True),
    # Evidence from the bodies conducting proceedings: Art. 32(1)(a) (2011: Art. 28).
    "handed_over_body": Channel(N_("Art. 32(1)(a)"), N_("Art. 28"), False),
}


def channel_basis(channel: str, regime: str) -> str:
    rule = CHANNEL_RULES.get(channel)
    if rule is None:
        return ""
    law = _("Law 53/2024/QH15") if regime == "2024" else _("Law 66/2011/QH12")
    article = rule.basis_2024 if regime == "2024" else rule.basis_2011
    provision = _(article)
    return _("{provision}, {law}").format(provision=provision, law=law)


SEXES = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other")}
# The groups of persons in Law 53/2024, Chapter V, in its words; the codes are stored.
PERSON_STATUSES = {
    "under_verification": N_("Person being identified as a victim"),
    "identified_victim": N_("Victim"),
    "accompanying_minor": N_("Person under 18 accompanying"),
    "not_victim": N_("Not a victim"),
}

# The papers that confirm a person as a victim (Law 53/2024, Art. 33(1), with Art. 29(3)
# and Art. 30(1)(b); Law 66/2011, Art. 28): the identification step records one.
ID_DOCUMENTS = {
    "police": N_("Confirmation by the police"),
    "border_guard": N_("Confirmation by the border guard"),
    "rescuer": N_("Confirmation by the rescuing body"),
    "proceedings": N_("Document of a body conducting proceedings"),
    "mission": N_("Document of the Vietnamese mission abroad"),
    "foreign": N_("Document of a foreign competent authority"),
    "other": N_("Other lawful document"),
}

HANDOVER_KINDS = {
    "family": N_("To the family"),
    "home_locality": N_("To the home commune"),
    "other_province": N_("To another province"),
    "facility": N_("To a social assistance or victim support facility"),
}
CONSENT_BY = {"person": N_("The person"), "representative": N_("Their legal representative")}
FOLLOW_UP_METHODS = {"visit": N_("Visit"), "phone": N_("Phone call"), "other": N_("Other")}

# Law 53/2024, Art. 37(1), in its order. "dd" is the letter đ.
SUPPORT_TYPES = {
    "a": N_("a) Essential needs support"),
    "b": N_("b) Medical support"),
    "c": N_("c) Interpretation support"),
    "d": N_("d) Legal support"),
    "dd": N_("đ) Legal aid"),
    "e": N_("e) Travel cost support"),
    "g": N_("g) Psychological support"),
    "h": N_("h) General education support"),
    "i": N_("i) Vocational training, counselling and help to find employment"),
    "k": N_("k) Initial hardship allowance, loan support"),
}
# Law 66/2011/QH12, Art. 32(1): the old regime's six types, stored with their own codes.
SUPPORT_TYPES_2011 = {
    "11a": N_("a) Essential needs and travel cost support (Law 66/2011)"),
    "11b": N_("b) Medical support (Law 66/2011)"),
    "11c": N_("c) Psychological support (Law 66/2011)"),
    "11d": N_("d) Legal aid (Law 66/2011)"),
    "11dd": N_("đ) General education and vocational training support (Law 66/2011)"),
    "11e": N_("e) Initial hardship allowance, loan support (Law 66/2011)"),
}
ALL_SUPPORT_TYPES = {**SUPPORT_TYPES, **SUPPORT_TYPES_2011}


def regime_types(regime: str) -> dict[str, str]:
    """The support types of a legal regime, in the law's order."""
    return SUPPORT_TYPES_2011 if regime == "2011" else SUPPORT_TYPES


# Support that matters most for a child: offered first, with the guardian involved.
CHILD_TYPES = ("a", "b", "g", "h", "11a", "11b", "11c")


def can_move(src: str, dst: str) -> bool:
    """True when the workflow allows *src* → *dst* (closing: from any open status)."""
    if dst == CLOSED:
        return src != CLOSED
    return dst in _FORWARD.get(src, ())


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a case in *status* may move to, in the order the form offers them."""
    if status == CLOSED:
        return ()
    return (*_FORWARD.get(status, ()), CLOSED)


def reason_required(dst: str) -> bool:
    """Concluding "not a victim", closing and reopening need a written reason."""
    return dst in (NOT_VICTIM, CLOSED, REOPEN)


def status_label(code: str) -> str:
    """A status as shown (old history rows may name a status of version 0.1)."""
    return _(STATUSES.get(code) or LEGACY_STATUSES.get(code) or code)


def propose_regime(received_on: dt.date, identified_on: dt.date | None = None) -> str:
    """The legal regime from the dates: a person identified (or, until identified, received)
    before 1 July 2025 stays under the 2011 law; later ones come under the 2024 law."""
    return "2011" if (identified_on or received_on) < REFORM_DATE else "2024"


REGIMES = {"2011": N_("Law 66/2011/QH12"), "2024": N_("Law 53/2024/QH15")}

# Deadlines from the law's text: (days, counted from, provision).
# - "notified": the day the commune's notice reached the receiving authority. Law 53/2024,
#   Art. 27(2) (amended by Law 86/2025): "chậm nhất là 03 ngày" for the initial
#   verification; Law 66/2011, Art. 24(2): "trong thời hạn 03 ngày".
# - "status": the day of the case's present step. Law 66/2011, Art. 24(4): the police
#   verify within 20 days of the request.
LAW_DEADLINES: dict[tuple[str, str], tuple[int, str, str]] = {
    ("2024", RECEIVED): (3, "notified", N_("Art. 27(2), Law 53/2024/QH15")),
    ("2011", RECEIVED): (3, "notified", N_("Art. 24(2), Law 66/2011/QH12")),
    ("2011", VERIFYING): (20, "status", N_("Art. 24(4), Law 66/2011/QH12")),
}
# Values the province sets (``cases.deadline.<status>``), for the steps whose deadline the
# law's readable text does not give: the first verification of the channels other than
# Art. 27's, verification under the 2024 law after the initial check, the first support,
# the first follow-up. The defaults follow the 2011 law's days.
CONFIGURABLE_DEADLINES: dict[str, tuple[int, str]] = {
    RECEIVED: (3, "received"),  # channels other than Art. 27's: first verification
    VERIFYING: (20, "status"),
    IDENTIFIED: (7, "status"),
    REINTEGRATED: (30, "status"),
}
DEADLINE_SETTING_PREFIX = "cases.deadline."
MAX_DEADLINE_DAYS = 365
DEADLINE_STEPS = {
    RECEIVED: N_("initial verification"),
    VERIFYING: N_("conclusion of the verification"),
    IDENTIFIED: N_("first support"),
    REINTEGRATED: N_("first follow-up"),
}


def check_deadline_days(value: object) -> int:
    """A configurable deadline: a whole number of days from 1 to 365."""
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter the deadline as a whole number of days."), "days") from None
    if not 1 <= days <= MAX_DEADLINE_DAYS:
        raise ValidationError(_("A deadline is from 1 to 365 days."), "days")
    return days


def configured_days(settings: dict[str, str]) -> dict[str, int]:
    """The configurable deadlines in force: stored settings over the defaults (a stored
    value that is not a valid number of days falls back to the default)."""
    out = {}
    for status, (days, _base) in CONFIGURABLE_DEADLINES.items():
        stored = settings.get(DEADLINE_SETTING_PREFIX + status, "")
        try:
            out[status] = check_deadline_days(stored) if stored else days
        except ValidationError:
            out[status] = days
    return out


def law_deadline(regime: str, status: str, channel: str) -> tuple[int, str, str] | None:
    """The deadline the law's text sets for the step after *status*, or None. The first
    deadline runs from the commune's notice only for the channels Art. 27 governs."""
    rule = LAW_DEADLINES.get((regime, status))
    if rule is None:
        return None
    channel_rule = CHANNEL_RULES.get(channel)
    if rule[1] == "notified" and not (channel_rule and channel_rule.counted_from_notice):
        return None
    return rule


def due_date(
    regime: str,
    status: str,
    received_on: dt.date,
    status_on: dt.date,
    days: dict[str, int] | None = None,
    channel: str = "self_reported",
    notified_on: dt.date | None = None,
) -> dt.date | None:
    """When the step after *status* is due (calendar days), or None when none is set.
    *days* overrides the configurable deadlines; *notified_on* defaults to the reception."""
    law = law_deadline(regime, status, channel)
    if law is not None:
        n, base, _basis = law
    elif status in CONFIGURABLE_DEADLINES:
        n, base = CONFIGURABLE_DEADLINES[status]
        n = (days or {}).get(status, n)
    else:
        return None
    start = {"notified": notified_on or received_on, "received": received_on}.get(base, status_on)
    return start + dt.timedelta(days=n)


def is_overdue(due_on: dt.date | None, status: str, today: dt.date) -> bool:
    return due_on is not None and status != CLOSED and due_on < today


def age_at(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> int | None:
    """Whole years at *on*; from the year alone when the exact date is unknown (then the
    person may be one year younger: see ``reception_age``)."""
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - int(before_birthday)
    if birth_year is not None:
        return on.year - birth_year
    return None


@dataclass(frozen=True)
class Age:
    """The age at reception as the case records it."""

    years: int | None
    approximate: bool  # from the birth year alone, or from an estimate
    presumed_child: bool  # uncertain and possibly under 18: presumed a child

    @property
    def child(self) -> bool:
        return self.presumed_child or (self.years is not None and self.years < 18)


def reception_age(
    birth_date: dt.date | None, birth_year: int | None, estimated: bool, on: dt.date
) -> Age:
    """The age at reception from the date of birth when known, else from the year (flagged
    approximate). A person whose age is uncertain is presumed a child until it is
    established — no birth date or year at all, or an approximate age that may still be
    under 18 (a year alone, or an estimate, leaves the birthday unknown: 18 may be 17) —
    the presumption of minority child protection services apply (UNICEF Guidelines on the
    Protection of Child Victims of Trafficking), for the persons under 18 whom Law 53/2024,
    Art. 2(1), protects even without force or deception."""
    years = age_at(birth_date, birth_year, on)
    if years is None:
        return Age(None, approximate=False, presumed_child=True)
    approximate = estimated or birth_date is None
    youngest = years - 1 if approximate else years
    return Age(years, approximate, presumed_child=approximate and youngest < 18 <= years)


def is_child(age: int | None) -> bool:
    """Under 18 at reception: a trafficking victim even without force or deception."""
    return age is not None and age < 18


def offered_types(eligible: tuple[str, ...], child: bool) -> list[tuple[str, bool]]:
    """The entitled types in the order the support form offers them, each with whether it
    is a child-specific priority: for a child, CHILD_TYPES first (to be given with the
    guardian involved)."""
    if not child:
        return [(code, False) for code in eligible]
    first = [(code, True) for code in CHILD_TYPES if code in eligible]
    return first + [(code, False) for code in eligible if code not in CHILD_TYPES]


def support_label(code: str) -> str:
    return _(ALL_SUPPORT_TYPES[code]) if code in ALL_SUPPORT_TYPES else code


def check_amount(value: object) -> int:
    """A whole, non-negative number of đồng, or ValidationError."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise ValidationError(_("Enter the amount as a whole number of đồng."), "amount")
    if value < 0:
        raise ValidationError(_("An amount cannot be negative."), "amount")
    if value != int(value):
        raise ValidationError(_("An amount is a whole number of đồng, without decimals."), "amount")
    return int(value)


_GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def parse_amount(text: str) -> int:
    """Read an amount typed by an officer: "1.500.000", "1500000", "1.500.000 ₫"."""
    raw = text.strip().replace("₫", "").replace("đ", "").replace("\u00a0", " ").strip()
    if not raw:
        return 0
    if raw.startswith("-"):
        raise ValidationError(_("An amount cannot be negative."), "amount")
    if _GROUPED.match(raw):
        return int(re.sub(r"[.,\s]", "", raw))
    decimal_mark = "," if i18n.language() == "vi" else "."
    try:
        number = Decimal(raw.replace(decimal_mark, "."))
    except InvalidOperation:
        raise ValidationError(_("Enter the amount as a whole number of đồng."), "amount") from None
    return check_amount(number)
