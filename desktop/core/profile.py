"""A profile: one installation's data directory — encrypted database, key file, backups,
logs. This module creates one, opens one for a signed-in user, and recovers access."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from desktop.core import paths, places, refdata
from desktop.core.db import migrate, repair, repair_cases, settings
from desktop.core.db.base import new_id
from desktop.core.db.database import Database
from desktop.core.db.engine import open_engine
from desktop.core.db.models import Account, NodeState, Office, Setting
from desktop.core.errors import KhienError, ValidationError, WrongPassword
from desktop.core.i18n import _
from desktop.core.paths import BACKUP_DIR, DB_FILE, KEYSTORE_FILE, LOG_DIR
from desktop.core.security import accounts, audit, file_modes
from desktop.core.security.accounts import SignedIn
from desktop.core.security.keystore import Keystore, new_recovery_identity
from desktop.core.security.roles import Role, can_administer

log = logging.getLogger(__name__)

# Settings (inside the encrypted database) that watch the key file's sign-in counters.
ATTEMPTS_SETTING = "login.attempts"  # the key file's count of failures at the last sign-in
COUNTERS_NOTICE = "notice.counters_reset"  # a reset was found; an administrator is told
UNKNOWN_ACTOR = "?"  # the audit log's actor for a failed sign-in with a name that is no account


@dataclass(frozen=True)
class NodeInfo:
    node_id: str
    level: str
    province_code: int
    office_id: str | None
    office_name: str


@dataclass
class OpenProfile:
    """An unlocked profile and the user working in it."""

    data_dir: Path
    db: Database
    keystore: Keystore
    user: SignedIn
    node: NodeInfo
    backup_made: Path | None = None
    # Sentences for the administrator who just signed in (the GUI and CLI show them).
    notices: list[str] = field(default_factory=list)
    _key: bytes = field(default=b"", repr=False)
    _closed: bool = field(default=False, repr=False)

    def audit(
        self,
        action: str,
        target_type: str = "",
        target_id: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        with self.db.session() as s:  # the chain's head read, then extended
            audit.record(
                s, self.node.node_id, self.user.username, action, target_type, target_id, details
            )

    def change_password(self, old: str, new: str) -> None:
        with self.db.session() as s:
            accounts.change_password(s, self.keystore, self._key, self.user, old, new)
            self.keystore.save()

    def create_account(
        self, *, username: str, full_name: str, role: str, office_id: str, password: str
    ) -> str:
        accounts.require_admin(self.user)
        with self.db.session() as s:
            acc = accounts.create(
                s,
                self.keystore,
                self._key,
                username=username,
                full_name=full_name,
                role=role,
                office_id=office_id,
                password=password,
                actor=self.user.username,
            )
            self.keystore.save()
            return acc.id

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Sign out (audited) and release the database; once (a restore closes it early)."""
        if self._closed:
            return
        self._closed = True
        try:
            self.audit("logout")
        finally:
            self.db.close()


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


keystore_path = paths.keystore_path
exists = paths.profile_exists  # True when *data_dir* holds a profile


def secure_files(data_dir: Path) -> None:
    """The profile's own files for their owner only (0600, folders 0700; POSIX): the
    folder, the database and its -wal/-shm files, the key file, backups and logs. Other
    files a user put in the folder are left alone."""
    if not data_dir.is_dir():
        return
    file_modes.private_dir(data_dir)
    for path in [*data_dir.glob(DB_FILE + "*"), *data_dir.glob(KEYSTORE_FILE + "*")]:
        file_modes.private_file(path)
    for name in (BACKUP_DIR, LOG_DIR):
        file_modes.secure_tree(data_dir / name)


def _node_info(db: Database) -> NodeInfo:
    with db.session(read=True) as s:
        state = s.execute(select(NodeState)).scalar_one()
        office = s.get(Office, state.office_id) if state.office_id else None
        return NodeInfo(
            state.node_id,
            state.level,
            state.province_code,
            state.office_id,
            office.name if office else "",
        )


