"""Helpers for tests of the big lists (events, cases): their queries are answered off the
GUI thread, so a test waits for the answer before it looks."""

from __future__ import annotations

from typing import Any

ANSWER_MS = 5000


def settle(qtbot: Any, page: Any) -> None:
    """Wait until the list of *page* shows the answer to its last query."""
    qtbot.waitUntil(lambda: not page.model.loading(), timeout=ANSWER_MS)
