"""The view by standard in the application: the results page's "By standard" tab for the member and the RSO,
the ratings beside each Recommendation (the RSO's record used, the member's own shown where it differs), the
region matrix, the API and the results workbook carrying the same figures, and a result of method 1 saying that
the view needs method 2."""

from __future__ import annotations

import io
import re
from datetime import date
from html import unescape

import pytest
from openpyxl import load_workbook

from assessment.audit import Actor
from assessment.extensions import db as _db
from assessment.models import MutualEvaluationRating
from assessment.profile.operations import create_token
from assessment.responses import operations
from assessment.services.scoring_service import live_result
from exports.standards import HEADERS
from tests.factories import fictional_member
from tests.standards_support import ANSWERS, v3_cycle  # noqa: F401  (a fixture)

ANALYST = Actor(label="analyst.test@test.example")


def _text(response) -> str:
    html = response.get_data(as_text=True)
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _record(code: str, recommendation: str, rating: str, when: str = "2023-09-14") -> None:
    member = fictional_member(code)
    _db.session.add(MutualEvaluationRating(member_id=member.id, recommendation=recommendation, rating=rating,
                                           report_title=f"Mutual Evaluation Report of {code}",
                                           report_date=date.fromisoformat(when), link="", version=1))
    _db.session.commit()


@pytest.fixture
def draft(make_assessment, v3_cycle):  # noqa: F811
    return make_assessment("XA", "2028", answers=ANSWERS)


def test_a_focal_point_reads_the_answers_by_standard_beside_its_own_record_of_ratings(client, auth, make_user,
                                                                                     draft):
    auth.login(make_user("focal_point", "XA"))
    results = client.get(f"/assessments/{draft.id}/results")
    assert f'href="/assessments/{draft.id}/results/standards">By standard</a>' in results.get_data(as_text=True)
    page = client.get(f"/assessments/{draft.id}/results/standards")
    assert page.status_code == 200
    text = _text(page)
    # R.38: foreign freezing not in place (critical) and non-conviction-based help partial: not aligned; the
    # member's own record says C, three steps away, so it is flagged, with what lies behind it
    assert ("R.38 Mutual legal assistance: freezing and confiscation Not aligned 80.0 none recorded C Yes: 3 steps"
            in text)
    assert "R.38 : self-assessed not aligned, rated C (member's own record), 3 steps apart." in text
    assert "R.3 Money laundering offence Partly aligned 16.7 none recorded LC No (1)" in text
    assert "a band is never a rating" in text
    assert "38.1 · Acting quickly on foreign freezing and confiscation requests gap 100.0" in text
    assert "Can the member freeze and confiscate property quickly at a foreign state's request? (critical) " \
           "Answer: Not in place" in text
    # with the FATF criteria of 2013, extended confiscation (a 2023 requirement) leaves R.4: not assessed then
    older = _text(client.get(f"/assessments/{draft.id}/results/standards?fatf=2013"))
    assert "R.4 Confiscation and provisional measures Partly aligned 28.3" in older
    # questions named by their number and text, never by their id
    assert re.search(r"Not assessed then \(later amendments, left out of the 2013 reading\): INR\.4 para 10 "
                     r"\(2023\): Question \d+\.\d+: Can a court confiscate other property", older)
    assert client.get(f"/assessments/{draft.id}/results/standards?fatf=1999").status_code == 404


def test_the_rsos_record_is_compared_and_the_members_differing_record_shown_beside_it(client, auth, make_user,
                                                                                      draft):
    _record("XA", "R.38", "PC", "2017-10-02")
    _record("XA", "R.38", "NC", "2023-09-14")  # a later follow-up report
    _record("XA", "R.3", "LC")
    operations.submit(draft, Actor(label="focal.test@test.example"))
    _db.session.commit()
    auth.login(make_user("rso_analyst", None))
    text = _text(client.get(f"/assessments/{draft.id}/results/standards"))
    # the RSO's latest record (NC) is set beside the band; the member's own (C) is shown as differing
    assert ("R.38 Mutual legal assistance: freezing and confiscation Not aligned 80.0 NC (Mutual Evaluation Report "
            "of XA, 2023-09-14) C differs from the RSO's record No (0)") in text
    assert ("R.3 Money laundering offence Partly aligned 16.7 LC (Mutual Evaluation Report of XA, 2023-09-14) LC "
            "No (1)") in text
    assert "No Recommendation sits two steps or more from its rating." in text
    # the reports predate the amended Methodology: the page says which text compares fairly
    assert "choose “As of 2013 only”" in text


