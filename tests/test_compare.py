"""Regional pages for RSO staff: who may use them, what they show, which stored result stands for an
assessment, and the comparison workbook."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from assessment.cli import main
from assessment.models import Snapshot, SnapshotSummary
from assessment.responses import operations
from tests.region_support import MEMBER_ACTOR, RSO_ACTOR, answers, assessed

RSO_PAGES = ["/region/", "/region/elements", "/region/ta", "/region/members/XA", "/region/side-by-side",
             "/region/export.xlsx", "/region/matrix.csv"]


@pytest.fixture
def analyst(make_user):
    return make_user("rso_analyst", None)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _gap_of(db, assessment, number=None) -> float:
    db.session.expire_all()
    snapshots = db.session.scalars(select(Snapshot).where(Snapshot.assessment_id == assessment.id)
                                   .order_by(Snapshot.number)).all()
    chosen = snapshots[-1] if number is None else next(s for s in snapshots if s.number == number)
    return chosen.result["overall"]["gap"]


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("role", ["focal_point", "contributor"])
def test_members_get_403_on_every_rso_page(client, auth, make_user, make_assessment, role):
    assessed(make_assessment, "XA")
    auth.login(make_user(role, "XA"))
    for url in RSO_PAGES:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/region/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["rso_analyst", "admin"])
def test_rso_staff_and_admins_use_every_page(client, auth, make_user, make_assessment, role):
    assessed(make_assessment, "XA")
    assessed(make_assessment, "XB")
    auth.login(make_user(role, None))
    for url in [*RSO_PAGES, "/region/side-by-side?member=XA&member=XB"]:
        assert client.get(url).status_code == 200, url


# --------------------------------------------------------------------------- overview


def test_overview_shows_numbers_bands_provisional_and_completeness(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    partial = {qid: {} for qid in ("tip_acts", "tip_cross_border", "tip_penalty", "som_fomb", "ml_conduct",
                                   "ml_predicates", "jur_nationals", "ext_nationals", "mla_days")}
    assessed(make_assessment, "XB", name="Belmora", **partial)
    auth.login(analyst)
    html = client.get("/region/").get_data(as_text=True)
    text = _text(client.get("/region/"))
    assert "Aldmere" in text
    assert "Belmora" in text
    assert re.search(r'class="cell band-partly_aligned"><span class="n">\d+\.\d</span><span class="w">Partly', html)
    assert "provisional" in text  # Belmora answered too little
    assert re.search(r"\d+ %", text)  # completeness in every cell
    assert "1 critical" in text  # Aldmere's critical gap on consent
    assert "<th scope=\"col\"" in html
    assert "<caption" in html


def test_validated_by_default_submitted_on_request_drafts_never(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Validia")
    assessed(make_assessment, "XB", name="Submittia", status="submitted")
    assessed(make_assessment, "XC", name="Draftia", status="draft")
    assessed(make_assessment, "XD", name="Returnia", status="changes_requested")
    auth.login(analyst)
    default = _text(client.get("/region/"))
    assert "Validia" in default
    assert "Submittia" not in default
    assert "Draftia" not in default
    assert "1 draft" in default  # counted, never shown
    both = _text(client.get("/region/?status=validated&status=submitted"))
    assert "Validia" in both
    assert "Submittia" in both
    assert "Draftia" not in both
    assert "Returnia" not in both
    only_submitted = _text(client.get("/region/?status=submitted&status=draft"))
    assert "Submittia" in only_submitted
    assert "Validia" not in only_submitted
    assert "Draftia" not in only_submitted


def test_sorting_by_gap_for_rso_staff_alphabetical_otherwise(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Alpha", consent="in_place")
    assessed(make_assessment, "XB", name="Beta", consent="not_in_place")
    assessed(make_assessment, "XC", name="Gamma", consent="partially")
    auth.login(analyst)

    def order(url):
        html = client.get(url).get_data(as_text=True)
        return [n for n in re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a>', html)]

    assert order("/region/") == ["Alpha", "Beta", "Gamma"]
    assert order("/region/?sort=gap") == ["Beta", "Gamma", "Alpha"]


def test_module_and_sub_region_filters(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", sub_region="Pacific")
    assessed(make_assessment, "XB", name="Belmora", sub_region="South Asia")
    auth.login(analyst)
    text = _text(client.get("/region/?sub_region=South+Asia"))
    assert "Belmora" in text
    assert "Aldmere" not in text
    html = client.get("/region/?module=money").get_data(as_text=True)
    assert "Money laundering" in html or "laundering" in html.lower()
    assert "Trafficking in persons</span>" not in html


def test_reopened_assessment_keeps_showing_its_validated_snapshot(client, auth, analyst, db, make_assessment):
    first = assessed(make_assessment, "XA", name="Aldmere", status="reopened", consent="in_place")
    validated_gap = _gap_of(db, first)
    # the member worsens an answer and submits again: the validated figure stays until the RSO validates anew
    operations.save_answer(first, operations.questionnaire_of(first).question("tip_consent"),
                           {"value": "not_in_place"}, 1, MEMBER_ACTOR)
    operations.submit(first, MEMBER_ACTOR)
    db.session.commit()
    resubmitted_gap = _gap_of(db, first)
    assert resubmitted_gap != validated_gap
    auth.login(analyst)
    default = client.get("/region/").get_data(as_text=True)
    assert f'<span class="n">{validated_gap:.1f}</span>' in default
    assert "Reopened" in default or "Submitted" not in _text(client.get("/region/"))
    both = client.get("/region/?status=validated&status=submitted").get_data(as_text=True)
    assert f'<span class="n">{resubmitted_gap:.1f}</span>' in both


def test_matrix_scores_pick_the_same_results_as_the_full_load(app, db, make_assessment):
    """The overview's light load (plain rows, no snapshot dates) stands for each assessment with the result the full
    load picks, says the same members are reopened and leaves out the same assessments."""
    from assessment.compare.loading import MATRIX_PARTS, load_region, load_scores

    assessed(make_assessment, "XA", name="Aldmere")
    assessed(make_assessment, "XB", name="Belmora", status="submitted")
    assessed(make_assessment, "XC", name="Carradine", status="reopened")
    resubmitted = assessed(make_assessment, "XD", name="Dunmore", status="reopened")
    operations.submit(resubmitted, MEMBER_ACTOR)
    assessed(make_assessment, "XE", name="Eastwick", status="draft")
    assessed(make_assessment, "XF", name="Fairholm", status="changes_requested")
    db.session.commit()
    found, same = {}, {}
    for statuses in (("validated",), ("submitted",), ("validated", "submitted")):
        full = load_region(cycle_ids=None, statuses=statuses, parts=MATRIX_PARTS)
        light = load_scores(cycle_ids=None, statuses=statuses)
        found[statuses] = ([(e.member, e.status) for e in light.entries], sorted(light.reopened), dict(light.left_out))
        same[statuses] = (light.entries == full.entries, light.left_out == full.left_out,
                          light.reopened == {item.member.code for item in full.loaded if item.reopened})
    assert found == {
        ("validated",): ([("XA", "validated"), ("XC", "validated"), ("XD", "validated")], ["XC", "XD"],
                         {"submitted": 1, "draft": 1, "changes_requested": 1}),
        ("submitted",): ([("XB", "submitted"), ("XD", "submitted")], [],
                         {"validated": 1, "changes_requested": 2, "draft": 1}),
        ("validated", "submitted"): ([("XA", "validated"), ("XB", "submitted"), ("XC", "validated"),
                                      ("XD", "submitted")], ["XC"], {"draft": 1, "changes_requested": 1}),
    }
    assert same == dict.fromkeys(found, (True, True, True))


def test_numbers_are_the_stored_ones_never_recomputed(client, auth, analyst, db, make_assessment):
    assessment = assessed(make_assessment, "XA", name="Aldmere")
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == assessment.id))
    stored = db.session.get(SnapshotSummary, snapshot.id)
    stored.scores = {**stored.scores, "overall": {**stored.scores["overall"], "gap": 12.3}}
    db.session.commit()
    auth.login(analyst)
    assert '<span class="n">12.3</span>' in client.get("/region/").get_data(as_text=True)


# --------------------------------------------------------------------------- other pages


def test_elements_page_lists_critical_elements_first_with_other_states_apart(client, auth, analyst,
                                                                            make_assessment):
    assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    assessed(make_assessment, "XB", name="Belmora", consent="not_in_place")
    assessed(make_assessment, "XC", name="Carradine", consent="in_place")
    auth.login(analyst)
    html = client.get("/region/elements").get_data(as_text=True)
    # summary first, then the table with critical elements first
    assert html.index("In short") < html.index("All elements")
    rows = re.findall(r'<th scope="row"><span title="Element ([A-Z0-9]+)">.*?</th>', html)
    critical = [bool(re.search(rf'title="Element {e}">[^<]*</span> <span class="critical">', html)) for e in rows]
    assert critical == sorted(critical, reverse=True)
    row = re.search(r'title="Element A6">[^<]*</span> <span class="critical">\(critical\)</span></th>\s*'
                    r'<td class="num">(\d+) of (\d+)</td>', html)
    assert row.groups() == ("2", "3")
    # the members with a gap are one click away, not inlined in every row
    assert "Aldmere, Belmora" not in html
    listed = client.get("/region/elements?element=A6").get_data(as_text=True)
    assert "Members with a gap:" in listed
    assert "Aldmere, Belmora" in listed
    only_other = client.get("/region/elements?kind=other").get_data(as_text=True)
    assert 'title="Element A6"' not in only_other[only_other.index('<h2>All elements</h2>'):]
    # one area of the catalogue (B: migrant smuggling) at a time
    area = client.get("/region/elements?area=B").get_data(as_text=True)
    area = area[area.index('<table class="elements">'):]
    shown = re.findall(r'<th scope="row"><span title="Element ([A-Z0-9]+)">', area)
    assert shown
    assert {e[0] for e in shown} == {"B"}


def test_ta_page_shows_demand_with_members_and_training_candidates(client, auth, analyst, make_assessment):
    for code, name in (("XA", "Aldmere"), ("XB", "Belmora"), ("XC", "Carradine")):
        assessed(make_assessment, code, name=name, consent="not_in_place")
    auth.login(analyst)
    page = client.get("/region/ta").get_data(as_text=True)
    text = _text(client.get("/region/ta"))
    assert "Regional training candidates" in text
    assert "No item is needed by" not in text  # three Pacific members share needs
    # the members behind an item are one click away
    item = re.search(r'href="/region/ta\?[^"]*item=([^"&#]+)', page).group(1)
    assert "Aldmere, Belmora, Carradine" in _text(client.get(f"/region/ta?item={item}"))
    for group in ("audience", "sub_region"):
        assert client.get(f"/region/ta?group={group}").status_code == 200


def test_member_profile_shows_status_facts_and_trend_with_version_change(client, auth, analyst, db,
                                                                        make_assessment, make_cycle):
    make_cycle("2024")
    old = assessed(make_assessment, "XA", cycle="2024", name="Aldmere", consent="not_in_place")
    snapshot = db.session.scalar(select(Snapshot).where(Snapshot.assessment_id == old.id))
    snapshot.scoring_version = "0.9"
    stored = db.session.get(SnapshotSummary, snapshot.id)
    stored.scores = {**stored.scores, "scoring_version": "0.9"}
    db.session.commit()
    assessed(make_assessment, "XA", cycle="2026", name="Aldmere", consent="in_place")
    auth.login(analyst)
    html = client.get("/region/members/XA?cycle=2026").get_data(as_text=True)
    text = _text(client.get("/region/members/XA?cycle=2026"))
    assert "Validated" in text
    assert "Profile facts" in text
    assert "UN Convention against Transnational Organized Crime" in text or "UNTOC" in text
    assert "<svg" in html
    assert "<polyline" in html
    assert "scoring 1.0" in html  # the change of scoring version is marked
    assert "(changed: scoring)" in text
    assert 'style="' not in html  # the CSP forbids inline styles
    assert client.get("/region/members/NOPE").status_code == 404


def test_side_by_side_takes_two_to_six_members(client, auth, analyst, make_assessment):
    for code in ("XA", "XB", "XC"):
        assessed(make_assessment, code, name=f"Member {code}")
    auth.login(analyst)
    one = _text(client.get("/region/side-by-side?member=XA"))
    assert "Choose between 2 and 6 members" in one
    seven = "&".join(f"member={c}" for c in ("XA", "XB", "XC", "XD", "XE", "XF", "XG"))
    assert "Choose between 2 and 6" in _text(client.get(f"/region/side-by-side?{seven}"))
    page = client.get("/region/side-by-side?member=XB&member=XA")
    text = _text(page)
    assert "Elements and answers" in text
    assert "Covers:" in text  # element-level answers in words
    html = page.get_data(as_text=True)
    assert html.index(">Member XB<") < html.index(">Member XA<")  # the order asked for


def test_side_by_side_says_which_member_codes_were_not_found_and_shows_the_others(client, auth, analyst,
                                                                                 make_assessment):
    for code in ("XA", "XB"):
        assessed(make_assessment, code, name=f"Member {code}")
    auth.login(analyst)
    page = client.get("/region/side-by-side?member=XA&member=ZZ9&member=XB&member=%3Cb%3Ebad%3C%2Fb%3E")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "No member has the codes ZZ9, &lt;b&gt;bad&lt;/b&gt;: the other members are shown." in html
    assert "<b>bad</b>" not in html
    assert ">Member XA<" in html
    assert ">Member XB<" in html
    assert "Elements and answers" in html
    alone = _text(client.get("/region/side-by-side?member=ZZ9&member=QQ"))
    assert "No member has the codes ZZ9, QQ." in alone
    many = "&".join(f"member=Q{n}" for n in range(12))
    assert "No member has the codes Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9 and 2 more." in _text(
        client.get(f"/region/side-by-side?{many}"))


def test_side_by_side_puts_each_modules_sections_under_it_after_the_overall_row(client, auth, analyst,
                                                                               make_assessment):
    for code in ("XA", "XB"):
        assessed(make_assessment, code, name=f"Member {code}")
    auth.login(analyst)
    html = client.get("/region/side-by-side?member=XA&member=XB").get_data(as_text=True)
    table = html[:html.index("Elements and answers")]
    rows = re.findall(r'<tr(?: class="module-row")?><th scope="row"(?: class="indent")?>([^<]+)</th>', table)
    assert rows == ["Overall", "Criminalisation", "Trafficking in persons", "Smuggling of migrants",
                    "Following the money", "Money laundering", "International cooperation", "Extradition"]
    assert '<th scope="row" class="indent">Money laundering</th>' in table
    assert '<tr class="module-row"><th scope="row">Overall</th>' in table


def test_sorted_module_view_says_it_is_ordered_by_the_module_gap(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Alpha")
    assessed(make_assessment, "XB", name="Beta")
    auth.login(analyst)
    assert "largest overall gap first" in _text(client.get("/region/?sort=gap"))
    module = _text(client.get("/region/?sort=gap&module=money"))
    assert "largest module gap first" in module
    assert "largest overall gap first" not in module


@pytest.mark.parametrize(("status", "hint"), [("submitted", True), ("draft", False), ("changes_requested", False)])
def test_profile_suggests_ticking_submitted_only_for_a_submission(client, auth, analyst, make_assessment, status,
                                                                  hint):
    assessed(make_assessment, "XA", status=status)
    auth.login(analyst)
    text = _text(client.get("/region/members/XA"))
    assert "No validated results for this cycle" in text
    assert ("to include submissions not validated yet" in text) is hint


# --------------------------------------------------------------------------- exports


def test_workbook_and_csv_keep_formula_like_text_as_text(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="=HYPERLINK(\"http://x\")")
    assessed(make_assessment, "XB", name="Belmora")
    auth.login(analyst)
    response = client.get("/region/export.xlsx")
    assert response.headers["Content-Disposition"].endswith("comparison-2026-validated.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Matrix", "Bands", "Elements", "TA demand", "Chart", "Methodology",
                                   "Not included"]
    matrix = workbook["Matrix"]
    names = [matrix.cell(row=r, column=1) for r in range(5, 7)]  # below title, note, modules and header
    assert names[0].value == "=HYPERLINK(\"http://x\")"
    assert names[0].data_type == "s"
    assert isinstance(matrix.cell(row=5, column=5).value, float)  # numbers are numbers
    assert matrix.conditional_formatting
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:  # the chart is a part of the file
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())
    body = client.get("/region/matrix.csv").data
    assert body.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark, so that Excel reads accents right
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Member", "Code", "Sub-region", "Results", "Overall core gap"]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_a_blank_section_gives_the_members_own_reason_for_not_applicable(client, auth, analyst, make_assessment, db):
    """A landlocked member answers the sea-smuggling question "not applicable" with its reason and has not
    answered the smuggling offence yet: the blank cell says both, in the member's words."""
    assessed(make_assessment, "XA", name="Aldmere")
    landlocked = answers()
    del landlocked["som_fomb"]
    landlocked["has_sea_border"] = {"value": True}
    landlocked["som_sea_authority"] = {"not_applicable": True,
                                       "justification": "Landlocked: no sea-going vessel can reach the member."}
    belmora = make_assessment("XB", answers=landlocked)
    belmora.member.name = "Belmora"
    operations.submit(belmora, MEMBER_ACTOR)
    operations.validate(belmora, RSO_ACTOR)
    db.session.commit()
    auth.login(analyst)
    book = load_workbook(io.BytesIO(client.get("/region/export.xlsx").data))
    for sheet in ("Matrix", "Bands"):
        rows = [[c.value for c in row] for row in book[sheet].iter_rows()]
        header = next(r for r in rows if r[0] == "Member")
        by_code = {r[1]: r for r in rows[rows.index(header) + 1:] if r[1]}
        smuggling = header.index("Smuggling of migrants")
        assert by_code["XB"][smuggling] == ("not answered yet; not applicable: Landlocked: no sea-going vessel can "
                                            "reach the member.")
        assert by_code["XA"][smuggling] not in (None, "")
        assert "not applicable" not in str(by_code["XA"][smuggling])


