"""Names stay masked everywhere: a conflict on a received person's name shows no name to a
role that may not see identity (the queue, find, versions, the record label, the
``khien conflicts`` commands), shows it to an officer who may (audited as opening the case
is), and cannot be resolved by a role that may not see it."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.core.cases import views
from desktop.core.db.base import SYNC_COLUMNS
from desktop.core.db.models import AuditEvent
from desktop.core.db.models_cases import IDENTITY_FIELDS, Person, is_identity
from desktop.core.errors import PermissionDenied
from desktop.core.i18n import _
from desktop.core.security import audit
from desktop.core.security.roles import Role, can_see_identity
from desktop.core.sync import conflicts
from tests.conftest import PASSWORD, build_once
from tests.core.outreach_helpers import as_role
from tests.sync.masking_helpers import (
    BASE_NAME,
    LAPTOP_NAME,
    PROVINCE_NAME,
    assert_no_name,
    make_laptop,
    names_in,
    person_conflict,
)

READ = "case.identity.read"
REFUSED = _("Your role may not see a person's identity, so it may not resolve a conflict on it.")


@pytest.fixture
def laptop(province, tmp_path, tmp_path_factory):
    """A copy of the laptop the first test enrolled (enrolling takes seconds)."""
    opened = build_once(
        "sync-masking-laptop", province, tmp_path, tmp_path_factory,
        lambda p, folder: {"laptop": make_laptop(p, folder / "laptop")},
    )["laptop"]  # fmt: skip
    yield opened
    opened.db.close()


@pytest.fixture
def stick(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture
def made(province, laptop, stick):
    return person_conflict(province, laptop, stick)


def _reads(p) -> int:
    with p.db.session() as s:
        return audit.count(s, READ)


def _everything(p, c: conflicts.OpenConflict) -> str:
    """All a caller gets of the conflict: the queue, find, versions and the label."""
    parts = [
        repr(conflicts.open_conflicts(p)),
        repr(conflicts.find(p, c.id[:8])),
        repr(conflicts.versions(p, c)),
        conflicts.record_label(p, c.table, c.row_id),
    ]
    return "\n".join(parts)


# -- the single rule --------------------------------------------------------------------


def test_the_case_view_and_the_list_are_one_rule():
    """The case view's Identity holds exactly the identity fields (plus the person's id,
    whether there is a photo and the status); every other column of a person is named
    here as not identity, so a new column cannot be forgotten."""
    fields = {f.name for f in dataclasses.fields(views.Identity)}
    assert fields == set(IDENTITY_FIELDS) - {"photo"} | {"person_id", "has_photo", "status"}
    assert views.IDENTITY_FIELDS is IDENTITY_FIELDS
    content = {c.key for c in Person.__table__.columns} - set(SYNC_COLUMNS) - {"updated_at"}
    derived = set(Person.__fold__) | set(Person.__sortkey__)
    assert content - derived - set(IDENTITY_FIELDS) == {"sex", "status"}
    assert is_identity("persons", "full_name") and not is_identity("persons", "sex")
    assert not is_identity("outreach_events", "title")


# -- roles that may not see identity ----------------------------------------------------


@pytest.mark.parametrize("role", [Role.STATISTICIAN, Role.PROVINCIAL_ADMIN])
def test_no_name_for_a_role_that_may_not_see_identity(province, made, role):
    assert not can_see_identity(role)
    who = as_role(province, role)
    before = _reads(province)
    [c] = conflicts.open_conflicts(who)
    assert (c.table, c.row_id, c.field) == ("persons", made.person_id, "full_name")
    assert c.masked and c.identity and c.base is None
    assert set(c.values.values()) == {None} and len(c.values) == 2
    vs = conflicts.versions(who, c)
    assert [v.value for v in vs] == [None, None] and all(v.masked for v in vs)
    assert {v.origin_name for v in vs} == {"UBND xã Thất Khê", province.node.office_name}
    assert conflicts.record_label(who, "persons", made.person_id) == made.case_code
    assert not conflicts.may_resolve(who, c)
    assert_no_name(_everything(who, c))
    assert _reads(province) == before, "nothing shown, nothing audited"


def test_a_conflict_read_by_an_officer_stays_masked_for_another_role(province, made):
    """Versions never show what the signed-in role may not see, whoever read the queue."""
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    [c] = conflicts.open_conflicts(officer)
    vs = conflicts.versions(as_role(province, Role.STATISTICIAN, "thongke"), c)
    assert all(v.masked and v.value is None for v in vs)
    assert_no_name(repr(vs))


# -- an officer who may ------------------------------------------------------------------


def test_an_officer_sees_the_names_and_the_read_is_audited(province, made):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    [c] = conflicts.open_conflicts(officer)
    assert not c.masked and c.base == BASE_NAME
    assert set(c.values.values()) == {LAPTOP_NAME, PROVINCE_NAME}
    before = _reads(province)
    vs = conflicts.versions(officer, c)
    assert {v.value for v in vs} == {LAPTOP_NAME, PROVINCE_NAME}
    assert _reads(province) == before + 1
    with province.db.session() as s:
        line = (
            s.execute(
                select(AuditEvent).where(AuditEvent.action == READ).order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )
        assert line is not None
        assert (line.actor, line.target_type, line.target_id) == ("canbo", "case", made.case_id)
        details = json.loads(line.details)
    assert details == {"code": made.case_code, "field": "full_name", "conflict": c.id}
    assert_no_name(line.details)
    # The label never names the person, whoever reads it.
    assert conflicts.record_label(officer, "persons", made.person_id) == made.case_code
    assert conflicts.may_resolve(officer, c)


def test_an_officer_resolves_it(province, made):
    officer = as_role(province, Role.PROVINCIAL_OFFICER, "canbo")
    [c] = conflicts.open_conflicts(officer)
    conflicts.resolve(officer, c.table, c.row_id, {c.field: LAPTOP_NAME})
    assert conflicts.open_conflicts(officer) == []
    with province.db.session() as s:
        person = s.get(Person, made.person_id)
        assert person is not None and person.full_name == LAPTOP_NAME


# -- resolving ---------------------------------------------------------------------------


def test_a_role_that_may_not_see_it_cannot_resolve_it(province, made):
    admin = as_role(province, Role.PROVINCIAL_ADMIN)
    [c] = conflicts.open_conflicts(admin)
    for values, keep in (({c.field: "Tên bất kỳ"}, False), ({"status": "identified"}, True)):
        with pytest.raises(PermissionDenied) as refused:
            conflicts.resolve(admin, c.table, c.row_id, values, keep_others=keep)
        assert refused.value.message == REFUSED
    with pytest.raises(PermissionDenied) as refused:
        conflicts.resolve(as_role(province, Role.STATISTICIAN), c.table, c.row_id, {c.field: "x"})
    assert refused.value.message == _("Your role may not resolve conflicts.")
    assert len(conflicts.open_conflicts(admin)) == 1
    with province.db.session() as s:
        person = s.get(Person, made.person_id)
        assert person is not None and person.full_name in (LAPTOP_NAME, PROVINCE_NAME)


# -- the khien commands -------------------------------------------------------------------


def _accounts(province) -> None:
    for username, role in (("canbo", Role.PROVINCIAL_OFFICER), ("thongke", Role.STATISTICIAN)):
        province.create_account(
            username=username, full_name=username, role=role,
            office_id=province.node.office_id or "", password=PASSWORD,
        )  # fmt: skip


def _khien(province, capsys, monkeypatch, user: str, *args: str, expect: int = 0) -> str:
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    capsys.readouterr()
    group, action, *rest = args
    argv = [group, action, "--data-dir", str(province.data_dir), "--user", user, *rest]
    code = cli.main(argv)
    out = capsys.readouterr()
    assert code == expect, (args, out.out, out.err)
    return out.out + out.err


def test_the_conflicts_commands_mask_names(province, made, capsys, monkeypatch):
    _accounts(province)

    def run(user: str, *args: str, expect: int = 0) -> str:
        return _khien(province, capsys, monkeypatch, user, *args, expect=expect)

    before = _reads(province)
    for user in ("thongke", "admin"):
        listing = run(user, "conflicts", "list")
        [line] = listing.splitlines()
        cid, table, label, field = line.split("\t")
        assert (table, label, field) == ("persons", made.case_code, "full_name")
        shown = run(user, "conflicts", "show", cid[:8])
        assert conflicts.hidden_text() in shown
        assert_no_name(listing + shown)
    assert _reads(province) == before

    refused = run("admin", "conflicts", "resolve", cid[:8], "--take", "mine", expect=1)
    assert REFUSED in refused
    assert_no_name(refused)
    assert run("canbo", "conflicts", "list") == listing  # the same line for an officer

    shown = run("canbo", "conflicts", "show", cid[:8])
    assert names_in(shown) == {BASE_NAME, LAPTOP_NAME, PROVINCE_NAME}
    assert conflicts.hidden_text() not in shown
    assert _reads(province) == before + 1
