"""Accounts: creation, password change (re-wraps the database key), recovery."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import Account, NodeState, Office
from desktop.core.errors import KhienError, PermissionDenied, ValidationError, WrongPassword
from desktop.core.i18n import _
from desktop.core.security import audit, roles
from desktop.core.security.keystore import Keystore
from desktop.core.text import fold

MIN_PASSWORD = 8
_hasher = PasswordHasher()


@dataclass(frozen=True)
class SignedIn:
    """Who is using the profile now."""

    account_id: str
    username: str
    full_name: str
    role: str
    office_id: str
    language: str


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("A password needs at least {n} characters.").format(n=MIN_PASSWORD), "password"
        )


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise ValidationError(
            _("A user name is one word of at most 64 characters, without spaces."), "username"
        )
    return name


def find(session: Session, username: str) -> Account | None:
    """The live account signing in as *username* (compared folded: ``Hoa`` is ``hoa``).

    User names are not unique across installations: an office with an administrator can
    create, offline, a name the province also gave (``sync.unique``), and both accounts
    then travel. Of several, the one of this installation's office wins, then one created
    here, then the name typed exactly, then the oldest — never an arbitrary row.
    """
    wanted = fold(username)
    found = [
        acc
        for acc in session.execute(select(Account).where(Account.deleted.is_(False))).scalars()
        if fold(acc.username) == wanted
    ]
    if len(found) <= 1:
        return found[0] if found else None
    here = session.execute(select(NodeState.office_id, NodeState.node_id)).first()
    office, node = (here.office_id, here.node_id) if here is not None else (None, None)
    return min(
        found,
        key=lambda a: (
            a.office_id != office,
            a.origin_node != node,
            a.username != username.strip(),
            a.id,
        ),
    )


def signed_in(acc: Account) -> SignedIn:
    return SignedIn(acc.id, acc.username, acc.full_name, acc.role, acc.office_id, acc.language)


def _new_account(
    session: Session, *, username: str, full_name: str, role: str, office_id: str, password: str
) -> Account:
    username = check_username(username)
    if not full_name.strip():
        raise ValidationError(_("Enter the person's full name."), "full_name")
    roles.Role(role)
    check_password_strength(password)
    if find(session, username) is not None:
        raise ValidationError(
            _("The user name “{name}” is taken.").format(name=username), "username"
        )
    office = session.get(Office, office_id)
    if office is None:
        raise ValidationError(_("Choose the account's office."), "office")
    if role in roles.PROVINCIAL and office.level != "province":
        raise ValidationError(
            _("A provincial role is only for accounts of the provincial office."), "role"
        )
    acc = Account(
        username=username,
        full_name=full_name.strip(),
        role=role,
        office_id=office_id,
        password_hash=_hasher.hash(password),
    )
    session.add(acc)
    session.flush()
    return acc


def create(
    session: Session,
    keystore: Keystore,
    db_key: bytes,
    *,
    username: str,
    full_name: str,
    role: str,
    office_id: str,
    password: str,
    actor: str,
) -> Account:
    """Add an account and wrap the database key for it. The caller saves the keystore."""
    if keystore.has_account(username.strip()):
        raise ValidationError(
            _("The user name “{name}” is taken.").format(name=username.strip()), "username"
        )
    acc = _new_account(
        session, username=username, full_name=full_name, role=role, office_id=office_id,
        password=password,
    )  # fmt: skip
    keystore.wrap_for(acc.username, password, db_key)
    audit.record(
        session, keystore.node_id, actor, "account.create", "account", acc.id, {"role": role}
    )
    return acc


def create_for_laptop(
    session: Session,
    node_id: str,
    *,
    username: str,
    full_name: str,
    role: str,
    office_id: str,
    password: str,
    actor: str,
) -> Account:
    """Add the first account of a laptop being enrolled: the row travels in its setup
    package; the laptop wraps its own database key with the password at first start."""
    acc = _new_account(
        session, username=username, full_name=full_name, role=role, office_id=office_id,
        password=password,
    )  # fmt: skip
    audit.record(session, node_id, actor, "account.create", "account", acc.id, {"role": role})
    return acc


def verify_password(acc: Account, password: str) -> bool:
    try:
        return _hasher.verify(acc.password_hash, password)
    except VerificationError:
        return False


def change_password(
    session: Session, keystore: Keystore, db_key: bytes, user: SignedIn, old: str, new: str
) -> None:
    """Change the signed-in user's password; the database key is re-wrapped for it."""
    acc = session.get(Account, user.account_id)
    if acc is None or not verify_password(acc, old):
        raise WrongPassword(_("The current password is wrong."))
    check_password_strength(new)
    if new == old:
        raise ValidationError(_("The new password must differ from the current one."), "password")
    acc.password_hash = _hasher.hash(new)
    keystore.wrap_for(acc.username, new, db_key)
    audit.record(session, keystore.node_id, acc.username, "account.password", "account", acc.id)


def reset_password(
    session: Session, keystore: Keystore, db_key: bytes, *, username: str, new: str, actor: str
) -> None:
    """Give *username* a new password (recovery or an administrator's reset)."""
    acc = find(session, username)
    if acc is None:
        raise KhienError(_("There is no account “{name}” in this profile.").format(name=username))
    check_password_strength(new)
    acc.password_hash = _hasher.hash(new)
    keystore.wrap_for(acc.username, new, db_key)
    audit.record(session, keystore.node_id, actor, "account.reset", "account", acc.id)


def require_admin(user: SignedIn) -> None:
    if not roles.can_administer(user.role):
        raise PermissionDenied(_("Only a provincial administrator may change this."))


@dataclass(frozen=True)
class AccountView:
    """One account as the administration page lists it (no password hash)."""

    id: str
    username: str
    full_name: str
    role: str
    office_id: str
    office_name: str
    active: bool


def listing(session: Session) -> list[AccountView]:
    """Every live account, in Vietnamese order of full name, with its office's name."""
    q = (
        select(Account, Office.name)
        .join(Office, Office.id == Account.office_id)
        .where(Account.deleted.is_(False))
        .order_by(Account.name_sort, Account.username)
    )
    return [
        AccountView(a.id, a.username, a.full_name, a.role, a.office_id, office, a.active)
        for a, office in session.execute(q)
    ]
