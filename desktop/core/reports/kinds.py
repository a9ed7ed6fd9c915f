"""The kinds of report and their limits, apart so that a module reading one of them (the
officer's own settings read ``MAX_SUPPRESSION``) imports nothing of the reports."""

from __future__ import annotations

from desktop.core.errors import ValidationError
from desktop.core.i18n import _

KINDS = ("period", "campaign", "reception", "case")
TABULAR = ("period", "campaign")  # kinds that have tables (and so an Excel file)
# Kinds with a header of their own but no request: the handover record is printed from
# the case (``case_docs.handover_record``), for one handover.
HEADER_KINDS = (*KINDS, "handover")
MAX_SUPPRESSION = 100


def check_kind(kind: str, kinds: tuple[str, ...] = KINDS) -> None:
    """Refuse a kind of report that is not one of *kinds*."""
    if kind not in kinds:
        raise ValidationError(_("Unknown kind of report: {kind}.").format(kind=kind), "kind")
