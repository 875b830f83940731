"""Referral pages: the slip, lists, the referral page and its actions."""

from partnernet.referrals import bp  # noqa: F401
