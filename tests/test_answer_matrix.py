"""Every question type × every shape of answer × every way in: what the server stores is what was meant.

The cases come from the shipped questionnaire: every status, both yes/no answers, each choice of every choice
question, components none / all / mixed with an unknown one, numbers at both ends of the range and each
special answer, dates at both ends, texts with formula-like and non-Latin characters and at the length limit,
and unknown, not applicable and precluded wherever allowed; legislation citations at every limit, comments
and TA requests. Each case goes in through the section form's Save, the autosave, the JSON import and the
offline workbook re-saved by LibreOffice (every round's workbook in one LibreOffice run), and the stored
canonical answer must equal the intended one. The ways are driven as a person (or their spreadsheet) would:
the form and workbook inputs below are written from the answer by this module, not by the code under test.

Then the limits: each refuses the same input in every way, with the same sentence.
"""

from __future__ import annotations

import html
import io
import json
import subprocess
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any

import pytest

from assessment.cli import main
from assessment.models import Assessment
from assessment.services.answer_store import answers_of
from exports.offline import (
    ANSWER,
    COMMENT,
    JUSTIFICATION,
    TA_CATEGORY,
    TA_CHALLENGE,
    TA_NOTE,
    OfflineContext,
    build_offline_workbook,
    read_offline_workbook,
)
from exports.safety import Limits
from questionnaires import limits
from questionnaires.loader import DATA_DIR, default_ta_catalogue, load_questionnaire
from questionnaires.model import STATUS_VALUES, Question, tr
from questionnaires.types import kind_of
from questionnaires.words import CHALLENGE_WORDS, CITATION_STATUS_WORDS, FLAG_WORDS, STATUS_WORDS
from tests.excel_helpers import fill, saved
from tests.resources import require_libreoffice

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
QUESTIONNAIRE = ("legislative_framework", 1)
JUSTIFICATION_TEXT = "The constitution leaves this to the civil courts."
COMPONENT_CELL = {"covered": "Covered", "not_covered": "Not covered", "unknown": "Unknown"}
TA = default_ta_catalogue()


# --------------------------------------------------------------------------- the cases


def _citation(n: int, *, longest: bool = False) -> dict[str, Any]:
    if longest:
        return {"act": ("Prevention of Trafficking in Persons Act " + "ก" * 300)[:limits.ACT_MAX],
                "section": ("s. " + "9" * 100)[:limits.SECTION_MAX],
                "year": limits.YEAR_MIN if n % 2 else limits.YEAR_MAX, "status": ("in_force", "bill", "draft")[n % 3],
                "url": ("https://example.org/acts/" + "x" * 500)[:limits.URL_MAX]}
    return {"act": "Penal Code", "section": f"s. {212 + n}", "year": 2015, "status": "in_force",
            "url": f"https://example.org/penal-code#s{212 + n}"}


def _values(question: Question) -> list[dict[str, Any]]:
    """The value shapes of one question, in canonical form."""
    kind = kind_of(question)
    name = kind.name
    if name == "status":
        return [{"value": v} for v in STATUS_VALUES]
    if name == "yes_no":
        return [{"value": True}, {"value": False}]
    if name == "choice":
        return [{"value": c.id} for c in question.choices]
    if name == "coverage":
        ids = [c.id for c in question.components]
        return [{"value": []}, {"value": ids}, {"value": ids[1:2], "unknown_components": ids[:1]}]
    if name == "number":
        specials = [{"value": s.id} for s in question.special]
        return [{"value": 0}, {"value": 7.5}, {"value": limits.NUMBER_MAX}, *specials]
    if name == "date":
        return [{"value": f"{limits.YEAR_MIN}-01-01"}, {"value": "2004-12-25"}, {"value": f"{limits.YEAR_MAX}-12-31"}]
    return [{"value": "Amendment planned."}, {"value": "=SUM(A1) stays text"},
            {"value": "กฎหมาย · ກົດໝາຍ · Türkiye"}, {"value": "x" * limits.TEXT_MAX}]


def _flags(question: Question) -> list[dict[str, Any]]:
    return [{"unknown": True} if flag == "unknown" else {flag: True, "justification": JUSTIFICATION_TEXT}
            for flag in kind_of(question).allowed_flags()]


