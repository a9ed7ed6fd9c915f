"""The Reports section (not built yet)."""

from __future__ import annotations

from desktop.core.i18n import N_
from desktop.ui.pages.base import NotBuiltPage


class ReportsPage(NotBuiltPage):
    title = N_("Reports")
    message = N_(
        "Reports are not built yet: they come with the outreach and case registers, in the official document layout."
    )
