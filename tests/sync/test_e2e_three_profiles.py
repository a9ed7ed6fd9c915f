"""Done means (issue 5): three fresh profiles — province, area (district) office, commune —
and a folder standing in for the USB stick, driven only through the ``khien`` commands.

A commune's week of work reaches the province through the area office (and directly: it is
stored once), the receipts come back down, a concurrent edit shows up as a conflict and is
resolved, every bad bundle is refused without a trace, and the bytes on the stick name no
person and no place.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
from pathlib import Path

from sqlalchemy import text

from desktop import cli
from desktop.core import profile
from desktop.core.db import migrate
from desktop.core.db.engine import open_engine
from desktop.core.security.keystore import Keystore
from desktop.core.sync import bundle
from desktop.core.sync.keys import NodeKeys
from desktop.core.text import fold
from tests.table_digest import table_digest

PROVINCE_PASS = "matkhau-tinh-1"
AREA_PASS = "matkhau-khuvuc-1"
COMMUNE_PASS = "matkhau-xa-1234"
PHRASE = "ab2c-de3f-gh4j-km5n-pq6r-st7u"
AREA = "Phòng Khu vực Tràng Định"
COMMUNE = "UBND xã Thất Khê"
PERSON = "Nông Thị Hoà"
VILLAGE = "Nà Lầu"


class Khien:
    """Runs ``khien`` commands in this process, as one officer of one profile."""

    def __init__(self, capsys, monkeypatch, folder: Path, user: str, password: str) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch
        self.folder, self.user, self.password = folder, user, password

    def run(self, *args: str, expect: int = 0) -> str:
        self.monkeypatch.setenv("KHIEN_PASSWORD", self.password)
        self.capsys.readouterr()
        code = cli.main([*args[:1], "--data-dir", str(self.folder), "--user", self.user, *args[1:]])
        out = self.capsys.readouterr()
        assert code == expect, (args, out.out, out.err)
        self.err = out.err
        return out.out

    def run2(self, group: str, action: str, *args: str, expect: int = 0) -> str:
        """A command with an action word (``bundle export``, ``conflicts list``…)."""
        self.monkeypatch.setenv("KHIEN_PASSWORD", self.password)
        self.capsys.readouterr()
        code = cli.main([group, action, "--data-dir", str(self.folder), "--user", self.user, *args])
        out = self.capsys.readouterr()
        assert code == expect, (group, action, args, out.out, out.err)
        self.err = out.err
        return out.out

    def export(self, stick: Path) -> Path:
        before = set(stick.glob("*.khb"))
        self.run2("bundle", "export", "--out", str(stick))
        [made] = set(stick.glob("*.khb")) - before
        return made

    def receipt(self, stick: Path, for_whom: str) -> Path:
        before = set(stick.glob("*.khb"))
        self.run2("bundle", "receipt", "--for", for_whom, "--out", str(stick))
        [made] = set(stick.glob("*.khb")) - before
        return made

    def imports(self, *paths: Path, expect: int = 0) -> list[str]:
        return self.run2("bundle", "import", *map(str, paths), expect=expect).splitlines()

    # -- reading the database without writing to it (no sign-in line) --------------

    def _engine(self):
        key = Keystore.load(profile.keystore_path(self.folder)).unlock(self.user, self.password)
        return open_engine(profile.db_path(self.folder), key)

    def dump(self) -> str:
        """Every table's rows, but the sign-in and sign-out lines each command adds, and
        the record of refused imports (an audit line, the sender's flag)."""
        engine = self._engine()
        try:
            with engine.connect() as c:
                return table_digest(
                    c,
                    {
                        "audit_events": " WHERE action NOT IN ('login', 'logout', 'bundle.refused')",
                        "settings": " WHERE key != 'sync.flags'",
                    },
                )
        finally:
            engine.dispose()

    def keys(self) -> NodeKeys:
        engine = self._engine()
        try:
            with engine.connect() as c:
                nid = c.execute(text("SELECT node_id FROM node_state")).scalar_one()
                sign, age = c.execute(text("SELECT sign_secret, age_identity FROM node_keys")).one()
            return NodeKeys(nid, sign, age)
        finally:
            engine.dispose()

    def scalar(self, sql: str, **params):
        engine = self._engine()
        try:
            with engine.connect() as c:
                return c.execute(text(sql), params).scalar()
        finally:
            engine.dispose()


def _counts(line: str) -> tuple[int, int]:
    """New revisions and conflicts from an import's report line (in either language)."""
    new, conflicts = (int(n) for n in re.findall(r"\d+", line.split(".khb: ", 1)[1]))
    return new, conflicts


def _manifest(origin: str, **over) -> dict:
    m = {
        "kind": "changes", "bundle_id": "00000000-0000-4000-8000-00000000000" + str(len(over)),
        "origin_node": origin, "province_code": 20, "schema_revision": migrate.head_revision(),
        "app_version": "1.0", "author": "x", "created": "2026-07-30T08:00:00", "seq": 99,
        "prev_hash": "", "change_range": [0, 1], "acks": {}, "counts": {"outreach_events": 1},
    }  # fmt: skip
    m.update(over)
    return m


def _record(**content) -> dict:
    return {
        "table": "outreach_events", "id": "11111111-2222-4333-8444-555555555555",
        "rev": "a" * 64, "parents": [], "hlc": "0000000000001-00000-aaaaaaaa",
        "origin_node": "x", "content": {"title": "Giả mạo", **content},
    }  # fmt: skip


def _mismatched_payload(signer: NodeKeys, recipient: str) -> bytes:
    """A valid signature over a manifest whose payload hash is not the payload's."""
    good = b'{"table":"outreach_events"}\n'
    manifest = _manifest(signer.node_id, format=bundle.FORMAT,
                         format_version=bundle.FORMAT_VERSION,
                         payload_sha256=hashlib.sha256(good).hexdigest())  # fmt: skip
    mb = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()
    other = b'{"table":"outreach_events","evil":1}\n'

    def section(data: bytes) -> bytes:
        return struct.pack(">Q", len(data)) + data

    inner = bundle.MAGIC + section(mb) + section(signer.sign(mb)) + section(other)
    import pyrage

    return bytes(pyrage.encrypt(inner, [pyrage.x25519.Recipient.from_str(recipient)]))


def _forms(word: str) -> list[bytes]:
    """The ways a name could show in bytes: UTF-8 composed and decomposed, folded, UTF-16."""
    nfc, nfd = unicodedata.normalize("NFC", word), unicodedata.normalize("NFD", word)
    out = {nfc.encode(), nfd.encode(), fold(word).encode(), nfc.encode("utf-16-le")}
    out.add(word.upper().encode())
    return sorted(out)


def test_a_week_of_work_through_the_area_office(tmp_path, capsys, monkeypatch):
    stick = tmp_path / "usb"
    stick.mkdir()
    monkeypatch.setenv("KHIEN_SETUP_PASSPHRASE", PHRASE)
    prov = Khien(capsys, monkeypatch, tmp_path / "province", "quantri", PROVINCE_PASS)
    area = Khien(capsys, monkeypatch, tmp_path / "area", "canbo.khuvuc", AREA_PASS)
    xa = Khien(capsys, monkeypatch, tmp_path / "commune", "canbo.xa", COMMUNE_PASS)

    # -- three fresh profiles --------------------------------------------------------
    prov.run("init", "--unit", "20", "--admin", "quantri",
             "--recovery-out", str(tmp_path / "recovery.txt"))  # fmt: skip
    monkeypatch.setenv("KHIEN_FIRST_PASSWORD", AREA_PASS)
    prov.run("enrol", "--level", "area", "--office-name", AREA, "--area-codes", "6040,6046",
             "--admin", "canbo.khuvuc", "--full-name", "Hoàng Văn Khu",
             "--out", str(tmp_path / "khuvuc.khs"))  # fmt: skip
    monkeypatch.setenv("KHIEN_FIRST_PASSWORD", COMMUNE_PASS)
    prov.run("enrol", "--unit", "6040", "--parent", AREA, "--office-name", COMMUNE,
             "--admin", "canbo.xa", "--full-name", "Lương Văn Xã",
             "--out", str(tmp_path / "xa.khs"))  # fmt: skip
    area.run("init", "--setup-package", str(tmp_path / "khuvuc.khs"))
    xa.run("init", "--setup-package", str(tmp_path / "xa.khs"))
    nodes = prov.run2("bundle", "nodes").splitlines()
    assert sorted(line.split("\t")[2] for line in nodes if "\t" in line) == sorted([AREA, COMMUNE])
    # The area office hears of the commune enrolled under it in the province's receipt.
    area.imports(prov.receipt(stick, AREA))
    assert COMMUNE in area.run2("bundle", "nodes")

    # -- a week of work on the commune laptop ------------------------------------------
    events = [
        xa.run2("record", "event", "--kind", "talk", "--title", f"Nói chuyện tại thôn {VILLAGE}",
               "--date", "2026-07-2" + str(n), "--commune", "6040", "--village", VILLAGE,
               "--audience", str(40 + n)).strip()
        for n in range(3)
    ]  # fmt: skip
    case = xa.run2("record", "case", "--name", PERSON, "--sex", "female", "--born", "2001",
                  "--received", "25/07/2026", "--commune", "6040").strip()  # fmt: skip
    assert len(set(events)) == 3 and case
    week = xa.export(stick)

    # -- through the area office to the province --------------------------------------
    [line] = area.imports(week)
    new, conflicts = _counts(line)
    assert new >= 5 and conflicts == 0
    assert VILLAGE in area.run("search", VILLAGE)  # the area office sees its communes' data
    relayed = area.export(stick)
    first, second = prov.imports(relayed, week)  # both roads, in one pile
    assert _counts(first)[0] >= 5
    assert _counts(second) == (0, 0)  # already came through the area office
    stats = json.loads(prov.run("stats", "--json"))
    assert (stats["events"]["total"], stats["cases"]["total"]) == (3, 1)
    assert prov.scalar("SELECT count(*) FROM revisions WHERE row_id = :r", r=events[0]) == 1
    chains = prov.run("audit").splitlines()
    assert len(chains) == 3 and all("BROKEN" not in c and "HỎNG" not in c for c in chains)

    # -- receipts back down ------------------------------------------------------------
    xa.imports(area.receipt(stick, COMMUNE))
    area.imports(prov.receipt(stick, AREA))
    assert xa.scalar("SELECT min(acked_seq) FROM peers") == 0  # the province sent none…
    assert xa.scalar("SELECT max(acked_seq) FROM peers") > 0  # …the area office did
    nothing = xa.export(stick)
    held = bundle.open_bundle(
        nothing.read_bytes(), area.keys().age_identity, lambda _n: xa.keys().public,
        province_code=20, known_schema=migrate.is_known_revision,
    ).records  # fmt: skip
    assert {r["table"] for r in held} <= {"audit_events"}  # nothing but new audit lines
    assert len(held) < 10
    [line] = area.imports(nothing)
    assert _counts(line) == (0, 0)

    # -- a concurrent edit, a conflict, a resolution -----------------------------------
    xa.run2("record", "event", "--id", events[0], "--title", "Nói chuyện về Luật 53/2024")
    area.run2("record", "event", "--id", events[0], "--title", "Tọa đàm phòng, chống mua bán người")
    [line] = area.imports(xa.export(stick))
    assert _counts(line) == (1, 1)
    [conflict] = area.run2("conflicts", "list").splitlines()
    cid = conflict.split("\t")[0]
    assert conflict.split("\t")[3] == "title"
    shown = area.run2("conflicts", "show", cid[:8])
    assert "Nói chuyện về Luật 53/2024" in shown and "Tọa đàm phòng" in shown
    area.run2("conflicts", "resolve", cid[:8], "--take", "theirs")
    assert area.run2("conflicts", "list") == ""
    prov.imports(area.export(stick))
    xa.imports(area.receipt(stick, COMMUNE))
    for office in (prov, area, xa):
        title = office.scalar("SELECT title FROM outreach_events WHERE id = :i", i=events[0])
        assert title == "Nói chuyện về Luật 53/2024"
        assert office.scalar("SELECT count(*) FROM conflicts WHERE resolved_rev IS NULL") == 0

    # -- every bad bundle is refused without a trace -----------------------------------
    commune_keys, province_keys = xa.keys(), prov.keys()
    to_province = province_keys.public.age_recipient
    good = xa.export(stick)
    newer = xa.export(stick)
    prov.imports(newer)
    raw = good.read_bytes()
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0x01
    stranger = NodeKeys.generate("99999999-9999-4999-8999-999999999999")
    deep: dict = {}
    for _n in range(40):
        deep = {"x": deep}
    signed_by = commune_keys

    def packed(manifest: dict, records: list[dict], signer: NodeKeys = signed_by) -> bytes:
        return bundle.pack(manifest, records, signer, [to_province])

    bad = {
        "truncated": raw[: len(raw) // 2],
        "flipped": bytes(flipped),
        "another province": packed(_manifest(signed_by.node_id, province_code=2), [_record()]),
        "unknown node": packed(_manifest(stranger.node_id), [_record()], stranger),
        "replayed": raw,
        "newer schema": packed(_manifest(signed_by.node_id, schema_revision="9999_future"), []),
        "payload hash": _mismatched_payload(signed_by, to_province),
        "huge record": packed(_manifest(signed_by.node_id), [_record(notes="x" * 1_100_000)]),
        "deep record": packed(_manifest(signed_by.node_id), [_record(notes=deep)]),
        "not a bundle": b"%PDF-1.7 this is not a bundle\n" * 40,
        "bad record": packed(_manifest(signed_by.node_id), [{"table": "accounts", "id": 5}]),
    }
    before = prov.dump()
    for name, data in bad.items():
        path = stick / f"bad-{len(name)}-{name.replace(' ', '_')}.khb"
        path.write_bytes(data)
        assert prov.imports(path, expect=1) == [], name
        [reason] = prov.err.strip().splitlines()
        assert reason.startswith(str(path)) and len(reason) > len(str(path)) + 10, name
        if name == "newer schema":
            assert "cập nhật Khiên" in reason or "update Khiên" in reason
        assert prov.dump() == before, name
    xa.run2("record", "event", "--kind", "talk", "--title", "Buổi cuối tuần",
            "--date", "2026-07-26")  # fmt: skip
    prov.imports(xa.export(stick))
    assert prov.dump() != before  # the dump does see a bundle that went in
    # A laptop reported stolen: its bundles are refused too, without a trace.
    xa.run2("record", "event", "--kind", "talk", "--title", "Sau khi bị mất máy",
            "--date", "2026-07-29")  # fmt: skip
    after_theft = xa.export(stick)
    prov.run2("bundle", "revoke", "--for", COMMUNE)
    before = prov.dump()
    assert prov.imports(after_theft, expect=1) == []
    assert prov.dump() == before

    # -- the stick names no person and no place ----------------------------------------
    files = sorted(stick.glob("*.khb"))
    assert len(files) >= 10
    secrets = [PERSON, "Nông", VILLAGE, "Thất Khê", "Tràng Định", "Lạng Sơn", "canbo.xa"]
    for f in files:
        data = f.read_bytes()
        assert not any(form in f.name.encode() for w in secrets for form in _forms(w))
        for word in secrets:
            for form in _forms(word):
                assert form not in data, (f.name, word)


def test_resolving_a_conflict_that_is_not_open_is_refused(tmp_path, capsys, monkeypatch):
    prov = Khien(capsys, monkeypatch, tmp_path / "province", "quantri", PROVINCE_PASS)
    prov.run("init", "--unit", "20", "--admin", "quantri",
             "--recovery-out", str(tmp_path / "recovery.txt"))  # fmt: skip
    prov.run2("conflicts", "resolve", "abcdef12", "--take", "mine", expect=1)
    assert len(prov.err.strip().splitlines()) == 1
    assert prov.run2("conflicts", "list") == ""
