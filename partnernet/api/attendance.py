"""Attendance and visitors at a meeting: the list, a facilitator setting a member's status,
checking in, and the visitors.

Every change goes through partnernet.meetings.attendance, as the attendance page does. A
double check-in answers 409 (the member is already here: the state clashes, the input is
fine); bad input answers 422 naming the field; nothing is half-saved.
"""

from dataclasses import asdict

from apiflask.exceptions import HTTPError

from partnernet.api import attendance_schemas as s
from partnernet.api import bp
from partnernet.api.core import auth
from partnernet.api.schemas import error_response
from partnernet.meetings import attendance, queries
from partnernet.models import Meeting, Membership
from partnernet.models.base import utcnow

NOT_A_MEMBER = error_response("Not a member of the group, or no such meeting")
NOT_A_FACILITATOR = error_response("Only the group's facilitators can do that")
INVALID = error_response("Invalid field; `fields` says which")
ALREADY_HERE = error_response("The member is already checked in (the message says since "
                              "when)")


def _meeting(mid: int) -> tuple[Meeting, Membership]:
    """The meeting and the caller's membership of its group; 404 unless a current member."""
    found = queries.get_meeting_for(mid, auth.current_user.id)
    if found is None:
        raise HTTPError(404, "No such meeting.")
    return found


def _member_out(row: attendance.AttendanceRow) -> dict:
    return asdict(row)


def _visitor_out(row: attendance.VisitorRow, membership: Membership) -> dict:
    shown = membership.is_facilitator or row.invited_by_id == membership.user_id
    return {**asdict(row), "email": row.email if shown else None}


def _row(meeting: Meeting, member_id: int) -> dict:
    rows = attendance.list_attendance(meeting_id=meeting.id, group_id=meeting.group_id)
    return _member_out(next(r for r in rows if r.member_id == member_id))


@bp.get("/meetings/<int:mid>/attendance")
@bp.auth_required(auth)
@bp.output(s.Attendance)
@bp.doc(summary="Who is at a meeting: every member's status, the visitors, the counts",
        description="A visitor's email is shown to facilitators and to the member who "
                    "invited them.",
        responses={404: NOT_A_MEMBER})
def get_attendance(mid: int):
    meeting, membership = _meeting(mid)
    rows = attendance.list_attendance(meeting_id=meeting.id, group_id=meeting.group_id)
    visitors = attendance.list_visitors(meeting_id=meeting.id)
    return {"meeting_id": meeting.id, "members": [_member_out(r) for r in rows],
            "visitors": [_visitor_out(v, membership) for v in visitors],
            "counts": asdict(attendance.count_attendance(rows, visitors))}


@bp.put("/meetings/<int:mid>/attendance/<int:member_id>")
@bp.auth_required(auth)
@bp.input(s.AttendanceIn, arg_name="data")
@bp.output(s.MemberAttendance)
@bp.doc(summary="Set or correct a member's status (facilitators), also after the meeting "
                "closed",
        description="Sending the status the member already has changes nothing. Present and "
                    "late can be recorded from an hour before the meeting starts; absent, "
                    "medical and substitute ahead of it. Not on a cancelled meeting.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID})
def put_attendance(mid: int, member_id: int, data: dict):
    meeting, _ = _meeting(mid)
    attendance.record_attendance(meeting=meeting, actor=auth.current_user, member_id=member_id,
                                 status=data["status"],
                                 substitute_name=data["substitute_name"], now=utcnow())
    return _row(meeting, member_id)


@bp.post("/meetings/<int:mid>/check-in")
@bp.auth_required(auth)
@bp.input(s.CheckInIn, arg_name="data")
@bp.output(s.MemberAttendance)
@bp.doc(summary="Check in as you arrive (a facilitator: anyone)",
        description="Open from an hour before the meeting starts until its planned end (or "
                    "until it closes, if it runs over); never for a cancelled or closed "
                    "meeting. Present until five minutes after the start, late after that. "
                    "Someone marked absent, medical or substitute who comes after all is "
                    "checked in; someone already present or late gets 409.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 409: ALREADY_HERE,
                   422: INVALID})
def post_check_in(mid: int, data: dict):
    meeting, _ = _meeting(mid)
    record = attendance.check_in(meeting=meeting, actor=auth.current_user,
                                 member_id=data["member_id"], now=utcnow())
    return _row(meeting, record.user_id)


@bp.post("/meetings/<int:mid>/visitors")
@bp.auth_required(auth)
@bp.input(s.VisitorIn, arg_name="data")
@bp.output(s.Visitor, status_code=201)
@bp.doc(summary="Add a visitor: facilitators anyone's guest, members their own",
        description="Not on a cancelled meeting; members not after it closed.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def post_visitor(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    visitor = attendance.add_visitor(meeting=meeting, actor=auth.current_user,
                                     name=data["name"], business=data["business"],
                                     email=data["email"], invited_by_id=data["invited_by_id"])
    row = next(v for v in attendance.list_visitors(meeting_id=meeting.id)
               if v.id == visitor.id)
    return _visitor_out(row, membership)


@bp.delete("/visitors/<int:vid>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@bp.doc(summary="Take a visitor off a meeting: a facilitator, or the member who invited them "
                "until the meeting closes",
        responses={403: error_response("Only a facilitator or the visitor's host can remove "
                                       "them"), 404: NOT_A_MEMBER, 422: INVALID})
def delete_visitor(vid: int):
    found = attendance.get_visitor_for(vid, auth.current_user.id)
    if found is None:
        raise HTTPError(404, "No such visitor.")
    attendance.remove_visitor(visitor=found[0], actor=auth.current_user)
    return ""
