"""The speaker rotation page: everyone sees the order and the next six weeks' presenters;
facilitators change the order, swap two meetings' presenters or choose one by hand."""

from babel.dates import format_datetime
from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.access import group_view
from partnernet.groups.queries import list_members
from partnernet.htmx import render
from partnernet.meetings import bp, rotation, services
from partnernet.meetings.rotation_forms import PresenterForm, RotationForm, SwapForm
from partnernet.meetings.services import MeetingError
from partnernet.meetings.views import meeting_view
from partnernet.models import Meeting
from partnernet.models.base import utcnow

TEMPLATE = "meetings/rotation.html"


def _context(*, form: RotationForm | None = None, swap_form: SwapForm | None = None,
             presenter_errors: dict[int, str] | None = None) -> dict:
    now = utcnow()
    members = sorted(list_members(g.group.id), key=lambda m: (m.name.casefold(), m.member_id))
    order = rotation.get_rotation(group_id=g.group.id)
    in_rotation = {m.user_id for m in order}
    upcoming = rotation.list_presenters(group_id=g.group.id, now=now)
    tz = g.group.timezone
    form = form or RotationForm()
    form.member_id.choices = [SelectChoice("", "Choose a member…")] + [
        SelectChoice(m.member_id, m.name) for m in members if m.member_id not in in_rotation]
    swap_form = swap_form or SwapForm()
    meeting_choices = [SelectChoice("", "Choose a meeting…")] + [
        SelectChoice(row.meeting_id, format_datetime(row.starts_at, "EEE d MMM", tzinfo=tz,
                                                     locale="en")
                     + (f" ({row.presenter_name})" if row.presenter_name else ""))
        for row in upcoming]
    swap_form.first_meeting_id.choices = meeting_choices
    swap_form.second_meeting_id.choices = meeting_choices
    return {"group": g.group, "order": order, "upcoming": upcoming, "members": members,
            "not_in_rotation": [m for m in members if m.member_id not in in_rotation],
            "form": form, "swap_form": swap_form, "presenter_errors": presenter_errors or {},
            "weeks": rotation.SHOWN_WEEKS}


def _plain(form, *names: str) -> None:
    """A crafted or mangled select value fails WTForms' coercion in its own words; say it
    plainly."""
    for name in names:
        field = getattr(form, name)
        if field.errors and field.data is None and field.raw_data and field.raw_data[0]:
            field.errors = ["Choose one from the list."]


def _page(status: int = 200, **kwargs):
    return render(TEMPLATE, "rotation_body", **_context(**kwargs)), status


def _done(message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("meetings.rotation_page", gid=g.group.id), 303)


def _new_order(action: str, ids: list[int], member_id: int | None) -> list[int]:
    """The rotation's order after one of the page's buttons (the service judges it)."""
    if action == "fill":
        others = sorted((m for m in list_members(g.group.id) if m.member_id not in ids),
                        key=lambda m: (m.name.casefold(), m.member_id))
        return ids + [m.member_id for m in others]
    if member_id is None:
        raise MeetingError("Choose a member to add." if action == "add"
                           else "Choose a member.", "member_id")
    if action == "add":
        if member_id in ids:
            raise MeetingError("That member is already in the rotation.", "member_id")
        return [*ids, member_id]
    if member_id not in ids:
        raise MeetingError("That member is not in the rotation.", "member_id")
    at = ids.index(member_id)
    if action == "remove":
        return ids[:at] + ids[at + 1:]
    to = at - 1 if action == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return ids


DONE = {"add": "{name} joins the rotation at the end.",
        "remove": "{name} is out of the rotation; meetings already given to them keep them.",
        "up": "{name} moved up.", "down": "{name} moved down.",
        "fill": "Every member is in the rotation now."}


@bp.route("/groups/<int:gid>/rotation", methods=["GET", "POST"])
@group_view()
def rotation_page(gid: int):
    """The rotation's order and the next six weeks' presenters; facilitators change them."""
    if request.method == "GET":
        now = utcnow()
        # The schedule is stored, and its presenters dealt, as far ahead as it is shown.
        if services.ensure_schedule(group=g.group, now=now) + \
                rotation.assign_presenters(group=g.group, now=now):
            db.session.commit()
        return _page()
    if not g.membership.is_facilitator:
        abort(403)
    form = RotationForm()
    action = form.action.data
    if action not in ("add", "remove", "up", "down", "fill", "redeal"):
        abort(400)
    if form.validate_on_submit():
        try:
            if action == "redeal":
                dealt = rotation.redeal_presenters(group=g.group, actor=current_user,
                                                   now=utcnow())
                return _done(f"The coming meetings are dealt again from the rotation "
                             f"({dealt} of them).")
            ids = [m.user_id for m in rotation.get_rotation(group_id=gid)]
            rotation.set_rotation(group=g.group, actor=current_user,
                                  member_ids=_new_order(action, ids, form.member_id.data))
            rotation.assign_presenters(group=g.group, now=utcnow())
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        except DomainError as exc:
            db.session.rollback()
            if action == "add":
                show_error(form, exc)
            else:
                form.form_errors.append(exc.message)
        else:
            name = next((m.name for m in list_members(gid)
                         if m.member_id == form.member_id.data), "")
            return _done(DONE[action].format(name=name))
    _plain(form, "member_id")
    return _page(422, form=form)


@bp.route("/groups/<int:gid>/rotation/swap", methods=["POST"])
@group_view(facilitator=True)
def swap_presenters(gid: int):
    """Two coming meetings exchange their featured presenters."""
    form = SwapForm()
    if form.validate_on_submit():
        try:
            rotation.swap_group_presenters(group=g.group, actor=current_user,
                                           first_meeting_id=form.first_meeting_id.data,
                                           second_meeting_id=form.second_meeting_id.data)
        except Conflict as exc:
            db.session.rollback()
            form.form_errors.append(exc.message)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            return _done("The two meetings swapped presenters.")
    _plain(form, "first_meeting_id", "second_meeting_id")
    return _page(422, swap_form=form)


@bp.route("/meetings/<int:mid>/presenter", methods=["POST"])
@meeting_view(facilitator=True)
def set_presenter(meeting: Meeting):
    """Choose one meeting's featured presenter by hand, or give it back to the rotation."""
    form = PresenterForm()
    message = "This form has expired; reload the page and try again."
    if form.validate_on_submit():
        try:
            rotation.set_presenter(meeting=meeting, actor=current_user,
                                   presenter_id=form.presenter_id.data)
        except DomainError as exc:
            db.session.rollback()
            message = exc.message
        else:
            return _done("The meeting's presenter is changed." if form.presenter_id.data
                         else "The meeting's presenter comes from the rotation again.")
    elif form.presenter_id.errors:
        message = "Choose a current member of the group from the list."
    return _page(422, presenter_errors={meeting.id: message})

