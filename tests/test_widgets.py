"""The section form's widgets write exactly what WTForms' own widgets write, for every kind of field and
for values that need escaping."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, Form, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from assessment.formtools import options
from assessment.responses import forms as section_forms

AWKWARD = ['', 'plain', '<script>alert("x")</script>', "O'Brien & Sons \"quoted\"", 'é ü 漢字', '  spaced  ']
CHOICES = options([("", "Choose"), ("a", "Alpha & <b>"), ("b\"q", 'Quote "b"'), ("c", "C")])


def _forms():
    class Ours(Form):
        text = section_forms.StringField("Text", validators=[Optional(), Length(max=30)])
        area = section_forms.TextAreaField("Area", validators=[Optional(), Length(max=200)])
        hidden = section_forms.HiddenField(default="0")
        tick = section_forms.BooleanField("Tick")
        pick = section_forms.SelectField("Pick", choices=CHOICES, default="", validators=[Optional()])
        radio = section_forms.RadioField("Radio", choices=CHOICES, validators=[Optional()])

    class Theirs(Form):
        text = StringField("Text", validators=[Optional(), Length(max=30)])
        area = TextAreaField("Area", validators=[Optional(), Length(max=200)])
        hidden = HiddenField(default="0")
        tick = BooleanField("Tick")
        pick = SelectField("Pick", choices=CHOICES, default="", validators=[Optional()])
        radio = RadioField("Radio", choices=CHOICES, validators=[Optional()])

    return Ours, Theirs


@pytest.mark.parametrize("value", AWKWARD)
@pytest.mark.parametrize("choice", ["", "a", 'b"q', "unknown"])
def test_every_field_renders_as_wtforms_does(value, choice):
    ours_class, theirs_class = _forms()
    data = MultiDict({"text": value, "area": value, "hidden": value, "pick": choice, "radio": choice,
                      **({"tick": "y"} if value else {})})
    ours, theirs = ours_class(data), theirs_class(data)
    for name in ("text", "area", "hidden", "tick", "pick"):
        assert str(ours[name]()) == str(theirs[name]()), name
        assert str(ours[name](class_="wide", aria_describedby="h-1", data_x='a"b', rows=2, disabled=True,
                              readonly=False)) == \
            str(theirs[name](class_="wide", aria_describedby="h-1", data_x='a"b', rows=2, disabled=True,
                             readonly=False)), name
    assert [str(o()) for o in ours["radio"]] == [str(o()) for o in theirs["radio"]]
    assert [str(o(inputmode="numeric")) for o in ours["radio"]] == \
        [str(o(inputmode="numeric")) for o in theirs["radio"]]


def test_escaping_is_kept():
    ours_class, _ = _forms()
    form = ours_class(MultiDict({"text": '<script>alert("x")</script>', "area": "</textarea><b>"}))
    assert "<script>" not in str(form["text"]())
    assert "&lt;script&gt;" in str(form["text"]())
    assert "</textarea><b>" not in str(form["area"]())
    assert 'maxlength="30"' in str(form["text"]())
