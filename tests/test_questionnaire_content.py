"""The content of the shipped questionnaires (versions 1 and 2) against the project's legal rules.

These tests read the shipped questionnaire and catalogues and check the rules of ``docs/questionnaire.md``
and of the element reference ("How the questionnaire uses this catalogue"): every required element tested
with a cited source, sources that name treaty articles or FATF Recommendation / Interpretive Note paragraphs,
TA rules that send unknown answers to a "confirm the legal position" item, the legal limits on "not
applicable" and "precluded", the good-practice penalty floors, the Profile's reserved ids and skip logic,
and the pinned list of version 1 question ids.
"""

from __future__ import annotations

import json
import re

import pytest

from questionnaires.conditions import visibility
from questionnaires.loader import (
    DATA_DIR,
    default_elements,
    default_ta_catalogue,
    load_questionnaire,
)
from questionnaires.model import Question

V1 = DATA_DIR / "legislative_framework.v1.json"
V2 = DATA_DIR / "legislative_framework.v2.json"

#: levels that make an element (or an element part) required
REQUIRED_LEVELS = {"M", "Mq", "F"}
#: elements whose source is qualified by the basic concepts / fundamental principles of the legal system
FUNDAMENTAL_PRINCIPLES = {"A11", "B8", "B9", "C3", "C4", "C8", "D6", "D10", "D11", "H12"}
RESERVED_PARTY_IDS = (
    "party_untoc", "party_tipp", "party_somp", "party_uncac", "party_vienna", "party_tf",
    "party_actip", "party_asean_mla",
)
ASEAN_ONLY = {"party_actip", "party_asean_mla"}
FATF_ARTICLE = re.compile(r"^(R\.\d|INR\.\d|Glossary\b)")

