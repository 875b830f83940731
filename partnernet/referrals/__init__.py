from flask import Blueprint

bp = Blueprint("referrals", __name__)

from partnernet.referrals import dashboard, transfer_views, views  # noqa: E402, F401
