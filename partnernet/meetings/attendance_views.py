"""Attendance at one meeting: the facilitator's roll call with visitors, a member's "Check me
in" button. Every form posts and redirects without JavaScript; with htmx the row, the
visitors or the board is swapped in place."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, g, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.queries import get_active_membership
from partnernet.htmx import is_htmx, render
from partnernet.meetings import attendance, bp, queries
from partnernet.meetings.attendance_forms import (
    STATUS_LABELS,
    CheckInForm,
    StatusForm,
    VisitorForm,
)
from partnernet.meetings.views import meeting_view
from partnernet.models import Meeting, User
from partnernet.models.base import utcnow

EXPIRED = "This form has expired; reload the page and try again."


def _clock(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def _context(meeting: Meeting, **extra) -> dict:
    """Everything the page shows: two queries for the lists, whoever asks."""
    now = utcnow()
    rows = attendance.list_attendance(meeting_id=meeting.id, group_id=meeting.group_id)
    visitors = attendance.list_visitors(meeting_id=meeting.id)
    mine = next((r for r in rows if r.member_id == current_user.id), None)
    visitor_form = extra.pop("visitor_form", None) or VisitorForm(formdata=None)
    visitor_form.set_hosts([r for r in rows if r.current])
    return {"group": g.group, "meeting": queries.row_of(meeting), "rows": rows,
            "visitors": visitors, "counts": attendance.count_attendance(rows, visitors),
            "mine": mine, "is_facilitator": g.membership.is_facilitator,
            "labels": STATUS_LABELS, "check_in_refusal": attendance.check_in_refusal(
                meeting, now, g.group.timezone),
            "visitor_form": visitor_form, "row_errors": {}, "check_in_error": None,
            "fragment": is_htmx(), **extra}


def _page(meeting: Meeting, status: int = 200, block: str | None = None, **extra):
    return make_response(render("meetings/attendance.html", block,
                                **_context(meeting, **extra)), status)


def _back(meeting: Meeting, anchor: str = ""):
    return redirect(url_for("meetings.attendance", mid=meeting.id) + anchor, 303)


@bp.route("/meetings/<int:mid>/attendance", endpoint="attendance")
@meeting_view()
def attendance_page(meeting: Meeting):
    """Who is here: every member's status and the visitors; "Check me in" for members."""
    return _page(meeting)


def _row_fragment(meeting: Meeting, uid: int, status: int = 200, error: str | None = None):
    """The member's row again, and the count above the list (out of band)."""
    context = _context(meeting, row_errors={uid: error} if error else {})
    row = next((r for r in context["rows"] if r.member_id == uid), None)
    if row is None:  # not a member at all: nothing to swap but the message
        return make_response(render_template("meetings/_attendance_error.html",
                                             message=error or EXPIRED), status)
    body = render_template("meetings/_attendance_row.html", row=row, **context) + \
        render_template("meetings/_attendance_count.html", oob=True, **context)
    return make_response(body, status)


@bp.route("/meetings/<int:mid>/attendance/<int:uid>", methods=["POST"])
@meeting_view(facilitator=True)
def record_attendance(meeting: Meeting, uid: int):
    """A facilitator sets or corrects one member's status (one tap; a substitute's name)."""
    form = StatusForm()
    error, code = None, 422
    if not form.validate_on_submit():
        error = EXPIRED
    else:
        try:
            record = attendance.record_attendance(
                meeting=meeting, actor=current_user, member_id=uid, status=form.status.data,
                substitute_name=form.substitute_name.data, now=utcnow())
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        except DomainError as exc:
            db.session.rollback()
            error, code = exc.message, 409 if isinstance(exc, Conflict) else 422
        else:
            name = "You" if record.user_id == current_user.id else \
                db.session.get(User, record.user_id).name
            db.session.commit()
            if is_htmx():
                return _row_fragment(meeting, uid)
            label = STATUS_LABELS.get(record.status, record.status)
            flash(f"{name}: {label.lower()}"
                  + (f" ({record.substitute_name})." if record.substitute_name else "."),
                  "success")
            return _back(meeting, f"#member-{uid}")
    if is_htmx():
        return _row_fragment(meeting, uid, code, error)
    return _page(meeting, code, row_errors={uid: error})


@bp.route("/meetings/<int:mid>/check-in", methods=["POST"])
@meeting_view()
def check_in(meeting: Meeting):
    """Check in: a member themself ("Check me in"), or anyone by a facilitator."""
    form = CheckInForm()
    if not form.validate_on_submit():
        return _page(meeting, 422, "board", check_in_error=EXPIRED)
    try:
        record = attendance.check_in(meeting=meeting, actor=current_user,
                                     member_id=form.member(), now=utcnow())
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        db.session.rollback()
        return _page(meeting, 409 if isinstance(exc, Conflict) else 422, "board",
                     check_in_error=exc.message)
    at = _clock(record.recorded_at, g.group.timezone)
    late = " (late)" if record.status == "late" else ""
    who = "You're" if record.user_id == current_user.id else \
        f"{db.session.get(User, record.user_id).name} is"
    db.session.commit()
    flash(f"{who} checked in at {at}{late}.", "success")
    if is_htmx():
        return _page(meeting, 200, "board")
    return _back(meeting)


@bp.route("/meetings/<int:mid>/visitors", methods=["POST"])
@meeting_view()
def add_visitor(meeting: Meeting):
    """Add a visitor: facilitators anyone's guest, members their own."""
    form = VisitorForm()
    form.set_hosts([])
    if form.validate_on_submit():
        try:
            visitor = attendance.add_visitor(
                meeting=meeting, actor=current_user, name=form.name.data,
                business=form.business.data, email=form.email.data,
                invited_by_id=form.invited_by_id.data if g.membership.is_facilitator
                else None)
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            name = visitor.name
            db.session.commit()
            flash(f"{name} is on the visitor list.", "success")
            if is_htmx():
                return _visitors_fragment(meeting)
            return _back(meeting, "#visitors")
    elif not form.errors:
        form.form_errors.append(EXPIRED)
    if is_htmx():
        return _visitors_fragment(meeting, 422, visitor_form=form)
    return _page(meeting, 422, visitor_form=form)


def _visitors_fragment(meeting: Meeting, status: int = 200, **extra):
    context = _context(meeting, **extra)
    context["visitor_form"] = extra.get("visitor_form") or VisitorForm(formdata=None)
    context["visitor_form"].set_hosts([r for r in context["rows"] if r.current])
    body = render_block("meetings/attendance.html", "visitors", **context) + \
        render_template("meetings/_attendance_count.html", oob=True, **context)
    return make_response(body, status)


@bp.route("/visitors/<int:vid>/delete", methods=["POST"])
@login_required
def remove_visitor(vid: int):
    """Take a visitor off a meeting: a facilitator, or the member who invited them."""
    found = attendance.get_visitor_for(vid, current_user.id)
    if found is None:
        abort(404)
    visitor, meeting = found
    g.membership = get_active_membership(meeting.group_id, current_user.id)
    g.group = g.membership.group
    form = CheckInForm()  # only its CSRF token
    if not form.validate_on_submit():
        flash(EXPIRED, "error")
        return _back(meeting, "#visitors")
    name = visitor.name
    try:
        attendance.remove_visitor(visitor=visitor, actor=current_user)
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(meeting, "#visitors")
    db.session.commit()
    flash(f"{name} is no longer on the visitor list.", "success")
    if is_htmx():
        return _visitors_fragment(meeting)
    return _back(meeting, "#visitors")
