"""Element pages as people use them: the list by module, an element's plain words, questions, resources and the
member's own state; the results page and the results workbook link each gap's elements to their pages, and the
TA plan lists the resources per item."""

from __future__ import annotations

import html
import io
import json
import re

from openpyxl import load_workbook

from assessment.cli import main
from questionnaires.loader import ELEMENTS_FILE
from questionnaires.resources import RESOURCES_FILE
from tests.region_support import answers as worked_answers

ELEMENTS = {e["id"]: e for e in json.loads(ELEMENTS_FILE.read_text(encoding="utf-8"))["elements"]}
RESOURCES = json.loads(RESOURCES_FILE.read_text(encoding="utf-8"))["resources"]


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _titles_serving(element_id: str) -> list[str]:
    return [r["title"]["en"] for r in RESOURCES for p in r["provisions"] if element_id in p["elements"]]


def test_the_list_shows_every_element_once_grouped_by_module(client, auth, make_user, make_assessment):
    make_assessment("XA")  # the sample questionnaire's cycle
    auth.login(make_user("focal_point", "XA"))
    response = client.get("/elements/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    linked = re.findall(r'<th scope="row"><a href="/elements/([A-Z][0-9]+)">', page)
    assert sorted(linked) == sorted(ELEMENTS)
    assert len(linked) == len(ELEMENTS) == 136
    headings = re.findall(r'<h2 id="module-\d+">([^<]+)</h2>', page)
    assert headings == ["Criminalisation", "Following the money", "International cooperation",
                        "Not tested by this questionnaire version"]
    criminalisation = page.split('<h2 id="module-1">')[1].split('<h2 id="module-2">')[0]
    # in catalogue order: the elements the Criminalisation module's questions test
    assert re.findall(r'href="/elements/([A-Z][0-9]+)"', criminalisation) == ["P2", "A1", "A6", "A11", "A12",
                                                                              "B2", "B14", "H4"]
    row = re.search(r'href="/elements/C5">.*?</tr>', page, flags=re.S).group(0)
    assert "Mandatory" in row
    assert "(critical)" in row
    assert "FATF R.3" in row
    count = int(re.findall(r'<td class="num">(\d+)</td>', row)[-1])
    assert count == len(_titles_serving("C5"))


def test_an_element_page_says_what_the_law_must_do_and_where_to_read_more(client, auth, make_user,
                                                                           make_assessment):
    make_assessment("XA", answers={"tip_consent": {"value": "largely"}})
    auth.login(make_user("focal_point", "XA"))
    response = client.get("/elements/A6")
    assert response.status_code == 200
    text = _text(response)
    assert ELEMENTS["A6"]["description"]["en"] in text
    assert "Obligation level Mandatory" in text
    assert "Critical Yes" in text
    assert "Is the victim's consent irrelevant once improper means are shown? (Trafficking in persons; " \
           "tip_consent; Mandatory; critical)" in text
    positions = [text.index(title) for title in _titles_serving("A6")]
    assert positions == sorted(positions)
    assert len(positions) >= 3
    # the member's own state comes from its latest result: a draft, scored now
    assert "From the working answers, scored now (not submitted) for Test jurisdiction XA, cycle 2026" in text
    assert "Gap · element gap 25.0" in text
    assert "Is the victim's consent irrelevant once improper means are shown? : Largely in place" in text


def test_rso_staff_see_no_own_state_and_unknown_elements_are_404(client, auth, make_user, make_assessment):
    make_assessment("XA")
    assert "/auth/login" in client.get("/elements/A6").headers["Location"]
    auth.login(make_user("rso_analyst", None))
    text = _text(client.get("/elements/A6"))
    assert "Where your member stands" not in text
    assert "Regional examples" in text
    assert client.get("/elements/Z9").status_code == 404
    assert client.get("/elements/a6").status_code == 404


def _gap_answers() -> dict:
    return worked_answers("partially")


def test_the_results_page_links_each_gap_to_its_elements(client, auth, make_user, make_assessment):
    draft = make_assessment("XA", answers=_gap_answers())
    auth.login(make_user("focal_point", "XA"))
    page = client.get(f"/assessments/{draft.id}/results").get_data(as_text=True)
    ta = page.split("<h2>Technical assistance recommended</h2>")[1].split("<h2>By element</h2>")[0]
    consent_row = next(row for row in re.findall(r"<tr>.*?</tr>", ta, flags=re.S) if "#q-tip_consent" in row)
    assert re.findall(r'href="/elements/([A-Z0-9]+)"', consent_row) == ["A6"]
    why = page.split("<h2>By section, with why</h2>")[1].split("<h2>Technical assistance recommended</h2>")[0]
    assert re.search(r'#q-tip_consent" title="Question id: tip_consent">Question \d+\.\d+: Is the victim', why)
    assert '<a href="/elements/A6">A6</a>' in why
    by_element = page.split("<h2>By element</h2>")[1]
    assert '<a href="/elements/A6">A6: Consent of the victim irrelevant' in by_element


def test_the_results_workbook_links_elements_and_lists_resources_per_ta_item(client, auth, make_user,
                                                                             make_assessment):
    draft = make_assessment("XA", answers=_gap_answers())
    auth.login(make_user("focal_point", "XA"))
    response = client.get(f"/reports/{draft.id}/results.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    elements = workbook["Elements"]
    header = [c.value for c in elements[1]]
    assert header[-1] == "Element page"
    row = next(r for r in elements.iter_rows(min_row=2) if r[0].value == "A6")
    assert row[-1].value == "http://localhost/elements/A6"
    assert row[-1].hyperlink.target == "http://localhost/elements/A6"
    plan = workbook["TA plan"]
    header_row = next(i for i, r in enumerate(plan.iter_rows(values_only=True), start=1) if r[0] == "Rank")
    header = [c.value for c in plan[header_row]]
    assert header[-2:] == ["Elements", "Resources"]
    consent = next(r for r in plan.iter_rows(min_row=header_row + 1, values_only=True)
                   if "tip_consent" in (r[6] or ""))
    assert consent[-2] == "A6"
    listed = consent[-1].split("\n")
    assert listed[0] == ("Model Law against Trafficking in Persons (United Nations Office on Drugs and Crime "
                         "(UNODC), 2009), art. 8 (trafficking in persons)")
    assert any(line.startswith("Issue Paper: The role of \"consent\"") for line in listed)
    assert len(listed) <= 9


def test_a_workbook_made_on_the_command_line_links_to_the_configured_address(runner, app, make_assessment,
                                                                              tmp_path):
    make_assessment("XA", answers=_gap_answers())
    output = tmp_path / "results.xlsx"
    result = runner.invoke(main, ["export", "results", "--member", "XA", "--cycle", "2026", "-o", str(output)])
    assert result.exit_code == 0, result.output
    elements = load_workbook(output)["Elements"]
    row = next(r for r in elements.iter_rows(min_row=2) if r[0].value == "A11")
    assert row[-1].hyperlink.target == "http://testserver/elements/A11"


def _translated(language: str, key: str) -> str:
    from questionnaires.translations import catalogue

    entry = catalogue(language).strings[key]
    return entry.text


def test_an_indonesian_analyst_reads_an_element_and_its_section_in_indonesian(client, auth, make_user):
    auth.login(make_user("rso_analyst", None))
    assert client.post("/profile/language", data={"language": "id"}).status_code in (200, 302)
    page = _text(client.get("/elements/A7"))
    title = _translated("id", "element.A7.title")
    assert title == "Tidak diperlukan unsur cara apabila korban adalah anak"
    assert f"A7: {title}" in page
    assert _translated("id", "element_section.A.title") in page
    assert ELEMENTS["A7"]["title"]["en"] not in page
    description = _translated("id", "element.A7.description")
    assert description in page
    assert ELEMENTS["A7"]["description"]["en"] not in page
    assert "Not yet translated" not in page
    assert "Belum diterjemahkan" not in page
    # the resources that serve it are named in Indonesian too
    served = [r for r in RESOURCES if any("A7" in p["elements"] for p in r["provisions"])]
    assert served
    for resource in served:
        assert _translated("id", f"resource.{resource['id']}.title") in page
    # the list names every element in Indonesian
    listing = _text(client.get("/elements/"))
    assert "D10: Perampasan tanpa pemidanaan" in listing
    assert "Confiscation without a criminal conviction" not in listing


def test_an_element_whose_description_has_no_translation_says_it_is_shown_in_english(
        client, auth, make_user, tmp_path, monkeypatch):
    import shutil

    from questionnaires import translations

    target = tmp_path / "translations"
    shutil.copytree(translations.DEFAULT_DIR, target)
    document = json.loads((target / "th.json").read_text(encoding="utf-8"))
    document["strings"].pop("element.E6.description", None)
    (target / "th.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_TRANSLATIONS_DIR", str(target))
    auth.login(make_user("rso_analyst", None))
    assert client.post("/profile/language", data={"language": "th"}).status_code in (200, 302)
    raw = client.get("/elements/E6").get_data(as_text=True)
    page = _text(client.get("/elements/E6"))
    assert "การจับกุมชั่วคราวระหว่างรอการส่งผู้ร้ายข้ามแดน" in page
    assert ELEMENTS["E6"]["description"]["en"] in page
    assert 'class="untranslated"' in raw
