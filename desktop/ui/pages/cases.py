"""The Cases section (not built yet)."""

from __future__ import annotations

from desktop.core.i18n import N_
from desktop.ui.pages.base import NotBuiltPage


class CasesPage(NotBuiltPage):
    title = N_("Cases")
    message = N_(
        "Recording victim reception and support cases is not built yet: it comes with the case register."
    )
