"""Forms of the element pages: marking a regional example as a model provision, and taking the mark off."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from assessment.elements.operations import MAX_NOTE

#: the longest note in words, with the thousands separated as the refusal writes them
MAX_NOTE_WORDS = f"{MAX_NOTE:,}"
#: the largest id or version a form may name (PostgreSQL's integer)
MAX_ID = 2**31 - 1


class ExampleForm(FlaskForm):
    """Names one example (hidden fields) and the version of its mark the page showed."""

    snapshot_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    question_id = HiddenField(validators=[InputRequired(), Length(max=64)])
    citation_index = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=10_000)])
    base_version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])


class MarkForm(ExampleForm):
    note = TextAreaField(_l("Why it is a model (shown with the example)"),
                         validators=[Length(max=MAX_NOTE, message=_l("At most %(count)s characters.",
                                                                      count=MAX_NOTE_WORDS))])
