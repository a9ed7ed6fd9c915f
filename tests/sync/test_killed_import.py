"""A process killed in the middle of an import leaves the database as it was before, and
the next import succeeds (the whole import is one transaction)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from desktop.core import profile
from desktop.core.db.models import OutreachEvent
from desktop.core.db.models_sync import Revision
from desktop.core.security.roles import Role
from desktop.core.sync import enrol, exchange

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "matkhau-123"


def _make(path: Path) -> profile.OpenProfile:
    opened, _identity = profile.create_province(
        path, province_code=20, admin_username=path.name, admin_password=PASSWORD,
        admin_full_name=path.name,
    )  # fmt: skip
    return opened


def _counts(p: profile.OpenProfile) -> tuple[int, int]:
    with p.db.session() as s:
        return (
            s.execute(select(func.count()).select_from(OutreachEvent)).scalar_one(),
            s.execute(select(func.count()).select_from(Revision)).scalar_one(),
        )


def test_killed_import_changes_nothing_and_can_be_redone(tmp_path):
    province = _make(tmp_path / "province")
    phrase = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
    package = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username="canbo", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password=PASSWORD, passphrase=phrase,
    )  # fmt: skip
    laptop = enrol.start_from_package(tmp_path / "laptop", package, phrase, "canbo", PASSWORD)
    with laptop.db.session() as s:
        for i in range(40):
            s.add(
                OutreachEvent(
                    kind="talk", title=f"Buổi nói chuyện {i}", held_on=dt.date(2026, 7, 30)
                )
            )
    stick = tmp_path / "usb"
    stick.mkdir()
    out = exchange.export_bundle(laptop, stick)
    laptop.close()
    before = _counts(province)
    province.close()
    child = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from desktop.core import profile
        from desktop.core.sync import exchange, records
        real = records.refresh_row
        seen = []
        def dying(*args, **kwargs):
            seen.append(1)
            if len(seen) == 20:
                os._exit(9)  # the power goes off in the middle of the import
            return real(*args, **kwargs)
        records.refresh_row = dying
        p = profile.open_profile(Path({str(tmp_path / "province")!r}), "province", {PASSWORD!r})
        exchange.import_bundle(p, Path({str(out.path)!r}))
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", child], cwd=ROOT, env=env, capture_output=True, timeout=120
    )
    assert run.returncode == 9, run.stderr.decode()
    again = profile.open_profile(tmp_path / "province", "province", PASSWORD)
    assert _counts(again) == before
    result = exchange.import_bundle(again, out.path)
    assert not result.already_imported and result.new_revisions == 40
    assert _counts(again)[0] == before[0] + 40
    again.close()
