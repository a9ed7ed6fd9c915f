"""Enrolment: the province (or a district office) makes a setup package for a new laptop,
and the laptop starts from it.

The package carries the laptop's node identity and keys, its office, the upstream office's
public keys, the province's recovery recipient, the reference data, offices, plans and the
laptop's first account. It is sealed (security.sealed: Argon2id at a cost stored in the
file, then AES-256-GCM) under a one-time passphrase that the province prints on a slip; the first officer's password (also on the slip) is checked
against the account row at first start, and the laptop wraps its own new database key
with it. The province trusts the new node's public key from the moment it enrols it.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyrage
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.core import places, profile
from desktop.core.db.base import new_id, synced_models, utcnow
from desktop.core.db.models import DEMO_SETTING, Account, NodeState, Office, Setting
from desktop.core.db.models_sync import NodeKey, Peer, Revision
from desktop.core.errors import KhienError, ValidationError, WrongPassword
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.safe_files import read_regular_file
from desktop.core.security import accounts, audit, sealed
from desktop.core.security.roles import Role
from desktop.core.sync import authority, node, records
from desktop.core.sync.keys import NodeKeys, PublicKeys
from desktop.core.text import fold

FORMAT = "khien-setup"
FORMAT_MAJOR = 2
# A sealed package starts with this line. Packages of format 1 were age files encrypted with
# the passphrase (age's scrypt); they still open.
MAGIC = b"khien-setup-sealed/1"
AGE_MAGIC = b"age-encryption.org/v1"
MAX_PACKAGE = 64 * 1024 * 1024
# Tables whose rows every laptop starts with (reference data flows downward).
# What the province alone changes and sends down (the rule lives in sync.authority).
DOWNWARD_TABLES = authority.PROVINCE_TABLES
WORDS = 6
# The role of a laptop's first officer, by its office's level.
ROLES = {"commune": Role.COMMUNE_OFFICER.value, "area": Role.DISTRICT_OFFICER.value}


def new_passphrase() -> str:
    """A one-time passphrase to print on the slip: six groups of four letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0, i)
    return "-".join("".join(secrets.choice(alphabet) for _n in range(4)) for _w in range(WORDS))


def make_setup_package(
    opened: OpenProfile,
    *,
    level: str,
    unit_code: int | None,
    office_name: str,
    parent_office_id: str | None,
    username: str,
    full_name: str,
    role: str,
    password: str,
    passphrase: str,
    area_codes: Iterable[int] = (),
) -> bytes:
    """Enrol a new laptop: its office, its first account and its keys; returns the package.

    An area (district) office covers the communes in *area_codes*. A laptop enrolled under
    an area office that has a node of its own sends its bundles to both offices: the area
    office relays them, and the province can read them directly too.
    """
    accounts.require_admin(opened.user)
    _check_passphrase(passphrase)
    new_node = new_id()
    keys = NodeKeys.generate(new_node)
    recovery = str(opened.keystore.data["recovery"]["recipient"])
    with opened.db.session() as s:
        own = node.ensure_keys(s)
        office = places.save_office(
            s, opened.user, opened.node.node_id, level=level, name=office_name,
            unit_code=unit_code, parent_id=parent_office_id or opened.node.office_id,
            area_codes=area_codes,
        )  # fmt: skip
        accounts.create_for_laptop(
            s, opened.node.node_id, username=username, full_name=full_name, role=role,
            office_id=office.id, password=password, actor=opened.user.username,
        )  # fmt: skip
        node.add_peer(s, keys.public, node.DOWNSTREAM, office_name, office.id)
        package = _package(s, keys, level, office, own.node_id, username, recovery)
        audit.record(
            s, opened.node.node_id, opened.user.username, "node.enrol", "office", office.id,
            {"node": new_node, "level": level},
        )  # fmt: skip
    return _seal(package, passphrase)


def make_replacement_package(
    opened: OpenProfile,
    office_id: str,
    *,
    username: str,
    full_name: str,
    password: str,
    passphrase: str,
) -> bytes:
    """Enrol a replacement laptop for an office whose laptop was lost, stolen or broken.

    Every laptop enrolled for the office so far is revoked (as ``bundle revoke`` does: its
    bundles are refused from now on and it locks itself when a receipt reaches it). The
    new laptop gets a new node identity and keys for the same office, the office's first
    account (the existing one of that user name, given *password*, or a new one) and the
    office's own records that this installation holds, so it starts where the old one's
    last bundle left off.
    """
    accounts.require_admin(opened.user)
    _check_passphrase(passphrase)
    new_node = new_id()
    keys = NodeKeys.generate(new_node)
    recovery = str(opened.keystore.data["recovery"]["recipient"])
    with opened.db.session() as s:
        own = node.ensure_keys(s)
        office = s.get(Office, office_id)
        if office is None or office.deleted:
            raise KhienError(_("This office does not exist any more."))
        if office.id == opened.node.office_id or office.level not in ROLES:
            raise KhienError(_("Only a commune or area office's laptop can be replaced."))
        old = list(
            s.execute(
                select(Peer).where(Peer.office_id == office.id, Peer.relation == node.DOWNSTREAM)
            ).scalars()
        )
        for peer in old:
            if not peer.revoked:
                node.revoke_peer(s, peer.node_id)
                audit.record(s, opened.node.node_id, opened.user.username, "node.revoke",
                             "peer", peer.node_id, {"name": peer.name})  # fmt: skip
        _replacement_account(s, opened, office, username, full_name, password)
        node.add_peer(s, keys.public, node.DOWNSTREAM, office.name, office.id)
        own_records = _office_records(s, {p.node_id for p in old})
        package = _package(
            s, keys, office.level, office, own.node_id, username, recovery, own_records
        )
        audit.record(
            s, opened.node.node_id, opened.user.username, "node.enrol", "office", office.id,
            {"node": new_node, "level": office.level, "replaces": [p.node_id for p in old]},
        )  # fmt: skip
    return _seal(package, passphrase)


