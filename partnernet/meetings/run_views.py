"""Run mode (the facilitator's full-screen meeting), its live tally, and the meeting report
(printable page, CSV, email on closing)."""

import csv
import io

from flask import Response, abort, flash, g, redirect, request, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_block

from partnernet.errors import Conflict, DomainError, PermissionDenied
from partnernet.extensions import db
from partnernet.htmx import is_htmx, render
from partnernet.meetings import bp, run
from partnernet.meetings.agenda import ensure_template, list_agenda
from partnernet.meetings.attendance import list_visitors, present_members
from partnernet.meetings.emails import report_on_closing, send_report
from partnernet.meetings.queries import row_of
from partnernet.meetings.report import build_report
from partnernet.meetings.views import meeting_view
from partnernet.models import Meeting, User
from partnernet.models.base import utcnow
from partnernet.models.meetings import MeetingStatus
from partnernet.money import to_decimal_string

TALLY_SECONDS = 3  # how often the run screen asks for new slips


def _run_context(meeting: Meeting, **extra) -> dict:
    now = utcnow()
    state = run.run_state(meeting=meeting, now=now)
    speakers = present_members(meeting_id=meeting.id, group_id=meeting.group_id)
    presenter = db.session.get(User, meeting.presenter_id) if meeting.presenter_id else None
    return {"group": g.group, "meeting": meeting, "row": row_of(meeting), "state": state,
            "now": now, "speakers": speakers, "presenter": presenter,
            "visitors": list_visitors(meeting_id=meeting.id),
            "tally": run.meeting_tally(meeting=meeting, now=now),
            "tally_seconds": TALLY_SECONDS, **extra}


def _stage(meeting: Meeting, status: int = 200, **extra):
    """The run screen, or its stage alone for htmx."""
    return render("meetings/run.html", "stage", **_run_context(meeting, **extra)), status


def _to_report(meeting: Meeting):
    """To the closed meeting's report: a whole page, even from a screen that was refreshing
    only its stage (the other screen closed the meeting)."""
    url = url_for("meetings.report", mid=meeting.id)
    if is_htmx():
        response = Response("")
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, 303)


@bp.route("/meetings/<int:mid>/run")
@meeting_view(facilitator=True)
def run_mode(meeting: Meeting):
    """The meeting on one screen: the current item and its countdown, the presentations, the
    live tally; before it starts, what is ready; after it closes, the report."""
    if meeting.status == MeetingStatus.CLOSED:
        return _to_report(meeting)
    if meeting.status == MeetingStatus.SCHEDULED and not list_agenda(group_id=g.group.id):
        ensure_template(group=g.group)  # the agenda it will start with, seeded once
        db.session.commit()
    return _stage(meeting)


def _version() -> int | None:
    return request.form.get("version", type=int)


def _refused(meeting: Meeting, exc: DomainError):
    """A refused step: the screen gets the meeting as it stands, with the reason (409 for a
    stale page, 422 otherwise)."""
    db.session.rollback()
    if isinstance(exc, PermissionDenied):
        abort(403)
    db.session.refresh(meeting)
    return _stage(meeting, 409 if isinstance(exc, Conflict) else 422, problem=exc.message)


def _step(meeting: Meeting, action):
    """Apply a run-mode step, or show why it was refused."""
    try:
        action()
    except DomainError as exc:
        return _refused(meeting, exc)
    db.session.commit()
    if is_htmx():
        return _stage(meeting)
    return redirect(url_for("meetings.run_mode", mid=meeting.id), 303)


@bp.route("/meetings/<int:mid>/start", methods=["POST"])
@meeting_view(facilitator=True)
def start(meeting: Meeting):
    """Start the meeting: run mode opens on the first agenda item."""
    return _step(meeting, lambda: run.start_meeting(meeting=meeting, actor=current_user,
                                                    now=utcnow(), version=_version()))


@bp.route("/meetings/<int:mid>/step", methods=["POST"])
@meeting_view(facilitator=True)
def step(meeting: Meeting):
    """Next or previous agenda item, or speaker in the 60-second round."""
    position = request.form.get("position", type=int)
    speaker = request.form.get("speaker", type=int)
    now = utcnow()
    if position is not None:
        return _step(meeting, lambda: run.go_to_item(
            meeting=meeting, actor=current_user, position=position, now=now,
            version=_version()))
    if "speaker" in request.form:
        return _step(meeting, lambda: run.go_to_speaker(
            meeting=meeting, actor=current_user, index=speaker, now=now, version=_version()))
    return _stage(meeting, 422, problem="Choose an agenda item or a speaker.")


@bp.route("/meetings/<int:mid>/close", methods=["POST"])
@meeting_view(facilitator=True)
def close(meeting: Meeting):
    """Close the meeting and email its report to every member."""
    now = utcnow()
    try:
        run.close_meeting(meeting=meeting, actor=current_user, now=now, version=_version())
    except DomainError as exc:
        return _refused(meeting, exc)
    report, recipients = report_on_closing(meeting=meeting, group=g.group, now=now)
    db.session.commit()
    sent = send_report(report, recipients)
    flash(f"The meeting is closed. Its report went to {sent} of {len(recipients)} members."
          if sent < len(recipients) else
          f"The meeting is closed and its report is on its way to all {sent} members.",
          "success")
    return _to_report(meeting)


@bp.route("/meetings/<int:mid>/tally")
@meeting_view()
def tally(meeting: Meeting):
    """The live tally (fragment), polled by the run screen. A screen that shows an older
    version of the meeting is told to bring its stage up to date."""
    response = Response(render_block("meetings/run.html", "tally",
                                     **{"group": g.group, "meeting": meeting,
                                        "tally": run.meeting_tally(meeting=meeting,
                                                                   now=utcnow()),
                                        "tally_seconds": TALLY_SECONDS}))
    seen = request.args.get("version", type=int)
    if seen is not None and seen != meeting.version:
        response.headers["HX-Trigger"] = "run-stale"
    return response


def _report_of(meeting: Meeting):
    """The meeting's report; a cancelled meeting has none (404)."""
    if meeting.status == MeetingStatus.CANCELLED:
        abort(404)
    return build_report(meeting=meeting, group=g.group, now=utcnow())


@bp.route("/meetings/<int:mid>/report")
@meeting_view()
def report(meeting: Meeting):
    """The meeting's report, printable; a draft while the meeting runs."""
    return render("meetings/report.html", group=g.group, report=_report_of(meeting))


REPORT_COLUMNS = ["member", "business", "attendance", "substitute", "given", "received",
                  "value_given", "value_received", "currency"]


@bp.route("/meetings/<int:mid>/report.csv")
@meeting_view()
def report_csv(meeting: Meeting):
    """The report's member table: attendance and each member's ledger since last meeting."""
    data = _report_of(meeting)
    ledger = {row.member_id: row for row in data.ledger.members}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REPORT_COLUMNS)
    for a in data.attendance:
        row = ledger.get(a.member_id)
        given, received, value_given, value_received = (
            (row.given, row.received, row.value_given, row.value_received) if row
            else (0, 0, 0, 0))
        writer.writerow([a.name, a.business, a.status or "", a.substitute_name, given, received,
                         to_decimal_string(value_given, data.currency),
                         to_decimal_string(value_received, data.currency), data.currency])
    day = data.meeting.local_start(data.timezone).date().isoformat()
    response = Response(out.getvalue(), mimetype="text/csv")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="report-{day}.csv"'
    return response
