"""The dashboard a member lands on after signing in."""

from partnernet.referrals import bp  # noqa: F401
