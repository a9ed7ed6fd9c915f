"""The administrator guide's “Reading records without Khiên” works: its commands, taken from
docs/admin-guide.md and run as they are with the real `age`, `zcat`, `python3`, `sha256sum`,
`od` (and `sqlcipher` or Python's sqlcipher3 for the database), read a real bundle exported
by an enrolled laptop, and that laptop's database, with nothing but the province's recovery
key."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.security.keystore import Keystore
from desktop.core.sync import exchange, node
from desktop.core.sync.keys import NodeKeys
from tests.conftest import build_once
from tests.sync import enrolled
from tests.sync.test_bundle_limits import _version_1

ROOT = Path(__file__).resolve().parents[2]
GUIDES = {
    ROOT / "docs" / "admin-guide.md": "### Reading records without Khiên",
    ROOT / "docs" / "huong-dan-quan-tri.md": "### Đọc dữ liệu không cần Khiên",
}
FORMAT_DOC = ROOT / "docs" / "bundle-format.md"
FENCE = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
TITLE = "Nói chuyện chuyên đề tại thôn Nà Lầu"

pytestmark = pytest.mark.skipif(
    shutil.which("age") is None,
    reason="the `age` command is not installed (Debian package age; `make test` installs it)",
)


def _blocks(path: Path, heading: str) -> list[str]:
    """The shell blocks of one section of a document."""
    text = path.read_text(encoding="utf-8")
    start = text.index(heading + "\n")
    following = re.search(r"^#{2,3} ", text[start + len(heading) :], re.M)
    end = start + len(heading) + following.start() if following else len(text)
    return FENCE.findall(text[start:end])


def _procedure() -> list[str]:
    """[the bundle's commands, the database's, the database's with Python (Debian 12)]."""
    (en_path, heading), *_rest = GUIDES.items()
    blocks = _blocks(en_path, heading)
    assert len(blocks) == 3, blocks
    return blocks


def _run(script: str, folder: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], cwd=folder, input=stdin,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def _export(province, folder: Path) -> dict:
    """Enrol a laptop, export a bundle with one event, close the laptop; what the laptop
    knows of itself goes to facts.json (the closed laptop is not handed back open)."""
    laptop = enrolled.laptop(province, folder / "laptop")
    stick = folder / "usb"
    stick.mkdir()
    try:
        event_id = enrolled.event(laptop, TITLE)
        out = exchange.export_bundle(laptop, stick)
        with laptop.db.session() as s:
            keys = node.ensure_keys(s)
    finally:
        laptop.close()
    work = folder / "work"
    work.mkdir()
    shutil.copy(out.path, work / "bundle.khb")
    facts = {"event": event_id, "node": keys.node_id, "sign_public": keys.public.sign_public,
             "sign_secret": keys.sign_secret}  # fmt: skip
    (folder / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    return {}


@pytest.fixture
def exported(province, tmp_path: Path, tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """A folder with the laptop's exported bundle and the recovery key as the guide names
    them, the laptop's (closed) data folder, and what the laptop knows of itself (the first
    test's, copied: enrolling takes seconds; each test has its own folders)."""
    build_once("recovery-read-exported", province, tmp_path, tmp_path_factory, _export)
    work = tmp_path / "work"
    (work / "recovery-key.txt").write_text(province.recovery_identity + "\n")  # type: ignore[attr-defined]
    facts = json.loads((tmp_path / "facts.json").read_text(encoding="utf-8"))
    return work, tmp_path / "laptop", facts


def _records(work: Path) -> list[dict]:
    return [json.loads(line) for line in (work / "records.jsonl").read_text("utf-8").splitlines()]


def test_both_guides_show_the_same_commands() -> None:
    found = [_blocks(path, heading) for path, heading in GUIDES.items()]
    assert found[0] == found[1] and len(found[0]) == 3


def test_a_bundle_is_read_with_the_recovery_key_and_standard_tools(exported) -> None:
    work, _data, facts = exported
    done = _run(_procedure()[0], work)
    manifest = json.loads((work / "manifest.json").read_text("utf-8"))
    assert manifest["origin_node"] == facts["node"] and manifest["format_version"] == "2.0"
    assert manifest["payload_sha256"] in done.stdout  # sha256sum agrees with the manifest
    assert manifest["counts"]["outreach_events"] == 1
    records = _records(work)
    event = [r for r in records if r["id"] == facts["event"]]
    assert event and event[0]["table"] == "outreach_events"
    assert event[0]["content"]["title"] == TITLE
    assert any(r["table"] == "audit_events" for r in records)  # the audit log travels too
    assert len((work / "signature.bin").read_bytes()) == 64


def test_a_format_1_bundle_is_read_the_same_way(exported, province) -> None:
    work, _data, facts = exported
    _run(_procedure()[0], work)
    manifest = json.loads((work / "manifest.json").read_text("utf-8"))
    records = _records(work)
    keys = NodeKeys(facts["node"], facts["sign_secret"], "")
    recovery = str(province.keystore.data["recovery"]["recipient"])
    old = work / "old"
    old.mkdir()
    (old / "bundle.khb").write_bytes(_version_1(manifest, records, keys, [recovery]))
    shutil.copy(work / "recovery-key.txt", old)
    _run(_procedure()[0], old)
    assert _records(old) == records


@pytest.mark.skipif(
    shutil.which("openssl") is None, reason="the `openssl` command is not installed"
)
def test_the_signature_is_checked_with_openssl(exported) -> None:
    work, _data, facts = exported
    _run(_procedure()[0], work)
    [check] = _blocks(FORMAT_DOC, "### Checking a bundle without Khiên")
    (work / "sender.hex").write_text(facts["sign_public"] + "\n")
    assert "Verified Successfully" in _run(check, work).stdout
    (work / "manifest.json").write_bytes((work / "manifest.json").read_bytes().replace(b"2", b"3"))
    failed = subprocess.run(["bash", "-c", check], cwd=work, capture_output=True, check=False)
    assert failed.returncode != 0


def _database_folder(work: Path, data_dir: Path) -> None:
    for name in ("khien.db", "khien.db-wal", "keystore.json"):
        if (data_dir / name).exists():
            shutil.copy(data_dir / name, work / name)


def _sqlcipher_major() -> int:
    if shutil.which("sqlcipher") is None:
        return 0
    done = subprocess.run(["sqlcipher", ":memory:", "PRAGMA cipher_version;"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    found = re.match(r"\s*(\d+)\.", done.stdout)
    return int(found.group(1)) if found else 0


def test_the_database_key_is_recovered_and_python_reads_the_database(exported) -> None:
    """The guide's database steps up to the key, then its Debian 12 alternative (Python's
    sqlcipher3, here the one installed with Khiên's own dependencies: no download)."""
    work, data_dir, _facts = exported
    _database_folder(work, data_dir)
    steps = _procedure()[1].strip().splitlines()
    assert steps[-1] == "sqlcipher -init open.sql khien.db"
    _run("\n".join(steps[:-1]), work)
    assert re.fullmatch(r"[0-9a-f]{64}", (work / "key.hex").read_text())
    python = _procedure()[2].strip().splitlines()
    assert python[0] == "python3 -m venv sq && sq/bin/pip install sqlcipher3"
    done = _run(python[1].replace("sq/bin/python", sys.executable, 1), work)
    assert TITLE in done.stdout


@pytest.mark.skipif(
    _sqlcipher_major() < 4,
    reason="no SQLCipher 4 `sqlcipher` command (Debian 12's package is SQLCipher 3, which "
    "cannot open Khiên's databases; the guide gives Python's sqlcipher3 for it)",
)
def test_the_sqlcipher_command_reads_the_database(exported) -> None:
    work, data_dir, _facts = exported
    _database_folder(work, data_dir)
    done = _run(_procedure()[1], work, stdin=".tables\nSELECT title FROM outreach_events;\n")
    assert "outreach_events" in done.stdout and TITLE in done.stdout


def test_the_recovery_key_opens_the_profile_it_wraps(exported, province) -> None:
    """What the guide reads by hand is what Khiên itself unwraps with the key."""
    work, data_dir, _facts = exported
    _database_folder(work, data_dir)
    steps = _procedure()[1].strip().splitlines()
    _run("\n".join(steps[:-1]), work)
    store = Keystore.load(data_dir / "keystore.json")
    key = store.recover_key(province.recovery_identity)  # type: ignore[attr-defined]
    assert (work / "key.hex").read_text() == key.hex()
