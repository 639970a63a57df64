"""Profile forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from assessment.auth.forms import MAX_PASSWORD


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"),
                       validators=[DataRequired(message=_l("Give the token a name.")), Length(max=100)])
    #: a token reads what its owner can read, so making one asks for the password, as changing it does
    current_password = PasswordField(_l("Your current password"), validators=[
        DataRequired(message=_l("Give your current password.")), Length(max=MAX_PASSWORD)])
    submit = SubmitField(_l("Create token"))


class LanguageForm(FlaskForm):
    """The person's interface language: a code the toolkit ships (the operation refuses others in words), or
    blank to follow the browser."""

    language = StringField(_l("Language of pages and workbooks"), validators=[Optional(), Length(max=35)])
