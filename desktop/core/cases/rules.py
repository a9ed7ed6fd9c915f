"""The rules of a reception case, with no database: statuses and the transitions allowed
between them, deadlines, the legal regime, support types and who may receive them, ages.

Sources (DOMAIN.md "Victims and cases"): Law 66/2011/QH12 to 30 June 2025 and Law
53/2024/QH15 from 1 July 2025 (support types lettered as in art. 37). Only the initial
verification deadline (3 days from reception) is taken from the law as recorded; the other
step deadlines are unconfirmed reference values: defaults here, stored as settings that an
administrator may change (``CONFIGURABLE_DEADLINES``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from desktop.core import i18n
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.places import REFORM_DATE

RECEIVED = "received"
VERIFYING = "verifying"
IDENTIFIED = "identified"
NOT_VICTIM = "not_victim"
SUPPORTED = "supported"
REFERRED = "referred"
REINTEGRATED = "reintegrated"
FOLLOWED_UP = "followed_up"
CLOSED = "closed"

STATUSES = {
    RECEIVED: N_("Received"),
    VERIFYING: N_("Under verification"),
    IDENTIFIED: N_("Identified as victim"),
    NOT_VICTIM: N_("Not a victim"),
    SUPPORTED: N_("Supported"),
    REFERRED: N_("Referred"),
    REINTEGRATED: N_("Reintegrated"),
    FOLLOWED_UP: N_("Followed up"),
    CLOSED: N_("Closed"),
}

# Forward moves; closing is allowed from every open status, reopening from closed only.
_FORWARD = {
    RECEIVED: (VERIFYING,),
    VERIFYING: (IDENTIFIED, NOT_VICTIM),
    IDENTIFIED: (SUPPORTED, REFERRED),
    SUPPORTED: (REFERRED, REINTEGRATED),
    REFERRED: (REINTEGRATED, FOLLOWED_UP),
    REINTEGRATED: (FOLLOWED_UP,),
    FOLLOWED_UP: (),
    NOT_VICTIM: (),
    CLOSED: (),
}
ACTIONS = {
    VERIFYING: N_("Start verification"),
    IDENTIFIED: N_("Identify as victim"),
    NOT_VICTIM: N_("Conclude: not a victim"),
    SUPPORTED: N_("Support given"),
    REFERRED: N_("Refer"),
    REINTEGRATED: N_("Reintegrated"),
    FOLLOWED_UP: N_("Followed up"),
    CLOSED: N_("Close the case"),
}
REOPEN = "reopen"

CLOSURE_REASONS = {
    "reintegrated": N_("Reintegrated in the community"),
    "not_victim": N_("Not a victim"),
    "refused": N_("Refused further support"),
    "moved_away": N_("Moved away or lost contact"),
    "transferred": N_("Transferred to another province"),
    "deceased": N_("Deceased"),
    "other": N_("Other reason"),
}

CHANNELS = {
    "handed_over_border": N_("Handed over at a border gate"),
    "self_reported": N_("Self-reported"),
    "rescued": N_("Rescued"),
    "mission_abroad": N_("Returned through a mission abroad"),
    "family_hotline": N_("Reported by family or hotline 111"),
}
SEXES = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other")}
PERSON_STATUSES = {
    "under_verification": N_("Person under verification"),
    "identified_victim": N_("Identified victim"),
    "accompanying_minor": N_("Minor accompanying a victim"),
    "not_victim": N_("Not a victim"),
}
EXPLOITATION = {
    "forced_marriage": N_("Forced marriage"),
    "sexual": N_("Sexual exploitation"),
    "labour": N_("Forced labour"),
    "surrogacy": N_("Surrogacy or sale of a child"),
    "organs": N_("Removal of organs"),
    "other": N_("Other"),
}

# 2024 law, art. 37. "dd" is the letter đ.
SUPPORT_TYPES = {
    "a": N_("a) Essential needs"),
    "b": N_("b) Medical support"),
    "c": N_("c) Interpretation"),
    "d": N_("d) Legal counselling"),
    "dd": N_("đ) Legal aid"),
    "e": N_("e) Travel costs"),
    "g": N_("g) Psychological support"),
    "h": N_("h) General education"),
    "i": N_("i) Vocational training, counselling and job placement"),
    "k": N_("k) Initial hardship allowance and loans"),
}
_ALL = tuple(SUPPORT_TYPES)
# Support that matters most for a child: offered first, with the guardian involved.
CHILD_TYPES = ("a", "b", "g", "h")


def can_move(src: str, dst: str) -> bool:
    """True when the workflow allows *src* → *dst* (closing: from any open status)."""
    if dst == CLOSED:
        return src != CLOSED
    return dst in _FORWARD.get(src, ())


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a case in *status* may move to, in the order the form offers them."""
    if status == CLOSED:
        return ()
    return (*_FORWARD[status], CLOSED)


