"""Capacity and practice in the application: the member's profile (law beside figures by cycle), plausibility
messages that never block a save, and who may see what."""

from __future__ import annotations

import re

from sqlalchemy import select

from assessment.extensions import db as _db
from assessment.models import Answer
from tests.capacity_support import capacity_cycles, figures, taken  # noqa: F401  (fixture)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def history(make_assessment, status_2026="draft"):
    """XA over three cycles (figures of 2021, 2023 and 2025): the assessments of 2024 and 2026."""
    taken(make_assessment, "XA", "2022", figures(year=2021, tip_prosecutions=3, assets_confiscated="nc",
                                                  unit_tip={"value": "up_to_5"}))
    middle = taken(make_assessment, "XA", "2024", figures(year=2023, tip_prosecutions=5, assets_confiscated=0,
                                                           unit_tip={"value": "up_to_20"}))
    return middle, taken(make_assessment, "XA", "2026", figures(year=2025, tip_prosecutions=4, tip_convictions=6,
                                                         assets_confiscated=125000), status=status_2026)


def test_the_profile_tab_puts_the_law_beside_the_figures_of_every_cycle(client, auth, make_user, make_assessment,
                                                                        capacity_cycles):  # noqa: F811
    _middle, draft = history(make_assessment)
    auth.login(make_user("focal_point", "XA"))
    page = client.get(f"/assessments/{draft.id}/results/profile")
    assert page.status_code == 200
    text = text_of(page)
    assert "The law: bands by cycle" in text
    assert "Extradition" in text
    assert "Largely aligned" in text
    # one column per cycle, the year each cycle's figures cover, not collected said as such, and the trend
    assert "2022 Validated" in text
    assert "2024 Validated" in text
    assert "2026 Draft" in text
    assert "figures of 2021" in text
    assert "figures of 2025" in text
    row = re.search(r'id="fig-cap_tip_prosecutions".*?</tr>', page.get_data(as_text=True), re.S).group(0)
    assert "↓</span> down" in row
    assert [c for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)][:3] == ["3", "5", "4"]
    confiscated = re.search(r'id="fig-cap_assets_confiscated".*?</tr>', page.get_data(as_text=True), re.S).group(0)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", confiscated)[:3] == ["not collected", "0 US dollars",
                                                                    "125,000 US dollars"]
    assert "A unit of 1 to 5 officers" in text
    assert "A unit of 6 to 20 officers" in text
    # the figures of the newest cycle are checked, and say so without blocking anything
    assert "Figures to check (2026)" in text
    assert "Trafficking convictions (6) is more than trafficking prosecutions (4) in 2025" in text


def test_the_rso_sees_the_cycles_it_may_see_and_another_member_sees_nothing(client, auth, make_user,
                                                                            make_assessment,
                                                                            capacity_cycles):  # noqa: F811
    middle, draft = history(make_assessment)
    auth.login(make_user("focal_point", "XB"))
    assert client.get(f"/assessments/{draft.id}/results/profile").status_code == 404
    auth.logout()
    auth.login(make_user("rso_analyst", None))
    assert client.get(f"/assessments/{draft.id}/results/profile").status_code == 404  # a draft not shared
    page = client.get(f"/assessments/{middle.id}/results/profile")
    assert page.status_code == 200
    text = text_of(page)
    assert "2022 Validated" in text
    assert "2024 Validated" in text
    assert "2026" not in text.split("Capacity and practice by cycle")[1]  # the profile stops at its own cycle


