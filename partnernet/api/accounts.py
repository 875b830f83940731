"""GET /me."""

from partnernet.api import bp
from partnernet.api.core import auth
from partnernet.api.schemas import Me
from partnernet.groups.queries import list_user_groups


@bp.get("/me")
@bp.auth_required(auth)
@bp.output(Me)
@bp.doc(summary="The authenticated user and their groups")
def me():
    user = auth.current_user
    return {
        "id": user.id, "email": user.email, "name": user.name,
        "business": user.profile.business_name if user.profile else "",
        "groups": [vars(grp) for grp in list_user_groups(user.id)],
    }
