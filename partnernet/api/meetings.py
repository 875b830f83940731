"""Meetings: the group's schedule, one meeting, and a facilitator's changes to them; members'
one-to-ones.

Every change goes through partnernet.meetings.services, every read through its queries, as
the schedule page does. Times sent in are local to the group; a refused change saves nothing.
"""

from datetime import date, timedelta

from apiflask.exceptions import HTTPError

from partnernet.api import bp
from partnernet.api import meeting_schemas as ms
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import error_response
from partnernet.errors import DomainError
from partnernet.meetings import one_to_ones, queries, services
from partnernet.meetings.queries import MeetingRow
from partnernet.models import Meeting, Membership
from partnernet.models.base import utcnow
from partnernet.periods import Period, local_today

NOT_A_MEMBER = error_response("Not a member of the group, or no such group or meeting")
NOT_A_FACILITATOR = error_response("Only the group's facilitators can change the schedule")
INVALID = error_response("Invalid field; `fields` says which")
STALE = error_response("The meeting changed since the version sent")

# The default window: the recent past, and the schedule as far ahead as it is stored.
WEEKS_BACK = 8
# Two years, a leap day included: longer is a typing mistake.
MAX_WINDOW_DAYS = 731
# The services name the meeting's fields; the API's body asks for local times.
_API_FIELDS = {"starts_at": "starts_at_local", "start_time": "starts_at_local",
               "ends_at": "ends_at_local", "end_time": "ends_at_local"}


def _meeting_out(row: MeetingRow, timezone: str) -> dict:
    return {"id": row.id, "group_id": row.group_id, "kind": row.kind,
            "occurrence": row.occurrence, "starts_at": row.starts_at, "ends_at": row.ends_at,
            "local_start": row.local_start(timezone),
            "duration_minutes": row.duration_minutes, "status": row.status, "moved": row.moved,
            "note": row.note, "version": row.version, "presenter_id": row.presenter_id,
            "started_at": row.started_at, "closed_at": row.closed_at}


def _meeting(mid: int) -> tuple[Meeting, Membership]:
    """The meeting and the caller's membership of its group; 404 unless a current member."""
    found = queries.get_meeting_for(mid, auth.current_user.id)
    if found is None:
        raise HTTPError(404, "No such meeting.")
    return found


def _window(today: date, query: dict) -> Period:
    """The local dates asked for, each bound defaulting on its own; 422 naming the one at
    fault."""
    start = query.get("start") or today - timedelta(weeks=WEEKS_BACK)
    end = query.get("end") or today + timedelta(weeks=services.SCHEDULE_WEEKS, days=1)
    # With a default end, a fault lies with the start.
    at_fault = "end" if query.get("end") else "start"
    if end <= start:
        message = "end must be after start."
    elif (end - start).days > MAX_WINDOW_DAYS:
        message = "The window can be at most two years long."
    else:
        return Period(start, end)
    raise HTTPError(422, message, detail={"query": {at_fault: [message]}})


def _changing(change, timezone: str, **kwargs) -> dict:
    """Run a schedule service; its refusals name the API's fields."""
    try:
        meeting = change(actor=auth.current_user, **kwargs)
    except DomainError as exc:
        exc.field = _API_FIELDS.get(exc.field, exc.field)
        raise
    return _meeting_out(queries.row_of(meeting), timezone)


@bp.get("/groups/<int:gid>/meetings")
@bp.auth_required(auth)
@bp.input(ms.MeetingWindowQuery, location="query", arg_name="query")
@bp.output(ms.MeetingList)
@bp.doc(summary="The group's meetings in a window of local dates, by start",
        description="Stores the next 12 weeks of the cadence first, as the schedule page does. "
                    "`start` and `end` are local dates in the group's time zone (end "
                    "exclusive), at most two years apart; by default the window runs from 8 "
                    "weeks ago through the last day of the stored schedule. Cancelled "
                    "meetings are listed with their status.",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def list_meetings(gid: int, query: dict):
    group = member_of(gid).group
    now = utcnow()
    window = _window(local_today(group.timezone, now), query)
    services.ensure_schedule(group=group, now=now)
    start, end = window.utc_bounds(group.timezone)
    rows = queries.list_meetings(group_id=group.id, start=start, end=end)
    return {"group_id": group.id, "timezone": group.timezone,
            "items": [_meeting_out(row, group.timezone) for row in rows]}


@bp.post("/groups/<int:gid>/meetings")
@bp.auth_required(auth)
@bp.input(ms.MeetingIn, arg_name="data")
@bp.output(ms.Meeting, status_code=201)
@bp.doc(summary="Add an extra meeting outside the cadence (facilitators)",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID})
def create_meeting(gid: int, data: dict):
    group = member_of(gid).group
    return _changing(services.add_meeting, group.timezone, group=group,
                     starts=data["starts_at_local"], ends=data["ends_at_local"],
                     today=local_today(group.timezone, utcnow()), note=data["note"])


