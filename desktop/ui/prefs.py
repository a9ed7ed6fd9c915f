"""A small local preference file (before sign-in the database is still locked): the
interface language, the last user name, and the main window's state (its geometry, the
section last shown, its pages' splitters: base64 text, per machine). Never a password.

Two objects may hold the file at once (the launcher's, the main window's): each saves only
what it owns over what is on disk, so neither undoes the other."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from desktop.core import i18n

log = logging.getLogger(__name__)

FILE_NAME = "ui-preferences.json"
MAX_WINDOW_TEXT = 20_000  # a geometry or a splitter state is some hundred characters


class Prefs:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self.language = i18n.DEFAULT_LANGUAGE
        self.last_username = ""
        # The main window: "geometry", "section" and "<Page>/<n>" splitter states.
        self.window: dict[str, str] = {}
        data = self._read()
        if data.get("language") in i18n.LANGUAGES:
            self.language = data["language"]
        self.last_username = str(data.get("last_username", ""))[:64]
        window = data.get("window")
        if isinstance(window, dict):
            self.window = {
                str(k): v
                for k, v in window.items()
                if isinstance(v, str) and len(v) <= MAX_WINDOW_TEXT
            }

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("Ignoring unreadable preference file %s", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, update: dict[str, Any]) -> None:
        data = self._read()
        data.update(update)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            log.warning("Could not save preferences to %s", self.path, exc_info=True)

    def save(self) -> None:
        """Save the language and the last user name."""
        self._write({"language": self.language, "last_username": self.last_username})

    def save_window(self) -> None:
        """Save the main window's state."""
        self._write({"window": dict(self.window)})
