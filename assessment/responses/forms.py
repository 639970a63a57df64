"""Section forms built per request from the questionnaire (a fresh FlaskForm subclass per call).

Each question type has one small adapter here: the WTForms fields of its answer and the template that shows
them. What the fields mean is the type's business (:mod:`questionnaires.types`): it reads its answer from the
posted data and fills the fields from a stored answer. Field names derive from the question id, which the
schema keeps form-safe: ``<qid>`` holds the value, ``<qid>__state`` the unknown / not applicable / precluded
choice, ``<qid>__special`` a special number answer, ``<qid>__c_<component>`` a component's state,
``<qid>__justification``, ``<qid>__comment``, ``<qid>__cit_<n>_<part>`` the citation rows, ``<qid>__ta*``
the TA request and ``<qid>__v`` the answer version the page was built on.

Every field is optional: a half-filled section always saves; required-ness is checked on the review page.
Limits are checked once, by :func:`scoring.answers.check_answer`, on the answer the fields describe; its
problems are shown beside the field they concern (:func:`field_for_path`), in the same words the autosave,
the workbook upload and the JSON import use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf

from assessment.web.formtools import options
from assessment.web.i18n import locale_code
from assessment.web.inputs import small_int
from assessment.web.presentation import tr
from questionnaires import limits
from questionnaires.loader import Problem
from questionnaires.model import Question, Section, TACatalogue
from questionnaires.translations import word, words_in
from questionnaires.types import AnswerType, CoverageType, NumberType, kind_of
from questionnaires.words import question_in_words
from scoring.answers import check_answer

CITATION_PARTS = ("act", "section", "year", "status", "url")

#: the words of the "if you cannot answer as above" choice
STATE_WORDS = {
    "": _l("Answer given above"),
    "unknown": _l("Unknown: needs to be confirmed"),
    "not_applicable": _l("Not applicable (explain why)"),
    "precluded": _l("Precluded by fundamental principles of our legal system (explain why)"),
}


# --------------------------------------------------------------------------- adapters, one per type


class FieldAdapter:
    """The WTForms fields of one type's answer and the template that shows them."""

    def __init__(self, kind: AnswerType) -> None:
        self.kind = kind
        self.question = kind.question

    #: how the answer's radio group is laid out: one option a line, or side by side
    layout = "choices"

    @property
    def template(self) -> str:
        return f"questions/{self.kind.name}.html"

    def main_field(self) -> str:
        """The field that problems of the answer's value are shown beside."""
        return self.question.id

    def hints(self) -> dict[str, str]:
        """Option id → the help shown under it."""
        return {}

    def fields(self) -> dict[str, Field]:
        fields = self.value_fields()
        if self.kind.state_field():
            choices = [("", STATE_WORDS[""])] + [(f, STATE_WORDS[f]) for f in self.kind.allowed_flags()]
            fields[f"{self.question.id}__state"] = RadioField(_l("If you cannot answer as above"),
                                                              choices=options(choices), validate_choice=False)
        return fields

    def value_fields(self) -> dict[str, Field]:
        return {self.question.id: StringField(tr(self.question.text))}


class OptionsAdapter(FieldAdapter):
    """Status, yes/no and choice: one radio group (a status question's includes the flags)."""

    def __init__(self, kind: AnswerType) -> None:
        super().__init__(kind)
        self.layout = "inline" if len(kind.options(locale_code())) <= 2 else "choices"

    def hints(self) -> dict[str, str]:
        """A choice's full wording under its short label."""
        full = {c.id: tr(c.label) for c in self.question.choices}
        return {cid: full[cid] for cid, words in self.kind.options(locale_code()) if cid in full and full[cid] != words}

    def rubric(self) -> list[tuple[str, str]]:
        """What each status means for this question: (status words, rubric)."""
        return [(words, tr(self.question.rubric[sid])) for sid, words in self.kind.options(locale_code())
                if sid in self.question.rubric]

    def value_fields(self) -> dict[str, Field]:
        choices = self.kind.options(locale_code())
        if self.kind.flags_in_value:
            choices += [(f, word("flag", f, locale_code())) for f in self.kind.allowed_flags()]
        return {self.question.id: RadioField(tr(self.question.text), choices=options(choices), validate_choice=False)}


