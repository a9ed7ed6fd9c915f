"""A small local preference file (before sign-in the database is still locked): the
interface language and the last user name. Never a password."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from desktop.core import i18n

log = logging.getLogger(__name__)

FILE_NAME = "ui-preferences.json"


class Prefs:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME
        self.language = i18n.DEFAULT_LANGUAGE
        self.last_username = ""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            log.warning("Ignoring unreadable preference file %s", self.path)
            return
        if data.get("language") in i18n.LANGUAGES:
            self.language = data["language"]
        self.last_username = str(data.get("last_username", ""))[:64]

    def save(self) -> None:
        data = {"language": self.language, "last_username": self.last_username}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(data), encoding="utf-8")
        except OSError:
            log.warning("Could not save preferences to %s", self.path, exc_info=True)
