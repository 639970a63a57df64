"""Profile forms."""

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField("Token name", validators=[DataRequired(message="Give the token a name."), Length(max=100)])
    submit = SubmitField("Create token")