class CoverageAdapter(FieldAdapter):
    """One radio group per component: covered, not covered, not known."""

    def value_fields(self) -> dict[str, Field]:
        kind = self.kind
        assert isinstance(kind, CoverageType)
        choices = options(self.states())
        return {kind.component_field(c.id): RadioField(tr(c.label), choices=choices, validate_choice=False)
                for c in self.question.components}

    def main_field(self) -> str:
        kind = self.kind
        assert isinstance(kind, CoverageType)
        return kind.component_field(self.question.components[0].id)

    @staticmethod
    def states() -> list[tuple[str, str]]:
        return [(state, word("component", state, locale_code())) for state in ("covered", "not_covered", "unknown")]

    def rows(self, form: FlaskForm) -> list[tuple[Any, Field]]:
        """(component, its radio group) in questionnaire order."""
        kind = self.kind
        assert isinstance(kind, CoverageType)
        return [(c, form[kind.component_field(c.id)]) for c in self.question.components]


class NumberAdapter(FieldAdapter):
    def value_fields(self) -> dict[str, Field]:
        kind = self.kind
        assert isinstance(kind, NumberType)
        fields: dict[str, Field] = {self.question.id: StringField(tr(self.question.text))}
        if self.question.special:
            fields[kind.special_field()] = RadioField(
                _l("Or, instead of a number"),
                choices=options([("", _l("A number (above)")), *kind.options(locale_code())]),
                validate_choice=False)
        return fields


    def threshold_words(self) -> str:
        """Where the standard is met, for the hint under the field (``""`` without a threshold)."""
        kind = self.kind
        assert isinstance(kind, NumberType)
        return kind.threshold_words(locale_code())


class DateAdapter(FieldAdapter):
    @staticmethod
    def date_range() -> tuple[str, str]:
        return f"{limits.YEAR_MIN}-01-01", f"{limits.YEAR_MAX}-12-31"


class TextAdapter(FieldAdapter):
    def value_fields(self) -> dict[str, Field]:
        return {self.question.id: TextAreaField(tr(self.question.text))}


ADAPTERS: dict[str, type[FieldAdapter]] = {
    "status": OptionsAdapter,
    "yes_no": OptionsAdapter,
    "choice": OptionsAdapter,
    "coverage": CoverageAdapter,
    "number": NumberAdapter,
    "date": DateAdapter,
    "text": TextAdapter,
}


def adapter_of(question: Question) -> FieldAdapter:
    kind = kind_of(question)
    return ADAPTERS[kind.name](kind)


def _common_fields(q: Question, ta: TACatalogue, citation_rows: int) -> dict[str, Field]:
    fields: dict[str, Field] = {
        f"{q.id}__v": HiddenField(default="0"),
        f"{q.id}__comment": TextAreaField(_l("Comment")),
    }
    if q.na_allowed or q.precluded_allowed:
        fields[f"{q.id}__justification"] = TextAreaField(_l("Justification"))
    if not has_citations(q):
        return fields
    statuses = words_in("citation_status", locale_code())
    for n in range(citation_rows):
        prefix = f"{q.id}__cit_{n}_"
        fields[prefix + "act"] = StringField(_l("Act or instrument"))
        fields[prefix + "section"] = StringField(_l("Section or article"))
        fields[prefix + "year"] = StringField(_l("Year"))
        fields[prefix + "status"] = SelectField(_l("Status"), choices=options(statuses.items()),
                                                default="in_force", validate_choice=False)
        fields[prefix + "url"] = StringField(_l("Link"))
    categories = [("", _l("Choose a category")), *((k, tr(v)) for k, v in ta.categories.items())]
    fields[f"{q.id}__ta"] = BooleanField(_l("We need technical assistance here"))
    fields[f"{q.id}__ta_category"] = SelectField(_l("Kind of assistance"), choices=options(categories), default="",
                                                 validate_choice=False)
    challenges = words_in("challenge", locale_code())
    fields[f"{q.id}__ta_challenge"] = SelectField(
        _l("Main challenge"), choices=options([("", _l("Choose the main challenge")), *challenges.items()]),
        default="", validate_choice=False,
    )
    fields[f"{q.id}__ta_note"] = TextAreaField(_l("What would help"))
    return fields


