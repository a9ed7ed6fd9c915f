"""The Plans section (not built yet)."""

from __future__ import annotations

from desktop.core.i18n import N_
from desktop.ui.pages.base import NotBuiltPage


class PlansPage(NotBuiltPage):
    title = N_("Plans")
    message = N_(
        "Outreach and campaign plans are not built yet: they come with the plans register."
    )
