"""The answers format: every problem of a malformed answers file with its JSONPath, one answer at a time
(autosave), and the canonical form exports write."""

import copy
import json

import pytest

from questionnaires.loader import load_questionnaire, schema_problems
from scoring.answers import answers_document, canonical_answer, check_answer, check_answers_document
from tests.conftest import SAMPLE_QUESTIONNAIRE

Q = load_questionnaire(SAMPLE_QUESTIONNAIRE)


def resolve(questionnaire_id, version):
    if (questionnaire_id, version) == Q.key:
        return Q
    raise LookupError(f"no questionnaire {questionnaire_id!r} version {version}")


GOOD = {
    "questionnaire": {"id": "sample", "version": 1},
    "member": "XA",
    "cycle": "2026",
    "answers": {
        "party_untoc": {"value": True},
        "untoc_ratified_on": {"value": "2004-05-24"},
        "legal_tradition": {"value": "mixed"},
        "tip_acts": {
            "value": ["recruitment", "transport"],
            "unknown_components": ["receipt"],
            "citations": [{"act": "Penal Code", "section": "s. 212", "year": 2008, "status": "in_force",
                           "url": "https://example.org/pc"}],
        },
        "tip_consent": {"value": "largely"},
        "tip_cross_border": {"value": False, "comment": "Domestic cases are covered."},
        "tip_attempt": {"precluded": True, "justification": "Attempt is not a concept of our criminal law."},
        "tip_penalty": {"value": "life"},
        "tip_notes": {"value": "Amendment planned."},
        "som_fomb": {"value": "cash_only", "ta_request": {"category": "TA-LEG", "challenge": "capacity",
                                                          "note": "Model provision wanted"}},
        "som_sea_authority": {"not_applicable": True, "justification": "Landlocked."},
        "ml_predicates": {"value": "unknown"},
        "mla_days": {"value": 12.5, "version": 3},
    },
}


def _problems(doc):
    questionnaire, problems = check_answers_document(doc, resolve)
    return questionnaire, [(p.path, p.message) for p in problems]


def test_good_document_has_no_problem():
    questionnaire, problems = _problems(GOOD)
    assert problems == []
    assert questionnaire is Q


def _answer(qid, answer):
    def mutate(doc):
        doc["answers"][qid] = answer

    return mutate