def _extras(question: Question, round_number: int) -> dict[str, Any]:
    """Citations, comment and TA request, varied by round, on scored questions."""
    if not question.scored:
        return {"comment": "Checked with the Ministry of Justice."} if round_number == 1 else {}
    index = V1.index(question.id)
    kind = (index + round_number) % 5
    if kind == 0:
        return {"citations": [_citation(1), {**_citation(2), "status": "bill"}]}
    if kind == 1:
        return {"comment": "Courts read it narrowly.", "citations": [_citation(3)]}
    if kind == 2 and question.show_if is None:
        return {"ta_request": {"category": "TA-LEG", "challenge": "legal_system", "note": "A model provision."}}
    if kind == 3 and index % 17 == 0:
        # every limit at once: the most citations, each part at its longest, the longest comment and note
        return {"citations": [_citation(n, longest=True) for n in range(limits.CITATIONS_MAX)],
                "comment": "Ü" * limits.TEXT_MAX,
                "ta_request": {"category": "TA-CAP", "note": "n" * limits.NOTE_MAX}} if question.show_if is None \
            else {"citations": [_citation(n, longest=True) for n in range(limits.CITATIONS_MAX)]}
    return {}


def rounds() -> list[dict[str, dict[str, Any]]]:
    """Round r answers each question with its r-th case (questions with fewer cases sit later rounds out)."""
    cases = {q.id: _values(q) + _flags(q) for q in V1.questions}
    count = max(len(c) for c in cases.values())
    found = []
    for r in range(count):
        answers = {}
        for question in V1.questions:
            if r < len(cases[question.id]):
                answer = dict(cases[question.id][r])
                if "value" in answer:
                    answer.update(_extras(question, r))
                answers[question.id] = answer
        found.append(answers)
    return found


ROUNDS = rounds()


def _stored(db, assessment: Assessment, wanted: Mapping[str, Any]) -> dict[str, Any]:
    db.session.expire_all()
    stored = answers_of(db.session.get(Assessment, assessment.id), with_version=False)
    return {qid: stored.get(qid) for qid in wanted}


def _differences(stored: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    return [f"{qid}: stored {stored[qid]!r:.300}, meant {answer!r:.300}"
            for qid, answer in wanted.items() if stored[qid] != answer]


def test_the_cases_cover_every_type_and_every_shape():
    by_type: dict[str, int] = {}
    for answers in ROUNDS:
        for qid in answers:
            name = kind_of(V1.question(qid)).name
            by_type[name] = by_type.get(name, 0) + 1
    assert set(by_type) == {"status", "coverage", "yes_no", "number", "choice", "date", "text"}
    chosen = {(qid, a.get("value")) for answers in ROUNDS for qid, a in answers.items()
              if isinstance(a.get("value"), str)}
    every_choice = {(q.id, c.id) for q in V1.questions for c in q.choices}
    assert every_choice <= chosen
    flags = {f for answers in ROUNDS for a in answers.values() for f in ("unknown", "not_applicable", "precluded")
             if a.get(f)}
    assert flags == {"unknown", "not_applicable", "precluded"}
    longest = [a for answers in ROUNDS for a in answers.values() if len(a.get("citations", ())) == limits.CITATIONS_MAX]
    assert longest
    assert any("ta_request" in a for a in longest)


# --------------------------------------------------------------------------- the ways in


@pytest.fixture
def place(make_user, make_cycle):
    make_cycle("2026", questionnaire=QUESTIONNAIRE[0], version=QUESTIONNAIRE[1])
    return make_user("focal_point", "XA")


def _fresh(make_assessment, number: int) -> Assessment:
    # a fresh draft per round (members XA, XB, ...), so that every case starts from no answer
    return make_assessment(f"X{chr(ord('A') + number)}", cycle="2026")


def test_json_import_stores_every_case(db, runner, tmp_path, place, make_assessment):
    for number, answers in enumerate(ROUNDS):
        assessment = _fresh(make_assessment, number)
        document = {"questionnaire": {"id": QUESTIONNAIRE[0], "version": QUESTIONNAIRE[1]},
                    "member": assessment.member.code, "cycle": "2026", "answers": answers}
        path = tmp_path / f"round{number}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        result = runner.invoke(main, ["answers", "import", str(path), "--member", assessment.member.code,
                                      "--cycle", "2026", "--apply"])
        assert result.exit_code == 0, result.output[-2000:]
        assert _differences(_stored(db, assessment, answers), answers) == []


def test_autosave_stores_every_case(db, client, auth, make_user, place, make_assessment):
    for number, answers in enumerate(ROUNDS):
        assessment = _fresh(make_assessment, number)
        auth.login(make_user("focal_point", assessment.member.code))
        for qid, answer in answers.items():
            response = client.post(f"/assessments/{assessment.id}/autosave",
                                   json={"question_id": qid, "base_version": 0, "answer": answer})
            assert response.status_code == 200, (qid, response.json)
        assert _differences(_stored(db, assessment, answers), answers) == []
        auth.logout()


