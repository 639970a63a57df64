"""The same answers read by standard (scoring.standards): units per treaty article and FATF Recommendation rated
with the sections' rules, binding read against each unit's own instrument, the 2013 and current FATF texts, and
the flag that sets a band beside a mutual-evaluation rating."""

from __future__ import annotations

import json

import pytest

from questionnaires.loader import load_questionnaire, validator
from questionnaires.model import Source
from questionnaires.standards import unit_of
from scoring.engine import score
from scoring.standards import disagrees, read, steps_apart
from tests.conftest import FIXTURES, SAMPLE_QUESTIONNAIRE
from tests.method2_support import IN_FORCE, SAMPLE2, WORKED_EXAMPLE2

SAMPLE3 = load_questionnaire(FIXTURES / "sample_questionnaire.v3.json")
WORKED = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
SECTION_KEYS = ("score", "gap", "band", "provisional", "completeness", "best_case_gap", "obligations_gap",
                "if_bills_pass_gap", "unknown", "unanswered", "critical_gaps", "capped_by", "next_band")


def _units(result):
    return {u["id"]: u for u in result["standards"]}


def test_units_are_every_article_and_recommendation_the_questionnaire_cites_in_order():
    result = score(SAMPLE2, WORKED)
    assert [(u["instrument"], u["unit"]) for u in result["standards"]] == [
        ("UNTOC", "art. 2"), ("UNTOC", "art. 6"), ("UNTOC", "art. 15"), ("UNTOC", "art. 16"), ("UNTOC", "art. 18"),
        ("UNTOC", "art. 34"), ("TIPP", "art. 1"), ("TIPP", "art. 3"), ("TIPP", "art. 5"), ("SOMP", "art. 6"),
        ("SOMP", "art. 8"), ("FATF", "R.3"), ("FATF", "R.37"), ("FATF", "R.39")]
    assert list(validator("result").iter_errors(result)) == []


def test_a_unit_of_the_same_questions_as_a_section_has_the_sections_figures():
    result = score(SAMPLE2, WORKED)
    laundering = next(s for s in result["sections"] if s["id"] == "laundering")
    r3 = _units(result)["fatf_r3"]
    assert r3["questions"] == ["ml_conduct", "ml_predicates"]
    assert {k: r3[k] for k in SECTION_KEYS} == {k: laundering[k] for k in SECTION_KEYS}
    assert (r3["gap"], r3["band"], r3["band_without_cap"]) == (16.7, "partly_aligned", "largely_aligned")
    assert r3["capped_by"] == [{"question": "ml_conduct", "component": "concealment", "reason": "not_met"}]
    # each criterion has its own gap: conduct misses concealment (a third of its components), predicates are met
    assert [(c["id"], c["methodology"], c["questions"], c["gap"]) for c in r3["criteria"]] == [
        ("3.1", "2013", ["ml_conduct"], 33.3), ("3.2", "2013", ["ml_predicates"], 0.0)]
    assert r3["criteria"][0]["capped_by"] == r3["capped_by"]


def test_a_question_citing_several_provisions_counts_in_each_unit_once():
    units = _units(score(SAMPLE2, WORKED))
    assert "ml_conduct" in units["untoc_art6"]["questions"]
    assert "ml_conduct" in units["fatf_r3"]["questions"]
    assert "tip_domestic" in units["untoc_art34"]["questions"]
    assert "tip_domestic" in units["tipp_art1"]["questions"]
    # the central authority question cites two criteria of R.37: once in the unit, in each criterion
    r37 = _units(score(SAMPLE3, WORKED))["fatf_r37"]
    assert r37["questions"] == ["mla_scope", "mla_ca", "mla_days"]
    assert [(c["id"], c["questions"]) for c in r37["criteria"]] == [
        ("37.1", ["mla_scope", "mla_days"]), ("37.2", ["mla_ca"]), ("37.3", ["mla_ca"])]
    # weights 3, 3, 2; values 1, 0.5, 0 (unknown): the unit's gap counts the central authority once
    assert r37["gap"] == 43.8


def test_binding_is_read_against_the_units_own_instrument():
    # XA leaves UNTOC: the Convention's article 6 no longer binds it, R.3 still does (FATF binds every member)
    answers = {**WORKED, "party_untoc": {"value": False}}
    units = _units(score(SAMPLE2, answers))
    art6, r3 = units["untoc_art6"], units["fatf_r3"]
    assert art6["obligation"] == "recommended"
    assert (art6["capped_by"], art6["band"], art6["obligations_gap"]) == ([], "largely_aligned", None)
    assert r3["obligation"] == "standard"
    assert (r3["band"], r3["obligations_gap"]) == ("partly_aligned", 16.7)
    # and UNTOC article 34, cited beside the Trafficking Protocol, binds through that Protocol only
    assert units["untoc_art34"]["obligation"] == "obligation"
    not_tipp = _units(score(SAMPLE2, {**WORKED, "party_tipp": {"value": False}}))
    assert not_tipp["untoc_art34"]["obligation"] == "recommended"
    assert not_tipp["untoc_art6"]["obligation"] == "obligation"


