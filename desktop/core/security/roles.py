"""Roles and what each may do. Each account is scoped to an office and sees that office's
area and everything below it."""

from __future__ import annotations

from enum import StrEnum

from desktop.core.i18n import N_, _


class Role(StrEnum):
    COMMUNE_OFFICER = "commune_officer"
    DISTRICT_OFFICER = "district_officer"
    PROVINCIAL_OFFICER = "provincial_officer"
    PROVINCIAL_ADMIN = "provincial_admin"
    STATISTICIAN = "statistician"


_LABELS = {
    Role.COMMUNE_OFFICER: N_("Commune officer"),
    Role.DISTRICT_OFFICER: N_("District/area officer"),
    Role.PROVINCIAL_OFFICER: N_("Provincial officer"),
    Role.PROVINCIAL_ADMIN: N_("Provincial administrator"),
    Role.STATISTICIAN: N_("Statistician (aggregates only)"),
}

# Roles that work with named persons: they may see victims' identity fields.
_IDENTITY = {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER}
# Roles that may edit reference data, offices and accounts.
_ADMIN = {Role.PROVINCIAL_ADMIN}
# Roles of the provincial office only: never given to an account of a commune or area office
# (a laptop enrolled by the province never works with provincial rights).
PROVINCIAL = {Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_ADMIN}
# Roles that may record outreach events and cases.
_RECORD = {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER}


def label(role: str) -> str:
    """The role's name in the current language."""
    return _(_LABELS[Role(role)])


def can_see_identity(role: str) -> bool:
    return Role(role) in _IDENTITY


def can_administer(role: str) -> bool:
    return Role(role) in _ADMIN


def can_record(role: str) -> bool:
    return Role(role) in _RECORD
