"""Moving referral history in and out: CSV import (facilitators) and exports."""

from partnernet.referrals import bp  # noqa: F401
