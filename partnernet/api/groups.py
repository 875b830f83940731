"""Groups, members and invitations."""

from apiflask.exceptions import HTTPError
from flask import current_app

from partnernet.api import bp
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import (
    Accepted,
    Group,
    GroupIn,
    GroupList,
    InvitationIn,
    InvitationOut,
    MemberList,
    error_response,
)
from partnernet.extensions import db
from partnernet.groups import queries, services
from partnernet.groups.emails import deliver_invitation


def _group_out(gid: int, role: str) -> dict:
    detail = queries.get_group_detail(gid)
    if detail is None:
        raise HTTPError(404, "No such group.")
    return {**vars(detail), "role": role}


@bp.post("/groups")
@bp.auth_required(auth)
@bp.input(GroupIn, arg_name="data")
@bp.output(Group, status_code=201)
@bp.doc(summary="Create a group; the caller becomes its facilitator",
        responses={422: error_response("Invalid settings")})
def create_group(data: dict):
    group = services.create_group(creator=auth.current_user,
                                  settings=services.GroupSettings(**data))
    return _group_out(group.id, "facilitator")


@bp.get("/groups")
@bp.auth_required(auth)
@bp.output(GroupList)
@bp.doc(summary="The groups the caller belongs to")
def list_groups():
    return {"items": [_group_out(grp.id, grp.role)
                      for grp in queries.list_user_groups(auth.current_user.id)]}


@bp.get("/groups/<int:gid>")
@bp.auth_required(auth)
@bp.output(Group)
@bp.doc(summary="One group", responses={404: error_response("Not a member, or no such group")})
def get_group(gid: int):
    return _group_out(gid, member_of(gid).role)


@bp.get("/groups/<int:gid>/members")
@bp.auth_required(auth)
@bp.output(MemberList)
@bp.doc(summary="The group's current members",
        responses={404: error_response("Not a member, or no such group")})
def list_members(gid: int):
    member_of(gid)
    return {"items": [
        {"member_id": m.member_id, "name": m.name, "business": m.business, "role": m.role,
         "title": m.title, "category": m.category, "joined_on": m.joined_at.date()}
        for m in queries.list_members(gid)]}


@bp.post("/groups/<int:gid>/invitations")
@bp.auth_required(auth)
@bp.input(InvitationIn, arg_name="data")
@bp.output(InvitationOut, status_code=201)
@bp.doc(summary="Invite someone (facilitators); emailed when an email is given",
        responses={403: error_response("Not a facilitator"), 404: error_response("Not a member"),
                   409: error_response("Already a member")})
def create_invitation(gid: int, data: dict):
    membership = member_of(gid, facilitator=True)
    invitation, token = services.create_invitation(
        actor=auth.current_user, group=membership.group, email=data["email"],
        role=data["role"], ttl=current_app.config["INVITATION_TTL"])
    db.session.commit()  # the link must work before anyone receives it
    url, emailed = deliver_invitation(invitation, token, inviter=auth.current_user)
    return {"token": token, "url": url, "expires_at": invitation.expires_at,
            "email": invitation.email, "role": invitation.role, "emailed": emailed}


@bp.post("/invitations/<token>/accept")
@bp.auth_required(auth)
@bp.output(Accepted)
@bp.doc(summary="Accept an invitation as the authenticated user",
        responses={409: error_response("Expired, used, withdrawn, or already a member")})
def accept_invitation(token: str):
    membership = services.accept_invitation(user=auth.current_user, token=token)
    return {"group": _group_out(membership.group_id, membership.role)}