# (mutation, expected path, expected message fragment)
BROKEN = [
    (lambda d: d["questionnaire"].update(id="other"), "$.questionnaire", "unknown questionnaire 'other' version 1"),
    (lambda d: d["questionnaire"].update(version=2), "$.questionnaire", "unknown questionnaire 'sample' version 2"),
    (lambda d: d["questionnaire"].update(version="1"), "$.questionnaire.version", "is not of type 'integer'"),
    (lambda d: d.update(member="xa"), "$.member", "does not match"),
    (lambda d: d.pop("cycle"), "$", "'cycle' is a required property"),
    (_answer("nope", {"value": True}), "$.answers.nope", "unknown question 'nope' in sample v1"),
    (_answer("tip_consent", {"value": "yes"}), "$.answers.tip_consent.value",
     '"yes" is not one of "in_place", "largely"'),
    (_answer("tip_consent", {"value": 1}), "$.answers.tip_consent.value", "1 is not one of"),
    (_answer("tip_acts", {"value": "recruitment"}), "$.answers.tip_acts.value",
     "the answer is the list of covered components"),
    (_answer("tip_acts", {"value": ["transport", "sale"]}), "$.answers.tip_acts.value",
     '"sale" is not one of "recruitment"'),
    (_answer("tip_acts", {"value": ["transport", "transport"]}), "$.answers.tip_acts.value",
     "List each covered component once."),
    (_answer("tip_acts", {"value": [1]}), "$.answers.tip_acts.value[0]", "is not of type 'string'"),
    (_answer("tip_cross_border", {"value": "no"}), "$.answers.tip_cross_border.value",
     '"no" is not one of true, false'),
    (_answer("tip_penalty", {"value": "forever"}), "$.answers.tip_penalty.value",
     "Enter a number from 0 to 1,000,000,000,000"),
    (_answer("tip_penalty", {"value": -3}), "$.answers.tip_penalty.value", "Enter a number from 0"),
    (_answer("tip_penalty", {"value": True}), "$.answers.tip_penalty.value", "or choose one of “Life imprisonment”"),
    (_answer("som_fomb", {"value": "some_benefit"}), "$.answers.som_fomb.value", '"some_benefit" is not one of'),
    (_answer("untoc_ratified_on", {"value": "2004-02-30"}), "$.answers.untoc_ratified_on.value",
     "Enter a date as YYYY-MM-DD, in the years 1800 to 2100"),
    (_answer("untoc_ratified_on", {"value": "24/05/2004"}), "$.answers.untoc_ratified_on.value", "Enter a date"),
    (_answer("tip_notes", {"value": 5}), "$.answers.tip_notes.value", "Type the answer as text."),
    (_answer("tip_consent", {"not_applicable": True, "justification": "x"}), "$.answers.tip_consent.not_applicable",
     "This question cannot be answered “not applicable”."),
    (_answer("tip_consent", {"value": "not_applicable", "justification": "x"}), "$.answers.tip_consent.value",
     "This question cannot be answered “not applicable”."),
    (_answer("ml_predicates", {"precluded": True, "justification": "x"}), "$.answers.ml_predicates.precluded",
     "cannot be answered “precluded by fundamental principles”"),
    (_answer("som_sea_authority", {"not_applicable": True}), "$.answers.som_sea_authority.justification",
     "Say why the question does not apply or is precluded."),
    (_answer("som_sea_authority", {"value": "not_applicable", "justification": "  "}),
     "$.answers.som_sea_authority.justification", "Say why"),
    (_answer("tip_attempt", {"precluded": True}), "$.answers.tip_attempt.justification", "Say why"),
    (_answer("tip_consent", {"value": "largely", "unknown": True}), "$.answers.tip_consent",
     "Give either an answer or one of unknown, not applicable and precluded, not both."),
    (_answer("tip_consent", {"value": "unknown", "unknown": True}), "$.answers.tip_consent",
     "Give either an answer or one of unknown"),
    (_answer("tip_attempt", {"precluded": True, "unknown": True, "justification": "x"}), "$.answers.tip_attempt",
     "Give only one of unknown, not applicable and precluded."),
    (_answer("tip_acts", {"value": ["transport"], "unknown_components": ["sale"]}),
     "$.answers.tip_acts.unknown_components", "Choose one of the options given"),
    (_answer("tip_acts", {"value": ["transport"], "unknown_components": ["transport"]}),
     "$.answers.tip_acts.unknown_components", "cannot be both covered and not known"),
    (_answer("tip_acts", {"unknown_components": ["transport"]}), "$.answers.tip_acts.unknown_components",
     "Mark the other components as covered or not covered"),
    (_answer("tip_consent", {"value": "largely", "unknown_components": ["x"]}),
     "$.answers.tip_consent.unknown_components", "Only questions with components"),
    (_answer("tip_consent", {"value": "largely", "citations": [{"act": "Penal Code", "status": "enacted"}]}),
     "$.answers.tip_consent.citations[0].status", "is not one of"),
    (_answer("tip_consent", {"value": "largely", "citations": [{"section": "5", "status": "bill"}]}),
     "$.answers.tip_consent.citations[0]", "'act' is a required property"),
    (_answer("tip_consent", {"value": "largely", "ta_request": {"category": "TA-XYZ"}}),
     "$.answers.tip_consent.ta_request.category", "is not one of"),
    (_answer("tip_consent", {"value": "largely", "ta_request": {"category": "TA-LEG", "challenge": "money"}}),
     "$.answers.tip_consent.ta_request.challenge", "is not one of"),
    (_answer("tip_consent", {"value": "largely", "colour": "red"}), "$.answers.tip_consent",
     "Additional properties are not allowed ('colour' was unexpected)"),
    (_answer("tip_consent", {"value": "largely", "version": 0}), "$.answers.tip_consent.version",
     "less than the minimum of 1"),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), BROKEN, ids=[f"{i}:{b[1]}" for i, b in enumerate(BROKEN)])
def test_each_problem_is_reported_at_its_path(mutate, path, fragment):
    doc = copy.deepcopy(GOOD)
    mutate(doc)
    _, problems = _problems(doc)
    assert any(p == path and fragment in m for p, m in problems), problems


def test_every_problem_is_reported_at_once():
    doc = copy.deepcopy(GOOD)
    doc["member"] = "xa"
    doc["answers"]["nope"] = {"value": 1}
    doc["answers"]["tip_consent"] = {"value": "yes"}
    doc["answers"]["tip_acts"] = {"value": ["sale"]}
    doc["answers"]["som_sea_authority"] = {"not_applicable": True}
    _, problems = _problems(doc)
    paths = [p for p, _ in problems]
    assert paths == [  # sorted by path, as the questionnaire validator sorts its problems
        "$.answers.nope",
        "$.answers.som_sea_authority.justification",
        "$.answers.tip_acts.value",
        "$.answers.tip_consent.value",
        "$.member",
    ]


def test_unresolvable_questionnaire_returns_none_and_stops_there():
    doc = copy.deepcopy(GOOD)
    doc["questionnaire"]["id"] = "other"
    doc["answers"]["nope"] = {"value": 1}
    questionnaire, problems = _problems(doc)
    assert questionnaire is None
    assert problems == [("$.questionnaire", "unknown questionnaire 'other' version 1")]