def new_installation(
    data_dir: Path, node_id: str, recovery_recipient: str
) -> tuple[Keystore, bytes, Database]:
    """An empty, migrated, encrypted database and its key file (not saved yet)."""
    file_modes.private_dir(data_dir)
    file_modes.private_dir(data_dir / BACKUP_DIR)
    store, key = Keystore.create(keystore_path(data_dir), node_id, recovery_recipient)
    path = db_path(data_dir)
    file_modes.create_private_file(path)  # SQLite gives its -wal and -shm files this mode
    engine = open_engine(path, key)
    try:
        migrate.upgrade(engine, path, data_dir / BACKUP_DIR)
    except Exception:
        engine.dispose()
        path.unlink(missing_ok=True)
        raise
    db = Database(engine, path)
    with db.session() as s:
        repair.mark_new(s)  # rows this version writes need none of the one-time repairs
    return store, key, db


def create_province(
    data_dir: Path,
    *,
    province_code: int,
    admin_username: str,
    admin_password: str,
    admin_full_name: str,
    office_name: str | None = None,
    recovery_recipient: str | None = None,
) -> tuple[OpenProfile, str | None]:
    """Create a provincial installation in an empty folder.

    Returns the open profile (signed in as the new administrator) and, when no recovery
    recipient was given, the newly made recovery identity: the caller must hand it to the
    administrator to keep offline — it is not stored in the profile.
    """
    if exists(data_dir):
        raise KhienError(_("This folder already holds a Khiên profile."))
    try:
        pname = places.province_name(province_code)
    except ValueError:
        raise ValidationError(
            _("There is no province with code {code}.").format(code=province_code), "unit"
        ) from None
    accounts.check_username(admin_username)
    accounts.check_password_strength(admin_password)
    identity = None
    if recovery_recipient is None:
        identity, recovery_recipient = new_recovery_identity()
    node_id = new_id()
    store, key, db = new_installation(data_dir, node_id, recovery_recipient)
    with db.session() as s:
        s.add(NodeState(id=1, node_id=node_id, level="province", province_code=province_code))
        s.flush()
        office = places.create_office(
            s,
            "province",
            office_name or _("{province} provincial office").format(province=pname),
            province_code,
            None,
        )
        s.execute(update(NodeState).values(office_id=office.id))
        places.load_units(s, province_code)
        refdata.seed(s)
        acc = accounts.create(
            s,
            store,
            key,
            username=admin_username,
            full_name=admin_full_name or admin_username,
            role=Role.PROVINCIAL_ADMIN,
            office_id=office.id,
            password=admin_password,
            actor="system",
        )
        audit.record(
            s,
            node_id,
            admin_username,
            "profile.create",
            "office",
            office.id,
            {"province": province_code},
        )
        user = accounts.signed_in(acc)
    store.save()
    profile = OpenProfile(data_dir, db, store, user, _node_info(db), _key=key)
    profile.audit("login")
    return profile, identity


def _unlock_engine(data_dir: Path, key: bytes) -> tuple[Database, Path | None]:
    path = db_path(data_dir)
    if not path.exists():
        raise KhienError(_("The profile's database file is missing."))
    engine = open_engine(path, key)
    try:
        backup = migrate.upgrade(engine, path, data_dir / BACKUP_DIR)
    except Exception:
        engine.dispose()
        raise
    if backup is not None:
        file_modes.secure_tree(data_dir / BACKUP_DIR)
    db = Database(engine, path)
    try:
        stamped = repair.stamp_unstamped(db)
    except Exception:
        db.close()
        raise
    if stamped:
        log.warning("Stamped rows written without their revision: %s", stamped)
        with db.session() as s:
            node_id = s.execute(select(NodeState.node_id)).scalar_one()
            audit.record(s, node_id, "system", "repair.stamped", details=stamped)
    with db.session() as s:
        province = s.execute(select(NodeState.province_code)).scalar()
        if province is not None:
            places.refresh_units(s, province)
            repair_cases.referrals_once(s)  # imports run it themselves
            refdata.seed_new(s)  # at the province: items a newer version's lists brought
    return db, backup


