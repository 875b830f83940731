from flask import Blueprint

bp = Blueprint("ledger", __name__)

from partnernet.ledger import views  # noqa: E402, F401
