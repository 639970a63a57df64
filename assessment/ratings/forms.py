"""Forms of the ratings page: record a published rating, change it, remove it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange

from assessment.ratings.operations import MAX_LINK, MAX_TITLE, RATING_CHOICES, RECOMMENDATIONS
from assessment.web.formtools import options
from assessment.web.page_words import RATING_LABELS

#: the largest id or version a form may name (PostgreSQL's integer)
MAX_ID = 2**31 - 1


class RatingForm(FlaskForm):
    """One rating; the operation checks the values (the page shows its sentences beside the fields)."""

    recommendation = SelectField(_l("Recommendation"), choices=options((r, r) for r in RECOMMENDATIONS))
    rating = SelectField(_l("Rating"), choices=options(
        (r, _l("%(code)s: %(words)s", code=r, words=RATING_LABELS[r])) for r in RATING_CHOICES))
    report_title = StringField(_l("Report title"), render_kw={"maxlength": MAX_TITLE})
    report_date = StringField(_l("Report date (YYYY-MM-DD)"), render_kw={"placeholder": "2024-09-30", "maxlength": 10})
    link = StringField(_l("Link to the report (optional)"), render_kw={"maxlength": MAX_LINK, "type": "url"})
    #: the version of the rating the page showed (0: a new rating)
    base_version = IntegerField(default=0, validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])


class RemoveForm(FlaskForm):
    base_version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=MAX_ID)])