#: question ids of version 1 in questionnaire order; answers are stored under these ids, so a change here
#: means old answers no longer find their question. Version 1 is never edited once members answer it.
V1_QUESTION_IDS = [
    # profile
    "asean_member", "party_untoc", "untoc_date", "untoc_reservations", "untoc_territorial", "party_tipp",
    "tipp_date", "tipp_reservations", "tipp_territorial", "party_somp", "somp_date", "somp_reservations",
    "somp_territorial", "party_uncac", "uncac_date", "uncac_reservations", "uncac_territorial", "party_vienna",
    "vienna_date", "vienna_reservations", "vienna_territorial", "party_tf", "tf_date", "tf_reservations",
    "tf_territorial", "party_actip", "actip_date", "actip_reservations", "actip_territorial", "party_asean_mla",
    "asean_mla_date", "asean_mla_reservations", "asean_mla_territorial", "member_fatf", "member_apg",
    "member_menafatf", "member_eag", "mer_year", "rating_r3", "rating_r4", "rating_r36", "rating_r37", "rating_r38",
    "rating_r39", "rating_r40", "legal_tradition", "central_authority_name", "extradition_authority_name",
    "fiu_exists", "fiu_name", "has_coastline", "has_ship_registry",
    # criminalisation
    "crim_gen_tip_scope", "crim_gen_som_scope", "crim_gen_related_scope", "crim_gen_separate_offences",
    "crim_gen_limitation", "crim_gen_sentencing_rules", "crim_tip_acts", "crim_tip_means", "crim_tip_apov_defined",
    "crim_tip_purposes", "crim_tip_purpose_intent", "crim_tip_consent", "crim_tip_child_age",
    "crim_tip_child_no_means", "crim_tip_all_victims", "crim_tip_mental_element", "crim_tip_attempt",
    "crim_tip_participation", "crim_tip_penalty_basic", "crim_tip_aggravation", "crim_tip_penalty_aggravated",
    "crim_tip_penalty_gravity", "crim_tip_non_punishment", "crim_tip_related_offences", "crim_som_entry",
    "crim_som_benefit", "crim_som_humanitarian", "crim_som_documents", "crim_som_document_definition",
    "crim_som_illegal_stay", "crim_som_attempt", "crim_som_participation", "crim_som_accomplice_documents",
    "crim_som_aggravation", "crim_som_aggravation_accessory", "crim_som_migrant_nonliability",
    "crim_som_penalty_basic", "crim_som_penalty_aggravated", "crim_som_penalty_gravity", "crim_ocg_participation",
    "crim_ocg_definition", "crim_ocg_organising", "crim_ocg_inference", "crim_lp_liability", "crim_lp_sanctions",
    "crim_jur_grounds", "crim_jur_nationals", "crim_bribery_active", "crim_bribery_passive", "crim_bribery_foreign",
    "crim_bribery_accomplice", "crim_public_official", "crim_anticorruption", "crim_obstruction_witness",
    "crim_obstruction_officials", "crim_witness_protection", "crim_cooperating_offenders", "crim_victim_privacy",
    "crim_victim_participation", "crim_victim_assistance", "crim_victim_residence", "crim_victim_repatriation",
    "crim_tip_prevention", "crim_tip_info_training", "crim_som_refugee_safeguard", "crim_som_migrant_protection",
    "crim_border_documents", "crim_som_prevention", "crim_som_return",
    # money
    "ml_conduct", "ml_acquisition_use", "ml_ancillary", "ml_property_definition", "ml_any_value",
    "ml_intent_inference", "ml_self_laundering", "ml_penalty_max", "ml_penalty_proportionate",
    "ml_predicates_tip_som", "ml_predicates_serious", "ml_predicate_approach", "ml_predicate_threshold",
    "ml_predicates_categories", "ml_foreign_predicates", "ml_no_predicate_conviction", "ml_aml_preventive",
    "ml_fiu", "ml_aml_info_exchange", "ml_cross_border_cash", "conf_proceeds", "conf_instrumentalities",
    "conf_transformed", "conf_provisional", "conf_bank_records", "conf_suspend_transactions", "conf_third_parties",
    "conf_void_prejudicial", "conf_reverse_burden", "conf_ncb", "conf_extended", "conf_asset_management",
    "conf_victim_compensation", "conf_policy", "conf_financial_investigation", "conf_fin_inv_training",
    # cooperation
    "ext_offences_extraditable", "ext_dual_criminality", "ext_treaty_inclusion", "ext_legal_basis",
    "ext_legal_basis_notified", "ext_seek_agreements", "ext_nationals_prosecute", "ext_fiscal_refusal",
    "ext_conditions", "ext_safeguards", "ext_consultation", "ext_simplified", "ext_case_management",
    "mla_legal_basis", "mla_scope", "mla_forms", "mla_secrecy", "mla_dual_criminality", "mla_spontaneous",
    "mla_video_link", "mla_detained_transfer", "mla_central_authority", "mla_ca_notified", "mla_request_content",
    "mla_refusal_grounds", "mla_confidentiality", "mla_timeliness", "mla_safe_conduct", "mla_confiscation_requests",
    "mla_ncb_requests", "mla_laws_furnished", "mla_asset_return", "mla_parallel_proceedings",
    "mla_foreign_convictions", "lec_channels", "lec_conditions", "lec_joint_investigations",
    "lec_controlled_delivery", "lec_special_techniques", "lec_sea_powers", "lec_sea_authority",
    "lec_sea_authority_notified", "lec_sea_safeguards",
]


@pytest.fixture(scope="module", params=["v1", "v2"])
def questionnaire(request):
    """Each shipped version: the rules of this file hold for both, except where a test says otherwise."""
    return load_questionnaire(V1 if request.param == "v1" else V2)


@pytest.fixture(scope="module")
def version_one():
    return load_questionnaire(V1)


@pytest.fixture(scope="module")
def elements():
    return default_elements()


@pytest.fixture(scope="module")
def ta():
    return default_ta_catalogue()


def scored(questionnaire) -> list[Question]:
    return [q for q in questionnaire.questions if q.scored]


def answer(value) -> dict:
    return {"value": value}


# --------------------------------------------------------------------------- elements and sources


def test_every_required_element_is_tested_by_a_scored_question_citing_a_source(questionnaire, elements):
    required = {
        e.id for e in elements.elements
        if e.scored and (e.critical or {p.level for p in e.levels} & REQUIRED_LEVELS)
    }
    tested = {element for q in scored(questionnaire) if q.sources for element in q.elements}
    assert sorted(required - tested - elements_added_after_version_1()) == []


def elements_added_after_version_1() -> set[str]:
    """Elements the catalogue's changelog introduced for a later questionnaire version (version 1 never asks them)."""
    document = json.loads((DATA_DIR / "elements.json").read_text(encoding="utf-8"))
    added = {"C17", "F19", "F20", "I10", "P5"}
    listed = {e for entry in document["changelog"] if entry["questionnaire_version"] > 1 for e in entry["elements"]}
    assert added <= listed
    return added


