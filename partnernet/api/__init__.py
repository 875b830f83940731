"""JSON API under /api/v1, described at /api/v1/openapi.json."""

from apiflask import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="PartnerNet")

from partnernet.api import (  # noqa: E402, F401
    accounts,
    agenda,
    attendance,
    core,
    groups,
    ledger,
    meeting_runs,
    meetings,
    profiles,
    referrals,
    rotation,
)