def test_a_method_1_result_says_the_view_needs_method_2_and_keeps_the_ratings(client, auth, make_user,
                                                                              make_assessment):
    old = make_assessment("XB", "2026", answers={"tip_consent": {"value": "largely"}})
    auth.login(make_user("focal_point", "XB"))
    text = _text(client.get(f"/assessments/{old.id}/results/standards"))
    assert "The view by standard needs scoring method 2" in text
    assert "Criteria and answers" not in text


def _sheet_rows(workbook_bytes: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(workbook_bytes), read_only=True)["By standard"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(tuple(HEADERS))
    return rows[header + 1:]


@pytest.mark.parametrize("fatf", ["current", "2013"])
def test_the_page_the_api_and_the_workbook_carry_the_same_figures(client, auth, make_user, draft, fatf):
    _record("XA", "R.38", "PC")
    operations.submit(draft, Actor(label="focal.test@test.example"))
    operations.validate(draft, ANALYST)
    _db.session.commit()
    analyst = make_user("rso_analyst", None)
    auth.login(analyst)
    _row, token = create_token(analyst, "api", Actor(analyst))
    _db.session.commit()
    api = client.get(f"/api/v1/assessments/{draft.id}/standards?fatf={fatf}",
                     headers={"Authorization": f"Bearer {token}"}).json
    assert (api["available"], api["fatf_text"], api["snapshot"]) == (True, fatf, 1)
    units = {(u["instrument"], u["unit"]): u for u in api["standards"]}
    workbook = client.get(f"/reports/{draft.id}/results.xlsx?fatf={fatf}")
    assert workbook.status_code == 200
    sheet = {}
    for row in _sheet_rows(workbook.data):
        if row[3] is None and row[5] is None and row[1]:  # a unit row
            sheet[row[1], row[2]] = (row[8], row[9])
    page = _text(client.get(f"/assessments/{draft.id}/results/standards?fatf={fatf}"))
    assert len(units) >= 14
    for (_instrument, name), unit in units.items():
        words = {"aligned": "Aligned", "largely_aligned": "Largely aligned", "partly_aligned": "Partly aligned",
                 "not_aligned": "Not aligned"}.get(unit["band"], "")
        if unit["band"] and unit["provisional"]:
            words += " (provisional)"
        assert sheet[name, unit["title"]] == (words or None, unit["gap"]), name
        if unit["band"]:
            assert f"{name} · {unit['title']} {words} · core gap {unit['gap']:.1f}" in page
    r38 = next(r for r in api["ratings"] if r["unit"] == "R.38")
    assert (r38["band"], r38["rating"], r38["rating_from"], r38["steps"], r38["flagged"]) == (
        "not_aligned", "PC", "published", 1, False)
    # R.4 differs between the texts: the 2023 extended-confiscation question leaves it under 2013
    assert units["FATF", "R.4"]["gap"] == (28.3 if fatf == "2013" else 49.1)


def test_the_by_standard_sheet_of_a_thai_workbook(client, auth, make_user, draft):
    """An analyst whose language is Thai gets the "By standard" sheet with Thai headings, band words and note, the
    same figures as in English."""
    from questionnaires.translations import word

    _record("XA", "R.38", "PC")
    operations.submit(draft, Actor(label="focal.test@test.example"))
    _db.session.commit()
    auth.login(make_user("rso_analyst", None))
    english = _sheet_rows(client.get(f"/reports/{draft.id}/results.xlsx").data)
    client.post("/profile/language", data={"language": "th"})
    book = load_workbook(io.BytesIO(client.get(f"/reports/{draft.id}/results.xlsx").data), read_only=True)
    sheet = book["ตามมาตรฐาน"]  # "By standard"
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[:2] == ("ตราสาร", "หน่วย"))  # "Instrument", "Unit"
    assert rows[header][12] == "ผลการจัดอันดับที่บันทึกไว้"  # "Rating on record"
    assert any("ไม่ใช่การจัดอันดับของ FATF" in str(cell) for row in rows[:header] for cell in row if cell)
    thai = rows[header + 1:]
    assert [row[9] for row in thai] == [row[9] for row in english]  # the same gaps
    bands = {word("band", b, "th") for b in ("aligned", "largely_aligned", "partly_aligned", "not_aligned")}
    shown = {str(row[8]).split(" (")[0] for row in thai if row[8]}
    assert shown
    assert shown <= bands


def test_a_result_stored_before_results_carried_units_is_read_by_standard_all_the_same(client, auth, make_user,
                                                                                     draft):
    expected = live_result(draft)["standards"]
    snapshot = operations.submit(draft, Actor(label="focal.test@test.example"))
    _db.session.commit()
    snapshot.result = {k: v for k, v in snapshot.result.items() if k != "standards"}
    _db.session.commit()
    analyst = make_user("rso_analyst", None)
    _row, token = create_token(analyst, "api", Actor(analyst))
    _db.session.commit()
    api = client.get(f"/api/v1/assessments/{draft.id}/standards", headers={"Authorization": f"Bearer {token}"}).json
    assert api["standards"] == expected