def form_fields(question: Question, answer: Mapping[str, Any]) -> dict[str, Any]:
    """What a person's browser posts for ``answer`` on the section page (without JavaScript)."""
    q = question.id
    kind = kind_of(question)
    fields: dict[str, Any] = {f"{q}__v": "0"}
    flag = next((f for f in ("unknown", "not_applicable", "precluded") if answer.get(f)), None)
    value = answer.get("value")
    if kind.name == "status":
        fields[q] = flag or value
    elif flag:
        fields[f"{q}__state"] = flag
    elif kind.name == "coverage":
        unknown = answer.get("unknown_components", [])
        for component in question.components:
            state = "covered" if component.id in value else "unknown" if component.id in unknown else "not_covered"
            fields[f"{q}__c_{component.id}"] = state
    elif kind.name == "yes_no":
        fields[q] = "yes" if value else "no"
    elif kind.name == "number" and isinstance(value, str):
        fields[f"{q}__special"] = value
    elif kind.name == "number":
        fields[q] = str(value).replace(".", ",")  # typed with a decimal comma
    else:
        fields[q] = f"  {value}  " if kind.name == "text" and len(value) < 100 else value
    if answer.get("justification"):
        fields[f"{q}__justification"] = answer["justification"]
    for n, citation in enumerate(answer.get("citations", ())):
        for part in ("act", "section", "year", "status", "url"):
            if part in citation:
                fields[f"{q}__cit_{n}_{part}"] = str(citation[part])
    if answer.get("comment"):
        fields[f"{q}__comment"] = answer["comment"]
    if answer.get("ta_request"):
        request = answer["ta_request"]
        fields.update({f"{q}__ta": "y", f"{q}__ta_category": request["category"],
                       f"{q}__ta_challenge": request.get("challenge", ""), f"{q}__ta_note": request.get("note", "")})
    return fields


def test_form_save_stores_every_case(db, client, auth, make_user, place, make_assessment):
    for number, answers in enumerate(ROUNDS):
        assessment = _fresh(make_assessment, number)
        auth.login(make_user("focal_point", assessment.member.code))
        for section in V1.sections:
            data = {}
            for question in section.questions:
                if question.id in answers:
                    data.update(form_fields(question, answers[question.id]))
            if not data:
                continue
            response = client.post(f"/assessments/{assessment.id}/sections/{section.id}", data=data)
            assert response.status_code == 302, (section.id, _page_errors(response))
        assert _differences(_stored(db, assessment, answers), answers) == []
        auth.logout()


def _page_errors(response: Any) -> list[str]:
    import re

    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True))[:10]


def cell_words(question: Question, answer: Mapping[str, Any]) -> tuple[dict[int, Any], dict[str, Any]]:
    """What a person types or picks in the workbook for ``answer``: the question row's cells, and the
    components' cells."""
    kind = kind_of(question)
    cells: dict[int, Any] = {}
    components: dict[str, Any] = {}
    flag = next((f for f in ("unknown", "not_applicable", "precluded") if answer.get(f)), None)
    value = answer.get("value")
    if flag:
        cells[ANSWER] = FLAG_WORDS[flag]
    elif kind.name == "status":
        cells[ANSWER] = STATUS_WORDS[value]
    elif kind.name == "yes_no":
        cells[ANSWER] = "Yes" if value else "No"
    elif kind.name == "choice":
        choice = question.choice(value)
        cells[ANSWER] = tr(choice.short_label or choice.label)
    elif kind.name == "coverage":
        unknown = answer.get("unknown_components", [])
        for component in question.components:
            state = "covered" if component.id in value else "unknown" if component.id in unknown else "not_covered"
            components[component.id] = COMPONENT_CELL[state]
    elif kind.name == "number" and isinstance(value, str):
        cells[ANSWER] = tr(question.special_answer(value).label)
    elif kind.name == "date":
        cells[ANSWER] = datetime.combine(date.fromisoformat(value), datetime.min.time())
    else:
        cells[ANSWER] = value
    if answer.get("justification"):
        cells[JUSTIFICATION] = answer["justification"]
    if answer.get("comment"):
        cells[COMMENT] = answer["comment"]
    if answer.get("ta_request"):
        request = answer["ta_request"]
        cells[TA_CATEGORY] = tr(TA.categories[request["category"]])
        if request.get("challenge"):
            cells[TA_CHALLENGE] = CHALLENGE_WORDS[request["challenge"]]
        if request.get("note"):
            cells[TA_NOTE] = request["note"]
    return cells, components


