"""The meeting report by email, to every member, when the facilitator closes the meeting."""

from datetime import datetime

import sqlalchemy as sa
from flask import render_template

from partnernet.extensions import db
from partnernet.mail import Mail, send_mail
from partnernet.meetings.report import MeetingReport, build_report
from partnernet.models import Group, Meeting, Membership, User
from partnernet.web import external_url


def report_recipients(group_id: int) -> list[tuple[str, str]]:
    """(name, email) of every current member whose account is active."""
    return list(db.session.execute(
        sa.select(User.name, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.group_id == group_id, Membership.left_at.is_(None),
               User.active.is_(True))
        .order_by(User.id)))


def report_on_closing(*, meeting: Meeting, group: Group,
                      now: datetime) -> tuple[MeetingReport, list[tuple[str, str]]]:
    """A meeting just closed: its final report and who receives it, read before the commit
    (nothing can be read after it while the mail goes out); marks the report sent."""
    report = build_report(meeting=meeting, group=group, now=now)
    recipients = report_recipients(group.id)
    meeting.report_sent_at = now
    return report, recipients


def send_report(report: MeetingReport, recipients: list[tuple[str, str]]) -> int:
    """Email the report to each recipient; how many were sent (a failure is logged, never
    raised: the meeting is closed either way and the report stays on its page)."""
    day = report.meeting.local_start(report.timezone)
    subject = f"{report.group_name}: the report of {day:%-d %B}"
    body = render_template("email/meeting_report.txt", report=report,
                           link=external_url("meetings.report", mid=report.meeting.id))
    return sum(send_mail(Mail(to=email, subject=subject, body=body))
               for _name, email in recipients)
