"""The Outreach section (not built yet)."""

from __future__ import annotations

from desktop.core.i18n import N_
from desktop.ui.pages.base import NotBuiltPage


class OutreachPage(NotBuiltPage):
    title = N_("Outreach")
    message = N_("Recording outreach events is not built yet: it comes with the outreach register.")
