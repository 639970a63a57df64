"""Scoring method 2 in the application: a TA request on a question that is not asked is refused at saving,
snapshots keep the method they were scored with, a member that is not a state is offered extension rather
than ratification, and the results page, both workbooks, the region views and the API show the figures of
method 2 (weakest-section band and profile, provisional marks, obligations gap, best case, what it would
take) and say which method each figure comes from."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import select

from assessment.audit import Actor
from assessment.extensions import db as _db
from assessment.models import Answer, Member
from assessment.responses import operations
from assessment.responses.operations import HIDDEN_REQUEST, AnswerProblems
from assessment.services.scoring_service import live_result
from tests.factories import install
from tests.method2_support import IN_FORCE, SAMPLE2, SAMPLE2_PATH, WORKED_EXAMPLE2

REQUEST = {"category": "TA-IC", "challenge": "capacity", "note": "Help to designate the authority."}


@pytest.fixture
def v2_cycle(db, make_cycle):
    """Cycle 2027 on the version-2 sample questionnaire (uploaded beside version 1)."""
    make_cycle("2026")  # installs version 1
    install(SAMPLE2_PATH)
    return make_cycle("2027", version=2)


@pytest.fixture
def worked(make_assessment, v2_cycle):
    """XA's draft on version 2 with the worked example's answers."""
    answers = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
    return make_assessment("XA", "2027", answers=answers)


def _stored(assessment_id: int, question_id: str) -> Answer | None:
    _db.session.expire_all()
    return _db.session.get(Answer, (assessment_id, question_id))


# --------------------------------------------------------------------------- saving


def test_a_ta_request_on_a_question_that_is_not_asked_is_refused_and_changes_nothing(db, make_assessment, v2_cycle):
    draft = make_assessment("XA", "2027", answers={"has_sea_border": {"value": False}})
    question = SAMPLE2.question("som_sea_authority")
    answer = {"value": ["designated"], "citations": IN_FORCE, "ta_request": REQUEST}
    with pytest.raises(AnswerProblems) as refused:
        operations.save_answer(draft, question, answer, 0, Actor(None, "test"))
    assert [p.path for p in refused.value.problems] == ["$.ta_request"]
    assert refused.value.problems[0].message == HIDDEN_REQUEST
    assert _stored(draft.id, "som_sea_authority") is None


def test_the_same_request_is_saved_while_the_coastline_is_not_stated_or_is_stated(db, make_assessment, v2_cycle):
    answer = {"value": ["designated"], "citations": IN_FORCE, "ta_request": REQUEST}
    for facts in ({}, {"has_sea_border": {"value": True}}):
        draft = make_assessment("XB" if facts else "XA", "2027", answers=facts)
        result = operations.save_answer(draft, SAMPLE2.question("som_sea_authority"), answer, 0, Actor(None, "test"))
        _db.session.commit()
        assert result.status == "saved"
        assert _stored(draft.id, "som_sea_authority").ta_request == REQUEST


def test_autosave_says_why_a_request_on_a_hidden_question_is_refused(client, auth, db, make_user, make_assessment,
                                                                     v2_cycle):
    draft = make_assessment("XA", "2027", answers={"has_sea_border": {"value": False}})
    auth.login(make_user("focal_point", "XA"))
    response = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "som_sea_authority", "base_version": 0,
        "answer": {"value": ["designated"], "ta_request": REQUEST}})
    assert response.status_code == 422
    assert any("not asked with the member's current Profile answers" in p for p in response.json["problems"])
    assert _stored(draft.id, "som_sea_authority") is None


# --------------------------------------------------------------------------- method per version, snapshots


def test_each_assessment_is_scored_by_its_questionnaires_method_and_snapshots_keep_it(db, make_assessment, worked,
                                                                                       make_user):
    old = make_assessment("XB", "2026", answers={"tip_consent": {"value": "largely"}})
    assert live_result(old)["scoring_version"] == "1.0"
    assert live_result(worked)["scoring_version"] == "2.0"
    focal = make_user("focal_point", "XA")
    snapshot = operations.submit(worked, Actor(focal))
    _db.session.commit()
    assert (snapshot.scoring_version, snapshot.result["scoring_version"]) == ("2.0", "2.0")
    assert snapshot.result["overall"]["weakest"] == "smuggling"


def test_a_member_that_is_not_a_state_is_offered_extension_not_ratification(db, worked):
    assert [t["id"] for t in live_result(worked)["ta"]][:1] == ["treaty.ratify.somp"]
    member = _db.session.scalar(select(Member).where(Member.code == "XA"))
    member.is_state = False
    _db.session.commit()
    ta = [t["id"] for t in live_result(worked)["ta"]]
    assert "treaty.extend.somp" in ta
    assert "treaty.ratify.somp" not in ta


# --------------------------------------------------------------------------- the results page


def test_the_results_page_shows_the_weakest_section_band_and_what_it_would_take(client, auth, make_user, worked):
    auth.login(make_user("focal_point", "XA"))
    page = client.get(f"/assessments/{worked.id}/results")
    assert page.status_code == 200
    html = unescape(" ".join(page.get_data(as_text=True).split()))
    assert "Scoring method 2" in html
    # the overall band is the weakest section's (smuggling, not aligned), shown with the profile of section bands
    assert "The band of its weakest section, Smuggling of migrants." in html
    assert "Sections by band: 1 largely aligned, 3 partly aligned, 1 not aligned." in html
    assert "Not aligned (provisional)" in html
    result = live_result(worked)["overall"]
    assert f'<h2>Obligations gap</h2><p class="big">{result["obligations_gap"]:.1f}</p>' in html
    assert f'<h2>Best case</h2><p class="big">{result["best_case_gap"]:.1f}</p>' in html
    # what it would take, and what holds the trafficking section down
    # questions by their number and text, components by their words (ids only in tooltips)
    assert re.search(r"<strong>What it would take:</strong> Partly aligned needs 1 answer fully met: "
                     r"Question \d+\.\d+: Which steps has the member taken to answer flag-State requests on sea "
                     r"smuggling\?</p>", html)
    assert re.search(r"Largely aligned needs 2 answers fully met, the critical ones holding the section at partly "
                     r"aligned: Question \d+\.\d+: Which improper means does the trafficking offence cover\?; "
                     r"Question \d+\.\d+: Is the victim's consent irrelevant once improper means are shown\?", html)
    assert re.search(r"Which improper means does the trafficking offence cover\? \(component “[^”]+”\): not known",
                     html)
    assert "abuse_of_vulnerability" not in html.split("What it would take")[0].split("By section")[-1]
    assert "<h2>To complete</h2>" in html
    assert "Recommended, not binding on the member" in html


def test_a_version_1_assessment_says_it_keeps_method_1(client, auth, make_user, make_assessment):
    draft = make_assessment("XA", "2026", answers={"tip_consent": {"value": "largely"}})
    auth.login(make_user("focal_point", "XA"))
    html = " ".join(client.get(f"/assessments/{draft.id}/results").get_data(as_text=True).split())
    assert "Scoring method 1 (questionnaire version 1)" in html
    assert "Method 2 applies once the assessment is moved to questionnaire version 2 or later." in html
    assert "Obligations gap" not in html


# --------------------------------------------------------------------------- the region


@pytest.fixture
def mixed_region(db, make_assessment, v2_cycle, make_user):
    """Cycle 2026: XA moved to version 2 (method 2), XB and XC still on version 1 (method 1); all validated."""
    from tests.region_support import MEMBER_ACTOR, RSO_ACTOR, assessed

    moved = make_assessment("XA", "2026", answers=json.loads(WORKED_EXAMPLE2.read_text())["answers"])
    moved.questionnaire_version = 2
    operations.submit(moved, MEMBER_ACTOR)
    operations.validate(moved, RSO_ACTOR)
    _db.session.commit()
    assessed(make_assessment, "XB")
    assessed(make_assessment, "XC", consent="partially")
    return make_user("rso_analyst", None)


def test_regional_figures_never_mix_methods(client, auth, mixed_region):
    from assessment.compare.loading import ELEMENT_PARTS, load_region
    from scoring.region import missed_elements, of_method, ta_demand

    entries = load_region(cycle_ids=None, statuses=("validated",), parts=ELEMENT_PARTS).entries
    with pytest.raises(ValueError, match="never mixes scoring methods"):
        missed_elements(entries)
    version, chosen, others = of_method(entries)
    assert (version, [e.member for e in chosen], sorted(e.member for e in others)) == ("2.0", ["XA"], ["XB", "XC"])
    with pytest.raises(ValueError, match="never mixes"):
        ta_demand(entries)

    auth.login(mixed_region)
    overview = unescape(" ".join(client.get("/region/?cycle=2026").get_data(as_text=True).split()))
    assert "come from more than one scoring method (Method 2, Method 1)" in overview
    assert "· Method 2" in overview
    assert "· Method 1" in overview
    elements = unescape(" ".join(client.get("/region/elements?cycle=2026").get_data(as_text=True).split()))
    assert "Figures from Method 2 results only: a regional figure never mixes scoring methods." in elements
    assert "Not included: Method 1 for Test jurisdiction XB, Test jurisdiction XC" in elements
    method1 = unescape(" ".join(client.get("/region/ta?cycle=2026&method=1.0").get_data(as_text=True).split()))
    assert "Figures from Method 1 results only" in method1
    assert "Not included: Method 2 for Test jurisdiction XA" in method1


def test_the_member_profile_shows_method_2_figures(client, auth, mixed_region):
    auth.login(mixed_region)
    html = unescape(" ".join(client.get("/region/members/XA?cycle=2026").get_data(as_text=True).split()))
    assert "scoring version 2.0 (Method 2)" in html
    assert "The band of its weakest section, Smuggling of migrants." in html
    assert "Sections by band: 1 largely aligned, 3 partly aligned, 1 not aligned." in html
    # questions by number and text, components by their words: ids only in tooltips
    assert re.search(r"Question \d+\.\d+: Which improper means does the trafficking offence cover\? "
                     r"\(component “[^”]+”\): not known", html)
    assert re.search(r"Largely aligned needs 2 answers fully met, the critical ones holding the section at partly "
                     r"aligned: Question \d+\.\d+: Which improper means does the trafficking offence cover\?; "
                     r"Question \d+\.\d+: Is the victim's consent irrelevant", html)
    assert "tip_means;" not in html
    assert "abuse_of_vulnerability)" not in html


@pytest.mark.libreoffice
def test_the_comparison_workbook_says_which_method_and_never_mixes_them(db, mixed_region, tmp_path):
    import csv
    import subprocess

    from openpyxl import load_workbook

    from assessment.compare.exporting import comparison_data
    from assessment.compare.loading import cycles
    from exports.compare import build_comparison_workbook
    from tests.resources import require_libreoffice

    cycle = next(c for c in cycles() if c.code == "2026")
    data = comparison_data(cycle)
    assert (data.method, [name for name, _ in data.left_out]) == (
        "2.0", ["Test jurisdiction XB", "Test jurisdiction XC"])
    path = tmp_path / "comparison.xlsx"
    build_comparison_workbook(data).save(path)
    workbook = load_workbook(path)
    rows = [[c.value for c in row] for row in workbook["Matrix"].iter_rows()]
    header = next(r for r in rows if r and r[0] == "Member")
    xa = dict(zip(header, next(r for r in rows if r and r[1] == "XA"), strict=True))
    xb = dict(zip(header, next(r for r in rows if r and r[1] == "XB"), strict=True))
    assert (xa["Scoring method"], xa["Weakest section"], xa["Sections by band (aligned · largely · partly · not)"]) == (
        "Method 2", "Smuggling of migrants", "0 · 1 · 3 · 1")
    assert (xb["Scoring method"], xb["Weakest section"], xb["Obligations gap"]) == ("Method 1", None, None)
    chart = [[c.value for c in row] for row in workbook["Chart"].iter_rows()]
    assert "Figures from Method 2 results only." in chart[1][0]
    mla = next(r for r in chart if r[0] == "Mutual legal assistance")
    assert mla[2] == 1  # XA alone: method 1 members are not averaged in
    assert "Not included (another scoring method): Test jurisdiction XB (Method 1)" in \
        workbook["Elements"]["A2"].value

    soffice = require_libreoffice()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--norestore",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "comparison.csv").open(encoding="utf-8", newline="") as handle:
        matrix = list(csv.reader(handle))  # the first sheet: the matrix, as LibreOffice reads it
    assert any(row[1:2] == ["XA"] and "Method 2" in row for row in matrix)


# --------------------------------------------------------------------------- the API


def test_the_api_says_which_method_and_gives_the_method_2_figures(client, db, mixed_region):
    import copy

    from jsonschema import Draft202012Validator

    from tests.test_api import _json_schema, _token

    headers = _token(db, mixed_region)
    document = client.get("/api/v1/openapi.json").get_json()
    defs = _json_schema(copy.deepcopy(document["components"]["schemas"]))

    def checked(path, url):
        response = client.get("/api/v1" + url, headers=headers)
        spec = document["paths"][path]["get"]["responses"][str(response.status_code)]
        schema = {**_json_schema(spec["content"]["application/json"]["schema"]), "$defs": defs}
        assert [e.message for e in Draft202012Validator(schema).iter_errors(response.get_json())] == []
        return response

    rows = {r["member"]: r for r in checked("/compare", "/compare?cycle=2026").get_json()["items"]}
    assert (rows["XA"]["scoring_version"], rows["XB"]["scoring_version"]) == ("2.0", "1.0")
    headline = rows["XA"]["headline"]
    assert (headline["band"], headline["weakest"], headline["profile"]) == (
        "not_aligned", "smuggling", {"aligned": 0, "largely_aligned": 1, "partly_aligned": 3, "not_aligned": 1})
    assert rows["XA"]["cells"]["smuggling"]["next_band_needs"] == 1
    assert "profile" not in rows["XB"]["headline"]
    demand = checked("/ta-demand", "/ta-demand?cycle=2026").get_json()
    assert (demand["scoring_version"], demand["members"]) == ("2.0", 1)
    assert [o["member"] for o in demand["other_methods"]] == ["XB", "XC"]
    method1 = checked("/ta-demand", "/ta-demand?cycle=2026&method=1.0").get_json()
    assert (method1["scoring_version"], method1["members"]) == ("1.0", 2)
    assert client.get("/api/v1/ta-demand?cycle=2026&method=3.0", headers=headers).status_code == 400
    xa = next(a for a in checked("/assessments", "/assessments?cycle=2026").get_json()["items"] if a["member"] == "XA")
    detail = checked("/assessments/{id}", f"/assessments/{xa['id']}").get_json()
    assert (detail["snapshot"]["scoring_version"], detail["result"]["overall"]["weakest"]) == ("2.0", "smuggling")
