"""Errors that reach an officer: each carries one readable sentence in the user's language."""

from __future__ import annotations


class KhienError(Exception):
    """A refusal or failure to show as-is to the user (already translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WrongPassword(KhienError):
    """The user name or password did not match."""


class AccountLocked(KhienError):
    """Too many failed logins: the account is locked for a while."""


class SchemaTooNew(KhienError):
    """The database was written by a newer Khiên."""


class NotADatabase(KhienError):
    """The file is damaged or not a Khiên database."""


class ValidationError(KhienError):
    """A value was refused; ``field`` names the input it came from, when known."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class PermissionDenied(KhienError):
    """The signed-in account's role does not allow this."""