def reason_required(dst: str) -> bool:
    """Concluding "not a victim", closing and reopening need a written reason."""
    return dst in (NOT_VICTIM, CLOSED, REOPEN)


def propose_regime(received_on: dt.date, identified_on: dt.date | None = None) -> str:
    """The legal regime from the dates: a person identified (or, until identified, received)
    before 1 July 2025 stays under the 2011 law; later ones come under the 2024 law."""
    return "2011" if (identified_on or received_on) < REFORM_DATE else "2024"


REGIMES = {"2011": N_("Law 66/2011/QH12"), "2024": N_("Law 53/2024/QH15")}

# Days allowed for the step that follows each status: (days, counted from).
# From the law (both regimes): initial verification within 3 days of reception. Fixed.
LAW_DEADLINES: dict[str, tuple[int, str]] = {
    RECEIVED: (3, "received"),
    VERIFYING: (3, "received"),
}
# NOT from the law as recorded: reference values the province has not confirmed. They are
# defaults, stored as settings (``cases.deadline.<status>``) that an administrator edits in
# the cases section's "Responsible agencies and deadlines" dialog.
CONFIGURABLE_DEADLINES: dict[str, tuple[int, str]] = {
    IDENTIFIED: (7, "status"),
    REINTEGRATED: (30, "status"),
}
DEADLINE_SETTING_PREFIX = "cases.deadline."
MAX_DEADLINE_DAYS = 365
DEADLINE_STEPS = {
    RECEIVED: N_("initial verification"),
    VERIFYING: N_("initial verification"),
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


def due_date(
    regime: str,
    status: str,
    received_on: dt.date,
    status_on: dt.date,
    days: dict[str, int] | None = None,
) -> dt.date | None:
    """When the step after *status* is due (calendar days), or None when none is set.
    *days* overrides the configurable deadlines (both regimes use the same table)."""
    del regime  # the recorded deadlines do not differ between the two laws
    if status in LAW_DEADLINES:
        n, base = LAW_DEADLINES[status]
    elif status in CONFIGURABLE_DEADLINES:
        n, base = CONFIGURABLE_DEADLINES[status]
        n = (days or {}).get(status, n)
    else:
        return None
    return (received_on if base == "received" else status_on) + dt.timedelta(days=n)


def is_overdue(due_on: dt.date | None, status: str, today: dt.date) -> bool:
    return due_on is not None and status != CLOSED and due_on < today


def age_at(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> int | None:
    """Whole years at *on*; from the year alone when the exact date is unknown."""
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - int(before_birthday)
    if birth_year is not None:
        return on.year - birth_year
    return None


def is_child(age: int | None) -> bool:
    """Under 18 at reception: a trafficking victim even without force or deception."""
    return age is not None and age < 18


def eligible_types(
    person_status: str, nationality: str = "VN", abroad: bool = False
) -> tuple[str, ...]:
    """The support types the person's group is entitled to (DOMAIN.md)."""
    if person_status == "not_victim":
        return ()
    if nationality and nationality.upper() != "VN":
        return ("a", "b", "c", "d", "dd", "g")
    if person_status == "identified_victim":
        return _ALL
    if person_status == "accompanying_minor":
        return _ALL[: _ALL.index("h") + 1]
    if abroad:
        return ("a", "b", "c", "d")
    return _ALL[: _ALL.index("g") + 1]


def offered_types(eligible: tuple[str, ...], child: bool) -> list[tuple[str, bool]]:
    """The entitled types in the order the support form offers them, each with whether it
    is a child-specific priority: for a child, CHILD_TYPES first (to be given with the
    guardian involved)."""
    if not child:
        return [(code, False) for code in eligible]
    first = [(code, True) for code in CHILD_TYPES if code in eligible]
    return first + [(code, False) for code in eligible if code not in CHILD_TYPES]


def support_label(code: str) -> str:
    return _(SUPPORT_TYPES[code])


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
