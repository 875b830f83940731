from flask import Blueprint

bp = Blueprint("groups", __name__)

from partnernet.groups import views  # noqa: E402, F401
