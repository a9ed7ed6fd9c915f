"""A received person's identity as the officer edits it after reception: other names,
ethnic group, nationality (or a stateless permanent resident), identity number, home
province and commune (any of Viet Nam's 34 provinces; the legacy unit of this province for
dates before 1 July 2025), addresses, contact, languages, guardian and a photo.

Only roles that both record cases and may see identity edit it; reading the photo is an
identity read and is audited like opening the case (``case.identity.read``).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

from sqlalchemy import select

from desktop.core import places
from desktop.core.cases import rules, service
from desktop.core.cases.service import (
    PersonInput,
    _case,
    check_birth,
    check_name,
    require_recorder,
)
from desktop.core.db.models import AdminUnit
from desktop.core.db.models_cases import Person, ReceptionCase
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.safe_files import read_regular_file
from desktop.core.security import audit
from desktop.core.security.roles import can_see_identity
from desktop.core.text import sort_key

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZE = (600, 800)  # kept small: a face to recognise, not a file to archive
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def require_identity_editor(profile: OpenProfile) -> None:
    require_recorder(profile)
    if not can_see_identity(profile.user.role):
        raise PermissionDenied(_("Your role may not see or change a person's identity."))


def home_commune_choices(profile: OpenProfile, on: dt.date | None) -> list[tuple[int, str]]:
    """This province's communes as (code, name): the legacy units (before the 1 July 2025
    reform) when *on* is before it, otherwise the current ones."""
    with profile.db.session(read=True) as s:
        return [(u.code, u.name) for u in places.communes(s, profile.node.province_code, on)]


_CITY = "Thành phố "


def province_choices(profile: OpenProfile) -> list[tuple[int, str]]:
    """Viet Nam's 34 provinces as (code, name), in Vietnamese order of the name without
    "Thành phố" (so Hà Nội sits among the H's)."""
    q = select(AdminUnit.code, AdminUnit.name).where(AdminUnit.kind == places.PROVINCE)
    with profile.db.session(read=True) as s:
        rows = [(int(code), name) for code, name in s.execute(q)]
    return sorted(rows, key=lambda row: sort_key(row[1].removeprefix(_CITY)))


def commune_choices(profile: OpenProfile, province_code: int | None) -> list[tuple[int, str]]:
    """The current communes and wards of a province as (code, name), in Vietnamese order
    (none for no province)."""
    if province_code is None:
        return []
    with profile.db.session(read=True) as s:
        return [(u.code, u.name) for u in places.communes(s, province_code)]


def check_home(
    profile: OpenProfile, province_code: int | None, commune_code: int | None
) -> int | None:
    """``service.check_home`` for the forms (before a person is received)."""
    with profile.db.session(read=True) as s:
        return service.check_home(s, province_code, commune_code)


def check_person(p: PersonInput, received_on: dt.date | None) -> None:
    """Everything a person's identity must satisfy (one ValidationError, with the field)."""
    check_name(p.full_name)
    if p.sex not in rules.SEXES:
        raise ValidationError(_("Choose the person's sex."), "sex")
    check_birth(p.birth_date, p.birth_year, received_on)
    if p.status not in rules.PERSON_STATUSES:
        raise ValidationError(_("Choose the person's status."), "status")
    if len(p.id_number.strip()) > 40:
        raise ValidationError(_("The identity or passport number is too long."), "id_number")
    if received_on is not None:
        age = rules.reception_age(p.birth_date, p.birth_year, p.birth_estimated, received_on)
        check_group(p.status, age)


def check_group(status: str, age: rules.Age | None) -> None:
    """A person under 18 accompanying someone (Law 53/2024, Art. 37(2)) is a child, or
    presumed one while the age is uncertain."""
    if status == "accompanying_minor" and age is not None and not age.child:
        raise ValidationError(
            _("A person under 18 accompanying someone cannot be 18 or older."), "status"
        )


def set_age(rc: ReceptionCase, person: Person) -> rules.Age:
    """Record on *rc* the person's age at its reception (``rules.reception_age``)."""
    age = rules.reception_age(
        person.birth_date, person.birth_year, bool(person.birth_estimated), rc.received_on
    )
    rc.age_at_reception, rc.age_approximate = age.years, age.approximate
    rc.child_presumed, rc.is_child = age.presumed_child, age.child
    return age


def update_person(profile: OpenProfile, case_id: str, p: PersonInput) -> None:
    """Replace the identity fields of the person of *case_id* (not the photo): the home
    commune must be one of the home province (which defaults to the commune's), and the
    age at reception is worked out again, with the presumption of minority."""
    require_identity_editor(profile)
    with profile.db.session() as s:
        rc = _case(s, case_id)
        check_person(p, rc.received_on)
        province = service.check_home(s, p.home_province_code, p.home_commune_code)
        row = s.get(Person, rc.person_id)
        assert row is not None
        for name, value in p.__dict__.items():
            if name == "photo":
                continue  # set_photo changes the photo
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        row.full_name = " ".join(p.full_name.split())
        row.home_province_code = province
        row.stateless_resident = bool(p.stateless_resident) and row.nationality != "VN"
        if row.birth_date is not None:
            row.birth_year = row.birth_date.year
        set_age(rc, row)


def photo_from_file(path: Path) -> str:
    """A JPEG or PNG file as the stored photo: re-encoded as a small JPEG (which also drops
    its metadata, such as where it was taken), base64 text. ValidationError otherwise."""
    data = read_regular_file(
        path,
        PHOTO_MAX_BYTES,
        not_a_file=_("Choose a JPEG or PNG photo."),
        too_large=_("A photo may be at most 10 MB."),
        unreadable=_("The file cannot be read."),
        error=ValidationError,
    )
    if not data.startswith(_IMAGE_MAGIC):
        raise ValidationError(_("Choose a JPEG or PNG photo."), "photo")
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.thumbnail(PHOTO_SIZE)
            out = io.BytesIO()
            img.convert("RGB").save(out, "JPEG", quality=85)
    except Exception:  # noqa: BLE001 - any decoding failure is the same refusal
        raise ValidationError(_("The photo cannot be read as an image."), "photo") from None
    return base64.b64encode(out.getvalue()).decode("ascii")


def set_photo(profile: OpenProfile, case_id: str, path: Path | None) -> None:
    """Store the photo of the person of *case_id* from an image file (None removes it)."""
    require_identity_editor(profile)
    encoded = photo_from_file(path) if path is not None else ""
    with profile.db.session() as s:
        rc = _case(s, case_id)
        row = s.get(Person, rc.person_id)
        assert row is not None
        row.photo = encoded


def get_photo(profile: OpenProfile, case_id: str) -> bytes | None:
    """The person's photo (JPEG bytes) for roles that may see identity, audited."""
    if not can_see_identity(profile.user.role):
        raise PermissionDenied(_("Your role may not see or change a person's identity."))
    with profile.db.session() as s:
        rc = _case(s, case_id)
        row = s.get(Person, rc.person_id)
        if row is None or not row.photo:
            return None
        audit.record(
            s, profile.node.node_id, profile.user.username, "case.identity.read", "case",
            case_id, {"code": rc.case_code, "field": "photo"},
        )  # fmt: skip
        return base64.b64decode(row.photo)
