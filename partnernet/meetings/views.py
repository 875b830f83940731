"""The meeting schedule: everyone sees it; facilitators move, cancel, restore and add."""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.forms import show_error
from partnernet.groups.access import group_view
from partnernet.groups.queries import list_members
from partnernet.meetings import bp, calendar, one_to_ones, queries, rotation, services
from partnernet.meetings.forms import ONE_TO_ONE_KINDS, CancelForm, MeetingTimeForm, OneToOneForm
from partnernet.models import Meeting
from partnernet.models.base import utcnow
from partnernet.periods import local_today
from partnernet.web import external_url

PAST_SHOWN = 4
# The services name the meeting's fields; the form asks for a date, a start and an end.
FORM_FIELDS = {"starts_at": "day", "start_time": "starts", "ends_at": "ends", "end_time": "ends"}


def meeting_view(*, facilitator: bool = False):
    """Decorate a view taking `mid`: the meeting's group must be the caller's (else 404)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(mid: int, **kwargs):
            found = queries.get_meeting_for(mid, current_user.id)
            if found is None:
                abort(404)
            meeting, membership = found
            if facilitator and not membership.is_facilitator:
                abort(403)
            g.group, g.membership = membership.group, membership
            return view(meeting, **kwargs)

        return wrapper

    return decorator


def _show_error(form: MeetingTimeForm, exc: DomainError) -> None:
    exc.field = FORM_FIELDS.get(exc.field, exc.field)
    show_error(form, exc)


def _schedule_context(add_form: MeetingTimeForm | None = None, **extra) -> dict:
    now = utcnow()
    upcoming = queries.list_meetings(group_id=g.group.id, start=now - timedelta(hours=12),
                                     end=now + timedelta(weeks=services.SCHEDULE_WEEKS, days=1))
    past = queries.list_meetings(group_id=g.group.id, end=now - timedelta(hours=12),
                                 latest=PAST_SHOWN)
    return {"group": g.group, "upcoming": upcoming, "past": past[::-1],
            "add_form": add_form or MeetingTimeForm(prefix="extra"),
            "cancel_form": CancelForm(), "weeks": services.SCHEDULE_WEEKS,
            "today": local_today(g.group.timezone, now),
            "has_feed": calendar.has_feed(group_id=g.group.id, user_id=current_user.id),
            "presenters": {row.meeting_id: row for row in rotation.list_presenters(
                group_id=g.group.id, now=now, weeks=services.SCHEDULE_WEEKS + 1)},
            **extra}


@bp.route("/groups/<int:gid>/meetings", methods=["GET", "POST"])
@group_view()
def index(gid: int):
    """The next twelve weeks of meetings (and the last few); facilitators add extra ones."""
    form = MeetingTimeForm(prefix="extra")
    if request.method == "POST":
        if not g.membership.is_facilitator:
            abort(403)
        if form.validate_on_submit():
            try:
                starts, ends = form.span()
                services.add_meeting(group=g.group, actor=current_user, starts=starts,
                                     ends=ends, today=local_today(g.group.timezone),
                                     note=form.note.data)
            except DomainError as exc:
                db.session.rollback()
                _show_error(form, exc)
            else:
                db.session.commit()
                flash("The extra meeting is on the schedule.", "success")
                return redirect(url_for("meetings.index", gid=gid), 303)
        return render_template("meetings/index.html", **_schedule_context(form)), 422
    # The schedule is stored as far ahead as it is shown, with its presenters dealt from the
    # speaker rotation; both are idempotent.
    now = utcnow()
    if services.ensure_schedule(group=g.group, now=now) + \
            rotation.assign_presenters(group=g.group, now=now):
        db.session.commit()
    return render_template("meetings/index.html", **_schedule_context())


def _version() -> int | None:
    return request.form.get("version", type=int)


def _refused(meeting: Meeting, exc: DomainError):
    db.session.rollback()
    if isinstance(exc, PermissionDenied):
        abort(403)
    flash(exc.message, "error")
    return redirect(url_for("meetings.index", gid=meeting.group_id), 303)


@bp.route("/meetings/<int:mid>/edit", methods=["GET", "POST"])
@meeting_view(facilitator=True)
def edit(meeting: Meeting):
    """Move one meeting to another date or time, or change its length."""
    tz = g.group.timezone
    current = queries.row_of(meeting)
    form = MeetingTimeForm(data={"day": current.local_start(tz).date(),
                                 "starts": current.local_start(tz).time(),
                                 "ends": current.local_end(tz).time(), "note": meeting.note,
                                 "version": meeting.version})
    status = 200
    if form.validate_on_submit():
        try:
            starts, ends = form.span()
            services.move_meeting(meeting=meeting, actor=current_user, starts=starts, ends=ends,
                                  today=local_today(tz), note=form.note.data,
                                  version=_version())
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("meetings.edit", mid=meeting.id), 303)
        except DomainError as exc:
            db.session.rollback()
            _show_error(form, exc)
        else:
            db.session.commit()
            flash("The meeting has moved; members see the new time on the schedule.",
                  "success")
            return redirect(url_for("meetings.index", gid=meeting.group_id), 303)
    if form.errors:
        status = 422
    return render_template("meetings/edit.html", group=g.group, meeting=current,
                           form=form), status


@bp.route("/meetings/<int:mid>/cancel", methods=["POST"])
@meeting_view(facilitator=True)
def cancel(meeting: Meeting):
    """Cancel one meeting; it can be restored."""
    form = CancelForm()
    if not form.validate_on_submit():
        flash(next(iter(form.note.errors), None)
              or "This form has expired; reload the page and try again.", "error")
        return redirect(url_for("meetings.index", gid=meeting.group_id), 303)
    try:
        services.cancel_meeting(meeting=meeting, actor=current_user, note=form.note.data,
                                version=_version())
    except DomainError as exc:
        return _refused(meeting, exc)
    db.session.commit()
    flash("The meeting is cancelled. Restore it from the schedule if that was a mistake.",
          "success")
    return redirect(url_for("meetings.index", gid=meeting.group_id), 303)


@bp.route("/meetings/<int:mid>/restore", methods=["POST"])
@meeting_view(facilitator=True)
def restore(meeting: Meeting):
    """Put a cancelled meeting back on the schedule."""
    try:
        services.restore_meeting(meeting=meeting, actor=current_user, version=_version())
    except DomainError as exc:
        return _refused(meeting, exc)
    db.session.commit()
    flash("The meeting is back on the schedule.", "success")
    return redirect(url_for("meetings.index", gid=meeting.group_id), 303)


# --- One-to-ones ------------------------------------------------------------------------------


def _one_to_ones_context(form: OneToOneForm) -> dict:
    partners = sorted((m for m in list_members(g.group.id) if m.member_id != current_user.id),
                      key=lambda m: (m.name.casefold(), m.member_id))
    form.partner_id.choices = [SelectChoice("", "Choose a partner…")] + [
        SelectChoice(m.member_id, m.name) for m in partners]
    return {"group": g.group, "form": form, "kinds": ONE_TO_ONE_KINDS,
            "entries": one_to_ones.list_one_to_ones(g.group.id, current_user.id),
            "not_met": one_to_ones.partners_not_met(g.group.id, current_user.id),
            "today": local_today(g.group.timezone)}


@bp.route("/groups/<int:gid>/one-to-ones", methods=["GET", "POST"])
@group_view()
def one_to_ones_index(gid: int):
    """Log a one-to-one with a partner; the member's own, and the partners not met yet."""
    form = OneToOneForm()
    if request.method == "GET":
        return render_template("meetings/one_to_ones.html", **_one_to_ones_context(form))
    if form.validate_on_submit():
        try:
            one_to_ones.log_one_to_one(group=g.group, actor=current_user,
                                       partner_id=form.partner_id.data, met_on=form.met_on.data,
                                       kind=form.kind.data, notes=form.notes.data,
                                       today=local_today(g.group.timezone))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your one-to-one is logged; it counts for both of you.", "success")
            return redirect(url_for("meetings.one_to_ones_index", gid=gid), 303)
    return render_template("meetings/one_to_ones.html", **_one_to_ones_context(form)), 422