def test_every_scored_question_has_help_level_elements_and_sources(questionnaire):
    for q in scored(questionnaire):
        assert q.elements, q.id
        assert q.sources, q.id
        assert q.level, q.id
        assert q.help, q.id
        assert q.help.get("en", "").strip(), q.id


def test_fatf_sources_name_a_recommendation_paragraph_or_the_glossary(questionnaire):
    for q in questionnaire.questions:
        for source in q.sources:
            if source.instrument == "FATF":
                assert FATF_ARTICLE.match(source.article), (q.id, source.article)


def test_status_questions_have_a_full_rubric(questionnaire):
    for q in scored(questionnaire):
        if q.type == "status":
            assert set(q.rubric) == {"in_place", "largely", "partially", "not_in_place"}, q.id


# --------------------------------------------------------------------------- TA rules


def test_every_scored_question_has_a_gap_rule_and_a_confirm_rule_for_unknown(questionnaire, ta):
    for q in scored(questionnaire):
        unknown = [r.item for r in q.ta if r.when == "unknown"]
        others = [r.item for r in q.ta if r.when != "unknown"]
        assert unknown == [f"confirm.{q.module_id}"], q.id
        assert ta.get(unknown[0]).kind == "confirm", q.id
        assert others, f"{q.id} recommends nothing when the law falls short"
        for item in others:
            assert ta.get(item).kind != "confirm", (q.id, item)


def test_ta_rules_point_at_catalogue_items(questionnaire, ta):
    used = {r.item for q in questionnaire.questions for r in q.ta}
    assert sorted(used - ta.ids) == []


def test_ta_items_name_a_reference_and_an_audience(ta):
    for item in ta.items:
        assert item.reference.get("en", "").strip(), item.id
        assert item.audience, item.id


def test_unscored_questions_carry_no_ta_rules(questionnaire):
    assert [q.id for q in questionnaire.questions if not q.scored and q.ta] == []


# --------------------------------------------------------------------------- question shapes


def test_every_coverage_question_has_at_least_two_components(questionnaire):
    for q in questionnaire.questions:
        if q.type == "coverage":
            assert len(q.components) >= 2, q.id


def test_no_critical_question_allows_not_applicable(questionnaire):
    assert [q.id for q in questionnaire.questions if q.critical and q.na_allowed] == []


def test_no_mandatory_criminalisation_question_allows_not_applicable(questionnaire):
    offending = [
        q.id for q in questionnaire.module("criminalisation").questions if q.na_allowed and q.level in {"M", "Mq"}
    ]
    assert offending == []


def test_precluded_only_where_fundamental_principles_qualify_the_element(questionnaire):
    for q in questionnaire.questions:
        if q.precluded_allowed:
            assert set(q.elements) & FUNDAMENTAL_PRINCIPLES, q.id
            assert not set(q.elements) - FUNDAMENTAL_PRINCIPLES, q.id


def test_each_qualified_element_can_be_answered_precluded(questionnaire):
    allowing = {e for q in questionnaire.questions if q.precluded_allowed for e in q.elements}
    # from version 2 the qualified aggravation of the accessory forms (B9) is an item of a critical question, which
    # never allows "precluded"
    expected = FUNDAMENTAL_PRINCIPLES - ({"B9"} if questionnaire.version >= 2 else set())
    assert sorted(expected - allowing) == []


def test_critical_components_sit_only_in_critical_questions_at_core_levels(questionnaire):
    for q in questionnaire.questions:
        for c in q.components:
            if c.critical:
                assert q.critical, (q.id, c.id)
                assert c.level in REQUIRED_LEVELS, (q.id, c.id)


# --------------------------------------------------------------------------- good practice never caps


def test_non_punishment_is_good_practice_and_not_critical(questionnaire):
    questions = [q for q in scored(questionnaire) if "A14" in q.elements]
    assert questions
    for q in questions:
        assert (q.level, q.critical) == ("GP", False), q.id