def offices_with_laptops(opened: OpenProfile) -> dict[str, bool]:
    """The offices that had a laptop enrolled from here: office id → whether one of its
    laptops is still trusted (False: all revoked)."""
    out: dict[str, bool] = {}
    with opened.db.session(read=True) as s:
        q = select(Peer).where(Peer.relation == node.DOWNSTREAM, Peer.office_id.is_not(None))
        for peer in s.execute(q).scalars():
            key = str(peer.office_id)
            out[key] = out.get(key, False) or not peer.revoked
    return out


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < 12:
        raise ValidationError(_("The setup passphrase needs at least 12 characters."), "passphrase")


def _replacement_account(
    s: Session, opened: OpenProfile, office: Office, username: str, full_name: str, password: str
) -> None:
    """The office's existing account of that name gets the first password; else a new one."""
    wanted = fold(accounts.check_username(username))
    mine = [
        acc
        for acc in s.execute(
            select(Account).where(Account.office_id == office.id, Account.deleted.is_(False))
        ).scalars()
        if fold(acc.username) == wanted
    ]
    if not mine:
        accounts.create_for_laptop(
            s, opened.node.node_id, username=username, full_name=full_name.strip() or username,
            role=ROLES[office.level], office_id=office.id, password=password,
            actor=opened.user.username,
        )  # fmt: skip
        return
    accounts.check_password_strength(password)
    acc = min(mine, key=lambda a: (a.username != username.strip(), a.id))
    acc.password_hash = accounts._hasher.hash(password)  # noqa: SLF001 (no re-wrap here)
    acc.active = True
    if full_name.strip():
        acc.full_name = full_name.strip()
    audit.record(s, opened.node.node_id, opened.user.username, "account.reset", "account", acc.id)


def _office_records(s: Session, office_nodes: set[str]) -> list[dict[str, Any]]:
    """Every revision held here of the rows the office's earlier laptops created (theirs and
    the corrections made above), oldest first."""
    out: list[dict[str, Any]] = []
    if not office_nodes:
        return out
    for table, model in synced_models().items():
        if table in DOWNWARD_TABLES:
            continue
        ids = select(model.id).where(model.origin_node.in_(office_nodes))
        q = select(*records.LOGGED).where(Revision.row_id.in_(ids)).order_by(Revision.change_seq)
        out += [records.record_of(r) for r in s.execute(q)]
    return out


