"""Meeting forms: they check shape; services check the rules."""

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional

from partnernet.models.meetings import MEETING_NOTE_MAX


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
