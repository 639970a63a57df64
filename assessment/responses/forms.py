"""Section forms built per request from the questionnaire (a fresh FlaskForm subclass per call).

Field names derive from the question id, which the schema keeps form-safe: ``<qid>`` holds the value,
``<qid>__state`` the unknown / N/A / precluded choice for non-status questions, ``<qid>__special`` a
special number answer, ``<qid>__unknown`` unknown coverage components, ``<qid>__justification``,
``<qid>__comment``, ``<qid>__cit_<n>_<part>`` the citation rows, ``<qid>__ta*`` the TA request and
``<qid>__v`` the answer version the page was built on. Every field is optional: a half-filled section
always saves; required-ness is checked on the review page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField as _BooleanField
from wtforms import Field, SelectMultipleField, widgets
from wtforms import HiddenField as _HiddenField
from wtforms import RadioField as _RadioField
from wtforms import SelectField as _SelectField
from wtforms import StringField as _StringField
from wtforms import TextAreaField as _TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from assessment import widgets as fast
from assessment.formtools import options
from assessment.presentation import ANSWER_STATUS_LABELS, CHALLENGE_LABELS, CITATION_STATUS_LABELS
from questionnaires.model import STATUS_VALUES, Question, Section, TACatalogue, tr
from questionnaires.words import question_in_words

CITATION_PARTS = ("act", "section", "year", "status", "url")
MAX_TEXT = 20_000

#: what the form says about a field it cannot read (the autosave's refusals say the same)
ENTER_NUMBER = "Enter a number, for example 10 or 7.5."
ENTER_DATE = "Enter a date as YYYY-MM-DD, for example 2004-12-25."
ENTER_YEAR = "Enter a four-digit year."
ENTER_URL = "Enter a web address starting with http:// or https://."


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = fast.CheckboxInput()


# The section page renders hundreds of fields: these use the faster widgets of assessment.widgets, which write
# the same HTML as WTForms' own.


class RadioField(_RadioField):
    option_widget = fast.RadioInput()


class StringField(_StringField):
    widget = fast.TextInput()


class TextAreaField(_TextAreaField):
    widget = fast.TextArea()


class SelectField(_SelectField):
    widget = fast.Select()


class HiddenField(_HiddenField):
    widget = fast.HiddenInput()


class BooleanField(_BooleanField):
    widget = fast.CheckboxInput()


def _state_choices(question: Question) -> list[tuple[str, str]]:
    choices = [("", "Answer given above"), ("unknown", "Unknown: the legal position needs to be confirmed")]
    if question.na_allowed:
        choices.append(("not_applicable", "Not applicable (explain why)"))
    if question.precluded_allowed:
        choices.append(("precluded", "Precluded by fundamental principles of our legal system (explain why)"))
    return choices


def _state_field(question: Question) -> RadioField:
    return RadioField("Answer", choices=options(_state_choices(question)), default="", validators=[Optional()])


def status_choices(question: Question) -> list[tuple[str, str]]:
    choices = [(v, ANSWER_STATUS_LABELS[v]) for v in STATUS_VALUES]
    choices.append(("unknown", "Unknown: the legal position needs to be confirmed"))
    if question.na_allowed:
        choices.append(("not_applicable", ANSWER_STATUS_LABELS["not_applicable"]))
    if question.precluded_allowed:
        choices.append(("precluded", ANSWER_STATUS_LABELS["precluded"]))
    return choices


def _number(_form: Any, field: Field) -> None:
    if field.data not in (None, ""):
        try:
            parse_number(field.data)
        except ValueError as exc:
            raise ValidationError(ENTER_NUMBER) from exc


def _iso_date(_form: Any, field: Field) -> None:
    if field.data not in (None, ""):
        try:
            date.fromisoformat(str(field.data).strip())
        except ValueError as exc:
            raise ValidationError(ENTER_DATE) from exc


def parse_year(text: Any) -> int:
    """'2015', ' 2015.0 ' (what a spreadsheet re-save produces) → 2015; raises ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})(\.0+)?", str(text).strip())
    if not match or not 1800 <= int(match.group(1)) <= 2100:
        raise ValueError(text)
    return int(match.group(1))


