"""The demo's invented answers: Profile facts read as answers to their own questions."""

from __future__ import annotations

from assessment.demo import acts_for, invented_answers
from assessment.models import Member
from questionnaires.loader import DATA_DIR, load_questionnaire

QUESTIONNAIRE = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
FIU = ("Financial Intelligence Unit", "Financial Intelligence Centre")
AUTHORITIES = ("Attorney-General's Chambers", "Ministry of Justice", "Ministry of Foreign Affairs")


def _texts(code: str) -> dict[str, str]:
    member = Member(code=code, name=f"Member {code}", sub_region="Pacific")
    answers = invented_answers(QUESTIONNAIRE, member, "2026", 0.9)
    return {qid: a["value"] for qid, a in answers.items() if QUESTIONNAIRE.question(qid).type == "text"}


def test_profile_text_answers_fit_their_questions():
    seen = 0
    for code in ("XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH"):
        for qid, text in _texts(code).items():
            seen += 1
            if qid == "fiu_name":
                assert text.startswith(FIU), (code, text)
            elif qid in ("central_authority_name", "extradition_authority_name"):
                assert text.startswith(AUTHORITIES), (code, qid, text)
            elif qid.endswith("_territorial"):
                assert text.startswith("Whole territory"), (code, qid, text)
            elif qid.endswith("_reservations"):
                assert text == "None." or text.startswith(("Declaration", "Reservation")), (code, qid, text)
    assert seen > 20


def test_citations_fit_their_question_and_an_acts_title_carries_its_year():
    member = Member(code="XD", name="Dunvale", sub_region="East Asia")
    answers = invented_answers(QUESTIONNAIRE, member, "2026", 0.99)
    cited = 0
    for qid, answer in answers.items():
        question = QUESTIONNAIRE.question(qid)
        for citation in answer.get("citations") or ():
            cited += 1
            assert citation["act"].startswith(acts_for(question)), (qid, citation)
            if citation["status"] == "in_force":
                assert citation["act"].endswith(f" {citation['year']}"), (qid, citation)
            else:
                assert "year" not in citation
    assert cited > 50
    # no extradition law behind a smuggling penalty
    smuggling = [c["act"] for qid, a in answers.items() if QUESTIONNAIRE.question(qid).section_id == "crim_smuggling"
                 for c in a.get("citations") or ()]
    assert smuggling
    assert not any(act.startswith("Extradition Act") for act in smuggling)


def test_the_profile_and_an_acts_year_stay_the_same_between_cycles():
    member = Member(code="XG", name="Grand Duchy of Galvan", sub_region="South-East Asia")
    before = invented_answers(QUESTIONNAIRE, member, "2024", 0.97)
    after = invented_answers(QUESTIONNAIRE, member, "2026", 0.99, improvement=0.12)
    profile = [q.id for q in QUESTIONNAIRE.questions if not q.scored]
    assert {q: before.get(q) for q in profile} == {q: after.get(q) for q in profile}
    assert any(QUESTIONNAIRE.question(q).type == "date" and q in before for q in profile)  # treaty dates among them
    years = {}
    for answers in (before, after):
        for answer in answers.values():
            for c in answer.get("citations") or ():
                if c["status"] == "in_force":
                    act = c["act"].rsplit(" ", 1)[0]
                    assert years.setdefault(act, c["year"]) == c["year"], act
