"""Errors raised by services; views show them next to a field, the API as 422 or 403."""


class DomainError(Exception):
    """A domain rule refused the change. `field` names the input it concerns, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(DomainError):
    """The acting user may not do this (a member asking for a facilitator's action)."""


class Conflict(DomainError):
    """The change clashes with the current state (a used token, a duplicate)."""
