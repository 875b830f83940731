"""Speaker rotation forms: they check shape; partnernet.meetings.rotation checks the rules."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Optional

from partnernet.referrals.forms import int_or_none  # the same select values as a slip's

ROTATION_ACTIONS = ("add", "remove", "up", "down", "fill", "redeal")


class RotationForm(FlaskForm):
    """One change to the rotation: add a member, remove one, move one up or down, add every
    member not in it yet, or deal the coming meetings again."""

    action = HiddenField()
    # Which member, and whether they are one: the service's rules. The choices only fill
    # the page, so a crafted value gets the service's own message.
    member_id = SelectField("Member", coerce=int_or_none, validate_choice=False,
                            validators=[Optional()])


class SwapForm(FlaskForm):
    first_meeting_id = SelectField("Swap the presenter of", coerce=int_or_none,
                                   validate_choice=False,
                                   validators=[DataRequired("Choose a meeting.")])
    second_meeting_id = SelectField("with the presenter of", coerce=int_or_none,
                                    validate_choice=False,
                                    validators=[DataRequired("Choose the other meeting.")])


class PresenterForm(FlaskForm):
    # Empty: the meeting goes back to the rotation, which deals it again.
    presenter_id = SelectField("Presenter", coerce=int_or_none, validate_choice=False,
                               validators=[Optional()])
