"""Questionnaire and catalogue files: every shipped file validates; every kind of error is reported
with its JSONPath, all of them at once."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.loader import (
    DATA_DIR,
    DefinitionError,
    check_document,
    load_questionnaire,
    load_questionnaire_document,
    passes_schema,
    shipped_files,
    validate_file,
    validator,
)
from scoring.answers import _answer_validator
from tests.conftest import SAMPLE_QUESTIONNAIRE


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: p.name)
def test_every_shipped_file_validates(path):
    report = validate_file(path)
    assert report.problems == ()
    assert report.count > 0


def test_shipped_files_include_the_catalogues():
    names = {p.name for p in shipped_files()}
    assert {"elements.json", "ta_catalogue.json"} <= names


def test_sample_questionnaire_loads():
    q = load_questionnaire(SAMPLE_QUESTIONNAIRE)
    assert q.key == ("sample", 1)
    assert {m.id for m in q.modules} == {"profile", "criminalisation", "money", "cooperation"}
    assert {qq.type for qq in q.questions} == {"status", "coverage", "yes_no", "number", "choice", "date", "text"}
    assert q.question("tip_acts").component("recruitment").critical is True
    assert q.scoring.level_weights["M"] == 3
    assert q.index("party_untoc") == 0


def _problems(doc):
    return [(p.path, p.message) for p in check_document(doc, "questionnaire")]


def _q(doc, section, question_id):
    for m in doc["modules"]:
        for s in m["sections"]:
            if s["id"] == section:
                for q in s["questions"]:
                    if q["id"] == question_id:
                        return q
    raise KeyError(question_id)


# (mutation, expected path, expected message fragment)
BROKEN = [
    (lambda d: d.pop("version"), "$", "'version' is a required property"),
    (lambda d: d.update(version="one"), "$.version", "is not of type 'integer'"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(id="Tip-Consent"),
     "$.modules[1].sections[0].questions[1].id", "does not match"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(type="slider"),
     "$.modules[1].sections[0].questions[1].type", "is not one of"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(text="plain string"),
     "$.modules[1].sections[0].questions[1].text", "is not of type 'object'"),
    (lambda d: _q(d, "trafficking", "tip_consent").pop("sources"),
     "$.modules[1].sections[0].questions[1]", "'sources' is a required property"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(id="tip_acts"),
     "$.modules[1].sections[0].questions[1].id", "duplicate question id 'tip_acts'"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(elements=["Z9"]),
     "$.modules[1].sections[0].questions[1].elements[0]", "unknown element 'Z9'"),
    (lambda d: _q(d, "trafficking", "tip_consent")["ta"][0].update(item="leg.nothing"),
     "$.modules[1].sections[0].questions[1].ta[0].item", "unknown TA item 'leg.nothing'"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(show_if={"question": "tip_penalty", "in": [4]}),
     "$.modules[1].sections[0].questions[1].show_if", "only to earlier questions"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(show_if={"question": "nope", "in": [True]}),
     "$.modules[1].sections[0].questions[1].show_if", "unknown question 'nope'"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(show_if={"question": "tip_acts", "includes": "sale"}),
     "$.modules[1].sections[0].questions[1].show_if", "has no component 'sale'"),
    (lambda d: _q(d, "smuggling", "som_sea_authority").update(show_if={"question": "has_sea_border", "in": ["yes"]}),
     "$.modules[1].sections[1].questions[1].show_if", "'yes' is not a possible answer"),
    (lambda d: _q(d, "smuggling", "som_sea_authority").update(show_if={"bogus": 1}),
     "$.modules[1].sections[1].questions[1].show_if", "matches none of the allowed forms"),
    (lambda d: _q(d, "extradition", "ext_nationals").update(depends_on=["ghost"]),
     "$.modules[3].sections[0].questions[1].depends_on[0]", "unknown question 'ghost'"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(level="GP", critical=False),
     "$.modules[1].sections[0].questions[1].level", "is not a level of the listed elements"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(critical=False),
     "$.modules[1].sections[0].questions[1].critical", "must be true"),
    (lambda d: _q(d, "trafficking", "tip_attempt").update(critical=True),
     "$.modules[1].sections[0].questions[3].critical", "must be false"),
    (lambda d: _q(d, "trafficking", "tip_consent").update(na_allowed=True),
     "$.modules[1].sections[0].questions[1].na_allowed", "cannot allow 'not applicable'"),
    (lambda d: d["scoring"]["level_weights"].pop("Mq"),
     "$.modules[1].sections[0].questions[3].level", "no weight for level 'Mq'"),
    (lambda d: d["scoring"]["bands"].reverse(), "$.scoring.bands", "ascending order"),
    (lambda d: _q(d, "trafficking", "tip_acts").update(components=_q(d, "trafficking", "tip_acts")["components"][:1]),
     "$.modules[1].sections[0].questions[0].components", "at least two components"),
    (lambda d: _q(d, "trafficking", "tip_acts")["components"].append(
        dict(_q(d, "trafficking", "tip_acts")["components"][0])),
     "$.modules[1].sections[0].questions[0].components[5].id", "duplicate component id 'recruitment'"),
    (lambda d: _q(d, "trafficking", "tip_acts")["ta"][1].update(when={"missing_component": "sale"}),
     "$.modules[1].sections[0].questions[0].ta[1].when", "no component 'sale'"),
    (lambda d: _q(d, "treaties", "party_untoc").update(scored=True, elements=["P1"], level="M", help={"en": "x"},
                                                        sources=[{"instrument": "UNTOC", "article": "36"}],
                                                        compliant_answer=True),
     "$.modules[0].sections[0].questions[0]", "reserved Profile id"),
    (lambda d: _q(d, "trafficking", "tip_penalty").pop("threshold"),
     "$.modules[1].sections[0].questions[4]", "'threshold' is a required property"),
]


@pytest.mark.parametrize(("mutate", "path", "fragment"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_each_kind_of_error_is_reported_with_its_path(sample_document, mutate, path, fragment):
    mutate(sample_document)
    problems = _problems(sample_document)
    assert any(p == path and fragment in m for p, m in problems), problems


def test_every_problem_is_reported_at_once(sample_document):
    wanted = ("is not of type 'integer'", "unknown element 'Z9'", "unknown TA item", "'yes' is not a possible answer",
              "unknown question 'ghost'", "at least two components", "ascending order")
    chosen = [b for b in BROKEN if b[2] in wanted]
    for mutate, _path, _fragment in chosen:
        mutate(sample_document)
    problems = _problems(sample_document)
    for _mutate, path, fragment in chosen:
        assert any(p == path and fragment in m for p, m in problems), (path, fragment)
    assert len(chosen) >= 6


def test_load_raises_with_all_problems(sample_document):
    sample_document["modules"][1]["sections"][0]["questions"][1]["elements"] = ["Z9"]
    sample_document["version"] = 0
    with pytest.raises(DefinitionError) as info:
        load_questionnaire_document(copy.deepcopy(sample_document), "x.json")
    paths = {p.path for p in info.value.problems}
    assert "$.version" in paths
    assert "$.modules[1].sections[0].questions[1].elements[0]" in paths


def test_invalid_json_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n  "version": }')
    report = validate_file(bad)
    assert not report.ok
    assert report.lines() == [f"{bad}: $: not valid JSON: Expecting value at line 2, column 14"]


def test_element_catalogue_errors(tmp_path):
    from questionnaires.loader import ELEMENTS_FILE

    doc = json.loads(ELEMENTS_FILE.read_text())
    doc["elements"][1]["id"] = doc["elements"][0]["id"]
    doc["elements"][2]["level"] = "M" if doc["elements"][2]["level"] != "M" else "GP"
    doc["elements"][3]["depends_on"] = ["Q1"]
    doc["elements"][4]["section"] = "Z"
    problems = [(p.path, p.message) for p in check_document(doc, "elements")]
    assert any(p == "$.elements[1].id" and "duplicate element id" in m for p, m in problems)
    assert any(p == "$.elements[2].level" and "strongest part level" in m for p, m in problems)
    assert any(p == "$.elements[3].depends_on[0]" and "unknown element 'Q1'" in m for p, m in problems)
    assert any(p == "$.elements[4].section" for p, m in problems)


def test_ta_catalogue_errors():
    from questionnaires.loader import TA_CATALOGUE_FILE

    doc = json.loads(TA_CATALOGUE_FILE.read_text())
    doc["items"][1]["id"] = doc["items"][0]["id"]
    doc["items"][2]["audience"] = ["everyone"]
    doc["categories"] = doc["categories"][1:]
    problems = [(p.path, p.message) for p in check_document(doc, "ta_catalogue")]
    assert any(p == "$.items[1].id" and "duplicate TA item id" in m for p, m in problems)
    assert any(p == "$.items[2].audience[0]" for p, m in problems)
    assert any("is not listed in categories" in m for p, m in problems)


def test_short_labels_audience_component_elements_and_fatf_criteria_load(sample_document):
    doc = copy.deepcopy(sample_document)
    fomb = _q(doc, "smuggling", "som_fomb")
    fomb["choices"][1]["short_label"] = {"en": "Benefit in kind too"}
    fomb["audience"] = ["prosecutors", "legislators"]
    acts = _q(doc, "trafficking", "tip_acts")
    acts["components"][0]["elements"] = ["A1", "A2"]
    fatf = next(q for m in doc["modules"] for s in m["sections"] for q in s["questions"]
                if any(src["instrument"] == "FATF" for src in q.get("sources", ())))
    source = next(src for src in fatf["sources"] if src["instrument"] == "FATF")
    source.update(criterion="37.3", methodology="2013")
    loaded = load_questionnaire_document(doc)
    choice = loaded.question("som_fomb").choices[1]
    assert choice.short_label == {"en": "Benefit in kind too"}
    assert loaded.question("som_fomb").choices[0].short_label is None
    assert loaded.question("som_fomb").audience == ("prosecutors", "legislators")
    assert loaded.question("tip_acts").components[0].elements == ("A1", "A2")
    assert loaded.question("tip_acts").components[1].elements == ()
    loaded_source = next(s for s in loaded.question(fatf["id"]).sources if s.instrument == "FATF")
    assert (loaded_source.criterion, loaded_source.methodology) == ("37.3", "2013")


def test_component_elements_audience_and_criteria_are_checked(sample_document):
    doc = copy.deepcopy(sample_document)
    _q(doc, "trafficking", "tip_acts")["components"][0]["elements"] = ["Z9"]
    _q(doc, "smuggling", "som_fomb")["audience"] = ["astrologers"]
    fatf = next(q for m in doc["modules"] for s in m["sections"] for q in s["questions"]
                if any(src["instrument"] == "FATF" for src in q.get("sources", ())))
    next(src for src in fatf["sources"] if src["instrument"] == "FATF")["criterion"] = "criterion three"
    problems = _problems(doc)
    assert any(path.endswith("components[0].elements[0]") and "unknown element 'Z9'" in message
               for path, message in problems)
    assert any(path.endswith(".audience[0]") for path, _ in problems)
    assert any(path.endswith(".criterion") for path, _ in problems)


# --------------------------------------------------------------------------- the quick first look at a document

#: any JSON value, small
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["in_place", "partially", "x", "", "2026-02-30", "2024-01-05", "A1",
                                               "ab\n", "https://laws.example.org/a", "not a url", "cap.tip.judges"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
CITATION = st.fixed_dictionaries({}, optional={
    "act": JSON_VALUES, "section": JSON_VALUES, "year": st.integers(1800, 2100) | JSON_VALUES,
    "status": st.sampled_from(["in_force", "bill", "repealed"]) | JSON_VALUES,
    "url": st.sampled_from(["https://laws.example.org/cpc", "ftp://x", "x"]) | JSON_VALUES})
ANSWER = st.fixed_dictionaries({}, optional={
    "value": JSON_VALUES, "not_applicable": JSON_VALUES, "precluded": st.booleans(), "unknown": JSON_VALUES,
    "justification": JSON_VALUES, "comment": st.text(max_size=20) | JSON_VALUES,
    "citations": st.lists(CITATION, max_size=2) | JSON_VALUES,
    "ta_request": st.fixed_dictionaries({"category": st.sampled_from(["cap.tip.judges", "legal_drafting", "x"])},
                                        optional={"challenge": JSON_VALUES, "note": JSON_VALUES}) | JSON_VALUES,
    "unknown_components": st.lists(st.sampled_from(["a", "b_2", "B", ""]), max_size=3) | JSON_VALUES,
    "version": JSON_VALUES, "extra": JSON_VALUES})


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANSWER, JSON_VALUES))
def test_an_answer_the_quick_look_passes_has_no_schema_error(answer):
    assert passes_schema("answers", answer, "answer") is (list(_answer_validator().iter_errors(answer)) == [])


def _places(node, path=()):
    """Every place in a document: (path to it, its value)."""
    yield path, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        yield from _places(value, (*path, key))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_questionnaire_the_quick_look_passes_has_no_schema_error(data):
    document = json.loads(SAMPLE_QUESTIONNAIRE.read_text(encoding="utf-8"))
    path, _value = data.draw(st.sampled_from(list(_places(document))[1:]))
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(JSON_VALUES)
    assert passes_schema("questionnaire", document) is (list(validator("questionnaire").iter_errors(document)) == [])


@pytest.mark.parametrize("path", [SAMPLE_QUESTIONNAIRE, *sorted((DATA_DIR).glob("legislative_framework.v*.json"))],
                         ids=lambda p: p.name)
def test_the_quick_look_passes_every_shipped_questionnaire(path):
    """A valid document is passed by the quick look alone: the slower full reading is not needed for it."""
    assert passes_schema("questionnaire", json.loads(path.read_text(encoding="utf-8")))


#: values a caller may hand over that JSON does not parse into: tuples (an array to jsonschema-rs, not to
#: jsonschema), dates, decimals, bytes
NOT_JSON = st.recursive(
    JSON_VALUES | st.dates() | st.decimals(allow_nan=False, places=2) | st.binary(max_size=3),
    lambda inner: st.lists(inner, min_size=1, max_size=3).map(tuple) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        min_size=1, max_size=3),
    max_leaves=6)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={"value": NOT_JSON, "unknown_components": NOT_JSON,
                                           "citations": NOT_JSON, "comment": NOT_JSON}))
def test_an_answer_holding_what_json_does_not_is_left_to_jsonschema(answer):
    errors = list(_answer_validator().iter_errors(answer))
    if passes_schema("answers", answer, "answer"):
        assert errors == []


def test_a_tuple_where_an_array_belongs_is_read_as_jsonschema_reads_it():
    """jsonschema-rs takes a tuple for an array and jsonschema does not: the first look leaves it to jsonschema,
    so the answer is refused as it was before there was a first look."""
    answer = {"value": ("recruitment", "transport"), "unknown_components": ("harbouring",)}
    assert passes_schema("answers", answer, "answer") is False
    assert list(_answer_validator().iter_errors(answer)) != []