def test_an_implausible_figure_is_saved_and_the_section_page_says_what_to_check(client, auth, make_user,
                                                                                 make_assessment,
                                                                                 capacity_cycles):  # noqa: F811
    draft = taken(make_assessment, "XA", "2026", {}, status="draft")
    auth.login(make_user("focal_point", "XA"))
    response = client.post(f"/assessments/{draft.id}/sections/cap_cases", data={
        "cap_year": "2019", "cap_year__v": "0",
        "cap_ml_prosecutions": "3", "cap_ml_prosecutions__v": "0",
        "cap_ml_convictions": "5", "cap_ml_convictions__v": "0",
    }, follow_redirects=True)
    assert response.status_code == 200
    stored = dict(_db.session.execute(select(Answer.question_id, Answer.value)
                                      .where(Answer.assessment_id == draft.id,
                                             Answer.question_id.like("cap_%"))).all())
    assert stored == {"cap_year": 2019, "cap_ml_prosecutions": 3, "cap_ml_convictions": 5}
    text = text_of(response)
    assert "Saved: 3 answer(s) changed." in text
    assert "Figures to check" in text
    assert ("Laundering convictions (trafficking or smuggling predicate) (5) is more than laundering prosecutions "
            "(trafficking or smuggling predicate) (3) in 2019") in text
    assert "2019, which is not a year of this cycle (2024 to 2026)" in text
    review = text_of(client.get(f"/assessments/{draft.id}/review"))
    assert "Figures to check (2)" in review
    # a page of the law says nothing about figures
    assert "Figures to check" not in text_of(client.get(f"/assessments/{draft.id}/sections/ml_offence"))


def test_not_collected_is_an_answer_and_raises_no_message(client, auth, make_user, make_assessment,
                                                          capacity_cycles):  # noqa: F811
    draft = taken(make_assessment, "XA", "2026", figures(year=2025), status="draft")
    auth.login(make_user("focal_point", "XA"))
    response = client.post(f"/assessments/{draft.id}/sections/cap_requests", data={
        "cap_mla_received": "", "cap_mla_received__special": "not_collected", "cap_mla_received__v": "0",
        "cap_mla_executed": "12", "cap_mla_executed__v": "0",
    }, follow_redirects=True)
    assert response.status_code == 200
    stored = dict(_db.session.execute(select(Answer.question_id, Answer.value)
                                      .where(Answer.assessment_id == draft.id,
                                             Answer.question_id.in_(["cap_mla_received", "cap_mla_executed"]))).all())
    assert stored == {"cap_mla_received": "not_collected", "cap_mla_executed": 12}
    assert "Figures to check" not in text_of(response)


# --------------------------------------------------------------------------- the region


def region(make_assessment):
    """Six members validated in 2026, five of them sharing; XA and XB also validated in 2024."""
    taken(make_assessment, "XA", "2024", figures(year=2023, ext_sent=0, mla_sent=2))
    taken(make_assessment, "XB", "2024", figures(year=2023, ext_sent=0, mla_sent=1))
    sent = {"XA": 0, "XB": 3, "XC": 1, "XD": 2, "XE": 4, "XF": 50}
    for code, ext_sent in sent.items():
        mla_sent = "nc" if code == "XD" else 5
        taken(make_assessment, code, "2026", figures(year=2025, ext_sent=ext_sent, mla_sent=mla_sent),
              shares=code != "XF", sub_region="South Asia" if code in ("XE", "XF") else "Pacific",
              name=f"Member {code}")


def test_the_rso_sees_figures_across_sharing_members_and_law_aligned_practice_thin(client, auth, make_user,
                                                                                   make_assessment,
                                                                                   capacity_cycles):  # noqa: F811
    region(make_assessment)
    auth.login(make_user("rso_analyst", None))
    page = client.get("/region/ta?cycle=2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    row = re.search(r"<th scope=\"row\">Extradition requests sent</th>.*?</tr>", html, re.S).group(0)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    # the region: XA-XE share (XF does not, so its 50 is left out): 0 + 3 + 1 + 2 + 4
    assert cells[0] == "10 median 2 · 5 of 5 report"
    # Pacific has four sharing members, South Asia one: too few for a figure
    assert cells[1:] == ["fewer than 5 4 of 4 report", "fewer than 5 1 of 1 report"]
    mla = re.search(r"<th scope=\"row\">MLA requests sent</th>.*?</tr>", html, re.S).group(0)
    assert "fewer than 5" in mla
    assert "4 of 5 report, 1 not collected" in mla
    # XA: extradition largely aligned, and no request sent in 2024 nor 2026; XB sent three in 2026
    text = text_of(page)
    assert "Law aligned, practice thin" in text
    candidates = re.search(r'<table class="practice-candidates">.*?</table>', html, re.S).group(0)
    assert "Member XA" in candidates
    assert "No extradition requests sent" in candidates
    assert "0 in 2024, 0 in 2026" in candidates
    assert "Member XB" not in candidates
    assert "Institution-building for the extradition unit" in candidates