@pytest.mark.parametrize("element", ["A12", "B13"])
def test_four_year_penalty_floors_are_good_practice_and_not_critical(questionnaire, element):
    floors = [q for q in scored(questionnaire) if element in q.elements and q.type == "number"]
    assert len(floors) >= 2, "basic and aggravated maxima are separate questions"
    for q in floors:
        assert q.threshold == 4, q.id
        assert q.direction == "at_least", q.id
        assert (q.level, q.critical) == ("GP", False), q.id
        assert "H4" in q.elements, q.id


@pytest.mark.parametrize("element", ["A12", "B13"])
def test_penalty_gravity_is_asked_as_a_critical_mandatory_question(questionnaire, element):
    gravity = [q for q in scored(questionnaire) if element in q.elements and q.type != "number"]
    assert gravity
    assert all(q.level == "M" and q.critical for q in gravity)


# --------------------------------------------------------------------------- overlaps and dependencies


@pytest.mark.parametrize(
    ("group", "module"),
    [({"B15", "I9"}, "criminalisation"), ({"D13", "I4"}, "money")],
)
def test_overlapping_elements_are_asked_together(questionnaire, group, module):
    if questionnaire.version >= 2 and group == {"D13", "I4"}:
        # version 2 asks the treaty's route to compensation (I4) apart from the FATF points on confiscated assets
        # (D13), in the same module
        group = {"I4"}
    holders = [q for q in scored(questionnaire) if set(q.elements) & group]
    assert holders
    for q in holders:
        assert group <= set(q.elements), q.id
        assert q.module_id == module, q.id


def test_legal_person_liability_for_laundering_is_asked_with_the_general_rule(questionnaire):
    holders = [q for q in scored(questionnaire) if "C12" in q.elements]
    assert holders
    assert all(q.module_id == "criminalisation" and {"H2", "H3"} & set(q.elements) for q in holders)


def test_aml_cooperation_is_asked_once_with_the_fiu_element(questionnaire):
    holders = [q for q in scored(questionnaire) if "G11" in q.elements]
    assert len(holders) == 1
    assert "C14" in holders[0].elements
    assert holders[0].module_id == "money"


def _listing(questionnaire, element: str) -> set[str]:
    return {q.id for q in scored(questionnaire) if element in q.elements}


def test_extradite_or_prosecute_depends_on_jurisdiction_over_nationals(questionnaire):
    jurisdiction = _listing(questionnaire, "H8")
    # the duty to prosecute (M); enforcing a foreign sentence (UNTOC art. 16(12), SC) does not rely on jurisdiction
    e7 = [q for q in scored(questionnaire) if "E7" in q.elements and q.level == "M"]
    assert e7
    for q in e7:
        assert set(q.depends_on) & jurisdiction, q.id


@pytest.mark.parametrize("question_id", ["ext_dual_criminality", "mla_dual_criminality"])
def test_dual_criminality_depends_on_the_laundering_predicates(questionnaire, question_id):
    q = questionnaire.question(question_id)
    assert {"E1", "F6"} & set(q.elements)
    assert set(q.depends_on) & _listing(questionnaire, "C5")


def test_depends_on_points_at_scored_questions(questionnaire):
    for q in questionnaire.questions:
        for ref in q.depends_on:
            assert questionnaire.question(ref).scored, (q.id, ref)


# --------------------------------------------------------------------------- the Profile and skip logic


def test_reserved_party_ids_are_unscored_yes_no_profile_questions(questionnaire):
    for pid in RESERVED_PARTY_IDS:
        q = questionnaire.question(pid)
        assert (q.type, q.scored, q.module_id) == ("yes_no", False, "profile"), pid


def test_profile_is_unscored(questionnaire):
    profile = questionnaire.module("profile")
    assert profile.kind == "profile"
    assert [q.id for q in profile.questions if q.scored] == []


@pytest.mark.parametrize("asean", [True, False])
def test_asean_instruments_shown_only_to_asean_members(questionnaire, asean):
    shown = visibility(questionnaire, {"asean_member": answer(asean)})
    for pid in RESERVED_PARTY_IDS:
        expected = asean if pid in ASEAN_ONLY else True
        assert shown[pid] is expected, pid


def test_asean_instruments_before_membership_is_answered_hidden_in_v1_shown_from_v2(questionnaire):
    # from version 2 a blank fact shows the questions that depend on it (scoring method 2)
    shown = visibility(questionnaire, {})
    expected = questionnaire.version >= 2
    assert [shown[pid] for pid in sorted(ASEAN_ONLY)] == [expected] * len(ASEAN_ONLY)


