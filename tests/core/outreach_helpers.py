"""Helpers for outreach tests: an officer's profile and events made through the service."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from desktop.core import places
from desktop.core.errors import ValidationError
from desktop.core.outreach import events
from desktop.core.profile import OpenProfile
from desktop.core.security.roles import Role

DAY = dt.date(2019, 7, 30)


def as_role(p: OpenProfile, role: Role, username: str | None = None) -> OpenProfile:
    """The same open profile, used by someone with *role* (and another name, if given)."""
    user = dataclasses.replace(p.user, role=role.value, username=username or p.user.username)
    return dataclasses.replace(p, user=user)


def communes(p: OpenProfile, on: dt.date = DAY) -> list[tuple[int, str]]:
    with p.db.session() as s:
        return [(u.code, u.name) for u in places.communes(s, p.node.province_code, on)]


def add_event(p: OpenProfile, **values: Any) -> str:
    raw: dict[str, Any] = {
        "kind": "talk",
        "title": "Nói chuyện chuyên đề phòng, chống mua bán người",
        "held_on": DAY,
        "audience_total": 120,
        "audience_women": 70,
        "audience_men": 50,
        "lead_agency": "womens_union",
    }
    raw.update(values)
    return events.save_event(
        p, events.parse(raw, dt.date(2026, 11, 28)), today=dt.date(2026, 11, 28)
    )


def refused(fn: Callable[[], object], field: str) -> str:
    """What *fn* is refused with: one sentence, naming *field*."""
    with pytest.raises(ValidationError) as caught:
        fn()
    assert caught.value.field == field
    message = caught.value.message
    assert "\n" not in message and message.endswith(".")
    return message
