"""Attendance forms: they check shape; partnernet.meetings.attendance checks the rules."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectChoice, SelectField, StringField

from partnernet.models.meetings import (
    SUBSTITUTE_NAME_MAX,
    VISITOR_BUSINESS_MAX,
    VISITOR_EMAIL_MAX,
    VISITOR_NAME_MAX,
    AttendanceStatus,
)
from partnernet.referrals.forms import int_or_none

STATUS_LABELS = {AttendanceStatus.PRESENT: "Present", AttendanceStatus.LATE: "Late",
                 AttendanceStatus.ABSENT: "Absent", AttendanceStatus.MEDICAL: "Medical",
                 AttendanceStatus.SUBSTITUTE: "Substitute"}


class StatusForm(FlaskForm):
    """One member's status: the button pressed sends it; a substitute comes with a name."""

    # The status and whether a name goes with it are the service's rules, with its messages.
    status = HiddenField()
    substitute_name = StringField("Substitute's name",
                                  render_kw={"maxlength": SUBSTITUTE_NAME_MAX,
                                             "autocomplete": "off"})


class CheckInForm(FlaskForm):
    """The "Check me in" button; a facilitator's may name another member."""

    member_id = HiddenField()

    def member(self) -> int | None:
        """The member named, None for oneself; a value that is no id names nobody."""
        value = (self.member_id.data or "").strip()
        return None if not value else int(value) if value.isdigit() else -1


class VisitorForm(FlaskForm):
    name = StringField("Name", render_kw={"maxlength": VISITOR_NAME_MAX,
                                          "autocomplete": "off"})
    business = StringField("Business", render_kw={"maxlength": VISITOR_BUSINESS_MAX,
                                                  "autocomplete": "off"},
                           description="Optional")
    email = EmailField("Email", render_kw={"maxlength": VISITOR_EMAIL_MAX,
                                           "autocomplete": "off"},
                       description="Optional: for the follow-up after the meeting.")
    invited_by_id = SelectField("Invited by", coerce=int_or_none, validate_choice=False)

    def set_hosts(self, members) -> None:
        self.invited_by_id.choices = [SelectChoice("", "Nobody in particular")] + [
            SelectChoice(m.member_id, m.name) for m in members]