def _package(
    s: Session,
    keys: NodeKeys,
    level: str,
    office: Office,
    own_node: str,
    username: str,
    recovery: str,
    extra: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The setup package of a new laptop *keys* for *office* (not yet encrypted)."""
    downward = list(records.changes_since(s, 0, tables=DOWNWARD_TABLES))
    state = s.execute(select(NodeState)).scalar_one()
    return {
        "format": FORMAT,
        "format_version": f"{FORMAT_MAJOR}.0",
        "created": utcnow().isoformat(timespec="seconds"),
        "province_code": state.province_code,
        "node": {
            "node_id": keys.node_id,
            "level": level,
            "office_id": office.id,
            "sign_secret": keys.sign_secret,
            "age_identity": keys.age_identity,
        },
        "upstream": _upstream_chain(s, office.parent_id, own_node),
        "recovery_recipient": recovery,
        "first_account": username,
        # A laptop enrolled by a demonstration profile is one too: its bundles say so, and a
        # real province refuses them (authority.check).
        "demo": s.get(Setting, DEMO_SETTING) is not None,
        "records": downward + list(extra),
    }


def _seal(package: dict[str, Any], passphrase: str) -> bytes:
    data = json.dumps(package, ensure_ascii=False).encode("utf-8")
    return sealed.seal(data, passphrase, MAGIC)


def _upstream_chain(s: Session, parent_id: str | None, own_node: str) -> list[dict[str, Any]]:
    """The offices above a new laptop that have a node, nearest first; this node always."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    office = s.get(Office, parent_id) if parent_id else None
    while office is not None and office.id not in seen:
        seen.add(office.id)
        keys = node.office_node(s, office.id)
        if keys is not None:
            out.append(
                {
                    "node_id": keys.node_id,
                    "name": office.name,
                    "office_id": office.id,
                    "sign_public": keys.sign_public,
                    "age_recipient": keys.age_recipient,
                }
            )
        office = s.get(Office, office.parent_id) if office.parent_id else None
    if not any(up["node_id"] == own_node for up in out):
        raise KhienError(_("A laptop can only be enrolled under this installation's office."))
    return out


def read_package(path: Path) -> bytes:
    """The setup package file the officer chose: only a regular file, at most MAX_PACKAGE."""
    return read_regular_file(
        path,
        MAX_PACKAGE,
        not_a_file=_("Only a file can be a setup package, not a folder or a device."),
        too_large=_("This file is too large to be a setup package."),
        unreadable=_("The setup package could not be read."),
    )


def _read(data: bytes, passphrase: str) -> dict[str, Any]:
    if len(data) > MAX_PACKAGE:
        raise KhienError(_("This file is too large to be a setup package."))
    wrong = _("The passphrase is wrong, or the file is not a setup package.")
    if sealed.is_sealed(data, MAGIC):
        plain = sealed.open_sealed(
            data, passphrase, MAGIC, damaged=_("The setup package is damaged."), wrong=wrong
        )
    elif data.startswith(AGE_MAGIC):
        try:  # format 1: age with a passphrase
            plain = bytes(pyrage.passphrase.decrypt(data, passphrase))
        except Exception:  # wrong passphrase or damaged file: pyrage raises several types
            raise WrongPassword(wrong) from None
    else:
        raise WrongPassword(wrong)
    try:
        package = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KhienError(_("The setup package is damaged.")) from None
    if not isinstance(package, dict) or package.get("format") != FORMAT:
        raise KhienError(_("The setup package is damaged."))
    major = str(package.get("format_version", "")).split(".")[0]
    if not major.isdigit() or int(major) > FORMAT_MAJOR:
        raise KhienError(
            _("This setup package was made by a newer version of Khiên: update Khiên to use it.")
        )
    return package


def _start(s: Session, package: dict[str, Any]) -> None:
    info = package["node"]
    s.add(
        NodeState(
            id=1, node_id=info["node_id"], level=info["level"],
            province_code=int(package["province_code"]), office_id=info["office_id"],
        )
    )  # fmt: skip
    s.add(NodeKey(id=1, sign_secret=info["sign_secret"], age_identity=info["age_identity"]))
    s.flush()
    for up in package["upstream"]:
        public = PublicKeys(up["node_id"], up["sign_public"], up["age_recipient"])
        node.add_peer(s, public, node.UPSTREAM, up.get("name", ""), up.get("office_id"))
    places.load_units(s, int(package["province_code"]))
    records.apply(s, package["records"])
    if package.get("demo") is True:
        s.add(Setting(key=DEMO_SETTING, value="1"))


def start_from_package(
    data_dir: Path, data: bytes, passphrase: str, username: str, password: str
) -> OpenProfile:
    """Create this laptop's profile from a setup package; the first officer signs in."""
    if profile.exists(data_dir):
        raise KhienError(_("This folder already holds a Khiên profile."))
    package = _read(data, passphrase)
    if (
        accounts.check_username(username).casefold()
        != str(package.get("first_account", "")).casefold()
    ):
        raise WrongPassword(_("The user name or password is wrong."))
    store, key, db = profile.new_installation(
        data_dir, package["node"]["node_id"], package["recovery_recipient"]
    )
    try:
        with db.session() as s:
            _start(s, package)
            acc = accounts.find(s, username)
            if acc is None or not accounts.verify_password(acc, password):
                raise WrongPassword(_("The user name or password is wrong."))
            store.wrap_for(acc.username, password, key)
            s.execute(update(NodeState).values(office_id=package["node"]["office_id"]))
            audit.record(s, package["node"]["node_id"], acc.username, "profile.create", "office",
                         package["node"]["office_id"], {"from": "setup-package"})  # fmt: skip
            audit.record(s, package["node"]["node_id"], acc.username, "login", "account", acc.id)
            user = accounts.signed_in(acc)
        store.save()
    except Exception:
        db.close()
        _remove_profile_files(data_dir)
        raise
    node_info = profile.NodeInfo(
        package["node"]["node_id"], package["node"]["level"], int(package["province_code"]),
        package["node"]["office_id"], _office_name(db, package["node"]["office_id"]),
    )  # fmt: skip
    return OpenProfile(data_dir, db, store, user, node_info, _key=key)


def _remove_profile_files(data_dir: Path) -> None:
    """Undo a start that failed: the folder is left as the officer chose it."""
    for path in [
        profile.keystore_path(data_dir),
        *data_dir.glob(profile.db_path(data_dir).name + "*"),
    ]:
        path.unlink(missing_ok=True)
    shutil.rmtree(data_dir / "backups", ignore_errors=True)


def _office_name(db: Any, office_id: str) -> str:
    with db.session(read=True) as s:
        office = s.get(Office, office_id)
        return office.name if office else ""
