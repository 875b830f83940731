"""Notification pages: the list, marking read, email settings."""

from partnernet.notifications import bp  # noqa: F401
