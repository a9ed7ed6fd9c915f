"""Values the province's own checks would refuse cannot arrive in a bundle either (issue
13, point 1): the insider switches the laptop's value checks off (Python against its
profile), writes rows the rules refuse, and exports normally; the province refuses the whole
bundle, names the row, and flags the laptop."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from desktop.core import validation
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_cases import Person
from desktop.core.db.syncmeta import SyncSession
from desktop.core.i18n import _
from desktop.core.sync import exchange
from tests.security.test_authority import refused


@contextmanager
def checks_off():
    event.remove(SyncSession, "before_flush", validation.check_session)
    try:
        yield
    finally:
        event.listen(SyncSession, "before_flush", validation.check_session, insert=True)


@pytest.mark.parametrize(
    "values",
    [
        {"title": "Chuông\x07 và ESC\x1b[2J"},
        {"held_on": dt.date(1, 1, 1)},
        {"commune_code": 70},  # a ward of Hà Nội
        {"kind": "not_a_kind"},
        {"audience_total": 10**15},
    ],
)
def test_a_bad_value_in_a_bundle_refuses_it_whole_and_names_the_row(chain, values):
    row = {"kind": "talk", "title": "Nói chuyện", "held_on": dt.date(2025, 9, 2), **values}
    with checks_off(), chain.laptop.db.session() as s:
        ev = OutreachEvent(**row)
        s.add(ev)
    message = refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)
    assert ev.id[:8] in message and _("an outreach event") in message
    with chain.province.db.session() as s:
        assert s.get(OutreachEvent, ev.id) is None


def test_a_person_with_a_ten_thousand_character_name_never_reaches_the_province(chain):
    with checks_off(), chain.laptop.db.session() as s:
        s.add(Person(full_name="Á" * 10_000, sex="female"))
    refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)


def test_good_values_still_travel(chain):
    with chain.laptop.db.session() as s:
        ev = OutreachEvent(kind="talk", title="Nói chuyện", held_on=dt.date(2025, 9, 2),
                           commune_code=6040)  # fmt: skip
        s.add(ev)
    exchange.import_bundle(chain.province, exchange.export_bundle(chain.laptop, chain.stick).path)
    with chain.province.db.session() as s:
        assert s.get(OutreachEvent, ev.id).commune_code == 6040