def test_the_region_sets_each_members_bands_beside_the_ratings_and_lists_disagreements(client, auth, make_user,
                                                                                     make_assessment, v3_cycle):  # noqa: F811
    for code, freeze in (("XA", "not_in_place"), ("XB", "in_place")):
        assessment = make_assessment(code, "2028", answers={**ANSWERS, "mla_freeze": {"value": freeze}})
        operations.submit(assessment, Actor(label="focal.test@test.example"))
        operations.validate(assessment, ANALYST)
    old = make_assessment("XC", "2026", answers={"tip_consent": {"value": "largely"}})
    old.cycle = v3_cycle
    operations.submit(old, Actor(label="focal.test@test.example"))
    operations.validate(old, ANALYST)
    _db.session.commit()
    _record("XB", "R.38", "NC")
    analyst = make_user("rso_analyst", None)
    auth.login(analyst)
    page = client.get("/region/standards?cycle=2028")
    assert page.status_code == 200
    text = _text(page)
    # XA: no RSO record, its own (C) three steps from not aligned; XB: the RSO's NC beside its band
    assert "Test jurisdiction XA, R.38: self-assessed not aligned beside C (the member's own record), 3 steps apart" \
        in text
    assert "Test jurisdiction XB, R.38" not in text.split("Disagreements", 1)[1].split("Test jurisdiction XA")[0]
    assert "Not included: the view by standard needs scoring method 2; Test jurisdiction XC is scored by method 1" \
        in text
    html = page.get_data(as_text=True)
    assert "NC (own C)" in html
    # the same matrix by article, and through the API
    assert "art. 13" in _text(client.get("/region/standards?cycle=2028&instrument=UNTOC"))
    _row, token = create_token(analyst, "api", Actor(analyst))
    _db.session.commit()
    api = client.get("/api/v1/compare?cycle=2028&by=standard", headers={"Authorization": f"Bearer {token}"}).json
    assert [i["member"] for i in api["items"]] == ["XA", "XB"]
    assert api["items"][1]["cells"]["R.38"]["rating"]["rating"] == "NC"
    assert api["items"][0]["cells"]["R.38"]["rating"]["flagged"] is True
    assert api["other_methods"] == [{"member": "XC", "scoring_version": "1.0"}]


def test_a_member_that_does_not_share_cannot_read_the_region_by_standard(client, make_user, draft):
    user = make_user("focal_point", "XA")
    _row, token = create_token(user, "api", Actor(user))
    _db.session.commit()
    response = client.get("/api/v1/compare?cycle=2028&by=standard", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert client.get("/api/v1/compare?by=standards", headers={"Authorization": f"Bearer {token}"}).status_code == 400


def test_the_api_answers_by_standard_match_the_openapi_schemas(client, make_user, draft):
    import copy

    from jsonschema import Draft202012Validator

    from tests.test_api import _json_schema

    _record("XA", "R.38", "PC")
    operations.submit(draft, Actor(label="focal.test@test.example"))
    operations.validate(draft, ANALYST)
    _db.session.commit()
    analyst = make_user("rso_analyst", None)
    _row, token = create_token(analyst, "api", Actor(analyst))
    _db.session.commit()
    document = client.get("/api/v1/openapi.json").get_json()
    defs = _json_schema(copy.deepcopy(document["components"]["schemas"]))
    calls = {"/assessments/{id}/standards": f"/assessments/{draft.id}/standards?fatf=2013",
             "/compare": "/compare?cycle=2028&by=standard&instrument=FATF"}
    for path, url in calls.items():
        response = client.get("/api/v1" + url, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        spec = document["paths"][path]["get"]["responses"]["200"]
        schema = {**_json_schema(spec["content"]["application/json"]["schema"]), "$defs": defs}
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.get_json())]
        assert errors == [], (path, errors[:3])
    assert response.get_json()["items"][0]["cells"]["R.38"]["rating"]["published"]["report_date"] == "2023-09-14"


def test_assessment_score_json_includes_the_units_by_standard(runner, v3_cycle, tmp_path):  # noqa: F811
    import json

    from assessment.cli import main
    from questionnaires.loader import validator

    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"questionnaire": {"id": "sample", "version": 3}, "member": "XA", "cycle": "2028",
                                "answers": ANSWERS}), encoding="utf-8")
    done = runner.invoke(main, ["score", str(path), "--json"])
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)
    assert list(validator("result").iter_errors(result)) == []
    r38 = next(u for u in result["standards"] if u["unit"] == "R.38")
    assert (r38["gap"], r38["band"], r38["questions"]) == (80.0, "not_aligned", ["conf_ncb", "mla_freeze"])
