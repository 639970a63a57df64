"""Bounded fuzzing: arbitrary autosave payloads and arbitrary workbook cells never cause a server error or a
partial write, and whatever is accepted is a valid answer."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessment.models import Answer, AuditEvent
from exports.offline import ANSWER, COMMENT, JUSTIFICATION, TA_CATEGORY, TA_CHALLENGE, TA_NOTE, read_offline_workbook
from exports.safety import Limits
from questionnaires.loader import load_questionnaire
from scoring.answers import check_answer
from tests.conftest import SAMPLE_QUESTIONNAIRE
from tests.excel_helpers import offline_bytes, put, rows_by_key, saved
from tests.factories import PASSWORD

SAMPLE = load_questionnaire(SAMPLE_QUESTIONNAIRE)
QUESTION_IDS = [q.id for q in SAMPLE.questions]
ANSWER_KEYS = ["value", "citations", "comment", "justification", "ta_request", "unknown_components",
               "not_applicable", "precluded", "unknown", "version", "extra"]

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                      st.text(max_size=30), st.sampled_from(["in_place", "largely", "unknown", "life", "recruitment",
                                                             "any_benefit", "2015-02-30", "TA-LEG"]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=10)
answers = st.one_of(
    st.dictionaries(st.sampled_from(ANSWER_KEYS), json_value, max_size=5),
    json_value,
)
payloads = st.one_of(
    st.fixed_dictionaries({
        "question_id": st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=12)),
        "base_version": st.one_of(st.integers(-3, 5), st.text(max_size=3), st.none(), st.booleans(),
                                  st.integers(2**31, 2**40)),
        "answer": answers,
    }),
    json_value,
)


def _counts(db, assessment_id):
    db.session.expire_all()
    rows = db.session.scalars(select(Answer).where(Answer.assessment_id == assessment_id)).all()
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id))
    return sorted((r.question_id, r.version) for r in rows), events


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads)
def test_autosave_never_fails_and_never_half_writes(client, db, make_user, make_assessment, payload):
    assessment = _fixture_assessment(db, make_user, make_assessment, client)
    before = _counts(db, assessment)
    response = client.post(f"/assessments/{assessment}/autosave", data=json.dumps(payload),
                           content_type="application/json")
    assert response.status_code in (200, 400, 409, 422), response.get_data(as_text=True)[:300]
    after = _counts(db, assessment)
    body = response.get_json()
    if response.status_code == 200 and body["status"] == "saved":
        question = SAMPLE.question(payload["question_id"])
        assert check_answer(question, body["answer"]) == []
        assert after[1] == before[1] + 1
    else:
        assert after == before


_STATE: dict[str, int] = {}


def _fixture_assessment(db, make_user, make_assessment, client) -> int:
    """One assessment and one signed-in focal point per test run (hypothesis calls the test many times with
    the same function-scoped fixtures)."""
    key = str(id(client))
    if key not in _STATE:
        assessment = make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
        user = make_user("focal_point", "XA")
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        _STATE.clear()
        _STATE[key] = assessment.id
    return _STATE[key]


#: what a cell can hold: spreadsheet programs (and openpyxl) refuse control characters
cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False),
    cell_text, st.sampled_from(["=1+1", "@SUM(A1)", "-3", "+4", "\tx", "TRUE", "Yes", " no ", "2015.0",
                                           "Covered", "Unknown", "Not applicable", "Largely in place"]),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 2), max_value=date(2100, 1, 1)),
)
COLUMNS = [ANSWER, COMMENT, JUSTIFICATION, TA_CATEGORY, TA_CHALLENGE, TA_NOTE]
BLANK = offline_bytes(SAMPLE, {})
KEYS = sorted(rows_by_key(load_workbook(io.BytesIO(BLANK))).items())


@settings(max_examples=25, deadline=None, derandomize=True)
@given(edits=st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(COLUMNS), cell_values), max_size=12))
def test_any_cell_content_is_read_without_error(edits):
    workbook = load_workbook(io.BytesIO(BLANK))
    for (_key, (sheet, row)), column, value in edits:
        put(workbook[sheet], f"{chr(ord('A') + column - 1)}{row}", value)
    upload = read_offline_workbook(saved(workbook), SAMPLE, Limits(), assessment_id=4242)
    for problem in upload.problems:
        assert problem.sheet
        assert problem.cell
        assert problem.message
    flagged = {(p.sheet, p.cell) for p in upload.problems}
    for question_id, answer in upload.answers.items():
        if (answer.sheet, answer.cell) in flagged:
            continue  # reported with its cell; an upload with problems is never applied
        assert check_answer(SAMPLE.question(question_id), dict(answer.answer)) == [], (question_id, answer)