def test_export_command_writes_the_workbook(runner, make_assessment, tmp_path):
    assessed(make_assessment, "XA")
    target = tmp_path / "cmp.xlsx"
    result = runner.invoke(main, ["export", "compare", "--cycle", "2026", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "1 member," in result.output
    assert load_workbook(target)["Matrix"].cell(row=5, column=2).value == "XA"
    result = runner.invoke(main, ["export", "compare", "--cycle", "1999", "-o", str(target)])
    assert result.exit_code == 1
    assert "no cycle has the code '1999'" in result.output


def _column_dimension(ws, column: int):
    """The column dimension that covers ``column`` (openpyxl reads neighbouring equal columns as one)."""
    return next(d for d in ws.column_dimensions.values() if d.min and d.min <= column <= d.max)


def test_workbook_lays_out_methodology_chart_and_elements_for_print(client, auth, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Amberhold")
    assessed(make_assessment, "XB", name="Belmora", consent="not_in_place")
    auth.login(analyst)
    workbook = load_workbook(io.BytesIO(client.get("/region/export.xlsx").data))

    # Methodology: wrapped paragraphs in rows as tall as their text, fitted to the page width
    ws = workbook["Methodology"]
    width = ws.column_dimensions["A"].width
    paragraphs = [row for row in range(3, ws.max_row + 1) if ws.cell(row=row, column=1).value]
    assert len(paragraphs) >= 7
    for row in paragraphs:
        target = ws.cell(row=row, column=1)
        assert target.alignment.wrap_text, row
        if len(target.value) > width:
            assert ws.row_dimensions[row].height >= 2 * 15, (row, target.value)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    # provenance: the questionnaire version behind the results and its review status
    provenance = [ws.cell(row=row, column=1).value for row in paragraphs
                  if ws.cell(row=row, column=1).value.startswith("Questionnaire:")]
    assert len(provenance) == 1
    assert "(sample), version 1. Review status: Not reviewed" in provenance[0]

    # Chart: landscape, the table and the chart on one page
    ws = workbook["Chart"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)

    # Elements: member states sit at the top of their rows, like the counts beside them
    ws = workbook["Elements"]
    header = next(r for r in range(1, 6) if ws.cell(row=r, column=1).value == "Element")
    members = [c for c in range(12, ws.max_column + 1) if ws.cell(row=header, column=c).value]
    assert [ws.cell(row=header, column=c).value for c in members] == ["Amberhold (XA)", "Belmora (XB)"]
    assert ws.cell(row=header + 1, column=4).alignment.vertical == "top"
    for column in members:
        target = ws.cell(row=header + 1, column=column)
        assert target.value in ("Gap", "Met", "Unknown")
        vertical = target.alignment.vertical if target.has_style else _column_dimension(ws, column).alignment.vertical
        assert vertical == "top", column


def _a6(client, url="/region/elements?element=A6") -> tuple[str, str]:
    """The A6 row's "n of m" and the members listed with a gap in it."""
    html = client.get(url).get_data(as_text=True)
    row = re.search(r'title="Element A6">[^<]*</span> <span class="critical">\(critical\)</span></th>\s*'
                    r'<td class="num">(\d+ of \d+)</td>', html)
    listed = re.search(r'<h2 id="chosen-title">.*?</h2>\s*<p>(.*?)</p>', html, re.S)
    return row.group(1), listed.group(1).strip() if listed else ""


def test_figures_across_members_follow_each_change_of_the_results_behind_them(client, auth, analyst, db,
                                                                              make_assessment):
    """The elements figures are worked out once per set of results: every change of which results stand, of
    their status or of a member's name must show on the next page, never the figures of before."""
    from assessment.models import Answer, Member
    from tests.scoring_helpers import SAMPLE

    a = assessed(make_assessment, "XA", name="Aldmere", consent="not_in_place")
    assessed(make_assessment, "XB", name="Belmora", consent="in_place")
    b_submitted = assessed(make_assessment, "XC", name="Carradine", consent="not_in_place", status="submitted")
    auth.login(analyst)
    seen = [_a6(client)]
    # submitted results on request: Carradine's submission counts
    seen.append(_a6(client, "/region/elements?element=A6&status=validated&status=submitted"))
    # validating it makes it count by default
    operations.validate(b_submitted, RSO_ACTOR)
    db.session.commit()
    seen.append(_a6(client))
    # a member renamed is named anew in the lists
    db.session.get(Member, a.member_id).name = "Aldmere-Sur"
    db.session.commit()
    seen.append(_a6(client))
    # reopened and resubmitted with the law in place: the validated results still stand until validated again
    operations.reopen(a, RSO_ACTOR, "A new law was passed.")
    row = db.session.get(Answer, (a.id, "tip_consent"))
    operations.save_answer(a, SAMPLE.question("tip_consent"), answers()["tip_consent"], row.version, MEMBER_ACTOR)
    operations.submit(a, MEMBER_ACTOR)
    db.session.commit()
    seen.append(_a6(client))
    operations.validate(a, RSO_ACTOR)
    db.session.commit()
    seen.append(_a6(client))
    assert seen == [
        ("1 of 2", "Aldmere"),
        ("2 of 3", "Aldmere, Carradine"),
        ("2 of 3", "Aldmere, Carradine"),
        ("2 of 3", "Aldmere-Sur, Carradine"),
        ("2 of 3", "Aldmere-Sur, Carradine"),
        ("1 of 3", "Carradine"),
    ]


def test_the_overview_follows_a_validation_and_a_rename(client, auth, analyst, db, make_assessment):
    """The matrix is worked out once per set of results: a member validated, or renamed, shows on the next page."""
    from assessment.models import Member

    assessed(make_assessment, "XA", name="Aldmere")
    waiting = assessed(make_assessment, "XB", name="Belmora", status="submitted")
    auth.login(analyst)

    def members() -> list[str]:
        page = client.get("/region/").get_data(as_text=True)
        return re.findall(r'<th scope="row"><a href="/region/members/X[A-Z][^"]*">([^<]+)</a>', page)

    seen = [members()]
    operations.validate(waiting, RSO_ACTOR)
    db.session.commit()
    seen.append(members())
    db.session.get(Member, waiting.member_id).name = "Belmora Isles"
    db.session.commit()
    seen.append(members())
    assert seen == [["Aldmere"], ["Aldmere", "Belmora"], ["Aldmere", "Belmora Isles"]]
