"""A real conflict on a received person's name between a commune laptop and the province,
and the ways a name could show in text (for the masking tests of the Conflicts queue)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from desktop.core.cases import service
from desktop.core.db.models_cases import Person, ReceptionCase
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange
from desktop.core.text import fold

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
LAPTOP_USER, LAPTOP_PASSWORD = "canbo.thatkhe", "mat-khau-tam-1"
BASE_NAME = "Nông Thị Hoà"
LAPTOP_NAME = "Lường Thị Hoà Bình"
PROVINCE_NAME = "Nông Thị Hoài Thương"
NAMES = (BASE_NAME, LAPTOP_NAME, PROVINCE_NAME)


def make_laptop(province: OpenProfile, folder: Path) -> OpenProfile:
    """A commune laptop enrolled under the province (its officer may see identity)."""
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username=LAPTOP_USER, full_name="Nông Văn Cán",
        role=Role.COMMUNE_OFFICER, password=LAPTOP_PASSWORD, passphrase=PASS,
    )  # fmt: skip
    return enrol.start_from_package(folder, data, PASS, LAPTOP_USER, LAPTOP_PASSWORD)


def _rename(p: OpenProfile, person_id: str, name: str) -> None:
    with p.db.session() as s:
        row = s.get(Person, person_id)
        assert row is not None
        row.full_name = name


@dataclass(frozen=True)
class PersonConflict:
    person_id: str
    case_id: str
    case_code: str


def person_conflict(province: OpenProfile, laptop: OpenProfile, stick: Path) -> PersonConflict:
    """The laptop receives a person and sends the case up; then the laptop and the province
    each correct the person's name differently; the laptop's next bundle makes a conflict on
    ``full_name`` at the province."""
    person = service.PersonInput(full_name=BASE_NAME, sex="female", birth_year=2001)
    case = service.CaseInput(received_on=dt.date(2026, 7, 25), channel="handed_over_border")
    case_id = service.create_case(laptop, person, case)
    exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    with province.db.session() as s:
        rc = s.get(ReceptionCase, case_id)
        assert rc is not None
        found = PersonConflict(rc.person_id, rc.id, rc.case_code)
    _rename(laptop, found.person_id, LAPTOP_NAME)
    _rename(province, found.person_id, PROVINCE_NAME)
    result = exchange.import_bundle(province, exchange.export_bundle(laptop, stick).path)
    assert result.conflicts == 1
    return found


def name_forms(name: str) -> set[str]:
    """The ways a name could show in text: composed, decomposed, folded, each word folded."""
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    return {nfc, nfd, fold(name), nfc.upper(), nfc.lower()}


def assert_no_name(text: str) -> None:
    """No form of any of the three names is in *text* (nor in its folded form)."""
    for name in NAMES:
        for form in name_forms(name):
            assert form not in text, (form, text)
        assert fold(name) not in fold(text), (name, text)


def names_in(text: str) -> set[str]:
    return {name for name in NAMES if unicodedata.normalize("NFC", name) in text}
