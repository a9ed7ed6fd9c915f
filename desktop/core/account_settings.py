"""The settings each officer keeps for themselves in the profile: who signs the reports
(name, title, the "on behalf of" line), the small-count threshold and whether "Hide small
counts" starts ticked, the text size and the theme.

They live in the profile's local ``Setting`` table (not synced: they are this officer's
habits on this laptop), one row per account, ``account.<account id>.settings``, a JSON
object. ``save`` refuses a bad value with one sentence about its field and changes nothing;
``load`` never fails: a stored value that cannot be read, or a field that would be refused,
is taken as its default (the rest is kept).

The signer fields are defaults for the periodic and campaign reports only
(``reports.service.load_header`` takes them when the office's saved header has none): the
records and the summary of a case are signed by the officer who prints them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from typing import Any

from desktop.core import profile
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.profile import OpenProfile
from desktop.core.reports.kinds import MAX_SUPPRESSION

THEMES = {"light": N_("Light"), "high_contrast": N_("High contrast (black, white, yellow)")}
TEXT_SIZES = (100, 115, 130, 150)  # per cent of the usual text size
MAX_NAME = 200
MIN_SUPPRESSION = 2  # "under 1" hides nothing: 0 (none of one's own) or 2…MAX_SUPPRESSION
NAME_FIELDS = ("signer_name", "signer_title", "signer_authority")


@dataclass(frozen=True)
class AccountSettings:
    signer_name: str = ""
    signer_title: str = ""
    signer_authority: str = ""  # "KT. TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN"…
    # The threshold the report form offers; 0: none of one's own (the office's last one).
    suppress_below: int = 0
    hide_small_counts: bool = False  # "Hide small counts" ticked when the form opens
    text_size: int = 100
    theme: str = "light"


DEFAULTS = AccountSettings()


def setting_key(account_id: str) -> str:
    return f"account.{account_id}.settings"


def _name_refusal(name: str) -> str:
    if name == "signer_name":
        return _("The signer's name is at most {n} characters.")
    if name == "signer_title":
        return _("The signer's title is at most {n} characters.")
    return _("The “on behalf of” line is at most {n} characters.")


def check_field(name: str, value: Any) -> None:
    """Refuse *value* for the setting *name* with one sentence (``ValidationError`` with
    the field's name)."""
    if name in NAME_FIELDS:
        if not isinstance(value, str):
            raise ValidationError(_name_refusal(name).format(n=MAX_NAME), name)
        if len(_tidy(value)) > MAX_NAME:
            raise ValidationError(_name_refusal(name).format(n=MAX_NAME), name)
    elif name == "suppress_below":
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or not (value == 0 or MIN_SUPPRESSION <= value <= MAX_SUPPRESSION):
            raise ValidationError(
                _("The small-count threshold is 0 (none) or from {low} to {high}.").format(
                    low=MIN_SUPPRESSION, high=MAX_SUPPRESSION
                ),
                name,
            )
    elif name == "hide_small_counts":
        if not isinstance(value, bool):
            raise ValidationError(_("Say whether small counts are hidden."), name)
    elif name == "text_size":
        if isinstance(value, bool) or value not in TEXT_SIZES:
            raise ValidationError(
                _("The text size is one of {sizes} per cent.").format(
                    sizes=", ".join(str(s) for s in TEXT_SIZES)
                ),
                name,
            )
    elif name == "theme":
        if value not in THEMES:
            raise ValidationError(_("Choose the light or the high-contrast theme."), name)
    else:
        raise ValidationError(_("Unknown setting: {name}.").format(name=name), name)


def check(settings: AccountSettings) -> None:
    """Refuse the first value that cannot be kept, with one sentence."""
    for f in dataclasses.fields(AccountSettings):
        check_field(f.name, getattr(settings, f.name))


def _tidy(text: str) -> str:
    return " ".join(text.split())


def tidy(settings: AccountSettings) -> AccountSettings:
    """The settings as they are kept: the names' spaces collapsed."""
    tidied: dict[str, Any] = {name: _tidy(getattr(settings, name)) for name in NAME_FIELDS}
    return dataclasses.replace(settings, **tidied)


def _parse(raw: str) -> AccountSettings:
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return DEFAULTS
    if not isinstance(data, dict):
        return DEFAULTS
    values: dict[str, Any] = {}
    for f in dataclasses.fields(AccountSettings):
        if f.name not in data:
            continue
        got = data[f.name]
        try:
            check_field(f.name, got)
        except ValidationError:
            continue  # this field is taken as its default
        values[f.name] = _tidy(got) if f.name in NAME_FIELDS else got
    return AccountSettings(**values)


def load(opened: OpenProfile, account_id: str | None = None) -> AccountSettings:
    """The settings of *account_id* (the signed-in account's by default)."""
    key = setting_key(account_id or opened.user.account_id)
    return _parse(profile.get_setting(opened, key, ""))


def save(opened: OpenProfile, settings: AccountSettings) -> AccountSettings:
    """Keep *settings* for the signed-in account; returns them as kept. A refusal is one
    sentence about its field and changes nothing."""
    check(settings)
    kept = tidy(settings)
    profile.set_setting(
        opened, setting_key(opened.user.account_id), json.dumps(asdict(kept), ensure_ascii=False)
    )
    return kept
