from flask import Blueprint

bp = Blueprint("meetings", __name__)

from partnernet.meetings import attendance_views, rotation_views, views  # noqa: E402, F401
