from flask import Blueprint

bp = Blueprint("profiles", __name__)

from partnernet.profiles import views  # noqa: E402, F401
