"""Running a meeting through the API (start, step, close, its state and live tally) and the
meeting report, from the same services and queries as run mode and the report page."""

from apiflask.exceptions import HTTPError

from partnernet.api import bp
from partnernet.api import meeting_schemas as ms
from partnernet.api.core import auth
from partnernet.api.meetings import (
    INVALID,
    NOT_A_FACILITATOR,
    NOT_A_MEMBER,
    STALE,
    _meeting,
    _meeting_out,
)
from partnernet.extensions import db
from partnernet.meetings import run
from partnernet.meetings.agenda import AgendaItemRow
from partnernet.meetings.attendance import present_members
from partnernet.meetings.emails import report_on_closing, send_report
from partnernet.meetings.queries import row_of
from partnernet.meetings.report import build_report
from partnernet.models import Meeting
from partnernet.models.base import utcnow
from partnernet.models.meetings import MeetingStatus
from partnernet.money import to_decimal_string


def _item_out(item: AgendaItemRow | None) -> dict | None:
    if item is None:
        return None
    return {"id": item.id, "position": item.position, "title": item.title, "kind": item.kind,
            "minutes": item.minutes, "owner_id": item.owner_id, "owner_name": item.owner_name}


def _state_out(meeting: Meeting, timezone: str, currency: str) -> dict:
    now = utcnow()
    state = run.run_state(meeting=meeting, now=now)
    tally = run.meeting_tally(meeting=meeting, now=now)
    speaker = None
    if meeting.speaker_index is not None:
        speakers = present_members(meeting_id=meeting.id, group_id=meeting.group_id)
        if meeting.speaker_index < len(speakers):
            speaker = speakers[meeting.speaker_index].name
    return {
        "meeting": _meeting_out(row_of(meeting), timezone), "currency": currency,
        "started_at": meeting.started_at, "current_item": _item_out(state.current),
        "item_ends_at": state.item_ends_at, "speaker_index": meeting.speaker_index,
        "speaker": speaker, "speaker_ends_at": state.speaker_ends_at,
        "elapsed_seconds": state.elapsed_seconds,
        "planned_elapsed_minutes": state.planned_elapsed,
        "behind_minutes": state.behind_minutes,
        "agenda": [_item_out(item) for item in state.items],
        "tally": {"referrals": tally.referrals, "closed_count": tally.closed_count,
                  "closed_value": to_decimal_string(tally.closed_value, currency),
                  "thank_yous": tally.thank_yous,
                  "recent": [vars(slip) for slip in tally.recent]},
    }


RUN_ERRORS = {403: NOT_A_FACILITATOR, 404: NOT_A_MEMBER, 409: STALE, 422: INVALID}


@bp.get("/meetings/<int:mid>/run")
@bp.auth_required(auth)
@bp.output(ms.RunState)
@bp.doc(summary="Where a meeting stands: the agenda item on screen and its clock, the speaker, "
                "and the live tally", responses={404: NOT_A_MEMBER})
def get_run_state(mid: int):
    meeting, membership = _meeting(mid)
    group = membership.group
    return _state_out(meeting, group.timezone, group.currency)


@bp.post("/meetings/<int:mid>/start")
@bp.auth_required(auth)
@bp.input(ms.VersionIn, arg_name="data")
@bp.output(ms.RunState)
@bp.doc(summary="Start a meeting (facilitators): its agenda is copied from the group's and "
                "the first item starts; slips passed from now on belong to its round",
        description="From two hours before its start until twelve hours after; one meeting of "
                    "a group runs at a time.", responses=RUN_ERRORS)
def start_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    run.start_meeting(meeting=meeting, actor=auth.current_user, now=utcnow(),
                      version=data["version"])
    return _state_out(meeting, membership.group.timezone, membership.group.currency)


@bp.post("/meetings/<int:mid>/step")
@bp.auth_required(auth)
@bp.input(ms.RunStepIn, arg_name="data")
@bp.output(ms.RunState)
@bp.doc(summary="Move a running meeting on (facilitators): another agenda item, or the next "
                "speaker of the 60-second round", responses=RUN_ERRORS)
def step_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    now = utcnow()
    if data["position"] is not None:
        run.go_to_item(meeting=meeting, actor=auth.current_user, position=data["position"],
                       now=now, version=data["version"])
    else:
        run.go_to_speaker(meeting=meeting, actor=auth.current_user, index=data["speaker"],
                          now=now, version=data["version"])
    return _state_out(meeting, membership.group.timezone, membership.group.currency)


@bp.post("/meetings/<int:mid>/close")
@bp.auth_required(auth)
@bp.input(ms.VersionIn, arg_name="data")
@bp.output(ms.Report)
@bp.doc(summary="Close a running meeting (facilitators) and email its report to every member",
        responses=RUN_ERRORS)
def close_meeting(mid: int, data: dict):
    meeting, membership = _meeting(mid)
    now = utcnow()
    run.close_meeting(meeting=meeting, actor=auth.current_user, now=now,
                      version=data["version"])
    report, recipients = report_on_closing(meeting=meeting, group=membership.group, now=now)
    db.session.commit()
    send_report(report, recipients)
    return _report_out(report)


def _report_out(report) -> dict:
    cur = report.currency
    return {
        "meeting": _meeting_out(report.meeting, report.timezone), "final": report.final,
        "currency": cur, "since": report.since, "until": report.until,
        "previous_meeting_id": report.previous.id if report.previous else None,
        "attendance": [vars(a) for a in report.attendance],
        "visitors": [vars(v) for v in report.visitors],
        "referrals": [vars(r) for r in report.referrals],
        "closed_business": [{**vars(c), "amount": to_decimal_string(c.amount, cur)}
                            for c in report.closed],
        "thank_yous": [vars(t) for t in report.thanks],
        "ledger_start": report.ledger.period.start, "ledger_end": report.ledger.period.end,
        "ledger": [{"member_id": m.member_id, "name": m.name, "given": m.given,
                    "received": m.received,
                    "value_given": to_decimal_string(m.value_given, cur),
                    "value_received": to_decimal_string(m.value_received, cur)}
                   for m in report.ledger.members],
        "next_meeting": (_meeting_out(report.next_meeting, report.timezone)
                         if report.next_meeting else None),
        "presenters": [vars(p) for p in report.presenters],
    }


@bp.get("/meetings/<int:mid>/report")
@bp.auth_required(auth)
@bp.output(ms.Report)
@bp.doc(summary="A meeting's report: attendance, visitors, referrals since the previous "
                "meeting (giver → receiver, no prospect details), closed business, "
                "thank-yous, each member's ledger since the last meeting, the next meeting "
                "and presenters",
        description="Final once the meeting closed (`final`); before that, what it says so "
                    "far. A cancelled meeting has no report (404).",
        responses={404: NOT_A_MEMBER})
def get_report(mid: int):
    meeting, membership = _meeting(mid)
    if meeting.status == MeetingStatus.CANCELLED:
        raise HTTPError(404, "A cancelled meeting has no report.")
    return _report_out(build_report(meeting=meeting, group=membership.group, now=utcnow()))