def test_figures_across_members_and_the_training_list_follow_a_change_of_the_results(client, auth, make_user,
                                                                                   make_assessment,
                                                                                   capacity_cycles):  # noqa: F811
    """Worked out once per set of results, the figures across members and the training list change as soon as
    the results behind them do: a member that starts sharing, and a reopened member whose new figures are
    validated."""
    from assessment.models import Assessment, Member
    from assessment.responses import operations
    from tests.region_support import MEMBER_ACTOR, RSO_ACTOR

    region(make_assessment)
    auth.login(make_user("rso_analyst", None))

    def seen() -> tuple[str, bool]:
        html = client.get("/region/ta?cycle=2026").get_data(as_text=True)
        row = re.search(r"<th scope=\"row\">Extradition requests sent</th>.*?</tr>", html, re.S).group(0)
        cell = " ".join(re.sub(r"<[^>]+>", " ", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[0]).split())
        candidates = re.search(r'<table class="practice-candidates">.*?</table>', html, re.S)
        return cell, bool(candidates and "Member XA" in candidates.group(0))

    found = [seen()]
    # XF starts sharing: its 50 requests join the region's figures
    xf = _db.session.scalar(select(Assessment).join(Member).where(Member.code == "XF"))
    xf.shares_results = True
    _db.session.commit()
    found.append(seen())
    # XA is reopened, reports two requests sent and is validated again: no longer a training candidate
    xa = _db.session.scalar(select(Assessment).join(Member).where(Member.code == "XA", Assessment.cycle_id ==
                                                                   capacity_cycles["2026"].id))
    operations.reopen(xa, RSO_ACTOR, "New figures.")
    row = _db.session.get(Answer, (xa.id, "cap_ext_sent"))
    row.value = 2
    operations.submit(xa, MEMBER_ACTOR)
    operations.validate(xa, RSO_ACTOR)
    _db.session.commit()
    found.append(seen())
    assert found == [("10 median 2 · 5 of 5 report", True), ("60 median 2.5 · 6 of 6 report", True),
                     ("62 median 2.5 · 6 of 6 report", False)]


def test_members_see_figures_across_only_once_they_share(client, auth, make_user, make_assessment,
                                                         capacity_cycles):  # noqa: F811
    region(make_assessment)
    auth.login(make_user("focal_point", "XA"))
    assert client.get("/region/ta?cycle=2026").status_code == 403
    shared = client.get("/region/shared?cycle=2026").get_data(as_text=True)
    assert "Capacity figures across sharing members" in shared
    assert "Law aligned, practice thin" not in shared  # the RSO's training list stays with the RSO
    auth.logout()
    auth.login(make_user("focal_point", "XF"))  # XF does not share: nothing across members
    assert "Capacity figures across sharing members" not in client.get("/region/shared?cycle=2026").get_data(
        as_text=True)


def test_the_rso_member_profile_shows_practice_by_cycle(client, auth, make_user, make_assessment,
                                                        capacity_cycles):  # noqa: F811
    region(make_assessment)
    auth.login(make_user("rso_analyst", None))
    text = text_of(client.get("/region/members/XA?cycle=2026"))
    assert "Capacity and practice by cycle" in text
    assert "2024 Validated" in text
    assert "2026 Validated" in text
    assert "Profile facts" in text
    facts = text.split("Profile facts")[1].split("Trend across cycles")[0]
    assert "Extradition requests" not in facts  # the module has its own table, not the facts


# --------------------------------------------------------------------------- the results workbook


def profile_rows(response) -> list[list]:
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(response.get_data()))
    return [list(r) for r in workbook["Profile"].iter_rows(values_only=True)]


