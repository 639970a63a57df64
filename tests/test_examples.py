"""Regional examples from one stored result (pure): only elements the result calls met, only answers with a
value, only law in force, in the order the member cited it; components' own elements count."""

from __future__ import annotations

import copy

from questionnaires.loader import load_questionnaire_document
from scoring.engine import score
from scoring.examples import Citation, element_questions, elements_tested_by, examples_in
from tests.region_support import answers


def _questionnaire(sample_document, component_elements: dict[str, list[str]] | None = None):
    document = copy.deepcopy(sample_document)
    for module in document["modules"]:
        for section in module["sections"]:
            for question in section["questions"]:
                for component in question.get("components", ()):
                    if component["id"] in (component_elements or {}):
                        component["elements"] = component_elements[component["id"]]
    return load_questionnaire_document(document)


def test_only_met_elements_and_law_in_force_give_examples(sample_document):
    questionnaire = _questionnaire(sample_document)
    given = answers(
        "in_place",
        tip_consent={"value": "in_place", "citations": [
            {"act": "Anti-Trafficking Bill", "section": "cl. 4", "year": 2026, "status": "bill"},
            {"act": "Trafficking in Persons Act", "section": "s. 6(2)", "year": "2017", "status": "in_force",
             "url": "https://laws.example/tip-act#s6"},
            {"act": "  ", "section": "s. 1", "status": "in_force"},
        ]},
        tip_attempt={"value": "partially", "citations": [{"act": "Penal Code", "section": "s. 30", "year": 2008,
                                                          "status": "in_force"}]},
    )
    result = score(questionnaire, given)
    states = {row["id"]: row["state"] for row in result["elements"]}
    assert states["A6"] == "met"
    assert states["A11"] == "gap"
    found = examples_in(questionnaire, given, result["elements"])
    a6 = [c for c in found if c.element == "A6"]
    assert a6 == [Citation("A6", "tip_consent", 1, "Trafficking in Persons Act", "s. 6(2)", 2017,
                           "https://laws.example/tip-act#s6")]
    assert [c for c in found if c.element == "A11"] == []


def test_flagged_answers_and_unsafe_links_give_nothing_or_no_link(sample_document):
    questionnaire = _questionnaire(sample_document)
    rows = [{"id": "A6", "state": "met"}, {"id": "A11", "state": "met"}]
    given = {
        "tip_consent": {"value": "in_place", "citations": [
            {"act": "Criminal Code", "section": "art. 127", "year": 2004, "status": "in_force",
             "url": "javascript:alert(1)"}]},
        "tip_attempt": {"precluded": True, "justification": "Not a concept of our law.",
                        "citations": [{"act": "Penal Code", "section": "s. 30", "status": "in_force"}]},
    }
    assert examples_in(questionnaire, given, rows) == [
        Citation("A6", "tip_consent", 0, "Criminal Code", "art. 127", 2004, None)]


def test_a_component_that_tests_its_own_element_counts(sample_document):
    questionnaire = _questionnaire(sample_document, {"recruitment": ["A2"]})
    assert element_questions(questionnaire)["A2"] == ("tip_acts",)
    assert elements_tested_by(questionnaire, ["tip_consent", "tip_acts", "no_such_question"]) == ["A6", "A1", "A2"]
    given = {"tip_acts": {"value": ["recruitment", "transport"], "citations": [
        {"act": "Anti-Trafficking Act", "section": "s. 3", "year": 2019, "status": "in_force"}]}}
    found = examples_in(questionnaire, given, [{"id": "A2", "state": "met"}, {"id": "A1", "state": "gap"}])
    assert [(c.element, c.question, c.act) for c in found] == [("A2", "tip_acts", "Anti-Trafficking Act")]
