"""Meeting forms: they check shape; services check the rules."""

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from partnernet.models.meetings import MEETING_NOTE_MAX, ONE_TO_ONE_NOTES_MAX, OneToOneKind
from partnernet.referrals.forms import int_or_none  # the same select values as a slip's

ONE_TO_ONE_KINDS = {OneToOneKind.IN_PERSON: "In person", OneToOneKind.VIDEO: "Video call",
                    OneToOneKind.PHONE: "Phone call"}


class MeetingTimeForm(FlaskForm):
    """A meeting's local date, start and end: to move one, or to add an extra one."""

    day = DateField("Date", [InputRequired("Enter the date.")])
    starts = TimeField("Starts", [InputRequired("Enter the start time.")])
    ends = TimeField("Ends", [InputRequired("Enter the end time.")])
    note = StringField("Note", [Optional(), Length(max=MEETING_NOTE_MAX)],
                       description="Optional: why it moved, or what the extra meeting is for.")
    version = HiddenField()

    def span(self) -> tuple[datetime, datetime]:
        return (datetime.combine(self.day.data, self.starts.data),
                datetime.combine(self.day.data, self.ends.data))


class CancelForm(FlaskForm):
    note = StringField("Reason", [Optional(), Length(
        max=MEETING_NOTE_MAX, message=f"The reason can be at most {MEETING_NOTE_MAX} characters.")],
                       description="Optional; members see it on the schedule.")
    version = HiddenField()


class OneToOneForm(FlaskForm):
    # Who is a partner, which dates and kinds are allowed: the service's rules. The choices
    # only fill the page, so a crafted value gets the service's own message.
    partner_id = SelectField("Partner", coerce=int_or_none, validate_choice=False,
                             validators=[DataRequired("Choose the partner you met.")])
    met_on = DateField("Date", [InputRequired("Enter the date you met.")])
    kind = SelectField("How", default=OneToOneKind.IN_PERSON, validate_choice=False,
                       choices=[SelectChoice(k.value, label)
                                for k, label in ONE_TO_ONE_KINDS.items()])
    notes = TextAreaField("Notes", render_kw={"maxlength": ONE_TO_ONE_NOTES_MAX, "rows": 4},
                          description="Optional: what you learned, who they are looking for, "
                                      "what you agreed to do.")