def test_the_results_workbook_has_a_profile_sheet_with_the_figures_by_cycle(client, auth, make_user, make_assessment,
                                                                            capacity_cycles):  # noqa: F811
    middle, draft = history(make_assessment)
    auth.login(make_user("focal_point", "XA"))
    response = client.get(f"/reports/{draft.id}/results.xlsx")
    assert response.status_code == 200
    rows = profile_rows(response)
    header = rows[2]
    assert header == ["Part", "Section", "Row", "2022 (Validated)", "2024 (Validated)", "2026 (Draft)", "Trend"]
    by_row = {r[2]: r for r in rows[3:]}
    assert by_row["Year the figures cover"][3:6] == [2021, 2023, 2025]
    prosecutions = by_row["How many prosecutions for trafficking in persons were started in the year?"]
    assert prosecutions[3:] == [3, 5, 4, "down"]  # numbers as numbers
    confiscated = by_row["What was the value of assets confiscated by final order in the year?"]
    assert confiscated[3:6] == ["not collected", 0, 125000]
    extradition = next(r for r in rows if r[0] == "Law: band (core gap)" and r[2] == "Extradition")
    assert extradition[3].startswith("Largely aligned (")
    checks = [r[2] for r in rows if r[0] == "Figures to check (2026)"]
    assert checks == ["Trafficking convictions (6) is more than trafficking prosecutions (4) in 2025. A court "
                      "convicts only in a case that was prosecuted; check both figures (cases prosecuted in an "
                      "earlier year can explain a few)."]
    # the RSO's workbook of 2024 stops at 2024 and never shows the draft of 2026
    auth.logout()
    auth.login(make_user("rso_analyst", None))
    rows = profile_rows(client.get(f"/reports/{middle.id}/results.xlsx"))
    assert rows[2] == ["Part", "Section", "Row", "2022 (Validated)", "2024 (Validated)", "Trend"]


# --------------------------------------------------------------------------- the API


def _schema_check(client, path: str, response) -> list[str]:
    import copy

    from jsonschema import Draft202012Validator

    from tests.test_api import _json_schema

    document = client.get("/api/v1/openapi.json").get_json()
    defs = _json_schema(copy.deepcopy(document["components"]["schemas"]))
    spec = document["paths"][path]["get"]["responses"][str(response.status_code)]
    schema = {**_json_schema(spec["content"]["application/json"]["schema"]), "$defs": defs}
    return [e.message for e in Draft202012Validator(schema).iter_errors(response.get_json())]


def token_for(db, user) -> dict[str, str]:
    from assessment.audit import Actor
    from assessment.profile.operations import create_token

    _row, token = create_token(user, "tests", Actor(user))
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_the_api_gives_a_members_figures_by_cycle_as_the_pages_do(client, db, make_user, make_assessment,
                                                                   capacity_cycles):  # noqa: F811
    middle, draft = history(make_assessment)
    focal = token_for(db, make_user("focal_point", "XA"))
    response = client.get(f"/api/v1/assessments/{draft.id}/capacity", headers=focal)
    assert response.status_code == 200
    assert _schema_check(client, "/assessments/{id}/capacity", response) == []
    body = response.get_json()
    assert [(c["cycle"], c["status"], c["year"]) for c in body["cycles"]] == [
        ("2022", "validated", 2021), ("2024", "validated", 2023), ("2026", "draft", 2025)]
    rows = {r["id"]: r for r in body["practice"]}
    assert [c["value"] for c in rows["cap_tip_prosecutions"]["cells"]] == [3, 5, 4]
    assert rows["cap_tip_prosecutions"]["trend"] == "down"
    assert [c["state"] for c in rows["cap_assets_confiscated"]["cells"]] == ["not_collected", "reported", "reported"]
    assert [c["question"] for c in body["checks"]] == ["cap_tip_convictions"]
    # the same rules as the pages: another member 404, the RSO not the draft, but the 2024 results up to 2024
    assert client.get(f"/api/v1/assessments/{draft.id}/capacity",
                      headers=token_for(db, make_user("focal_point", "XB"))).status_code == 404
    rso = token_for(db, make_user("rso_analyst", None))
    assert client.get(f"/api/v1/assessments/{draft.id}/capacity", headers=rso).status_code == 404
    body = client.get(f"/api/v1/assessments/{middle.id}/capacity", headers=rso).get_json()
    assert [c["cycle"] for c in body["cycles"]] == ["2022", "2024"]