@bp.get("/meetings/<int:mid>")
@bp.auth_required(auth)
@bp.output(ms.Meeting)
@bp.doc(summary="One meeting of one of the caller's groups", responses={404: NOT_A_MEMBER})
def get_meeting(mid: int):
    meeting, membership = _meeting(mid)
    return _meeting_out(queries.row_of(meeting), membership.group.timezone)


@bp.patch("/meetings/<int:mid>")
@bp.auth_required(auth)
@bp.input(ms.MoveIn, arg_name="data")
@bp.output(ms.Meeting)
@bp.doc(summary="Move a scheduled meeting to another local date and time, or change its length "
                "(facilitators)",
        description="The cadence leaves a moved meeting where it is. Send `version` to be told "
                    "(409) when someone changed the meeting meanwhile.",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID})
def move_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    timezone = membership.group.timezone
    return _changing(services.move_meeting, timezone, meeting=meeting,
                     starts=data["starts_at_local"], ends=data["ends_at_local"],
                     today=local_today(timezone, utcnow()), note=data["note"],
                     version=data["version"])


@bp.post("/meetings/<int:mid>/cancel")
@bp.auth_required(auth)
@bp.input(ms.CancelIn, arg_name="data")
@bp.output(ms.Meeting)
@bp.doc(summary="Cancel a scheduled meeting; the others stay, and it can be restored "
                "(facilitators)",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID})
def cancel_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    return _changing(services.cancel_meeting, membership.group.timezone, meeting=meeting,
                     note=data["note"], version=data["version"])


@bp.post("/meetings/<int:mid>/restore")
@bp.auth_required(auth)
@bp.input(ms.RestoreIn, arg_name="data")
@bp.output(ms.Meeting)
@bp.doc(summary="Put a cancelled meeting back on the schedule; its note is cleared "
                "(facilitators)",
        responses={403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID})
def restore_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    return _changing(services.restore_meeting, membership.group.timezone, meeting=meeting,
                     version=data["version"])


# --- One-to-ones ------------------------------------------------------------------------------


def _one_to_one_out(row: one_to_ones.OneToOneRow) -> dict:
    return {"id": row.id, "partner_id": row.partner_id, "partner_name": row.partner_name,
            "logged_by_id": row.logged_by_id, "met_on": row.met_on, "kind": row.kind,
            "notes": row.notes}


@bp.get("/groups/<int:gid>/one-to-ones")
@bp.auth_required(auth)
@bp.output(ms.OneToOneList)
@bp.doc(summary="My one-to-ones in the group, and the partners I have not met yet",
        description="A one-to-one counts for both members, whoever logged it: `partner_id` "
                    "is the other one.",
        responses={404: NOT_A_MEMBER})
def list_one_to_ones(gid: int):
    group = member_of(gid).group
    user_id = auth.current_user.id
    return {"items": [_one_to_one_out(row)
                      for row in one_to_ones.list_one_to_ones(group.id, user_id)],
            "not_met": [{"member_id": row.member_id, "name": row.name}
                        for row in one_to_ones.partners_not_met(group.id, user_id)]}


@bp.post("/groups/<int:gid>/one-to-ones")
@bp.auth_required(auth)
@bp.input(ms.OneToOneIn, arg_name="data")
@bp.output(ms.OneToOne, status_code=201)
@bp.doc(summary="Log a one-to-one with another current member of the group",
        responses={404: NOT_A_MEMBER, 422: INVALID})
def create_one_to_one(gid: int, data: dict):
    group = member_of(gid).group
    user = auth.current_user
    entry = one_to_ones.log_one_to_one(group=group, actor=user, partner_id=data["partner_id"],
                                       met_on=data["met_on"], kind=data["kind"],
                                       notes=data["notes"],
                                       today=local_today(group.timezone, utcnow()))
    return _one_to_one_out(one_to_ones.get_one_to_one(entry.id, user.id))


@bp.delete("/one-to-ones/<int:oid>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@bp.doc(summary="Delete a one-to-one I logged",
        responses={403: error_response("Only the member who logged it can delete it"),
                   404: NOT_A_MEMBER})
def delete_one_to_one(oid: int):
    entry = one_to_ones.get_one_to_one_for(oid, auth.current_user.id)
    if entry is None:
        raise HTTPError(404, "No such one-to-one.")
    one_to_ones.delete_one_to_one(entry=entry, actor=auth.current_user)
    return ""