def test_a_critical_question_holds_a_treaty_unit_only_where_the_member_is_party():
    # smuggling: XA is not party to the Smuggling Protocol; a non-compliant benefit question does not hold art. 6
    answers = {**WORKED, "som_fomb": {"value": "receipt_required", "citations": IN_FORCE}}
    assert _units(score(SAMPLE2, answers))["somp_art6"]["capped_by"] == []
    party = {**answers, "party_somp": {"value": True}}
    assert _units(score(SAMPLE2, party))["somp_art6"]["capped_by"] == [
        {"question": "som_fomb", "component": None, "reason": "not_met"}]


CONFISCATION = {
    "conf_orders": {"value": ["proceeds", "instrumentalities", "equivalent_value"], "citations": IN_FORCE},
    "conf_provisional": {"value": "in_place", "citations": IN_FORCE},
    "conf_extended": {"value": "not_in_place"},
    "conf_ncb": {"value": "partially", "citations": IN_FORCE},
    "mla_freeze": {"value": "largely", "citations": IN_FORCE},
}


def test_the_2013_text_leaves_out_the_later_amendments_and_says_they_were_not_assessed_then():
    current = _units(score(SAMPLE3, {**WORKED, **CONFISCATION}))
    r4 = current["fatf_r4"]
    assert r4["questions"] == ["conf_orders", "conf_provisional", "conf_extended", "conf_ncb"]
    # weights 2, 3 (core M and Mq), 2, 2 (F): (2 + 3 + 0 + 1) / 9
    assert (r4["gap"], r4["band"], r4["fatf_text"], r4["later"]) == (33.3, "partly_aligned", "current", [])
    assert [c["id"] for c in r4["criteria"]] == ["4.1", "4.2", None, None]
    assert [c["source"] for c in r4["criteria"][2:]] == ["INR.4 para 10", "R.4(f)"]

    older = {u["id"]: u for u in read(SAMPLE3, {**WORKED, **CONFISCATION}, fatf="2013")}
    r4_2013 = older["fatf_r4"]
    assert r4_2013["questions"] == ["conf_orders", "conf_provisional"]
    assert (r4_2013["gap"], r4_2013["band"], r4_2013["fatf_text"]) == (0.0, "aligned", "2013")
    assert [(p["source"], p["methodology"], p["questions"]) for p in r4_2013["later"]] == [
        ("INR.4 para 10", "2023", ["conf_extended"]), ("R.4(f)", "2023", ["conf_ncb"])]
    # a question also tied to a 2013 criterion stays in that Recommendation (non-conviction-based help, 38.2)
    assert older["fatf_r38"]["questions"] == ["conf_ncb", "mla_freeze"]
    # treaty units are the same whichever FATF text is read
    assert older["untoc_art12"] == current["untoc_art12"]


def test_the_standards_view_needs_method_2_and_the_schema_requires_it_there():
    v1 = load_questionnaire(SAMPLE_QUESTIONNAIRE)
    assert "standards" not in score(v1, {})
    with pytest.raises(ValueError, match="needs scoring method 2"):
        read(v1, {})
    with pytest.raises(ValueError, match="fatf must be one of"):
        read(SAMPLE2, {}, fatf="2012")
    result = score(SAMPLE2, WORKED)
    del result["standards"]
    assert [e.message for e in validator("result").iter_errors(result)] == ["'standards' is a required property"]


def test_the_same_answers_give_the_same_bytes():
    first = json.dumps(score(SAMPLE3, {**WORKED, **CONFISCATION})["standards"], sort_keys=True)
    reordered = dict(reversed(list({**WORKED, **CONFISCATION}.items())))
    assert json.dumps(score(SAMPLE3, reordered)["standards"], sort_keys=True) == first


@pytest.mark.parametrize(("source", "unit", "point"), [
    (Source("UNTOC", "6(2)(b)"), "art. 6", "6(2)(b)"),
    (Source("FATF", "R.37(b)", criterion="37.2", methodology="2013"), "R.37", "37.2"),
    (Source("FATF", "INR.4 para 10", methodology="2023"), "R.4", None),
    (Source("FATF", "Glossary: designated categories of offences", criterion="3.2", methodology="2013"), "R.3", "3.2"),
    (Source("FATF", "R.10-23", methodology="2013"), "R.10–23", None),
])
def test_a_source_is_read_as_its_unit_and_point(source, unit, point):
    found = unit_of(source)
    assert (found.unit, found.point) == (unit, point)


def test_sources_outside_the_standards_belong_to_no_unit():
    assert unit_of(Source("OTHER", "UNODC Model Law against Trafficking in Persons")) is None
    assert unit_of(Source("FATF", "Glossary: designated categories of offences")) is None


@pytest.mark.parametrize(("band", "rating", "steps", "flagged"), [
    ("aligned", "C", 0, False), ("largely_aligned", "PC", 1, False), ("aligned", "PC", 2, True),
    ("not_aligned", "LC", 2, True), ("not_aligned", "C", 3, True), ("partly_aligned", "NC", 1, False),
    ("aligned", "NA", None, False), (None, "NC", None, False),
])
def test_a_band_and_a_rating_are_flagged_two_steps_apart_or_more(band, rating, steps, flagged):
    assert steps_apart(band, rating) == steps
    assert disagrees(band, rating) is flagged
