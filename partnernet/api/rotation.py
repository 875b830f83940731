"""Speaker rotation: the order of the featured presenters and the next six weeks' presenters;
facilitators change the order, swap two meetings' presenters, choose one by hand, or deal the
coming meetings again.

Every change goes through partnernet.meetings.rotation, as the rotation page does; a refused
change saves nothing.
"""


from partnernet.api import bp
from partnernet.api import rotation_schemas as rs
from partnernet.api.core import auth, member_of
from partnernet.api.meetings import INVALID, NOT_A_MEMBER, _meeting
from partnernet.api.schemas import error_response
from partnernet.meetings import rotation, services
from partnernet.meetings.rotation import PresenterRow
from partnernet.models import Group
from partnernet.models.base import utcnow

NOT_A_FACILITATOR = error_response("Only the group's facilitators can change the rotation")


def _presenter_out(row: PresenterRow) -> dict:
    return {"meeting_id": row.meeting_id, "starts_at": row.starts_at, "status": row.status,
            "presenter_id": row.presenter_id, "presenter_name": row.presenter_name}


def _rotation_out(group: Group) -> dict:
    now = utcnow()
    return {"group_id": group.id,
            "members": [{"member_id": m.user_id, "name": m.name, "position": m.position}
                        for m in rotation.get_rotation(group_id=group.id)],
            "upcoming": [_presenter_out(row)
                         for row in rotation.list_presenters(group_id=group.id, now=now)]}


@bp.get("/groups/<int:gid>/rotation")
@bp.auth_required(auth)
@bp.output(rs.Rotation)
@bp.doc(summary="The speaker rotation and the next six weeks' featured presenters",
        description="Stores the schedule and deals presenters to coming meetings without one "
                    "first, as the rotation page does.",
        responses={404: NOT_A_MEMBER})
def get_rotation(gid: int):
    group = member_of(gid).group
    now = utcnow()
    services.ensure_schedule(group=group, now=now)
    rotation.assign_presenters(group=group, now=now)
    return _rotation_out(group)


@bp.put("/groups/<int:gid>/rotation")
@bp.auth_required(auth)
@bp.input(rs.RotationIn, arg_name="data")
@bp.output(rs.Rotation)
@bp.doc(summary="Replace the rotation's order (facilitators)",
        description="Meetings that already have a presenter keep them; coming meetings "
                    "without one are dealt from the new order. To deal every coming meeting "
                    "again, POST /groups/{gid}/rotation/redeal.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID})
def put_rotation(gid: int, data: dict):
    group = member_of(gid).group
    rotation.set_rotation(group=group, actor=auth.current_user, member_ids=data["member_ids"])
    rotation.assign_presenters(group=group, now=utcnow())
    return _rotation_out(group)


@bp.post("/groups/<int:gid>/rotation/redeal")
@bp.auth_required(auth)
@bp.output(rs.Rotation)
@bp.doc(summary="Deal every meeting still to start again from the rotation (facilitators)",
        description="Carries on after the latest presenter of a meeting held or under way; "
                    "swaps and presenters chosen by hand are replaced.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER})
def redeal(gid: int):
    group = member_of(gid).group
    rotation.redeal_presenters(group=group, actor=auth.current_user, now=utcnow())
    return _rotation_out(group)


@bp.post("/groups/<int:gid>/rotation/swap")
@bp.auth_required(auth)
@bp.input(rs.SwapIn, arg_name="data")
@bp.output(rs.Rotation)
@bp.doc(summary="Two coming meetings of the group exchange their presenters (facilitators)",
        description="A meeting id of another group, or of none, is refused (422) as if it "
                    "did not exist.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID})
def swap(gid: int, data: dict):
    group = member_of(gid).group
    rotation.swap_group_presenters(group=group, actor=auth.current_user,
                                   first_meeting_id=data["first_meeting_id"],
                                   second_meeting_id=data["second_meeting_id"])
    return _rotation_out(group)


@bp.put("/meetings/<int:mid>/presenter")
@bp.auth_required(auth)
@bp.input(rs.PresenterIn, arg_name="data")
@bp.output(rs.Presenter)
@bp.doc(summary="Choose a coming meeting's featured presenter (facilitators)",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID})
def put_presenter(mid: int, data: dict):
    meeting, _ = _meeting(mid)
    rotation.set_presenter(meeting=meeting, actor=auth.current_user,
                           presenter_id=data["presenter_id"])
    row = next((r for r in rotation.list_presenters(group_id=meeting.group_id,
                                                    now=meeting.starts_at, weeks=1)
                if r.meeting_id == meeting.id), None)
    return _presenter_out(row)
