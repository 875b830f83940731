"""Account forms: they check shape; services check the rules."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from partnernet.models.accounts import (
    EMAIL_MAX,
    NAME_MAX,
    PASSWORD_MAX,
    PASSWORD_MIN,
    TOKEN_NAME_MAX,
)
from partnernet.models.profiles import BUSINESS_MAX

_email = [DataRequired("Enter your email address."), Length(max=EMAIL_MAX)]
_new_password = [
    DataRequired("Choose a password."),
    Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
           message=f"Use {PASSWORD_MIN} to {PASSWORD_MAX} characters."),
]


class SignupForm(FlaskForm):
    name = StringField("Your name", [DataRequired("Enter your name."), Length(max=NAME_MAX)])
    business_name = StringField("Business name", [Length(max=BUSINESS_MAX)])
    email = EmailField("Email", _email)
    password = PasswordField("Password", _new_password)


class LoginForm(FlaskForm):
    email = EmailField("Email", _email)
    password = PasswordField("Password", [DataRequired("Enter your password."),
                                          Length(max=PASSWORD_MAX)])
    remember = BooleanField("Keep me signed in on this device")


class ResetRequestForm(FlaskForm):
    email = EmailField("Email", _email)


class ResetForm(FlaskForm):
    password = PasswordField("New password", _new_password)


class AccountForm(FlaskForm):
    name = StringField("Your name", [DataRequired("Enter your name."), Length(max=NAME_MAX)])
    business_name = StringField("Business name", [Length(max=BUSINESS_MAX)])


class ChangeEmailForm(FlaskForm):
    email = EmailField("New email", _email)
    password = PasswordField("Current password", [DataRequired("Enter your current password.")])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password",
                                     [DataRequired("Enter your current password.")])
    new_password = PasswordField("New password", _new_password)


class ApiTokenForm(FlaskForm):
    name = StringField("Token name", [DataRequired("Give the token a name."),
                                      Length(max=TOKEN_NAME_MAX)],
                       description="For example “Spreadsheet sync”.")
