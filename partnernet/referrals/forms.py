"""Referral forms: they check shape and carry the words people see; services check the rules."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from partnernet.models.referrals import (
    GIFT_MAX,
    MESSAGE_MAX,
    NOTE_MAX,
    PROSPECT_COMPANY_MAX,
    PROSPECT_EMAIL_MAX,
    PROSPECT_NAME_MAX,
    PROSPECT_PHONE_MAX,
    REASON_MAX,
    TESTIMONIAL_MAX,
    BusinessKind,
    Kind,
    Quality,
    Relationship,
)
from partnernet.referrals.services import Prospect, Slip

KINDS = {
    Kind.OUTSIDE: ("Outside", "Someone else, who agreed to be contacted."),
    Kind.INSIDE: ("Inside", "You, or your own company, need this."),
}
RELATIONSHIPS = {
    Relationship.CLIENT: "Client",
    Relationship.CLIENT_COWORKER: "A client's co-worker",
    Relationship.FRIEND_FAMILY: "Friend or family",
    Relationship.SUPPLIER: "Supplier",
    Relationship.OTHER: "Other",
}
# How much the giver did to warm the introduction: the words the slip shows beside each level.
TEMPERATURES = {
    1: ("Cold", "A name and a number: they don't know you yet."),
    2: ("Cool", "I mentioned you; they agreed you may call."),
    3: ("Warm", "I recommended you; they'd like to hear from you."),
    4: ("Hot", "I vouched for you; they are ready to talk business."),
    5: ("Hottest", "I'll introduce you myself, in person or on a call."),
}
QUALITIES = {
    Quality.QUALIFIED: "Qualified",
    Quality.LUKEWARM: "Lukewarm",
    Quality.NOT_A_FIT: "Not a fit",
}
BUSINESS_KINDS = {BusinessKind.NEW: "New business", BusinessKind.REPEAT: "Repeat business"}
ROLES = {"received": "Received", "given": "Given"}


def int_or_none(value):
    """Select values: "" means nothing chosen; anything else must be a whole number."""
    if value in (None, ""):
        return None
    return int(value)


class VersionMixin:
    """The version of the referral the page showed, so a stale page is caught."""

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class SlipForm(FlaskForm):
    # Membership, self-referral and the receiver's criteria are the service's rules: the
    # choices here only fill the page, so a crafted value gets the service's own message.
    receiver_id = SelectField("Pass it to", coerce=int_or_none, validate_choice=False,
                              validators=[DataRequired("Choose the partner to pass it to.")])
    prospect_name = StringField("Prospect's name", [DataRequired("Enter the prospect's name."),
                                                    Length(max=PROSPECT_NAME_MAX)])
    prospect_company = StringField("Company", [Length(max=PROSPECT_COMPANY_MAX)])
    prospect_email = EmailField("Email", [Length(max=PROSPECT_EMAIL_MAX)])
    prospect_phone = TelField("Phone", [Length(max=PROSPECT_PHONE_MAX)])
    criteria_met = SelectMultipleField("Which of their criteria does this lead meet?",
                                       validate_choice=False, widget=ListWidget(prefix_label=False),
                                       option_widget=CheckboxInput())
    temperature = RadioField("How warm is the introduction?", coerce=int, default=3,
                             validate_choice=False,
                             choices=[SelectChoice(level, f"{level} · {word}")
                                      for level, (word, _) in TEMPERATURES.items()])
    kind = RadioField("Kind of referral", default=Kind.OUTSIDE, validate_choice=False,
                      choices=[SelectChoice(k.value, label) for k, (label, _) in KINDS.items()])
    relationship = SelectField("How you know them", default=Relationship.CLIENT,
                               validate_choice=False,
                               choices=[SelectChoice(r.value, label)
                                        for r, label in RELATIONSHIPS.items()])
    expects_call = BooleanField("The prospect expects the call")
    note = TextAreaField("Note for your partner", [Length(max=NOTE_MAX)],
                         description="What they need, the best time to call, anything that "
                                     "helps.")
    source_referral_id = SelectField("Came from an earlier referral", coerce=int_or_none,
                                     validate_choice=False,
                                     description="If this lead came out of a referral you gave "
                                                 "or received, the chain's value adds up.")
    confirm_duplicate = BooleanField("Pass it anyway")

    def slip(self) -> Slip:
        return Slip(
            receiver_id=self.receiver_id.data,
            prospect=Prospect(name=self.prospect_name.data or "",
                              company=self.prospect_company.data or "",
                              email=self.prospect_email.data or "",
                              phone=self.prospect_phone.data or ""),
            kind=self.kind.data, relationship=self.relationship.data,
            temperature=self.temperature.data, expects_call=bool(self.expects_call.data),
            criteria_met=tuple(self.criteria_met.data or ()), note=self.note.data or "",
            source_referral_id=self.source_referral_id.data)


class MoveForm(VersionMixin, FlaskForm):
    """A move along the pipeline; the pressed button carries the status."""

    status = StringField("Move to", [DataRequired("Choose where to move the referral.")])
    note = TextAreaField("Note (optional)", [Length(max=NOTE_MAX)],
                         description="Your partner sees it on the timeline.")
    reason = TextAreaField("Why isn't it a fit?", [Length(max=REASON_MAX)],
                           description="The giver learns what to send you next time.")


class NoteForm(VersionMixin, FlaskForm):
    note = TextAreaField("Add a note", [DataRequired("Write the note first."),
                                        Length(max=NOTE_MAX)])


class ClosedBusinessForm(FlaskForm):
    amount = StringField("Amount", [DataRequired("Enter the amount.")],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    kind = RadioField("Kind", default=BusinessKind.NEW, validate_choice=False,
                      choices=[SelectChoice(k.value, label) for k, label in BUSINESS_KINDS.items()])
    # A string: the service parses it and says what is wrong with a bad date.
    closed_on = StringField("Closed on", [DataRequired("Enter the date the business closed.")],
                            render_kw={"type": "date"})
    note = TextAreaField("Note (optional)", [Length(max=NOTE_MAX)])


class RecordForm(VersionMixin, ClosedBusinessForm):
    """New closed business on the referral."""


class QualityForm(VersionMixin, FlaskForm):
    quality = RadioField("How good was this referral?", validate_choice=False,
                         choices=[SelectChoice(q.value, label) for q, label in QUALITIES.items()],
                         validators=[DataRequired("Choose qualified, lukewarm or not a fit.")])


class ThanksForm(VersionMixin, FlaskForm):
    message = TextAreaField("Your thank-you", [DataRequired("Write a few words of thanks."),
                                               Length(max=MESSAGE_MAX)])
    gift = StringField("Gift (optional)", [Length(max=GIFT_MAX)],
                       description="Lunch, a bottle of wine, a voucher…")


class TestimonialForm(FlaskForm):
    text = TextAreaField("Your testimonial", [DataRequired("Write the testimonial first."),
                                              Length(max=TESTIMONIAL_MAX)],
                         description="What they did for you or your clients, in your words.")
