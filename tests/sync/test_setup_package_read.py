"""docs/bundle-format.md's way of opening a setup package without Khiên works: its shell
block, run as it is (the passphrase typed on standard input, Python with argon2-cffi and
cryptography — here the interpreter Khiên runs in, which has both), turns a real package into
the JSON that Khiên itself reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.core.security.roles import Role
from desktop.core.sync import enrol
from tests.sync.test_recovery_read import FORMAT_DOC, _blocks

PASS = "ab2c-de3f-gh4j-km5n-pq6r-st7u"


def test_the_documented_commands_open_a_setup_package(province, tmp_path: Path) -> None:
    (block,) = _blocks(FORMAT_DOC, "### The sealed file")
    first, *steps = block.strip().splitlines()
    assert first == "python3 -m venv kh && kh/bin/pip install argon2-cffi cryptography"
    script = "\n".join(steps).replace("kh/bin/python", sys.executable, 1)
    data = enrol.make_setup_package(
        province, level="commune", unit_code=6040, office_name="UBND xã Thất Khê",
        parent_office_id=None, username="canbo.thatkhe", full_name="Nông Thị Hoa",
        role=Role.COMMUNE_OFFICER, password="mat-khau-tam-1", passphrase=PASS,
    )  # fmt: skip
    (tmp_path / "package.khs").write_bytes(data)
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, input=PASS + "\n",
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    package = json.loads((tmp_path / "package.json").read_text("utf-8"))
    assert package["format"] == "khien-setup" and package["first_account"] == "canbo.thatkhe"
    assert package == enrol._read(data, PASS)
    # The wrong passphrase opens nothing.
    wrong = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, input="not-it\n",
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert wrong.returncode != 0 and "InvalidTag" in wrong.stderr