def open_profile(data_dir: Path, username: str, password: str) -> OpenProfile:
    """Unlock the profile for *username*; audited. Raises WrongPassword, AccountLocked…"""
    secure_files(data_dir)
    store = Keystore.load(keystore_path(data_dir))
    key = store.unlock(username, password)
    db, backup = _unlock_engine(data_dir, key)
    notices: list[str] = []
    try:
        with db.session() as s:
            acc = accounts.find(s, username)
            node_id = s.execute(select(NodeState.node_id)).scalar_one()
            _audit_counters(s, store, node_id)
            refusal: KhienError | None = None
            if s.get(Setting, "revoked") is not None:
                audit.record(s, node_id, username[:64], "login.revoked")
                refusal = KhienError(
                    _(
                        "The province revoked this laptop: it can no longer be used. "
                        "Hand it to your IT officer."
                    )
                )
            elif acc is None or not acc.active or not accounts.verify_password(acc, password):
                audit.record(
                    s, node_id, username[:64], "login.failed", details={"reason": "account"}
                )
                refusal = WrongPassword(_("The user name or password is wrong."))
            else:
                audit.record(s, node_id, acc.username, "login", "account", acc.id)
                user = accounts.signed_in(acc)
                notice = s.get(Setting, COUNTERS_NOTICE)
                if notice is not None and can_administer(acc.role):
                    notices.append(counters_notice_text())
                    s.delete(notice)
        store.save()  # the failures moved into the audit log, committed above
        if refusal is not None:
            raise refusal
    except Exception:
        db.close()
        raise
    opened = OpenProfile(data_dir, db, store, user, _node_info(db), backup, _key=key)
    opened.notices = notices
    return opened


def counters_notice_text() -> str:
    return _(
        "The sign-in counters in this profile's key file were found lower than they were: "
        "someone may have edited the file to lift a lock, or put back an older copy (a "
        "restored backup does this once). See login.counters_reset in the audit log."
    )


def _audit_counters(s: Any, store: Keystore, node_id: str) -> None:
    """Move the failed sign-ins kept in the key file into the audit log, check the key
    file's counters against the count recorded at the last sign-in, record the new count."""
    names = {store.user_key(a.username): a.username for a in s.execute(select(Account)).scalars()}
    for fail in store.take_pending_audit():
        account = fail.get("account")
        known = names.get(account) if isinstance(account, str) else None
        try:
            at = dt.datetime.fromisoformat(str(fail.get("at")))
        except ValueError:
            at = None
        audit.record(
            s,
            node_id,
            known or UNKNOWN_ACTOR,
            "login.failed",
            details={"locked": bool(fail.get("locked")), "account_exists": known is not None},
            at=at,
        )
    row = s.get(Setting, ATTEMPTS_SETTING)
    try:
        recorded = int(row.value) if row is not None else None
    except ValueError:
        recorded = 0
    problem = store.counters_check(recorded)
    if problem is not None:
        audit.record(s, node_id, "system", "login.counters_reset", details=problem)
        if s.get(Setting, COUNTERS_NOTICE) is None:
            s.add(Setting(key=COUNTERS_NOTICE, value=dt.datetime.now(dt.UTC).isoformat()))
        log.warning("Sign-in counters found lower than recorded: %s", problem)
    settings.put(s, ATTEMPTS_SETTING, str(store.attempts))


def recover_access(data_dir: Path, identity_text: str, username: str, new_password: str) -> None:
    """Give *username* a new password using the province's recovery identity."""
    secure_files(data_dir)
    store = Keystore.load(keystore_path(data_dir))
    key = store.recover_key(identity_text)
    db, _backup = _unlock_engine(data_dir, key)
    try:
        with db.session() as s:
            accounts.reset_password(
                s, store, key, username=username, new=new_password, actor="recovery"
            )
            store.clear_failures()
        store.save()
    finally:
        db.close()


def get_setting(profile: OpenProfile, key: str, default: str = "") -> str:
    with profile.db.session(read=True) as s:
        row = s.get(Setting, key)
        return row.value if row else default


def set_setting(profile: OpenProfile, key: str, value: str) -> None:
    with profile.db.session() as s:
        settings.put(s, key, value)


def account_count(profile: OpenProfile) -> int:
    with profile.db.session(read=True) as s:
        return len(list(s.execute(select(Account.id)).scalars()))


