"""Agendas: the group's template and each meeting's own copy. Everyone reads them; facilitators
add, change, remove and reorder items (buttons that work without JavaScript, and drag and
drop); htmx swaps the agenda in place after each change."""

from datetime import datetime, timedelta

from flask import abort, flash, g, make_response, redirect, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from wtforms import SelectChoice

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.access import group_view
from partnernet.groups.queries import list_members
from partnernet.htmx import is_htmx, render
from partnernet.meetings import agenda as agendas
from partnernet.meetings import bp, queries
from partnernet.meetings.agenda_forms import AgendaItemForm, MoveForm
from partnernet.meetings.views import meeting_view
from partnernet.models import AgendaItem, Group, Meeting
from partnernet.models.base import utcnow
from partnernet.models.meetings import AGENDA_ITEMS_MAX, MeetingStatus

TEMPLATE = "meetings/agenda.html"


def _owner_choices(form: AgendaItemForm, members) -> None:
    form.owner_id.choices = [SelectChoice("", "Nobody")] + [
        SelectChoice(m.member_id, m.name) for m in members]


def _starts(group: Group, meeting: Meeting | None, items) -> list[str]:
    """Each item's planned local start, as the clock will read."""
    if meeting is not None:
        start = queries.row_of(meeting).local_start(group.timezone).replace(tzinfo=None)
    else:
        start = datetime.combine(datetime(2000, 1, 3), group.meeting_time)
    times, elapsed = [], 0
    for item in items:
        times.append((start + timedelta(minutes=elapsed)).strftime("%H:%M"))
        elapsed += item.minutes
    return times


def _context(meeting: Meeting | None, *, add_form: AgendaItemForm | None = None,
             item_forms: dict | None = None, open_item: int | None = None) -> dict:
    """What the agenda page shows: the items with their times, the length against the
    meeting's, and a facilitator's forms (filled with what was typed, after a refusal)."""
    group = g.group
    items = agendas.list_agenda(group_id=group.id,
                               meeting_id=meeting.id if meeting is not None else None)
    closed = meeting is not None and meeting.status == MeetingStatus.CLOSED
    can_change = g.membership.is_facilitator and not closed
    item_forms = dict(item_forms or {})
    if can_change:
        members = sorted(list_members(group.id), key=lambda m: (m.name.casefold(), m.member_id))
        add_form = add_form or AgendaItemForm(prefix="new", formdata=None)
        _owner_choices(add_form, members)
        for item in items:
            if item.id not in item_forms:
                item_forms[item.id] = AgendaItemForm(
                    prefix=f"item{item.id}", formdata=None,
                    data={"title": item.title, "kind": item.kind, "minutes": item.minutes,
                          "owner_id": item.owner_id})
            _owner_choices(item_forms[item.id], members)
    upcoming = None
    if meeting is None:
        now = utcnow()
        upcoming = next((m for m in queries.list_meetings(group_id=group.id, start=now,
                                                          end=now + timedelta(weeks=6))
                         if m.status != MeetingStatus.CANCELLED), None)
    total = agendas.total_minutes(items)
    length = meeting.duration_minutes if meeting is not None else group.duration_minutes
    return {"group": group, "meeting": queries.row_of(meeting) if meeting else None,
            "items": items, "starts": _starts(group, meeting, items), "total": total,
            "length": length, "can_change": can_change, "closed": closed,
            "own_copy": meeting is not None and agendas.has_own_agenda(meeting.id),
            "add_form": add_form, "item_forms": item_forms, "open_item": open_item,
            "kinds": agendas.KIND_LABELS, "items_max": AGENDA_ITEMS_MAX,
            "upcoming": upcoming, "fragment": is_htmx()}


def _page(meeting: Meeting | None, status: int = 200, announce: str = "", **forms):
    """The agenda page, or (for htmx) the agenda block with `announce` for screen readers."""
    response = make_response(render(TEMPLATE, "agenda", **_context(meeting, **forms)), status)
    if is_htmx() and announce:
        response.set_data(response.get_data(as_text=True) + str(Markup(
            '<div id="agenda-status" hx-swap-oob="innerHTML">{}</div>').format(announce)))
    return response


def _url(group_id: int, meeting_id: int | None, item_id: int | None = None) -> str:
    anchor = f"item-{item_id}" if item_id else None
    if meeting_id is None:
        return url_for("meetings.agenda", gid=group_id, _anchor=anchor)
    return url_for("meetings.meeting_agenda", mid=meeting_id, _anchor=anchor)


def _done(meeting: Meeting | None, message: str, item_id: int | None = None):
    """After a change: htmx gets the agenda in place, a plain post a redirect to the page."""
    if is_htmx():
        return _page(meeting, announce=message)
    flash(message, "success")
    return redirect(_url(g.group.id, meeting.id if meeting else None, item_id), 303)


def _refused(meeting: Meeting | None, exc: DomainError, **forms):
    """A refused change: nothing saved; the page again, with why."""
    db.session.rollback()
    db.session.expire_all()
    if isinstance(exc, PermissionDenied):
        abort(403)
    return _page(meeting, 409 if isinstance(exc, Conflict) else 422,
                 announce=exc.message, **forms)


def _add(meeting: Meeting | None):
    """A facilitator's new item at the end of the agenda."""
    if not g.membership.is_facilitator:
        abort(403)
    form = AgendaItemForm(prefix="new")
    if form.validate_on_submit():
        try:
            item = agendas.add_item(group=g.group, meeting=meeting, actor=current_user,
                                   title=form.title.data, kind=form.kind.data,
                                   minutes=form.minutes.data, owner_id=form.owner_id.data)
        except DomainError as exc:
            if isinstance(exc, PermissionDenied):
                abort(403)
            db.session.rollback()
            db.session.expire_all()
            show_error(form, exc)
        else:
            item_id, title = item.id, item.title
            db.session.commit()
            flash(f"“{title}” is on the agenda.", "success")
            return redirect(_url(g.group.id, meeting.id if meeting else None, item_id), 303)
    return _page(meeting, 422, add_form=form)


