"""Drafts of forms being filled, kept in the local ``drafts`` table as the officer types,
so a crash or a closed window loses nothing. Never synced."""

from __future__ import annotations

import json
from typing import Any

from desktop.core.db.base import utcnow
from desktop.core.db.models_outreach import Draft
from desktop.core.profile import OpenProfile


def draft_key(profile: OpenProfile, form: str, record_id: str | None = None) -> str:
    """The key of one user's draft of one form (a new record, or an existing one)."""
    return f"{form}:{record_id or 'new'}:{profile.user.username}"


def save_draft(profile: OpenProfile, key: str, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    with profile.db.session() as s:
        row = s.get(Draft, key)
        if row is None:
            s.add(Draft(key=key, username=profile.user.username, data=text, saved_at=utcnow()))
        else:
            row.data, row.saved_at = text, utcnow()


def load_draft(profile: OpenProfile, key: str) -> dict[str, Any] | None:
    with profile.db.session(read=True) as s:
        row = s.get(Draft, key)
        if row is None or row.username != profile.user.username:
            return None
        data: dict[str, Any] = json.loads(row.data)
        return data


def discard_draft(profile: OpenProfile, key: str) -> None:
    with profile.db.session() as s:
        row = s.get(Draft, key)
        if row is not None:
            s.delete(row)