def filled_workbook(assessment: Assessment, answers: Mapping[str, Mapping[str, Any]]) -> bytes:
    context = OfflineContext(assessment.id, assessment.member.code, assessment.member.name, "2026", "draft",
                             datetime(2026, 12, 1, 9, 0))
    blank = saved(build_offline_workbook(V1, {}, context))
    cells, components, citations = {}, {}, []
    for qid, answer in answers.items():
        question = V1.question(qid)
        row, parts = cell_words(question, answer)
        cells[qid] = row
        components.update({(qid, cid): words for cid, words in parts.items()})
        for citation in answer.get("citations", ()):
            citations.append([qid, None, citation["act"], citation.get("section"), citation.get("year"),
                              CITATION_STATUS_WORDS[citation["status"]], citation.get("url")])
    return fill(blank, cells, components, citations)


@pytest.mark.libreoffice
def test_offline_workbook_re_saved_by_libreoffice_stores_every_case(db, tmp_path, place, make_assessment):
    soffice = require_libreoffice()
    assessments = [_fresh(make_assessment, number) for number in range(len(ROUNDS))]
    names = []
    for number, (assessment, answers) in enumerate(zip(assessments, ROUNDS, strict=True)):
        (tmp_path / f"round{number}.xlsx").write_bytes(filled_workbook(assessment, answers))
        names.append(str(tmp_path / f"round{number}.xlsx"))
    # one LibreOffice run re-saves every round's workbook
    done = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--norestore", "--convert-to", "xlsx", "--outdir", str(tmp_path / "resaved"), *names],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    from assessment.audit import Actor
    from assessment.services.imports import apply_import, incoming_from_offline, plan_import

    for number, (assessment, answers) in enumerate(zip(assessments, ROUNDS, strict=True)):
        data = (tmp_path / "resaved" / f"round{number}.xlsx").read_bytes()
        upload = read_offline_workbook(data, V1, Limits(), assessment_id=assessment.id)
        assert [str(p) for p in upload.problems] == []
        incoming, problems = incoming_from_offline(upload)
        plan = plan_import(db.session.get(Assessment, assessment.id), incoming, V1, problems=problems)
        apply_import(db.session.get(Assessment, assessment.id), plan, Actor(None, "test"))
        assert _differences(_stored(db, assessment, answers), answers) == []


# --------------------------------------------------------------------------- the limits, in every way


def _question(predicate) -> Question:
    return next(q for q in V1.questions if predicate(q))


STATUS_Q = _question(lambda q: kind_of(q).name == "status" and q.scored)
NUMBER_Q = _question(lambda q: kind_of(q).name == "number" and not q.special)
DATE_Q = _question(lambda q: kind_of(q).name == "date")
TEXT_Q = _question(lambda q: kind_of(q).name == "text")

#: (question, answer, the sentence every way must say)
BAD = [
    (STATUS_Q, {"value": "in_place", "citations": [{**_citation(1), "year": 1799}]}, limits.ENTER_YEAR),
    (STATUS_Q, {"value": "in_place", "citations": [{**_citation(1), "url": "https://example.org/my act"}]},
     limits.ENTER_URL),
    (STATUS_Q, {"value": "in_place", "citations": [{**_citation(1), "act": "A" * (limits.ACT_MAX + 1)}]},
     limits.too_long(limits.ACT_MAX, limits.ACT_MAX + 1)),
    (STATUS_Q, {"value": "in_place", "citations": [_citation(n) for n in range(limits.CITATIONS_MAX + 1)]},
     limits.TOO_MANY_CITATIONS),
    (STATUS_Q, {"value": "in_place", "comment": "c" * (limits.TEXT_MAX + 1)},
     limits.too_long(limits.TEXT_MAX, limits.TEXT_MAX + 1)),
    (STATUS_Q, {"value": "in_place", "ta_request": {"category": "TA-LEG", "note": "n" * (limits.NOTE_MAX + 1)}},
     limits.too_long(limits.NOTE_MAX, limits.NOTE_MAX + 1)),
    (NUMBER_Q, {"value": limits.NUMBER_MAX + 1}, limits.ENTER_NUMBER),
    (DATE_Q, {"value": "1799-12-31"}, limits.ENTER_DATE),
    (TEXT_Q, {"value": "t" * (limits.TEXT_MAX + 1)}, limits.too_long(limits.TEXT_MAX, limits.TEXT_MAX + 1)),
]
IDS = ["year", "link", "act", "citations", "comment", "note", "number", "date", "text"]


