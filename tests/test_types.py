"""The question-type classes own each type's behaviour: nothing else branches on a question's type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.model import QUESTION_TYPES
from questionnaires.types import TYPES, kind_of

ROOT = Path(__file__).resolve().parent.parent
TYPE_NAMES = "|".join(QUESTION_TYPES)
#: a comparison with a type's name: ``q.type == "coverage"``, ``kind.name != "text"``, ``type === "status"``
BRANCH = re.compile(
    rf"""(\.type|\.name|get\(["']type["']\)|\btype)\s*(===?|!==?|\bin\b|\bnot in\b)\s*[(\[]?\s*["']({TYPE_NAMES})["']"""
    rf"""|["']({TYPE_NAMES})["']\s*(===?|!==?)""")
#: a test of a type's class
CLASS_TEST = re.compile(r"isinstance\([^)]*\b(Status|Coverage|YesNo|Number|Choice|Date|Text)Type\b")
#: the type classes themselves and their web and workbook adapters may tell types apart
ADAPTERS = {"questionnaires/types.py", "assessment/responses/forms.py", "exports/offline.py",
            "assessment/static/answers.js"}


def _sources() -> list[Path]:
    found = []
    for folder in ("assessment", "questionnaires", "scoring", "exports", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html", ".js") and path.relative_to(ROOT).as_posix() not in ADAPTERS:
                found.append(path)
    return found


def test_no_module_outside_the_type_classes_and_their_adapters_branches_on_a_question_type():
    offenders = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if BRANCH.search(line) or CLASS_TEST.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_finds_a_branch_where_there_is_one():
    assert BRANCH.search('if question.type == "coverage":')
    assert BRANCH.search("{% if q.type != 'yes_no' %}")
    assert BRANCH.search('if (type === "status") {')
    assert BRANCH.search('if kind.name in ("date", "text"):')
    assert CLASS_TEST.search("if isinstance(kind, CoverageType):")
    assert not BRANCH.search('data-type="{{ q.type }}"')


def test_every_type_has_a_class_and_every_shipped_question_a_type():
    assert set(TYPES) == set(QUESTION_TYPES)
    questionnaire = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
    assert {kind_of(q).name for q in questionnaire.questions} == set(QUESTION_TYPES)


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_each_type_reads_back_what_it_writes_for_the_form(name):
    """Filling the form from a stored answer and reading the form gives the answer back, for every shape."""
    from tests.test_answer_matrix import V1, _flags, _values

    question = next(q for q in V1.questions if kind_of(q).name == name)
    kind = kind_of(question)
    for answer in _values(question) + _flags(question):
        data = kind.form_data(answer)
        read = kind.from_form(lambda field, data=data: data.get(field))
        assert read.problem is None
        assert read.part == {k: v for k, v in answer.items() if k != "justification"}, answer
