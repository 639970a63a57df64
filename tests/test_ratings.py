"""Published mutual-evaluation ratings recorded by RSO staff: the page on the member's profile (record, change,
remove; refused input changes nothing and says what and where) and ``assessment mer import FILE.csv``
(preview, then --apply; problems by line and column)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from assessment.cli import main
from assessment.extensions import db as _db
from assessment.models import AuditEvent, MutualEvaluationRating
from tests.factories import fictional_member, session_for

TITLE = "Anti-money laundering and counter-terrorist financing measures – Mutual Evaluation Report"


def _ratings(code: str = "XB") -> list[tuple[str, str, str, str]]:
    _db.session.expire_all()
    rows = _db.session.scalars(select(MutualEvaluationRating).join(MutualEvaluationRating.member)
                               .order_by(MutualEvaluationRating.id))
    return [(r.recommendation, r.rating, r.report_title, r.report_date.isoformat()) for r in rows
            if r.member.code == code]


@pytest.fixture
def analyst(db, make_user, auth):
    fictional_member("XB")
    _db.session.commit()
    user = make_user("rso_analyst", None)
    auth.login(user)
    return user


def _text(response) -> str:
    return unescape(" ".join(response.get_data(as_text=True).split()))


FORM = {"recommendation": "R.38", "rating": "PC", "report_title": TITLE, "report_date": "2023-09-14",
        "link": "https://www.apgml.org/includes/handlers/get-document.ashx?d=example", "base_version": "0"}


def test_an_analyst_records_a_rating_and_the_page_lists_it_as_the_latest(client, analyst):
    response = client.post("/ratings/XB", data=FORM)
    assert response.status_code == 302
    assert _ratings() == [("R.38", "PC", TITLE, "2023-09-14")]
    older = {**FORM, "rating": "NC", "report_date": "2017-10-02"}
    assert client.post("/ratings/XB", data=older).status_code == 302
    page = _text(client.get("/ratings/XB"))
    # the later report comes first and is marked as the one set beside the results
    assert page.index("2023-09-14") < page.index("2017-10-02")
    assert 'R.38 <span class="badge">latest</span></th> <td>PC <span class="small muted">(Partially compliant)' in page
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "rating.add")).all()
    assert [e.new["rating"] for e in events] == ["PC", "NC"]
    assert {e.actor_label for e in events} == {analyst.email}


@pytest.mark.parametrize(("field", "value", "words"), [
    ("report_date", "14/09/2023", "“14/09/2023” is not a date: give the report's date as YYYY-MM-DD."),
    ("report_date", "2099-01-01", "The report's date 2099-01-01 is in the future."),
    ("report_title", "   ", "The report's title is missing."),
    ("link", "javascript:alert(1)", "The link must be an http or https address"),
])
def test_a_value_that_cannot_be_recorded_is_named_beside_its_field_and_nothing_is_stored(client, analyst, field,
                                                                                       value, words):
    response = client.post("/ratings/XB", data={**FORM, field: value})
    assert response.status_code == 422
    assert words in _text(response)
    assert f'id="{field}-error-1"' in response.get_data(as_text=True)
    assert _ratings() == []


def test_a_tampered_choice_is_refused(client, analyst):
    assert client.post("/ratings/XB", data={**FORM, "rating": "A+"}).status_code == 400
    assert client.post("/ratings/XB", data={**FORM, "recommendation": "R.41"}).status_code == 400
    assert _ratings() == []


def test_the_same_report_twice_is_refused_with_what_to_do(client, analyst):
    client.post("/ratings/XB", data=FORM)
    again = client.post("/ratings/XB", data={**FORM, "rating": "LC"})
    assert again.status_code == 422
    assert "already recorded for Test jurisdiction XB; change it instead." in _text(again)
    assert _ratings() == [("R.38", "PC", TITLE, "2023-09-14")]


def test_a_change_made_on_a_stale_page_is_refused_and_keeps_the_typed_values(client, analyst):
    client.post("/ratings/XB", data=FORM)
    row = _db.session.scalar(select(MutualEvaluationRating))
    client.post(f"/ratings/XB/{row.id}", data={**FORM, "rating": "LC", "base_version": "1"})
    stale = client.post(f"/ratings/XB/{row.id}", data={**FORM, "rating": "C", "base_version": "1"})
    assert stale.status_code == 409
    assert "Someone changed this rating since you opened the page (it now reads LC for R.38)" in _text(stale)
    assert '<option selected value="C">' in stale.get_data(as_text=True)
    assert _ratings() == [("R.38", "LC", TITLE, "2023-09-14")]


def test_another_members_rating_cannot_be_changed_or_removed_through_this_member(client, analyst):
    client.post("/ratings/XB", data=FORM)
    row = _db.session.scalar(select(MutualEvaluationRating))
    fictional_member("XC")
    _db.session.commit()
    changed = client.post(f"/ratings/XC/{row.id}", data={**FORM, "rating": "C", "base_version": "1"})
    removed = client.post(f"/ratings/XC/{row.id}/remove", data={"base_version": "1"})
    assert (changed.status_code, removed.status_code) == (422, 422)
    assert "There is no such rating recorded for Test jurisdiction XC; nothing was changed." in _text(removed)
    assert _ratings() == [("R.38", "PC", TITLE, "2023-09-14")]
    assert client.post(f"/ratings/XB/{row.id}/remove", data={"base_version": "1"}).status_code == 302
    assert _ratings() == []


def test_only_rso_staff_and_administrators_reach_the_page(client, auth, make_user, analyst):
    assert client.get("/ratings/XB").status_code == 200
    auth.logout()
    auth.login(make_user("admin", None))
    assert client.get("/ratings/XB").status_code == 200
    auth.logout()
    auth.login(make_user("focal_point", "XB"))
    assert client.get("/ratings/XB").status_code == 403
    assert client.post("/ratings/XB", data=FORM).status_code == 403
    assert client.get("/ratings/ZZ").status_code == 403
    assert _ratings() == []


def test_without_the_security_token_nothing_is_recorded(make_app, make_user, db):
    fictional_member("XB")
    _db.session.commit()
    user = make_user("rso_analyst", None)
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_for(user))  # signed in, without the token the form would carry
    assert client.post("/ratings/XB", data=FORM).status_code == 400
    assert _ratings() == []
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ratings/XB").get_data(as_text=True)).group(1)
    assert client.post("/ratings/XB", data={**FORM, "csrf_token": token}).status_code == 302
    assert _ratings() == [("R.38", "PC", TITLE, "2023-09-14")]


# --------------------------------------------------------------------------- assessment mer import


CSV = (
    "member,recommendation,rating,report_title,report_date,link\n"
    f"XB,R.3,LC,{TITLE},2023-09-14,https://example.org/xb-mer.pdf\n"
    f"XB,38,pc,{TITLE},2023-09-14,\n"
    f"XC,R.40,C,Follow-up report,2024-11-01,\n"
)


def test_the_import_previews_then_writes_and_a_second_run_has_nothing_to_do(runner, db, tmp_path):
    for code in ("XB", "XC"):
        fictional_member(code)
    _db.session.commit()
    path = tmp_path / "ratings.csv"
    path.write_text("\ufeff" + CSV, encoding="utf-8")  # as Excel saves CSV UTF-8
    preview = runner.invoke(main, ["mer", "import", str(path)])
    assert preview.exit_code == 0, preview.output
    assert f"line 3: add XB R.38 PC ({TITLE}, 2023-09-14)" in preview.output
    assert "3 to add, 0 to change, 0 already recorded" in preview.output
    assert "preview only: nothing was written" in preview.output
    assert _ratings() == []
    applied = runner.invoke(main, ["mer", "import", str(path), "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "wrote 3 rating(s), recorded as cli" in applied.output
    assert _ratings("XB") == [("R.3", "LC", TITLE, "2023-09-14"), ("R.38", "PC", TITLE, "2023-09-14")]
    assert _ratings("XC") == [("R.40", "C", "Follow-up report", "2024-11-01")]
    again = runner.invoke(main, ["mer", "import", str(path)])
    assert "nothing to do: 3 rating(s) already recorded as in the file" in again.output
    path.write_text(CSV.replace("XB,38,pc", "XB,38,LC"), encoding="utf-8")
    changed = runner.invoke(main, ["mer", "import", str(path), "--apply"])
    assert f"line 3: change XB R.38 PC ({TITLE}, 2023-09-14) → R.38 LC" in changed.output
    assert _ratings("XB")[1][1] == "LC"


def test_an_import_with_problems_names_each_line_and_column_and_writes_nothing(runner, db, tmp_path):
    fictional_member("XB")
    _db.session.commit()
    path = tmp_path / "ratings.csv"
    path.write_text(CSV + "QQ,R.3,LC,Report,2023-01-01,\nXB,R.3,B,Report,1 May 2020,\n"
                    f"XB,R.3,LC,{TITLE},2023-09-14,\n", encoding="utf-8")
    result = runner.invoke(main, ["mer", "import", str(path), "--apply"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "problem: line 4, column member: “XC” is not a member code." in lines
    assert "problem: line 5, column member: “QQ” is not a member code." in lines
    assert "problem: line 6, column rating: “B” is not a rating: give one of C, LC, PC, NC, NA." in lines
    assert ("problem: line 6, column report_date: “1 May 2020” is not a date: give the report's date as "
            "YYYY-MM-DD.") in lines
    assert "problem: line 7: the same member, Recommendation and report date as line 2" in lines
    assert _ratings() == []
    header = tmp_path / "header.csv"
    header.write_text("member,rec,rating\nXB,R.3,LC\n", encoding="utf-8")
    missing = runner.invoke(main, ["mer", "import", str(header)])
    assert missing.exit_code == 1
    assert "line 1: the header lacks the column(s) recommendation, report_title, report_date" in missing.output