def _sentence_in(sentence: str, texts: Iterator[str] | list[str]) -> bool:
    wanted = sentence[:1].lower() + sentence[1:]
    return any(sentence in text or wanted in text for text in texts)


@pytest.mark.parametrize(("question", "answer", "sentence"), BAD, ids=IDS)
def test_each_limit_refuses_the_same_input_with_the_same_words_in_every_way(
        db, client, auth, runner, tmp_path, place, make_assessment, question, answer, sentence):
    assessment = _fresh(make_assessment, 0)
    auth.login(place)
    # autosave
    response = client.post(f"/assessments/{assessment.id}/autosave",
                           json={"question_id": question.id, "base_version": 0, "answer": answer})
    assert response.status_code == 422
    assert _sentence_in(sentence, response.json["problems"]), response.json["problems"]
    # the section form
    response = client.post(f"/assessments/{assessment.id}/sections/{question.section_id}",
                           data=form_fields(question, answer))
    assert response.status_code == 422
    assert _sentence_in(sentence, [html.unescape(e) for e in _page_errors(response)]), _page_errors(response)
    # the JSON import
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"questionnaire": {"id": QUESTIONNAIRE[0], "version": QUESTIONNAIRE[1]},
                                "member": "XA", "cycle": "2026", "answers": {question.id: answer}}), encoding="utf-8")
    result = runner.invoke(main, ["answers", "import", str(path), "--member", "XA", "--cycle", "2026", "--apply"])
    assert result.exit_code == 1
    assert _sentence_in(sentence, result.output.splitlines()), result.output
    # the offline workbook
    upload = read_offline_workbook(filled_workbook(assessment, {question.id: answer}), V1, Limits(),
                                   assessment_id=assessment.id)
    assert _sentence_in(sentence, [p.message for p in upload.problems]), [str(p) for p in upload.problems]
    # and nothing was stored
    assert _stored(db, assessment, {question.id: None}) == {question.id: None}


def test_workbook_cells_of_any_type_keep_their_format_when_locked():
    """A date is written as a date in an open and in a locked cell; text as text."""
    from openpyxl import load_workbook

    answers = {DATE_Q.id: {"value": "2004-12-25", "version": 1}, TEXT_Q.id: {"value": "-3", "version": 1}}
    locked = OfflineContext(1, "XA", "XA", "2026", "draft", datetime(2026, 12, 1), frozenset())
    data = saved(build_offline_workbook(V1, answers, locked))
    workbook = load_workbook(io.BytesIO(data))
    from tests.excel_helpers import rows_by_key

    where = rows_by_key(workbook)
    sheet, row = where[DATE_Q.id]
    cell = workbook[sheet].cell(row, ANSWER)
    assert cell.is_date
    assert cell.value.date() == date(2004, 12, 25)
    assert cell.protection.locked
    sheet, row = where[TEXT_Q.id]
    assert workbook[sheet].cell(row, ANSWER).value == "-3"


# --------------------------------------------------------------------------- an untouched workbook comes back


@pytest.mark.parametrize("role", ["focal_point", "contributor"])
@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_an_untouched_offline_workbook_of_any_role_and_status_has_no_false_problem(
        db, client, auth, make_user, place, make_assessment, role, status):
    from assessment.models import SectionAssignment
    from bench.bench_exports import full_answers

    answers = {qid: {k: v for k, v in a.items() if k != "version"} for qid, a in full_answers(V1).items()}
    assessment = make_assessment("XA", cycle="2026", answers=answers, status=status)
    person = make_user(role, "XA")
    if role == "contributor":
        db.session.add(SectionAssignment(assessment_id=assessment.id, section_id=V1.sections[3].id,
                                         user_id=person.id))
        db.session.commit()
    auth.login(person)
    download = client.get(f"/reports/{assessment.id}/offline.xlsx")
    assert download.status_code == 200
    # the reader finds nothing wrong with the copy as it was downloaded: Profile dates in locked cells included
    upload = read_offline_workbook(download.data, V1, Limits(), assessment_id=assessment.id)
    assert [str(p) for p in upload.problems] == []
    response = client.post(f"/reports/{assessment.id}/upload",
                           data={"file": (io.BytesIO(download.data), "offline.xlsx")},
                           content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    if status == "draft":
        assert response.status_code == 200
        assert "Nothing to do: every answer in the workbook is the same as online" in page
    else:
        # a real reason: a submitted assessment cannot be changed
        assert response.status_code == 403
    assert answers_of(db.session.get(Assessment, assessment.id), with_version=False) == answers