def _sea_questions(questionnaire) -> list[str]:
    sea = [q.id for q in questionnaire.questions if "B14" in q.elements]
    assert sea
    return sea


def _sea_answers(coast: bool, registry: bool) -> dict:
    return {
        "party_untoc": answer(True), "party_somp": answer(True),
        "has_coastline": answer(coast), "has_ship_registry": answer(registry),
        "lec_sea_authority": answer(True),
    }


def test_sea_smuggling_hidden_without_coast_or_registry(questionnaire):
    shown = visibility(questionnaire, _sea_answers(False, False))
    assert [qid for qid in _sea_questions(questionnaire) if shown[qid]] == []


def test_sea_smuggling_shown_to_coastal_members(questionnaire):
    shown = visibility(questionnaire, _sea_answers(True, False))
    assert all(shown[qid] for qid in _sea_questions(questionnaire))


def test_sea_smuggling_partly_shown_to_flag_states_without_coast(questionnaire):
    shown = visibility(questionnaire, _sea_answers(False, True))
    assert any(shown[qid] for qid in _sea_questions(questionnaire))


def test_landlocked_members_still_see_every_criminalisation_question(questionnaire):
    shown = visibility(questionnaire, _sea_answers(False, False) | {"crim_som_benefit": answer("any_benefit")})
    hidden = [q.id for q in questionnaire.module("criminalisation").questions if not shown[q.id]]
    # only follow-up questions whose trigger was not answered may be hidden
    assert set(hidden) <= {"crim_tip_apov_defined", "crim_som_humanitarian",
                           "crim_tip_penalty_aggravated", "crim_som_penalty_aggravated"}


# --------------------------------------------------------------------------- P1 notifications


def test_treaty_notifications_are_scored_cooperation_questions(questionnaire):
    p1 = [q for q in scored(questionnaire) if "P1" in q.elements]
    assert p1
    assert all(q.module_id == "cooperation" for q in p1)


@pytest.mark.parametrize("context", ["E3", "F8", "B14"])
def test_each_notification_sits_beside_the_element_it_serves(questionnaire, context):
    sections_with_context = {q.section_id for q in scored(questionnaire) if context in q.elements}
    notices = [
        q for q in scored(questionnaire)
        if "P1" in q.elements and (context in q.elements or q.section_id in sections_with_context)
    ]
    assert notices, context


def test_party_status_itself_is_never_scored(questionnaire):
    assert not any(q.scored for q in questionnaire.questions if q.id.startswith("party_"))


# --------------------------------------------------------------------------- size, time and provenance


def test_question_count_within_range(questionnaire):
    assert 120 <= len(questionnaire.questions) <= (200 if questionnaire.version == 1 else 260)


def test_every_module_has_a_realistic_estimated_time(questionnaire):
    """Minutes per fact for the Profile modules (looked up, not checked against the law, so never scored) and
    per scored question for the others, each within what a focal point can do."""
    per_fact, per_question, off = {}, {}, []
    for module in questionnaire.modules:
        scored_count = sum(1 for q in module.questions if q.scored)
        if module.estimated_minutes <= 0:
            off.append((module.id, "no estimated time"))
        if module.kind == "profile":
            per_fact[module.id] = module.estimated_minutes / len(module.questions)
            if scored_count:
                off.append((module.id, f"{scored_count} scored questions in a profile module"))
        elif scored_count:
            per_question[module.id] = module.estimated_minutes / scored_count
        else:
            off.append((module.id, "no scored question"))
    assert per_fact, "no profile module was checked"
    assert per_question, "no scored module was checked"
    assert off == []
    assert {m: r for m, r in per_fact.items() if not 0.25 <= r <= 3} == {}
    assert {m: r for m, r in per_question.items() if not 1 <= r <= 6} == {}


def test_review_status_says_derived_and_not_reviewed(questionnaire):
    status = questionnaire.review_status
    assert status["state"] == "not_reviewed"
    text = status["text"]["en"].lower()
    assert "derived from the treaty and fatf provisions" in text
    assert "not yet reviewed" in text
    assert "regional support office" in text or "rso" in text


def test_version_one_question_ids_are_pinned(version_one):
    assert version_one.version == 1
    assert [q.id for q in version_one.questions] == V1_QUESTION_IDS
