"""Demonstration data for training and testing, made in the background."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.core import profile
from desktop.core.i18n import _, format_number
from desktop.core.security import roles
from desktop.ui import texts
from desktop.ui.ops import Op, error_text
from desktop.ui.pages.base import note

log = logging.getLogger(__name__)


def _spin(value: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSingleStep(100)
    spin.setValue(value)
    spin.setGroupSeparatorShown(True)
    return spin


class DemoPanel(QWidget):
    def __init__(
        self,
        opened: profile.OpenProfile,
        on_done: Callable[[], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = opened
        self.on_done = on_done
        self.op: Op | None = None
        self.result: dict[str, int] | None = None
        allowed = roles.can_administer(opened.user.role)
        self.events = _spin(2000, 200_000)
        self.cases = _spin(300, 50_000)
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.seed.setValue(1)
        self.button = QPushButton(_("Generate demo data…"))
        self.button.setEnabled(allowed)
        self.button.clicked.connect(self._ask)
        fields = QFormLayout()
        fields.addRow(_("Outreach events:"), self.events)
        fields.addRow(_("Persons and cases:"), self.cases)
        fields.addRow(_("Seed (same seed, same data):"), self.seed)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note(
                _(
                    "Adds invented outreach events, persons and cases for training and "
                    "testing. Never use it on an installation that holds real records."
                )
            )
        )
        layout.addLayout(fields)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def _ask(self) -> None:
        question = _("Add {events} invented outreach events and {cases} invented cases?").format(
            events=format_number(self.events.value()), cases=format_number(self.cases.value())
        )
        if texts.ask(self, question, _("Generate")):
            self.start()

    def start(self) -> Op:
        """Run the generator in the background with a progress dialog."""
        from desktop.core import demo  # the demo module is only needed here

        opened = self.profile
        events, cases, seed = self.events.value(), self.cases.value(), self.seed.value()
        self.button.setEnabled(False)
        self.op = Op(
            self,
            _("Generating demo data…"),
            lambda: demo.generate(opened, events=events, cases=cases, seed=seed),
        )
        self.op.on_success(self._done).on_failure(self._failed).on_cancel(self._cancelled)
        return self.op.run()

    def _done(self, counts: dict[str, int]) -> None:
        self.result = counts
        self.button.setEnabled(True)
        texts.show_info(
            self,
            _("Added {events} outreach events and {cases} cases.").format(
                events=format_number(counts.get("events", 0)),
                cases=format_number(counts.get("cases", 0)),
            ),
        )
        if self.on_done is not None:
            self.on_done()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        texts.show_error(self, error_text(exc))

    def _cancelled(self) -> None:
        self.button.setEnabled(True)
        texts.show_info(self, _("Stopped. No demo data was added."))
