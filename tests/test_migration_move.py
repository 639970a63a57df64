"""Moving a draft from questionnaire version 1 to version 2 by its migration block, in the application: the
command, the administrator's page and the member's "what moved" list; nothing typed is lost."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from assessment.cli import main
from assessment.demo import invented_answers
from assessment.models import Assessment, AuditEvent, Cycle
from assessment.services.answer_store import answers_of
from questionnaires.loader import DATA_DIR, load_questionnaire
from tests.admin_fixtures import separate_db  # noqa: F401  (fixtures)
from tests.admin_support import make_assessment, sign_in_as

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
CITATION = {"act": "Mutual Assistance in Criminal Matters Act", "section": "s. 9", "year": 2004, "status": "in_force"}
TYPED = {
    # an inverted yes/no with everything a person types
    "ext_fiscal_refusal": {"value": True, "citations": [CITATION], "comment": "s. 9(2)(c) still lists fiscal offences",
                           "ta_request": {"category": "TA-LEG", "note": "help to amend s. 9"}},
    # a question that changed meaning
    "crim_som_refugee_safeguard": {"value": "largely", "comment": "Immigration Act s. 40 protects asylum seekers"},
    # a split whose refusal part must be answered again
    "mla_refusal_grounds": {"value": ["no_fiscal", "reasons", "no_undue_conditions"]},
}


@pytest.fixture
def draft(db):
    cycle = Cycle(code="2026", title="2026 round", questionnaire_id="legislative_framework", questionnaire_version=1)
    db.session.add(cycle)
    db.session.commit()
    answers = invented_answers(V1, SimpleNamespace(code="FJ", name="Fiji", sub_region="Pacific"), "2026", 0.9)
    answers.update(TYPED)
    assessment = make_assessment(cycle, "FJ", answers=answers)
    assessment.questionnaire_id = "legislative_framework"
    db.session.commit()
    return assessment, answers


def _reload(db, assessment_id):
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id)


def test_the_command_moves_a_draft_and_nothing_typed_is_lost(db, runner, draft):
    assessment, before = draft
    result = runner.invoke(main, ["assessments", "move", "--member", "FJ", "--cycle", "2026", "--to-version", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("FJ 2026: moved from v1 to v2: ")
    assert "ext_fiscal_refusal -> ext_no_fiscal_refusal: inverted, moved" in result.output
    assert "crim_som_refugee_safeguard -> crim_som_refugee_rights: changed, not carried" in result.output

    moved = _reload(db, assessment.id)
    assert moved.questionnaire_version == 2
    after = answers_of(moved, with_version=False)
    assert after["ext_no_fiscal_refusal"] == {
        "value": False, "citations": [CITATION], "comment": "s. 9(2)(c) still lists fiscal offences",
        "ta_request": {"category": "TA-LEG", "note": "help to amend s. 9"}}
    assert after["mla_no_undue_conditions"] == {"value": True}
    assert "mla_refusal_grounds" not in after
    assert "crim_som_refugee_safeguard" not in after
    assert "crim_som_refugee_rights" not in after  # changed meaning: never read as an answer to the new question

    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.move_version")).all()
    listed = {item["old_id"]: item for item in event.new["moved"]}
    assert listed["crim_som_refugee_safeguard"]["outcome"] == "not_carried"
    assert listed["crim_som_refugee_safeguard"]["old_answer"] == "Largely in place"
    assert listed["mla_refusal_grounds"]["outcome"] == "left"
    # every answer typed in version 1 is kept unchanged, carried, or listed with its reason and kept in the history
    drops = {e.question_id: e for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(("answer.drop", "answer.carry")))) if e.old}
    for question_id, answer in before.items():
        if question_id in event.new["kept"]:
            # kept as it was; a question merged into it may add its own citations and comment beside it
            assert {k: v for k, v in after[question_id].items() if k not in ("citations", "comment")} == \
                {k: v for k, v in answer.items() if k not in ("citations", "comment")}, question_id
            assert all(c in after[question_id].get("citations", []) for c in answer.get("citations", [])), question_id
            assert answer.get("comment", "") in after[question_id].get("comment", ""), question_id
            continue
        assert question_id in listed or question_id in after, question_id
        old = {k: v for k, v in drops[question_id].old.items() if k != "version"}
        assert old == answer, question_id
    assert drops["crim_som_refugee_safeguard"].old["comment"] == "Immigration Act s. 40 protects asylum seekers"

    again = runner.invoke(main, ["assessments", "move", "--member", "FJ", "--cycle", "2026", "--to-version", "2"])
    assert again.exit_code == 1
    assert "Version 2 is not newer than version 2" in again.output
    missing = runner.invoke(main, ["assessments", "move", "--member", "TO", "--cycle", "2026", "--to-version", "2"])
    assert "member TO has no assessment in cycle 2026" in missing.output


def test_the_member_sees_what_moved_and_the_administrator_only_ids(client, db, draft):
    assessment, _before = draft
    sign_in_as(client, "admin")
    response = client.post(f"/admin/assessments/{assessment.id}/move", data={"version": "2"})
    assert response.status_code == 302
    admin_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "What moved" in admin_page
    assert "<code>crim_som_refugee_safeguard</code>" in admin_page
    assert "Immigration Act s. 40" not in admin_page
    assert "Largely in place" not in admin_page

    focal = client.application.test_client()
    sign_in_as(focal, "focal_point", "FJ")
    overview = focal.get(f"/assessments/{assessment.id}").get_data(as_text=True)
    assert "See what moved" in overview
    page = focal.get(f"/assessments/{assessment.id}/moved").get_data(as_text=True)
    assert "What moved to version 2" in page
    assert "Largely in place" in page
    assert "Not carried: the question changed or was dropped" in page
    assert "Left for you to answer" in page
    assert "crim_ocg_domestic_groups" in page  # a new question, unanswered
    assert f'href="/assessments/{assessment.id}/sections/crim_protection#q-crim_som_refugee_rights"' in page
    # the history reads the earlier answers in the words of the version they were given to
    history = focal.get(f"/assessments/{assessment.id}/history").get_data(as_text=True)
    earlier = 'Did not carry the earlier answer to <span title="Question id: crim_som_refugee_safeguard">'
    row = history[history.index(earlier):]
    assert "Largely in place" in row[:row.index("</tr>")]
    row = history[history.index('Carried the answer to <a href="/assessments'):]
    assert "</a>" in row[:400]


def test_no_move_no_list(client, db, draft):
    assessment, _ = draft
    sign_in_as(client, "focal_point", "FJ")
    page = client.get(f"/assessments/{assessment.id}/moved").get_data(as_text=True)
    assert "has not been moved to another questionnaire version" in page
    assert "See what moved" not in client.get(f"/assessments/{assessment.id}").get_data(as_text=True)


def test_the_moved_draft_says_who_can_best_answer_on_the_page_and_in_the_offline_workbook(client, db, draft):
    import io

    from openpyxl import load_workbook

    from assessment.admin.operations import move_to_version
    from assessment.audit import Actor

    assessment, _ = draft
    move_to_version(assessment, 2, Actor(label="test"))
    db.session.commit()
    sign_in_as(client, "focal_point", "FJ")
    page = client.get(f"/assessments/{assessment.id}/sections/mla_process").get_data(as_text=True)
    timeliness = page[page.index('id="q-mla_timeliness"'):]
    assert "Who can best answer: Central authority" in timeliness[:3000]
    response = client.get(f"/reports/{assessment.id}/offline.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    texts = [str(cell) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for cell in row if cell]
    assert any("Who can best answer: Financial supervisors" in text for text in texts)


def test_what_changed_since_the_last_cycle_compares_like_with_like_across_versions(client, db):
    from tests.admin_support import make_snapshot

    old_cycle = Cycle(code="2026", title="2026", questionnaire_id="legislative_framework", questionnaire_version=1)
    new_cycle = Cycle(code="2027", title="2027", questionnaire_id="legislative_framework", questionnaire_version=2)
    db.session.add_all([old_cycle, new_cycle])
    db.session.commit()
    submitted = make_assessment(old_cycle, "FJ", status="submitted")
    submitted.questionnaire_id = "legislative_framework"
    db.session.commit()
    make_snapshot(submitted, 1, {"ml_any_value": {"value": True}, "crim_tip_consent": {"value": "largely"},
                                 "crim_som_refugee_safeguard": {"value": "partially"}})
    draft = make_assessment(new_cycle, "FJ", version=2, answers={
        "ml_property_any_value": {"value": False}, "crim_tip_consent": {"value": "in_place"}})
    draft.questionnaire_id = "legislative_framework"
    draft.prefilled_from_id = submitted.id
    db.session.commit()
    sign_in_as(client, "focal_point", "FJ")
    page = client.get(f"/assessments/{draft.id}/changes").get_data(as_text=True)
    assert "compared as version 2 carries them" in page
    assert "#q-crim_tip_consent" in page
    assert "Largely in place" in page
    assert "#q-ml_property_any_value" not in page  # "only above a minimum: yes" then reads "any value: no" now
    assert "crim_som_refugee_safeguard" in page  # not carried: named
