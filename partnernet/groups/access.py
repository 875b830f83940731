"""Who may see a group's pages: members; facilitators for some. Outsiders get 404."""

from functools import wraps

from flask import abort, g, session
from flask_login import current_user, login_required

from partnernet.groups.queries import get_active_membership


def group_view(*, facilitator: bool = False):
    """Decorate a view taking `gid`: sign-in required, membership checked, g.group set."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(gid: int, **kwargs):
            membership = get_active_membership(gid, current_user.id)
            if membership is None:
                abort(404)  # never reveal that a group exists to someone outside it
            if facilitator and not membership.is_facilitator:
                abort(403)
            g.group = membership.group
            g.membership = membership
            if session.get("group_id") != gid:
                session["group_id"] = gid  # the group `/` opens next time
            return view(gid, **kwargs)

        return wrapper

    return decorator