def _year(_form: Any, field: Field) -> None:
    if field.data not in (None, ""):
        try:
            parse_year(field.data)
        except ValueError as exc:
            raise ValidationError(ENTER_YEAR) from exc


def _url(_form: Any, field: Field) -> None:
    if field.data not in (None, "") and not re.match(r"^https?://\S+$", str(field.data).strip()):
        raise ValidationError(ENTER_URL)


def parse_number(text: Any) -> float | int:
    """'7', '7.0', ' 7,5 ' → a number; raises ValueError otherwise."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return text
    cleaned = str(text).strip().replace(",", ".")
    number = float(cleaned)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(number) if number.is_integer() else number


# --------------------------------------------------------------------------- field builders


def _status(q: Question) -> dict[str, Field]:
    return {q.id: RadioField(tr(q.text), choices=options(status_choices(q)), validators=[Optional()])}


def _coverage(q: Question) -> dict[str, Field]:
    choices = [(c.id, tr(c.label)) for c in q.components]
    return {
        q.id: MultiCheckboxField(tr(q.text), choices=options(choices), validators=[Optional()]),
        f"{q.id}__unknown": MultiCheckboxField("Not known", choices=options(choices), validators=[Optional()]),
        f"{q.id}__state": _state_field(q),
    }


def _yes_no(q: Question) -> dict[str, Field]:
    return {
        q.id: RadioField(tr(q.text), choices=options([("yes", "Yes"), ("no", "No")]), validators=[Optional()]),
        f"{q.id}__state": _state_field(q),
    }


def _number_field(q: Question) -> dict[str, Field]:
    fields: dict[str, Field] = {
        q.id: StringField(tr(q.text), validators=[Optional(), _number, Length(max=30)]),
        f"{q.id}__state": _state_field(q),
    }
    if q.special:
        fields[f"{q.id}__special"] = RadioField(
            "Or",
            choices=options([("", "A number (above)")] + [(s.id, tr(s.label)) for s in q.special]),
            default="",
            validators=[Optional()],
        )
    return fields


def _choice(q: Question) -> dict[str, Field]:
    return {
        q.id: RadioField(tr(q.text), choices=options([(c.id, tr(c.label)) for c in q.choices]),
                         validators=[Optional()]),
        f"{q.id}__state": _state_field(q),
    }


def _date(q: Question) -> dict[str, Field]:
    return {
        q.id: StringField(tr(q.text), validators=[Optional(), _iso_date]),
        f"{q.id}__state": _state_field(q),
    }


def _text(q: Question) -> dict[str, Field]:
    return {q.id: TextAreaField(tr(q.text), validators=[Optional(), Length(max=MAX_TEXT)])}


#: the field registry, keyed by question type
FIELD_BUILDERS: dict[str, Callable[[Question], dict[str, Field]]] = {
    "status": _status,
    "coverage": _coverage,
    "yes_no": _yes_no,
    "number": _number_field,
    "choice": _choice,
    "date": _date,
    "text": _text,
}


def _common_fields(q: Question, ta: TACatalogue, citation_rows: int) -> dict[str, Field]:
    fields: dict[str, Field] = {
        f"{q.id}__v": HiddenField(default="0"),
        f"{q.id}__comment": TextAreaField("Comment", validators=[Optional(), Length(max=MAX_TEXT)]),
    }
    if q.na_allowed or q.precluded_allowed:
        fields[f"{q.id}__justification"] = TextAreaField(
            "Justification", validators=[Optional(), Length(max=MAX_TEXT)]
        )
    if not has_citations(q):
        return fields
    for n in range(citation_rows):
        prefix = f"{q.id}__cit_{n}_"
        fields[prefix + "act"] = StringField("Act or instrument", validators=[Optional(), Length(max=300)])
        fields[prefix + "section"] = StringField("Section or article", validators=[Optional(), Length(max=100)])
        fields[prefix + "year"] = StringField("Year", validators=[Optional(), _year])
        fields[prefix + "status"] = SelectField(
            "Status", choices=options(CITATION_STATUS_LABELS.items()), default="in_force", validators=[Optional()]
        )
        fields[prefix + "url"] = StringField("Link", validators=[Optional(), _url, Length(max=500)])
    categories = [("", "Choose a category"), *((k, tr(v)) for k, v in ta.categories.items())]
    fields[f"{q.id}__ta"] = BooleanField("We need technical assistance here")
    fields[f"{q.id}__ta_category"] = SelectField("Kind of assistance", choices=options(categories), default="",
                                                 validators=[Optional()])
    fields[f"{q.id}__ta_challenge"] = SelectField(
        "Main challenge", choices=options([("", "Choose the main challenge"), *CHALLENGE_LABELS.items()]),
        default="", validators=[Optional()],
    )
    fields[f"{q.id}__ta_note"] = TextAreaField("What would help", validators=[Optional(), Length(max=4000)])
    return fields


def has_citations(q: Question) -> bool:
    """Scored questions carry legislation citations and TA requests; Profile facts and free text do not."""
    return q.scored


def build_section_form(section: Section, ta: TACatalogue, citation_rows: Mapping[str, int]) -> type[FlaskForm]:
    """A fresh form class for one section; ``citation_rows`` says how many citation rows each question gets."""

    class SectionForm(FlaskForm):
        pass

    for question in section.questions:
        fields = FIELD_BUILDERS[question.type](question)
        fields.update(_common_fields(question, ta, citation_rows.get(question.id, 1)))
        for name, field in fields.items():
            setattr(SectionForm, name, field)
    return SectionForm


_CITATION_FIELD = re.compile(r"^cit_(?P<n>\d+)_(?P<part>[a-z]+)$")


def field_place(section: Section, form: FlaskForm, name: str) -> str:
    """Where a field of a section form is, in words: ``Question 3 (Is consent…), citation 2, year``."""
    numbers = {q.id: n for n, q in enumerate(section.questions, start=1)}
    field = form._fields.get(name)
    label = field.label.text if field is not None else name
    qid, rest = name, None
    if name not in numbers and "__" in name:
        qid, rest = name.split("__", 1)
    if qid not in numbers:
        return label
    question = section.questions[numbers[qid] - 1]
    place = question_in_words(question, numbers[qid])
    if rest is None:
        return place
    citation = _CITATION_FIELD.match(rest)
    if citation:
        return f"{place}, citation {int(citation.group('n')) + 1}, {label[:1].lower() + label[1:]}"
    return f"{place}, {label[:1].lower() + label[1:]}"


#: citation rows one answer can carry (the answers schema says the same)
MAX_CITATIONS = 50


def citation_rows_in(formdata: Mapping[str, Any], question_id: str) -> int:
    """How many citation rows a posted form carries for a question (at most :data:`MAX_CITATIONS`)."""
    pattern = re.compile(rf"^{re.escape(question_id)}__cit_(\d{{1,3}})_act$")
    indices = [int(m.group(1)) for key in formdata if (m := pattern.match(key))]
    return min(max(indices) + 1, MAX_CITATIONS) if indices else 1


# --------------------------------------------------------------------------- form ↔ answer


def _get(form: FlaskForm, name: str) -> Any:
    field = form._fields.get(name)
    return field.data if field is not None else None


def answer_from_form(question: Question, form: FlaskForm, citation_rows: int) -> dict[str, Any]:
    """The canonical answer (flag form, no version) that the posted fields describe."""
    q = question
    answer: dict[str, Any] = {}
    raw = _get(form, q.id)
    state = _get(form, f"{q.id}__state") or ""
    if q.type == "status":
        if raw in ("unknown", "not_applicable", "precluded"):
            answer[raw] = True
        elif raw:
            answer["value"] = raw
    elif state:
        answer[state] = True
    elif q.type == "coverage":
        covered = [c.id for c in q.components if c.id in (raw or [])]
        unknown = [c.id for c in q.components if c.id in (_get(form, f"{q.id}__unknown") or []) and c.id not in covered]
        if covered or unknown:
            answer["value"] = covered
        if unknown:
            answer["unknown_components"] = unknown
    elif q.type == "yes_no":
        if raw in ("yes", "no"):
            answer["value"] = raw == "yes"
    elif q.type == "number":
        special = _get(form, f"{q.id}__special") or ""
        if special:
            answer["value"] = special
        elif raw not in (None, ""):
            answer["value"] = parse_number(raw)
    elif q.type == "date":
        if raw:
            answer["value"] = str(raw).strip()
    elif raw not in (None, ""):
        answer["value"] = raw.strip() if isinstance(raw, str) else raw
    if q.type == "text" and isinstance(answer.get("value"), str) and not answer["value"]:
        answer.pop("value")

    justification = (_get(form, f"{q.id}__justification") or "").strip()
    if justification:
        answer["justification"] = justification
    citations = []
    for n in range(citation_rows):
        parts = {p: (_get(form, f"{q.id}__cit_{n}_{p}") or "") for p in CITATION_PARTS}
        parts = {k: v.strip() if isinstance(v, str) else v for k, v in parts.items()}
        if not any(parts[p] for p in ("act", "section", "year", "url")):
            continue
        citation: dict[str, Any] = {"act": parts["act"], "status": parts["status"] or "in_force"}
        if parts["section"]:
            citation["section"] = parts["section"]
        if parts["year"]:
            citation["year"] = parse_year(parts["year"])
        if parts["url"]:
            citation["url"] = parts["url"]
        citations.append(citation)
    if citations:
        answer["citations"] = citations
    comment = (_get(form, f"{q.id}__comment") or "").strip()
    if comment:
        answer["comment"] = comment
    if _get(form, f"{q.id}__ta"):
        answer["ta_request"] = {
            "category": _get(form, f"{q.id}__ta_category") or "TA-OTH",
            "challenge": _get(form, f"{q.id}__ta_challenge") or None,
            "note": (_get(form, f"{q.id}__ta_note") or "").strip(),
        }
    return answer


def form_data_from_answer(question: Question, answer: Mapping[str, Any] | None) -> dict[str, Any]:
    """Field name → data, to pre-fill a form from a stored answer."""
    q = question
    answer = answer or {}
    data: dict[str, Any] = {f"{q.id}__v": str(answer.get("version", 0))}
    flag = next((f for f in ("unknown", "not_applicable", "precluded") if answer.get(f)), None)
    value = answer.get("value")
    if q.type == "status":
        data[q.id] = flag or value
    else:
        data[f"{q.id}__state"] = flag or ""
        if q.type == "coverage":
            data[q.id] = list(value or [])
            data[f"{q.id}__unknown"] = list(answer.get("unknown_components") or [])
        elif q.type == "yes_no":
            data[q.id] = None if value is None else ("yes" if value else "no")
        elif q.type == "number":
            if isinstance(value, str):
                data[f"{q.id}__special"] = value
            else:
                data[q.id] = "" if value is None else str(value)
        else:
            data[q.id] = value
    data[f"{q.id}__justification"] = answer.get("justification", "")
    data[f"{q.id}__comment"] = answer.get("comment", "")
    for n, citation in enumerate(answer.get("citations") or []):
        for part in CITATION_PARTS:
            item = citation.get(part)
            data[f"{q.id}__cit_{n}_{part}"] = "" if item is None else str(item)
    request = answer.get("ta_request")
    if request:
        data[f"{q.id}__ta"] = True
        data[f"{q.id}__ta_category"] = request.get("category") or ""
        data[f"{q.id}__ta_challenge"] = request.get("challenge") or ""
        data[f"{q.id}__ta_note"] = request.get("note") or ""
    return data
