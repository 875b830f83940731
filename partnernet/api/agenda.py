"""Agendas: the group's, which each meeting starts from, and each meeting's own copy. Members
read them; facilitators add, change, remove and reorder items, until a meeting is closed.

Every change goes through partnernet.meetings.agenda, as the agenda pages do; a refused
change saves nothing.
"""

from apiflask.exceptions import HTTPError

from partnernet.api import agenda_schemas as schemas
from partnernet.api import bp
from partnernet.api.core import auth, member_of
from partnernet.api.schemas import error_response
from partnernet.meetings import agenda, queries
from partnernet.models import AgendaItem, Group, Meeting, Membership
from partnernet.models.meetings import MeetingStatus

NOT_A_MEMBER = error_response("Not a member of the group, or no such group, meeting or item")
NOT_A_FACILITATOR = error_response("Only the group's facilitators can change the agenda")
INVALID = error_response("Invalid field, or a closed meeting's agenda; `fields` says which")
WRITE = {403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 422: INVALID}


def _item_out(row: agenda.AgendaItemRow) -> dict:
    return {"id": row.id, "position": row.position, "title": row.title, "kind": row.kind,
            "minutes": row.minutes, "owner_id": row.owner_id, "owner_name": row.owner_name}


def _agenda_out(group: Group, meeting: Meeting | None) -> dict:
    meeting_id = meeting.id if meeting is not None else None
    rows = agenda.list_agenda(group_id=group.id, meeting_id=meeting_id)
    return {"group_id": group.id, "meeting_id": meeting_id,
            "own_copy": meeting is None or agenda.has_own_agenda(meeting.id),
            "total_minutes": agenda.total_minutes(rows),
            "duration_minutes": meeting.duration_minutes if meeting else group.duration_minutes,
            "items": [_item_out(row) for row in rows]}


def _one(item: AgendaItem) -> dict:
    rows = agenda.list_agenda(group_id=item.group_id, meeting_id=item.meeting_id)
    return _item_out(next(row for row in rows if row.id == item.id))


def _meeting(mid: int) -> tuple[Meeting, Membership]:
    found = queries.get_meeting_for(mid, auth.current_user.id)
    if found is None:
        raise HTTPError(404, "No such meeting.")
    return found


def _item(item_id: int) -> AgendaItem:
    found = agenda.get_item_for(item_id, auth.current_user.id)
    if found is None:
        raise HTTPError(404, "No such agenda item.")
    return found[0]


@bp.get("/groups/<int:gid>/agenda")
@bp.auth_required(auth)
@bp.output(schemas.Agenda)
@bp.doc(summary="The group's agenda, which each meeting starts from",
        description="A group without one gets the usual partner-group meeting first, as the "
                    "agenda page does.",
        responses={404: NOT_A_MEMBER})
def get_group_agenda(gid: int):
    group = member_of(gid).group
    agenda.ensure_template(group=group)
    return _agenda_out(group, None)


@bp.get("/meetings/<int:mid>/agenda")
@bp.auth_required(auth)
@bp.output(schemas.Agenda)
@bp.doc(summary="One meeting's agenda",
        description="A facilitator reading the agenda of a meeting that is not closed gets "
                    "the meeting's own copy (made now if needed, as on the page), so the ids "
                    "returned change this meeting alone. Anyone else reads the meeting's copy "
                    "if it has one, otherwise the group's agenda it will be copied from "
                    "(`own_copy` false), seeded with the usual meeting if the group has none.",
        responses={404: NOT_A_MEMBER})
def get_meeting_agenda(mid: int):
    meeting, membership = _meeting(mid)
    agenda.ensure_template(group=membership.group)
    if membership.is_facilitator and meeting.status != MeetingStatus.CLOSED:
        agenda.ensure_meeting_agenda(meeting=meeting)
    return _agenda_out(membership.group, meeting)


def _add(group: Group, meeting: Meeting | None, data: dict) -> dict:
    item = agenda.add_item(group=group, meeting=meeting, actor=auth.current_user,
                           title=data["title"], kind=data["kind"], minutes=data["minutes"],
                           owner_id=data["owner_id"])
    return _one(item)


@bp.post("/groups/<int:gid>/agenda/items")
@bp.auth_required(auth)
@bp.input(schemas.AgendaItemIn, arg_name="data")
@bp.output(schemas.AgendaItem, status_code=201)
@bp.doc(summary="Add an item at the end of the group's agenda (facilitators)",
        responses=WRITE)
def add_group_agenda_item(gid: int, data: dict):
    return _add(member_of(gid).group, None, data)


@bp.post("/meetings/<int:mid>/agenda/items")
@bp.auth_required(auth)
@bp.input(schemas.AgendaItemIn, arg_name="data")
@bp.output(schemas.AgendaItem, status_code=201)
@bp.doc(summary="Add an item at the end of one meeting's agenda (facilitators)",
        description="The meeting gets its own copy of the group's agenda first, if it has "
                    "none; the group's agenda is not changed.",
        responses=WRITE)
def add_meeting_agenda_item(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    return _add(membership.group, meeting, data)


@bp.patch("/agenda-items/<int:item_id>")
@bp.auth_required(auth)
@bp.input(schemas.AgendaItemPatch, arg_name="data")
@bp.output(schemas.AgendaItem)
@bp.doc(summary="Change an item's title, kind, minutes or owner (facilitators)",
        description="Only the fields sent change; `owner_id` null means nobody.",
        responses=WRITE)
def update_agenda_item(item_id: int, data: dict):
    item = _item(item_id)
    agenda.update_item(item=item, actor=auth.current_user, **data)
    return _one(item)


@bp.delete("/agenda-items/<int:item_id>")
@bp.auth_required(auth)
@bp.output({}, status_code=204)
@bp.doc(summary="Remove an item; the ones after it move up (facilitators)",
        description="An agenda keeps at least one item; the item on screen in a running "
                    "meeting can't be removed.",
        responses=WRITE)
def delete_agenda_item(item_id: int):
    agenda.delete_item(item=_item(item_id), actor=auth.current_user)
    return ""


@bp.put("/groups/<int:gid>/agenda/order")
@bp.auth_required(auth)
@bp.input(schemas.AgendaOrderIn, arg_name="data")
@bp.output(schemas.Agenda)
@bp.doc(summary="Put the group's agenda in a new order (facilitators)", responses=WRITE)
def order_group_agenda(gid: int, data: dict):
    group = member_of(gid).group
    agenda.reorder(group=group, actor=auth.current_user, item_ids=data["item_ids"])
    return _agenda_out(group, None)


@bp.put("/meetings/<int:mid>/agenda/order")
@bp.auth_required(auth)
@bp.input(schemas.AgendaOrderIn, arg_name="data")
@bp.output(schemas.Agenda)
@bp.doc(summary="Put one meeting's agenda in a new order (facilitators)",
        description="For a meeting without its own copy yet, name the group's items as "
                    "listed for it: the copy is made in that order.",
        responses=WRITE)
def order_meeting_agenda(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    agenda.reorder(group=membership.group, meeting=meeting, actor=auth.current_user,
                   item_ids=data["item_ids"])
    return _agenda_out(membership.group, meeting)