def has_citations(q: Question) -> bool:
    """Scored questions carry legislation citations and TA requests; Profile facts and free text do not."""
    return q.scored


def build_section_form(section: Section, ta: TACatalogue, citation_rows: Mapping[str, int]) -> type[FlaskForm]:
    """A fresh form class for one section; ``citation_rows`` says how many citation rows each question gets."""

    class SectionForm(FlaskForm):
        #: the value of the "Save and go to the next section" button: the section to show after saving
        next_section = StringField()

    for question in section.questions:
        fields = adapter_of(question).fields()
        fields.update(_common_fields(question, ta, citation_rows.get(question.id, 1)))
        for name, field in fields.items():
            setattr(SectionForm, name, field)
    return SectionForm


_CITATION_FIELD = re.compile(r"^cit_(?P<n>\d+)_(?P<part>[a-z]+)$")


def field_place(section: Section, form: FlaskForm, name: str, section_no: int | None = None) -> str:
    """Where a field of a section form is, in words: ``Question 5.3 (Is consent…), citation 2, year`` (the
    section's number ``5`` when given)."""
    numbers = {q.id: n for n, q in enumerate(section.questions, start=1)}
    field = form[name] if name in form else None  # noqa: SIM401 (a form has no get())
    label = str(field.label.text) if field is not None else name
    qid, rest = name, None
    if name not in numbers and "__" in name:
        qid, rest = name.split("__", 1)
    if qid not in numbers:
        return label
    question = section.questions[numbers[qid] - 1]
    place = question_in_words(question, f"{section_no}.{numbers[qid]}" if section_no else numbers[qid],
                              locale=locale_code())
    if rest is None:
        return place
    citation = _CITATION_FIELD.match(rest)
    if citation:
        return f"{place}, citation {int(citation.group('n')) + 1}, {label[:1].lower() + label[1:]}"
    return f"{place}, {label[:1].lower() + label[1:]}"


def citation_rows_in(names: Iterable[str], question_id: str) -> int:
    """How many citation rows a posted form (the names of its fields, or posted data) carries for a question:
    one more than the limit at most, so that a citation beyond the limit is refused in words rather than left
    out unseen."""
    pattern = re.compile(rf"^{re.escape(question_id)}__cit_([0-9]{{1,3}})_act$")
    indices = [int(m.group(1)) for key in names if (m := pattern.match(key))]
    return min(max(indices) + 1, limits.CITATIONS_MAX + 1) if indices else 1


# --------------------------------------------------------------------------- form ↔ answer


def form_getter(form: FlaskForm) -> Callable[[str], Any]:
    """``get(name)``: the data of a field of ``form``, or ``None`` for a field it does not have."""
    return lambda name: form[name].data if name in form else None


