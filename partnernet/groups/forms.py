"""Group forms: they check shape; services check the rules."""

from datetime import time

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TimeField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from partnernet.groups.services import GroupSettings, currencies, timezones
from partnernet.models.accounts import EMAIL_MAX
from partnernet.models.groups import (
    CATEGORY_MAX,
    GROUP_NAME_MAX,
    LOCATION_MAX,
    TITLE_MAX,
    URL_MAX,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# SelectChoice, not (value, label) tuples: WTForms deprecates tuples and drops them in 3.4.
NTH = [SelectChoice(n, label) for n, label in
       [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]]
ROLES = [SelectChoice("member", "Member"), SelectChoice("facilitator", "Facilitator")]


class GroupForm(FlaskForm):
    name = StringField("Group name", [DataRequired("Give the group a name."),
                                      Length(max=GROUP_NAME_MAX)])
    cadence = SelectField("Meets", choices=[SelectChoice("weekly", "Every week"),
                                            SelectChoice("monthly", "Once a month")],
                          default="weekly")
    nth_weekday = SelectField("Week of the month", choices=NTH, coerce=int, default=1,
                              description="Only for groups that meet once a month.")
    weekday = SelectField("Day", choices=[SelectChoice(i, day) for i, day in enumerate(WEEKDAYS)],
                          coerce=int, default=1)
    meeting_time = TimeField("Start time", [InputRequired("Enter the start time.")],
                             default=time(7, 0))
    duration_minutes = IntegerField(
        "Length (minutes)", [InputRequired("Enter the meeting length in minutes."),
                             NumberRange(15, 480, "A meeting lasts 15 to 480 minutes.")],
        default=90)
    timezone = SelectField("Time zone", default="UTC",
                           description="Meeting times and report periods use this zone.")
    currency = SelectField("Currency", default="USD",
                           description="Closed business is recorded in this currency.")
    location = StringField("Where you meet", [Length(max=LOCATION_MAX)],
                           description="An address, or leave empty for online groups.")
    video_url = URLField("Video link", [Optional(), Length(max=URL_MAX)],
                         description="For online or hybrid meetings.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = [SelectChoice(tz, tz.replace("_", " ")) for tz in timezones()]
        self.currency.choices = [SelectChoice(c) for c in currencies()]

    def settings(self) -> GroupSettings:
        return GroupSettings(
            name=self.name.data, cadence=self.cadence.data, weekday=self.weekday.data,
            nth_weekday=self.nth_weekday.data, meeting_time=self.meeting_time.data,
            duration_minutes=self.duration_minutes.data, timezone=self.timezone.data,
            currency=self.currency.data, location=self.location.data or "",
            video_url=self.video_url.data or "")


class InvitationForm(FlaskForm):
    email = EmailField("Their email (optional)", [Length(max=EMAIL_MAX)],
                       description="We email them the link. Leave empty to copy the link "
                                   "and send it yourself.")
    role = SelectField("Role", choices=ROLES, default="member")


class MemberForm(FlaskForm):
    role = SelectField("Role", choices=ROLES)
    title = StringField("Title", [Length(max=TITLE_MAX)],
                        description="For example President, Vice-president, Secretary.")
    category = StringField("Business category (seat)", [Length(max=CATEGORY_MAX)],
                           description="For example Plumbing, Commercial law.")
