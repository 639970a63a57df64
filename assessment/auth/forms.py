"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

#: longer passwords are refused before any hashing
MAX_PASSWORD = 1024
#: WTForms ships no Indonesian or Thai messages: the forms give theirs, in the words WTForms uses, through gettext
REQUIRED = _l("This field is required.")
TOO_LONG = _l("Field cannot be longer than %(max)d characters.")


def required() -> DataRequired:
    return DataRequired(message=REQUIRED)


def at_most(characters: int) -> Length:
    return Length(max=characters, message=TOO_LONG)


def _current_password() -> PasswordField:
    return PasswordField(_l("Current password"), validators=[DataRequired(message=_l("Give your current password.")),
                                                             at_most(MAX_PASSWORD)])


def _new_password() -> PasswordField:
    return PasswordField(_l("New password"), validators=[
        required(), Length(min=12, message=_l("Use at least 12 characters.")),
        Length(max=MAX_PASSWORD, message=_l("Use at most %(count)s characters.", count=f"{MAX_PASSWORD:,}"))])


def _repeat() -> PasswordField:
    return PasswordField(_l("Repeat the new password"),
                         validators=[required(), EqualTo("password", message=_l("The passwords differ."))])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), Email(message=_l("Invalid email address.")), at_most(254)])
    password = PasswordField(_l("Password"), validators=[required(), at_most(MAX_PASSWORD)])
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class SetPasswordForm(FlaskForm):
    """Setting a password from a one-time invitation link."""

    password = _new_password()
    confirm = _repeat()
    submit = SubmitField(_l("Set password"))


class ChangePasswordForm(FlaskForm):
    """Changing one's password asks for the current one, so that a borrowed or copied session cannot take
    the account over."""

    current_password = _current_password()
    password = _new_password()
    confirm = _repeat()
    submit = SubmitField(_l("Change password"))


class EmptyForm(FlaskForm):
    """CSRF protection for POST-only buttons."""