@bp.route("/one-to-ones/<int:oid>/delete", methods=["POST"])
@login_required
def delete_one_to_one(oid: int):
    """Delete a one-to-one the member logged; other members get 403, outsiders 404."""
    entry = one_to_ones.get_one_to_one_for(oid, current_user.id)
    if entry is None:
        abort(404)
    gid = entry.group_id
    try:
        one_to_ones.delete_one_to_one(entry=entry, actor=current_user)
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    db.session.commit()
    flash("The one-to-one is deleted.", "success")
    return redirect(url_for("meetings.one_to_ones_index", gid=gid), 303)


# --- Calendar ---------------------------------------------------------------------------------


def _calendar_response(body: bytes, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _host(link: str) -> str:
    """The site's host name, for event UIDs: PARTNERNET_BASE_URL's when set, so a meeting
    keeps one UID however the site was reached."""
    return urlsplit(link).hostname or "partnernet"


def _feed_meetings(group_id: int, now) -> list[queries.MeetingRow]:
    return queries.list_meetings(
        group_id=group_id, start=now - timedelta(weeks=calendar.FEED_WEEKS_BACK),
        end=now + timedelta(weeks=services.SCHEDULE_WEEKS, days=1))


@bp.route("/groups/<int:gid>/meetings/calendar", methods=["POST"])
@group_view()
def create_feed(gid: int):
    """A secret link to the group's meetings for the member's calendar app, shown once."""
    raw = calendar.create_feed(group=g.group, user=current_user)
    db.session.commit()
    url = external_url("meetings.feed", token=raw)
    return render_template("meetings/index.html", **_schedule_context(
        feed_url=url, webcal_url="webcal://" + url.split("://", 1)[1])), 201


@bp.route("/groups/<int:gid>/meetings/calendar/stop", methods=["POST"])
@group_view()
def stop_feed(gid: int):
    """Stop the member's calendar link: calendar apps holding it get nothing more."""
    if calendar.stop_feed(group=g.group, user=current_user):
        flash("Your calendar link no longer works; calendars that used it stop updating.",
              "success")
    db.session.commit()
    return redirect(url_for("meetings.index", gid=gid), 303)


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The group's meetings for a calendar app; the secret link is the only credential."""
    owner = calendar.find_feed(token)
    if owner is None:
        abort(404)
    group, now = owner.membership.group, utcnow()
    services.ensure_schedule(group=group, now=now)
    owner.feed.last_used_at = now
    db.session.commit()
    link = external_url("meetings.index", gid=group.id)
    body = calendar.build_calendar(group, _feed_meetings(group.id, now), now=now, link=link,
                                   host=_host(link))
    response = _calendar_response(body)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/meetings/<int:mid>.ics")
@meeting_view()
def download(meeting: Meeting):
    """One meeting as an .ics file, to add to any calendar."""
    row = queries.row_of(meeting)
    link = external_url("meetings.index", gid=g.group.id)
    body = calendar.build_calendar(g.group, [row], now=utcnow(), link=link, host=_host(link),
                                   name=f"{g.group.name} meeting")
    day = row.local_start(g.group.timezone).date().isoformat()
    return _calendar_response(body, f"meeting-{day}.ics")
