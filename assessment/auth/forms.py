"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

#: longer passwords are refused before any hashing
MAX_PASSWORD = 1024


def _current_password() -> PasswordField:
    return PasswordField("Current password", validators=[DataRequired(message="Give your current password."),
                                                         Length(max=MAX_PASSWORD)])


def _new_password() -> PasswordField:
    return PasswordField("New password", validators=[
        DataRequired(), Length(min=12, message="Use at least 12 characters."),
        Length(max=MAX_PASSWORD, message=f"Use at most {MAX_PASSWORD:,} characters.")])


def _repeat() -> PasswordField:
    return PasswordField("Repeat the new password",
                         validators=[DataRequired(), EqualTo("password", message="The passwords differ.")])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class SetPasswordForm(FlaskForm):
    """Setting a password from a one-time invitation link."""

    password = _new_password()
    confirm = _repeat()
    submit = SubmitField("Set password")


class ChangePasswordForm(FlaskForm):
    """Changing one's password asks for the current one, so that a borrowed or copied session cannot take
    the account over."""

    current_password = _current_password()
    password = _new_password()
    confirm = _repeat()
    submit = SubmitField("Change password")


class EmptyForm(FlaskForm):
    """CSRF protection for POST-only buttons."""
