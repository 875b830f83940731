"""Agenda forms: they check shape; partnernet.meetings.agenda checks the rules."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from partnernet.meetings.agenda import KIND_LABELS
from partnernet.models.meetings import AGENDA_MINUTES_MAX, AGENDA_TITLE_MAX, AgendaKind
from partnernet.referrals.forms import int_or_none  # the same select values as a slip's


class MinutesField(IntegerField):
    """Whole minutes; anything else is refused in plain words (the range is the service's)."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError("Enter the minutes as a whole number, such as 10.") from None


class AgendaItemForm(FlaskForm):
    """One agenda item: to add one, or to change one (with the item's id as prefix)."""

    title = StringField("Title", render_kw={"maxlength": AGENDA_TITLE_MAX,
                                            "autocomplete": "off"})
    kind = SelectField("Kind", default=AgendaKind.OTHER.value, validate_choice=False,
                       choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()])
    minutes = MinutesField("Minutes", [Optional()], render_kw={
        "inputmode": "numeric", "min": 1, "max": AGENDA_MINUTES_MAX, "type": "number"})
    # Who leads the item; the choices only fill the page, so a crafted value gets the
    # service's own message.
    owner_id = SelectField("Led by", coerce=int_or_none, validate_choice=False)


class MoveForm(FlaskForm):
    offset = IntegerField(validators=[Optional()])
