"""The profile's local settings (``Setting``: key → text, never synced): one way to write one."""

from sqlalchemy.orm import Session

from desktop.core.db.models import Setting


def put(session: Session, key: str, value: str) -> None:
    """Set *key* to *value* in *session*'s transaction, adding the row the first time."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
