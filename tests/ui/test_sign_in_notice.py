"""What signing in found that the administrator must know is shown over the main window:
a key file whose sign-in counters went back (someone lifted a lock by editing it)."""

from __future__ import annotations

import json

from desktop.core import profile
from desktop.core.security import keystore
from tests.core.test_keystore_store import _fail
from tests.ui.test_app_flow import _sign_in


def test_lowered_sign_in_counters_are_shown_to_the_administrator(
    qtbot, province, data_dir, launcher, tmp_path, monkeypatch
):
    monkeypatch.setattr(keystore, "SHADOW_DIR", tmp_path / "signin-state")
    province.close()
    _fail(data_dir, times=2)
    profile.open_profile(data_dir, *_admin()).close()  # the database notes the count
    path = data_dir / "keystore.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["attempts"], data["failures"] = 0, {}
    data.pop("pending_audit", None)
    path.write_text(json.dumps(data), encoding="utf-8")
    for copy in (tmp_path / "signin-state").glob("*.json"):
        copy.write_text(json.dumps({"attempts": 0, "failures": {}}), encoding="utf-8")

    launcher.start()
    _sign_in(qtbot, launcher)
    qtbot.waitUntil(lambda: launcher.main_window is not None)
    box = launcher.notice_box
    assert box is not None and box.isVisible()
    assert box.text() == profile.counters_notice_text()


def _admin() -> tuple[str, str]:
    from tests.conftest import ADMIN, PASSWORD

    return ADMIN, PASSWORD
