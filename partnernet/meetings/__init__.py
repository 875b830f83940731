from flask import Blueprint

bp = Blueprint("meetings", __name__)

from partnernet.meetings import (  # noqa: E402, F401
    agenda_views,
    attendance_views,
    rotation_views,
    run_views,
    views,
)
