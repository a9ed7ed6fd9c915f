"""No demonstration data in a real province, and no provincial rights on a laptop."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.core import demo
from desktop.core.db.models import DEMO_SETTING, OutreachEvent, Setting
from desktop.core.errors import KhienError, ValidationError
from desktop.core.i18n import _
from desktop.core.progress import run_job
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange
from desktop.core.sync.bundle import BundleRefused
from tests.security.conftest import OFFICER, OFFICER_PASSWORD, PASS
from tests.security.test_authority import digest


@pytest.mark.parametrize("role", [Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_ADMIN])
def test_a_laptop_is_never_enrolled_with_a_provincial_role(province, role):
    with pytest.raises(ValidationError) as caught:
        enrol.make_setup_package(
            province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
            parent_office_id=None, username="canbo.xa", full_name="Nông Thị Hoa",
            role=role.value, password="mat-khau-xa-1", passphrase=PASS,
        )  # fmt: skip
    assert caught.value.message == _(
        "A provincial role is only for accounts of the provincial office."
    )


def test_an_enrolled_laptop_cannot_make_demonstration_data(chain, capsys, monkeypatch):
    with pytest.raises(KhienError):
        run_job(demo.generate(chain.laptop, events=5, cases=1, seed=1))
    with chain.laptop.db.session() as s:
        assert s.execute(select(OutreachEvent.id)).first() is None
    chain.laptop.close()
    monkeypatch.setenv("KHIEN_PASSWORD", OFFICER_PASSWORD)
    code = cli.main(["--lang", "en", "demo", "--data-dir", str(chain.laptop.data_dir),
                     "--user", OFFICER, "--events", "5", "--cases", "1"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and "never on an enrolled laptop" in err[0]


def test_a_laptop_enrolled_by_a_demo_profile_is_refused_by_a_real_province(chain, tmp_path):
    trainer = run_job(demo.create_demo_profile(tmp_path / "demo", events=0, cases=0, seed=1))
    try:
        data = enrol.make_setup_package(
            trainer, level="commune", unit_code=6040, office_name="Xã tập huấn",
            parent_office_id=None, username="hocvien", full_name="Học Viên",
            role=Role.COMMUNE_OFFICER.value, password="mat-khau-hoc-1", passphrase=PASS,
        )  # fmt: skip
    finally:
        trainer.close()
    trainee = enrol.start_from_package(
        tmp_path / "trainee", data, PASS, "hocvien", "mat-khau-hoc-1"
    )
    with trainee.db.session() as s:
        assert s.get(Setting, DEMO_SETTING) is not None
    trainee.close()
    # A real laptop marked the same way (as a laptop enrolled by a demo profile is):
    with chain.laptop.db.session() as s:
        s.add(Setting(key=DEMO_SETTING, value="1"))
        s.add(OutreachEvent(kind="talk", title="Buổi tập huấn giả", held_on=dt.date(2026, 7, 3)))
    path = exchange.export_bundle(chain.laptop, chain.stick).path
    before = digest(chain.province)
    with pytest.raises(BundleRefused) as caught:
        exchange.import_bundle(chain.province, path)
    assert caught.value.message == _(
        "This bundle comes from a demonstration profile: its made-up records are never taken "
        "into real data."
    )
    assert digest(chain.province) == before