def test_not_an_object_is_one_problem():
    questionnaire, problems = _problems([1, 2])
    assert questionnaire is None
    assert problems == [("$", "[1, 2] is not of type 'object'")]


def test_check_answer_prefixes_paths_and_checks_shape_and_fit():
    problems = check_answer(Q.question("tip_acts"), {"value": ["sale"], "citations": [{"status": "bill"}]},
                            "$.answers.tip_acts")
    assert [(p.path, p.message) for p in problems] == [
        ("$.answers.tip_acts.citations[0]", "'act' is a required property"),
        ("$.answers.tip_acts.value", 'Choose one of the options given: "sale" is not one of "recruitment", '
                                     '"transport", "transfer", "harbouring", "receipt".'),
    ]
    assert check_answer(Q.question("tip_consent"), {"value": "in_place"}) == []
    assert [str(p) for p in check_answer(Q.question("tip_consent"), "in_place")] == [
        "$: 'in_place' is not of type 'object'"
    ]


def test_status_flag_values_need_the_same_permission_as_flags():
    q = Q.question("som_sea_authority")
    assert check_answer(q, {"value": "not_applicable", "justification": "Landlocked."}) == []
    assert check_answer(q, {"not_applicable": True, "justification": "Landlocked."}) == []
    assert check_answer(q, {"value": "unknown"}) == []
    # the flag values mean something only for status questions
    assert check_answer(Q.question("som_fomb"), {"value": "unknown"})[0].message.startswith(
        'Choose one of the options given: "unknown" is not one of')


# --------------------------------------------------------------------------- canonical form

CANONICAL = [
    ("tip_consent", {"value": "not_applicable", "justification": "Why"},
     {"not_applicable": True, "justification": "Why"}),
    ("tip_consent", {"value": "unknown", "comment": ""}, {"unknown": True}),
    ("tip_consent", {"comment": "c", "value": "largely", "precluded": False, "unknown": False, "citations": []},
     {"value": "largely", "comment": "c"}),
    ("tip_acts", {"value": ["receipt", "recruitment"], "unknown_components": ["transport"]},
     {"value": ["recruitment", "receipt"], "unknown_components": ["transport"]}),
    ("tip_acts", {"value": []}, {"value": []}),
    ("tip_cross_border", {"value": False}, {"value": False}),
    ("mla_days", {"value": 0, "version": 2}, {"value": 0, "version": 2}),
    ("tip_notes", {"value": "   "}, {}),
    ("tip_consent", {"value": None, "ta_request": {"note": "n", "challenge": None, "category": "TA-CAP"}},
     {"ta_request": {"category": "TA-CAP", "note": "n"}}),
    ("tip_consent",
     {"value": "in_place", "citations": [{"url": "https://x.org", "status": "in_force", "act": "A", "section": ""}]},
     {"value": "in_place", "citations": [{"act": "A", "status": "in_force", "url": "https://x.org"}]}),
]


@pytest.mark.parametrize(("qid", "answer", "expected"), CANONICAL)
def test_canonical_answer(qid, answer, expected):
    out = canonical_answer(Q.question(qid), answer)
    assert out == expected
    assert list(out) == list(expected)  # stable key order
    for key in ("citations", "ta_request"):
        if key in out:
            assert json.dumps(out[key]) == json.dumps(expected[key])


def test_canonical_key_order_is_fixed():
    answer = {"version": 1, "ta_request": {"category": "TA-LEG"}, "comment": "c",
              "citations": [{"act": "A", "status": "in_force"}], "justification": "j", "value": ["transport"],
              "unknown_components": ["receipt"]}
    assert list(canonical_answer(Q.question("tip_acts"), answer)) == [
        "value", "unknown_components", "justification", "citations", "comment", "ta_request", "version"
    ]


def test_answers_document_is_canonical_and_checks_clean():
    doc = answers_document(Q, "XA", "2026", {**GOOD["answers"], "tip_notes": {"value": ""}})
    assert list(doc) == ["questionnaire", "member", "cycle", "answers"]
    assert schema_problems("answers", doc) == []
    assert check_answers_document(doc, resolve)[1] == []
    assert list(doc["answers"]) == [q.id for q in Q.questions if q.id in doc["answers"]]
    assert "tip_notes" not in doc["answers"]
    assert doc["answers"]["ml_predicates"] == {"unknown": True}
    again = answers_document(Q, "XA", "2026", doc["answers"])
    assert json.dumps(again) == json.dumps(doc)


def test_answers_document_refuses_unknown_questions():
    with pytest.raises(KeyError, match="no question"):
        answers_document(Q, "XA", "2026", {"nope": {"value": 1}})