# -- queries and edits the GUI calls with the open profile ----------------------------


def list_accounts(profile: OpenProfile) -> list[accounts.AccountView]:
    """The installation's accounts, for the administration page."""
    with profile.db.session(read=True) as s:
        return accounts.listing(s)


def office_choices(profile: OpenProfile) -> list[tuple[str, str, int]]:
    """Every live office as (id, name, depth), parents before children."""
    with profile.db.session(read=True) as s:
        return [(o.id, o.name, depth) for o, depth in places.office_tree(s)]


def reference_items(
    profile: OpenProfile, kind: str, include_inactive: bool = True
) -> list[refdata.ItemView]:
    """One reference list in its set order (retired items too, by default)."""
    with profile.db.session(read=True) as s:
        return refdata.items(s, kind, include_inactive)


def save_reference_item(
    profile: OpenProfile,
    *,
    kind: str,
    code: str,
    name: str,
    name_en: str = "",
    detail: str = "",
    item_id: str | None = None,
) -> refdata.ItemView:
    """Add or edit a reference item as the signed-in user (administrators only)."""
    with profile.db.session() as s:
        return refdata.save_item(
            s,
            profile.user,
            profile.node.node_id,
            kind=kind,
            code=code,
            name=name,
            name_en=name_en,
            detail=detail,
            item_id=item_id,
        )


def set_reference_active(profile: OpenProfile, item_id: str, active: bool) -> None:
    """Retire a reference item or bring it back (administrators only)."""
    with profile.db.session() as s:
        refdata.set_active(s, profile.user, profile.node.node_id, item_id, active)


@dataclass(frozen=True)
class OfficeRow:
    """One office of the tree as the administration page shows it."""

    id: str
    level: str  # province | area | commune
    name: str
    unit_code: int | None
    unit_name: str  # the commune a commune office serves; empty otherwise
    parent_id: str | None
    parent_name: str
    depth: int
    area_codes: tuple[int, ...] = ()


def office_rows(profile: OpenProfile) -> list[OfficeRow]:
    """Every live office, parents before children, with the names the page shows."""
    with profile.db.session(read=True) as s:
        tree = places.office_tree(s)
        names = {o.id: o.name for o, _depth in tree}
        return [
            OfficeRow(
                id=o.id,
                level=o.level,
                name=o.name,
                unit_code=o.unit_code,
                unit_name=places.unit_name(s, o.unit_code) if o.level == "commune" else "",
                parent_id=o.parent_id,
                parent_name=names.get(o.parent_id or "", ""),
                depth=depth,
                area_codes=tuple(int(c) for c in (o.area_codes or "").split()),
            )
            for o, depth in tree
        ]


def commune_choices(profile: OpenProfile) -> list[tuple[int, str]]:
    """The home province's current communes as (code, name), in Vietnamese order."""
    with profile.db.session(read=True) as s:
        return [(u.code, u.name) for u in places.communes(s, profile.node.province_code)]


def save_office(
    profile: OpenProfile,
    *,
    level: str,
    name: str,
    parent_id: str | None,
    unit_code: int | None = None,
    area_codes: Iterable[int] = (),
    office_id: str | None = None,
) -> OfficeRow:
    """Add or edit an office as the signed-in user (administrators only)."""
    with profile.db.session() as s:
        saved = places.save_office(
            s,
            profile.user,
            profile.node.node_id,
            level=level,
            name=name,
            unit_code=unit_code,
            parent_id=parent_id,
            area_codes=area_codes,
            office_id=office_id,
        )
        saved_id = saved.id
    if saved_id == profile.node.office_id:  # the status bar shows this name
        profile.node = NodeInfo(
            profile.node.node_id,
            profile.node.level,
            profile.node.province_code,
            profile.node.office_id,
            " ".join(name.split()),
        )
    return next(r for r in office_rows(profile) if r.id == saved_id)


def retire_office(profile: OpenProfile, office_id: str) -> None:
    """Retire an office with no offices or accounts under it (administrators only)."""
    with profile.db.session() as s:
        places.retire_office(s, profile.user, profile.node.node_id, office_id)