def answer_from_form(question: Question, data: Callable[[str], Any], citation_rows: int, locale: str = "en"
                     ) -> tuple[dict[str, Any], list[Problem]]:
    """The answer (flag form, no version) that the posted fields describe, and every problem of it (what the
    type could not read, then :func:`~scoring.answers.check_answer`'s in ``locale``), each at its path in the
    answer."""
    q = question
    read = kind_of(q).from_form(data)
    answer: dict[str, Any] = dict(read.part)
    problems = [Problem("$.value", read.problem)] if read.problem else []

    justification = (data(f"{q.id}__justification") or "").strip()
    if justification:
        answer["justification"] = justification
    citations = []
    for n in range(citation_rows):
        parts = {p: (data(f"{q.id}__cit_{n}_{p}") or "") for p in CITATION_PARTS}
        parts = {k: v.strip() if isinstance(v, str) else v for k, v in parts.items()}
        if not any(parts[p] for p in ("act", "section", "year", "url")):
            continue
        citation: dict[str, Any] = {"act": parts["act"], "status": parts["status"] or "in_force"}
        if parts["section"]:
            citation["section"] = parts["section"]
        if parts["year"]:
            try:
                citation["year"] = limits.parse_year(parts["year"])
            except ValueError:
                problems.append(Problem(f"$.citations[{len(citations)}].year", limits.say("year", locale)))
        if parts["url"]:
            citation["url"] = parts["url"]
        citations.append(citation)
    if citations:
        answer["citations"] = citations
    comment = (data(f"{q.id}__comment") or "").strip()
    if comment:
        answer["comment"] = comment
    if data(f"{q.id}__ta"):
        answer["ta_request"] = {
            "category": data(f"{q.id}__ta_category") or "TA-OTH",
            "challenge": data(f"{q.id}__ta_challenge") or None,
            "note": (data(f"{q.id}__ta_note") or "").strip(),
        }
    if not problems:
        problems = check_answer(q, answer, locale=locale)
    return answer, problems


#: answer paths → the field suffix they concern
_PATH_FIELDS = {"justification": "__justification", "comment": "__comment", "ta_request": "__ta_category",
                "unknown_components": "", "value": "", "citations": "__cit_0_act"}


def field_for_path(question: Question, path: str) -> str:
    """The form field a problem of the answer (a JSONPath) concerns: ``$.citations[1].year`` → ``q__cit_1_year``."""
    match = re.match(r"^\$\.(?P<head>\w+)(?:\[(?P<n>\d+)\])?(?:\.(?P<part>\w+))?", path)
    q = question.id
    if not match:
        return q
    head, n, part = match.group("head"), match.group("n"), match.group("part")
    if head == "citations" and n is not None:
        return f"{q}__cit_{n}_{part if part in CITATION_PARTS else 'act'}"
    if head == "ta_request" and part == "note":
        return f"{q}__ta_note"
    if head in ("not_applicable", "precluded", "unknown"):
        return f"{q}__state" if kind_of(question).state_field() else q
    return q + _PATH_FIELDS.get(head, "")


def form_data_from_answer(question: Question, answer: Mapping[str, Any] | None) -> dict[str, Any]:
    """Field name → data, to pre-fill a form from a stored answer."""
    q = question
    answer = answer or {}
    data: dict[str, Any] = {f"{q.id}__v": str(answer.get("version", 0))}
    data.update(kind_of(q).form_data(answer))
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


# --------------------------------------------------------------------------- the assessment's buttons


def _stripped(value: Any) -> str:
    return (value or "").strip()


class StatusForm(FlaskForm):
    """A workflow button (submit, withdraw, request changes, validate, reopen): the assessment version and the
    answers' stamp the page showed, a reason where one is needed, the reviewer's confirmation."""

    version = HiddenField()
    answers_seen = HiddenField()
    reason = TextAreaField(filters=[_stripped])
    confirm = HiddenField()

    def expected_version(self) -> int | None:
        """The version the page showed (``None``: not sent; -1: altered, so that it matches nothing)."""
        if not self.version.data:
            return None
        value = small_int(self.version.data)
        return -1 if value is None else value

    def seen_stamp(self) -> int | None:
        return small_int(self.answers_seen.data or "")


class CommentForm(FlaskForm):
    """An RSO comment on a question (or the whole submission) and the page to go back to."""

    question_id = HiddenField()
    body = TextAreaField()
    back = HiddenField()


class SharingForm(FlaskForm):
    """Sharing the draft with the RSO (``what=rso``) or validated results with other members (``what=results``)."""

    what = HiddenField(validators=[AnyOf(("rso", "results"))])
    value = HiddenField()


class AssignForm(FlaskForm):
    """The contributors chosen for a section (ids as sent; checked against the member's contributors)."""

    section_id = HiddenField()
    user_id = SelectMultipleField(choices=[], validate_choice=False)

    def user_ids(self) -> set[int | None]:
        return {small_int(x) for x in self.user_id.data or ()}
