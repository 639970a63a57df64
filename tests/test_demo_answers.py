"""The demo's invented answers: Profile facts read as answers to their own questions."""

from __future__ import annotations

from assessment.demo import invented_answers
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
