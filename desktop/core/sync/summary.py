"""How an import is told, the same in the window and on the command line."""

from __future__ import annotations

from desktop.core.i18n import _, format_number, ngettext


def imported_line(file: str, new_revisions: int, conflicts: int) -> str:
    """ "*file*: 3 new revisions, 1 conflict." — each count with its own plural."""
    revisions = ngettext("{n} new revision", "{n} new revisions", new_revisions).format(
        n=format_number(new_revisions)
    )
    clashes = ngettext("{n} conflict", "{n} conflicts", conflicts).format(
        n=format_number(conflicts)
    )
    return _("{file}: {revisions}, {conflicts}.").format(
        file=file, revisions=revisions, conflicts=clashes
    )