@bp.route("/groups/<int:gid>/agenda", methods=["GET", "POST"])
@group_view()
def agenda(gid: int):
    """The group's agenda, which each meeting starts from; facilitators add items."""
    if request.method == "POST":
        return _add(None)
    if not agendas.list_agenda(group_id=gid):
        agendas.ensure_template(group=g.group)
        db.session.commit()
    return _page(None)



@bp.route("/meetings/<int:mid>/agenda", methods=["GET", "POST"])
@meeting_view()
def meeting_agenda(meeting: Meeting):
    """One meeting's agenda; facilitators change it for this meeting alone."""
    if request.method == "POST":
        return _add(meeting)
    # A facilitator opening it gets the meeting's own copy to change: the ids on the page are
    # then the copy's, never the template's. Members read the template until then.
    if not agendas.has_own_agenda(meeting.id):
        if g.membership.is_facilitator and meeting.status != MeetingStatus.CLOSED:
            agendas.ensure_meeting_agenda(meeting=meeting)
            db.session.commit()
        elif not agendas.list_agenda(group_id=g.group.id):
            agendas.ensure_template(group=g.group)
            db.session.commit()
    return _page(meeting)


def _order(meeting: Meeting | None):
    if not g.membership.is_facilitator:
        abort(403)
    raw = request.form.getlist("item_ids")
    try:
        ids = [int(value) for value in raw]
    except ValueError:
        ids = None
    try:
        agendas.reorder(group=g.group, meeting=meeting, actor=current_user,
                              item_ids=ids)
    except DomainError as exc:
        return _refused(meeting, exc)
    db.session.commit()
    return _done(meeting, "The agenda is in its new order.")


@bp.route("/groups/<int:gid>/agenda/order", methods=["POST"])
@group_view()
def order_agenda(gid: int):
    """Put the group's agenda in a new order (sent by drag and drop)."""
    return _order(None)


@bp.route("/meetings/<int:mid>/agenda/order", methods=["POST"])
@meeting_view()
def order_meeting_agenda(meeting: Meeting):
    """Put one meeting's agenda in a new order (sent by drag and drop)."""
    return _order(meeting)


# --- One item ---------------------------------------------------------------------------------


def _item_view(view):
    """Decorate a view taking `item_id`: the item's group must be the caller's (else 404), and
    only facilitators change items (else 403)."""

    def wrapper(item_id: int):
        found = agendas.get_item_for(item_id, current_user.id)
        if found is None:
            abort(404)
        item, membership = found
        if not membership.is_facilitator:
            abort(403)
        g.group, g.membership = membership.group, membership
        meeting = db.session.get(Meeting, item.meeting_id) if item.meeting_id else None
        return view(item, meeting)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return login_required(wrapper)


@bp.route("/agenda-items/<int:item_id>/edit", methods=["POST"])
@_item_view
def edit_agenda_item(item: AgendaItem, meeting: Meeting | None):
    """Change an item's title, kind, minutes or who leads it."""
    form = AgendaItemForm(prefix=f"item{item.id}")
    item_id = item.id
    if form.validate_on_submit():
        try:
            agendas.update_item(item=item, actor=current_user, title=form.title.data,
                                      kind=form.kind.data, minutes=form.minutes.data,
                                      owner_id=form.owner_id.data)
        except DomainError as exc:
            if not isinstance(exc, PermissionDenied | Conflict):
                show_error(form, exc)
            return _refused(meeting, exc, item_forms={item_id: form}, open_item=item_id)
        title = item.title
        db.session.commit()
        return _done(meeting, f"“{title}” is saved.", item_id)
    return _page(meeting, 422, announce="Check the item's fields.",
                 item_forms={item_id: form}, open_item=item_id)


@bp.route("/agenda-items/<int:item_id>/delete", methods=["POST"])
@_item_view
def delete_agenda_item(item: AgendaItem, meeting: Meeting | None):
    """Remove an item from the agenda."""
    title = item.title
    try:
        agendas.delete_item(item=item, actor=current_user)
    except DomainError as exc:
        return _refused_plain(meeting, exc, item.id)
    db.session.commit()
    return _done(meeting, f"“{title}” is off the agenda.")


@bp.route("/agenda-items/<int:item_id>/move", methods=["POST"])
@_item_view
def move_agenda_item(item: AgendaItem, meeting: Meeting | None):
    """Move an item one place up or down: the way to reorder from a keyboard."""
    form = MoveForm()
    offset = form.offset.data if form.validate_on_submit() else None
    try:
        agendas.move_item(item=item, actor=current_user, offset=offset)
    except DomainError as exc:
        return _refused_plain(meeting, exc, item.id)
    title, position, item_id = item.title, item.position, item.id
    count = len(agendas.list_agenda(group_id=item.group_id, meeting_id=item.meeting_id))
    db.session.commit()
    direction = "up" if offset < 0 else "down"
    return _done(meeting, f"Moved “{title}” {direction}: now {position + 1} of {count}.",
                 item_id)


def _refused_plain(meeting: Meeting | None, exc: DomainError, item_id: int):
    """A refused button press (no form to show it by): htmx gets the agenda with the reason
    announced, a plain post the page with the reason at the top."""
    if is_htmx() or isinstance(exc, PermissionDenied):
        return _refused(meeting, exc)
    db.session.rollback()
    flash(exc.message, "error")
    return redirect(_url(g.group.id, meeting.id if meeting else None, item_id), 303)