def test_the_api_gives_figures_across_sharing_members_and_the_rso_its_training_list(client, db, make_user,
                                                                                    make_assessment,
                                                                                    capacity_cycles):  # noqa: F811
    region(make_assessment)
    rso = token_for(db, make_user("rso_analyst", None))
    response = client.get("/api/v1/capacity?cycle=2026", headers=rso)
    assert response.status_code == 200
    assert _schema_check(client, "/capacity", response) == []
    body = response.get_json()
    sent = next(f for f in body["figures"] if f["id"] == "cap_ext_sent")
    assert [(s["scope"], s["reporting"], s["total"], s["median"]) for s in sent["scopes"]] == [
        ("All sharing members", 5, 10, 2), ("Pacific", 4, None, None), ("South Asia", 1, None, None)]
    assert [(p["member"], p["figure"], [c["value"] for c in p["figures"]]) for p in body["practice"]] == [
        ("XA", "cap_ext_sent", [0, 0])]
    member = client.get("/api/v1/capacity?cycle=2026", headers=token_for(db, make_user("focal_point", "XA")))
    assert member.status_code == 200
    assert member.get_json()["practice"] is None
    assert member.get_json()["figures"] == body["figures"]
    assert client.get("/api/v1/capacity?cycle=2026",
                      headers=token_for(db, make_user("focal_point", "XF"))).status_code == 403


# --------------------------------------------------------------------------- the offline workbook


def test_figures_from_the_offline_workbook_are_previewed_with_their_checks_and_applied(client, auth, make_user,
                                                                                       make_assessment,
                                                                                       capacity_cycles):  # noqa: F811
    from exports.offline import ANSWER
    from tests.excel_helpers import fill
    from tests.test_reports import signed_plan, upload

    draft = taken(make_assessment, "XA", "2026", figures(year=2025), status="draft")
    auth.login(make_user("focal_point", "XA"))
    data = client.get(f"/reports/{draft.id}/offline.xlsx").data
    filled = fill(data, {"cap_ext_received": {ANSWER: 3}, "cap_ext_executed": {ANSWER: 5},
                         "cap_assets_returned": {ANSWER: "Not collected"}})
    preview = upload(client, draft.id, filled)
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    text = text_of(preview)
    assert "3 answers would change" in text
    assert "Figures to check" in text
    assert "Extradition requests executed (5) is more than extradition requests received (3) in 2025" in text
    client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": signed_plan(html)})
    stored = dict(_db.session.execute(select(Answer.question_id, Answer.value)
                                      .where(Answer.assessment_id == draft.id,
                                             Answer.question_id.in_(["cap_ext_received", "cap_ext_executed",
                                                                     "cap_assets_returned"]))).all())
    assert stored == {"cap_ext_received": 3, "cap_ext_executed": 5, "cap_assets_returned": "not_collected"}


def test_the_overview_says_who_can_best_answer_each_capacity_section(client, auth, make_user, make_assessment,
                                                                     capacity_cycles):  # noqa: F811
    draft = taken(make_assessment, "XA", "2026", {}, status="draft")
    auth.login(make_user("focal_point", "XA"))
    html = client.get(f"/assessments/{draft.id}").get_data(as_text=True)
    row = re.search(r'<tr id="s-cap_cooperation">.*?</tr>', html, re.S).group(0)
    assert ("Who can best answer: Prosecutors, Police, Financial intelligence unit, Central authority"
            in " ".join(row.split()))
    law = re.search(r'<tr id="s-crim_tip_offence">.*?</tr>', html, re.S).group(0)
    assert "Who can best answer" not in law  # the law's questions name no audience


# --------------------------------------------------------------------------- the command line


def test_the_command_prints_figures_across_members_and_the_training_candidates(runner, make_assessment,
                                                                               capacity_cycles):  # noqa: F811
    import json

    from assessment.cli import main

    region(make_assessment)
    result = runner.invoke(main, ["capacity", "--cycle", "2026"])
    assert result.exit_code == 0, result.output
    assert "  extradition requests sent: 10, median 2 (5 of 5 report)" in result.output
    assert ("  Pacific · Member XA (XA): Extradition largely aligned, no extradition requests sent (0 in 2024, 0 in "
            "2026) → coop.inst.ext_unit") in result.output
    as_json = json.loads(runner.invoke(main, ["capacity", "--cycle", "2026", "--json"]).output)
    assert [p["member"] for p in as_json["practice"]] == ["XA"]
    member = json.loads(runner.invoke(main, ["capacity", "--cycle", "2026", "--member", "XB", "--json"]).output)
    assert member["cycles"] == ["2024", "2026"]
    assert member["figures"]["cap_ext_sent"] == [0, 3]
    assert runner.invoke(main, ["capacity", "--cycle", "2031"]).exit_code != 0
