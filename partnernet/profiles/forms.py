"""Profile forms: they check shape (lengths shown as you type); services check the rules."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from partnernet.models.profiles import (
    ASK_MAX,
    BIO_MAX,
    BUSINESS_MAX,
    CATEGORY_MAX,
    CRITERIA_MAX_COUNT,
    CRITERION_MAX,
    DIFFERENCE_MAX,
    ICP_LONG_MAX,
    ICP_SHORT_MAX,
    ICP_TITLE_MAX,
    NOT_A_FIT_MAX,
    PHONE_MAX,
    SPHERE_NAME_MAX,
    WEBSITE_MAX,
)
from partnernet.profiles.services import IdealClientData, ProfileData


class ProfileForm(FlaskForm):
    business_name = StringField("Business name", [Length(max=BUSINESS_MAX)])
    category = StringField("Category", [Length(max=CATEGORY_MAX)],
                           description="Your “seat” in the group, e.g. Commercial law.")
    talkable_difference = TextAreaField(
        "Talkable difference", [Length(max=DIFFERENCE_MAX)],
        description="What makes you different, in one sentence partners can repeat.")
    specific_ask = TextAreaField("Specific ask", [Length(max=ASK_MAX)],
                               description="“This month I'd like to meet …”")
    website = StringField("Website", [Length(max=WEBSITE_MAX)],
                          description="Starting with https://")
    phone = StringField("Phone", [Length(max=PHONE_MAX)])
    bio = TextAreaField("Short bio", [Length(max=BIO_MAX)])

    def data_object(self) -> ProfileData:
        return ProfileData(**{name: getattr(self, name).data or ""
                              for name in ProfileData.__dataclass_fields__})


class PhotoForm(FlaskForm):
    photo = FileField("Photo", [FileRequired("Choose a photo to upload.")],
                      description="PNG or JPEG, up to 2 MB. We crop it to a square.")


class IdealClientForm(FlaskForm):
    title = StringField("Who they are", [DataRequired("Give this ideal client a title."),
                                         Length(max=ICP_TITLE_MAX)],
                        description="E.g. “Owner-managed dental practices”.")
    industries = StringField("Industries", [Length(max=ICP_SHORT_MAX)])
    company_size = StringField("Company size", [Length(max=ICP_SHORT_MAX)])
    geography = StringField("Where", [Length(max=ICP_SHORT_MAX)])
    decision_makers = StringField("Decision-makers", [Length(max=ICP_SHORT_MAX)],
                                  description="The job titles you want to meet.")
    triggers = TextAreaField("Trigger events and pain points", [Length(max=ICP_LONG_MAX)],
                             description="What it looks like when they need you.")
    criteria = TextAreaField(
        "Referral criteria", [Length(max=CRITERIA_MAX_COUNT * (CRITERION_MAX + 1))],
        description=f"One per line, up to {CRITERIA_MAX_COUNT}, each at most {CRITERION_MAX} "
                    "characters: what a qualified referral for you looks like.",
        render_kw={"data-line-max": CRITERION_MAX, "data-lines-max": CRITERIA_MAX_COUNT})
    not_a_fit = TextAreaField("Not a fit", [Length(max=NOT_A_FIT_MAX)],
                              description="Who you'd rather not be sent.")

    def data_object(self) -> IdealClientData:
        return IdealClientData(
            title=self.title.data or "", industries=self.industries.data or "",
            company_size=self.company_size.data or "", geography=self.geography.data or "",
            decision_makers=self.decision_makers.data or "", triggers=self.triggers.data or "",
            criteria=tuple((self.criteria.data or "").splitlines()),
            not_a_fit=self.not_a_fit.data or "")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SphereForm(FlaskForm):
    name = StringField("Name", [DataRequired("Give the sphere a name."),
                                Length(max=SPHERE_NAME_MAX)],
                       description="E.g. Property, Home services.")


class SphereMembersForm(SphereForm):
    members = MultiCheckboxField("Members", coerce=int, validate_choice=False)
