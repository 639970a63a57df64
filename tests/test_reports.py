"""Excel pages as people use them: downloads, the upload preview with problems, changes and conflicts, applying
it all at once, and who may do what."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessment.audit import Actor
from assessment.models import Assessment, AuditEvent, SectionAssignment
from assessment.responses import operations
from assessment.services.answer_store import answers_of
from exports.common import XLSX_MIMETYPE
from exports.offline import ANSWER, COMMENT
from tests.excel_helpers import BEFORE, COMPONENTS, EXPECTED, FILL, fill, rows_by_key
from tests.scoring_helpers import SAMPLE


@pytest.fixture
def draft(make_assessment):
    return make_assessment("XA", answers=BEFORE)


@pytest.fixture
def focal(make_user):
    return make_user("focal_point", "XA")


def audit_count(db, assessment_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id, AuditEvent.action == "answer.update"))


def current(db, assessment_id: int) -> dict:
    db.session.expire_all()
    return answers_of(db.session.get(Assessment, assessment_id), with_version=False)


def download(client, assessment_id: int) -> bytes:
    response = client.get(f"/reports/{assessment_id}/offline.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX_MIMETYPE
    return response.data


def upload(client, assessment_id: int, data: bytes, filename: str = "offline.xlsx"):
    return client.post(f"/reports/{assessment_id}/upload", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def signed_plan(html: str) -> str:
    return re.search(r'name="plan" type="hidden" value="([^"]+)"', html).group(1)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


# --------------------------------------------------------------------------- downloads and access


def test_focal_point_downloads_both_workbooks_and_finds_the_links(client, auth, db, focal, draft):
    auth.login(focal)
    overview = client.get(f"/assessments/{draft.id}").get_data(as_text=True)
    for link in (f"/reports/{draft.id}/results.xlsx", f"/reports/{draft.id}/offline.xlsx",
                 f"/reports/{draft.id}/upload"):
        assert link in overview
    results_page = client.get(f"/assessments/{draft.id}/results").get_data(as_text=True)
    assert f"/reports/{draft.id}/results.xlsx" in results_page
    response = client.get(f"/reports/{draft.id}/results.xlsx")
    assert response.status_code == 200
    assert "results-XA-2026-draft.xlsx" in response.headers["Content-Disposition"]
    summary = load_workbook(io.BytesIO(response.data))["Summary"]
    assert summary["B7"].value == "Worked out from the draft answers when this workbook was made (not submitted)"
    offline = load_workbook(io.BytesIO(download(client, draft.id)))
    assert offline["Meta"]["B6"].value == draft.id


def test_rso_gets_the_submitted_snapshot_but_no_offline_workbook(client, auth, db, focal, make_user, draft):
    snapshot = operations.submit(db.session.get(Assessment, draft.id), Actor(focal))
    db.session.commit()
    analyst = make_user("rso_analyst", None)
    auth.login(analyst)
    response = client.get(f"/reports/{draft.id}/results.xlsx")
    assert response.status_code == 200
    assert f"snapshot{snapshot.number}" in response.headers["Content-Disposition"]
    summary = load_workbook(io.BytesIO(response.data))["Summary"]
    assert summary["B7"].value.startswith("Submitted snapshot 1 of ")
    assert client.get(f"/reports/{draft.id}/offline.xlsx").status_code == 403
    assert client.get(f"/reports/{draft.id}/upload").status_code == 403


@pytest.mark.parametrize("path", ["results.xlsx", "offline.xlsx", "upload"])
def test_another_members_assessment_does_not_exist(client, auth, make_user, draft, path):
    auth.login(make_user("focal_point", "XB"))
    assert client.get(f"/reports/{draft.id}/{path}").status_code == 404
    assert upload(client, draft.id, b"x").status_code == 404
    assert client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": "x"}).status_code == 404


def test_rso_does_not_see_an_unshared_draft(client, auth, make_user, draft):
    auth.login(make_user("rso_analyst", None))
    assert client.get(f"/reports/{draft.id}/results.xlsx").status_code == 404


def test_contributor_without_sections_may_download_but_not_upload(client, auth, make_user, draft):
    auth.login(make_user("contributor", "XA"))
    assert client.get(f"/reports/{draft.id}/offline.xlsx").status_code == 200
    assert client.get(f"/reports/{draft.id}/upload").status_code == 403


# --------------------------------------------------------------------------- upload, preview, apply


def test_upload_previews_then_applies_everything_at_once(client, auth, db, focal, draft):
    auth.login(focal)
    data = fill(download(client, draft.id), FILL, COMPONENTS, [
        ["tip_acts", None, "Penal Code", "s. 212", "2015.0", "In force", None],
        ["tip_acts", None, "Penal Code Amendment", "s. 212A", 2019, "bill", "https://example.org/bill"],
        ["tip_consent", None, "Anti-Trafficking Act", 9, 2012.0, None, None],
        ["ml_conduct", None, "Proceeds of Crime Act", "s. 5", 2015, "In force", None]])
    preview = upload(client, draft.id, data)
    assert preview.status_code == 200
    page = text_of(preview.get_data(as_text=True))
    assert f"{len(EXPECTED) - 1} answers would change" in page
    assert "Partially in place Largely in place · citations: Anti-Trafficking Act, 9, year 2012 · comment: @SUM(A1)" \
        in page
    assert current(db, draft.id) == BEFORE  # nothing applied by the preview
    response = client.post(f"/reports/{draft.id}/upload/confirm",
                           data={"plan": signed_plan(preview.get_data(as_text=True))})
    assert response.status_code == 302
    assert current(db, draft.id) == EXPECTED
    assert audit_count(db, draft.id) == len(EXPECTED) - 1
    assert f"Applied {len(EXPECTED) - 1} change(s)" in client.get(response.headers["Location"]).get_data(as_text=True)
    again = upload(client, draft.id, data)
    assert "Nothing to do: every answer in the workbook is the same as online" in text_of(again.get_data(as_text=True))


def test_conflicts_are_shown_with_both_versions_and_kept_unless_overwritten(client, auth, db, focal, draft):
    auth.login(focal)
    data = fill(download(client, draft.id), {"tip_consent": {ANSWER: "Largely in place"},
                                             "ml_predicates": {COMMENT: "Checked again."}})
    operations.save_answer(db.session.get(Assessment, draft.id), SAMPLE.question("tip_consent"),
                           {"value": "not_in_place", "comment": "Repealed last month."}, 1, Actor(label="colleague"))
    db.session.commit()
    preview = upload(client, draft.id, data)
    html = preview.get_data(as_text=True)
    page = text_of(html)
    assert "1 answer was changed online since your download" in page
    assert ("Not in place · comment: Repealed last month. version 2, by colleague Largely in place based on version 1"
            in page)
    assert "1 answer would change" in page
    client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": signed_plan(html)})
    answers = current(db, draft.id)
    assert answers["tip_consent"] == {"value": "not_in_place", "comment": "Repealed last month."}
    assert answers["ml_predicates"]["comment"] == "Checked again."

    preview = upload(client, draft.id, data)
    client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": signed_plan(preview.get_data(as_text=True)),
                                                               "overwrite": "y"})
    assert current(db, draft.id)["tip_consent"] == {"value": "largely"}


def test_confirm_checks_versions_again(client, auth, db, focal, draft):
    auth.login(focal)
    preview = upload(client, draft.id, fill(download(client, draft.id), {"tip_consent": {ANSWER: "In place"},
                                                                          "party_untoc": {ANSWER: "No"}}))
    operations.save_answer(db.session.get(Assessment, draft.id), SAMPLE.question("tip_consent"),
                           {"value": "not_in_place"}, 1, Actor(label="colleague"))
    db.session.commit()
    response = client.post(f"/reports/{draft.id}/upload/confirm",
                           data={"plan": signed_plan(preview.get_data(as_text=True)), "overwrite": "y"})
    assert response.status_code == 409
    assert "Some answers changed online since your preview, so nothing was applied" in response.get_data(as_text=True)
    answers = current(db, draft.id)
    assert answers["tip_consent"] == {"value": "not_in_place"}
    assert answers["party_untoc"] == {"value": True}


def test_a_tampered_preview_is_refused(client, auth, db, focal, draft):
    auth.login(focal)
    preview = upload(client, draft.id, fill(download(client, draft.id), {"party_untoc": {ANSWER: "No"}}))
    token = signed_plan(preview.get_data(as_text=True))
    response = client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": token[:-3] + "abc"})
    assert response.status_code == 302
    assert "This preview has expired" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert current(db, draft.id) == BEFORE


def _bad(kind: str, data: bytes) -> tuple[bytes, str, str]:
    """A bad upload of ``kind``: (file, file name, what the page says)."""
    where = rows_by_key(load_workbook(io.BytesIO(data)))
    sheet, row = where["tip_consent"]
    return {
        "tampered id": (fill(data, raw={(sheet, f"A{row}"): "tip_hacked"}), "offline.xlsx",
                        "Unknown question id 'tip_hacked'"),
        "changed checksum": (fill(data, raw={("Meta", "B5"): "0000000000000000"}), "offline.xlsx",
                             "its structure checksum differs"),
        "wrong version": (fill(data, raw={("Meta", "B4"): 2}), "offline.xlsx",
                          "This workbook is for questionnaire sample version 2"),
        "unknown choice": (fill(data, {"tip_consent": {ANSWER: "Mostly"}, "party_untoc": {ANSWER: "No"}}),
                           "offline.xlsx", "'Mostly' is not one of the answers in the list"),
        "N/A not allowed": (fill(data, {"tip_consent": {ANSWER: "Not applicable"}}), "offline.xlsx",
                            "This question cannot be answered “not applicable”."),
        "xlsm": (data, "offline.xlsm", "This is a workbook with macros (.xlsm)"),
        "not a zip": (b"Question;Answer\n", "offline.xlsx", "This is not an Excel workbook (.xlsx)"),
        "zip bomb": (_zip_bomb(), "offline.xlsx", "once uncompressed; it was not read"),
    }[kind]


def _zip_bomb() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (2 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["tampered id", "changed checksum", "wrong version", "unknown choice",
                                  "N/A not allowed", "xlsm", "not a zip", "zip bomb"])
def test_each_bad_workbook_gives_its_message_and_changes_nothing(client, auth, db, app, focal, draft, kind):
    app.config["MAX_WORKBOOK_UNCOMPRESSED"] = 1024 * 1024
    auth.login(focal)
    data, filename, message = _bad(kind, download(client, draft.id))
    response = upload(client, draft.id, data, filename)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in text_of(html)
    assert "nothing was applied" in html
    assert 'name="plan"' not in html  # nothing to confirm
    assert current(db, draft.id) == BEFORE
    assert audit_count(db, draft.id) == 0


def test_an_oversized_upload_is_refused(client, auth, db, app, focal, draft):
    auth.login(focal)
    data = download(client, draft.id)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    response = upload(client, draft.id, data + b"\0" * 64 * 1024)
    assert response.status_code == 413
    assert "The file is larger than 64 KB; nothing was read." in response.get_data(as_text=True)
    assert current(db, draft.id) == BEFORE


def test_contributor_changing_an_unassigned_section_gets_a_problem_and_nothing_is_applied(
        client, auth, db, make_user, draft):
    contributor = make_user("contributor", "XA")
    db.session.add(SectionAssignment(assessment_id=draft.id, section_id="laundering", user_id=contributor.id))
    db.session.commit()
    auth.login(contributor)
    data = fill(download(client, draft.id), {"ml_predicates": {ANSWER: "Unknown"},
                                             "tip_consent": {ANSWER: "In place"}})
    response = upload(client, draft.id, data)
    assert response.status_code == 422
    page = text_of(response.get_data(as_text=True))
    sheet, row = rows_by_key(load_workbook(io.BytesIO(data)))["tip_consent"]
    assert (f"{sheet} F{row} Question 'tip_consent' is in the section 'Trafficking in persons', which is not "
            "assigned to you") in page
    assert current(db, draft.id) == BEFORE
    only_own = upload(client, draft.id, fill(download(client, draft.id), {"ml_predicates": {ANSWER: "Unknown"}}))
    assert only_own.status_code == 200
    client.post(f"/reports/{draft.id}/upload/confirm", data={"plan": signed_plan(only_own.get_data(as_text=True))})
    assert current(db, draft.id)["ml_predicates"] == {"unknown": True, "comment": "Schedule 1 lists them."}


def test_the_upload_page_has_a_labelled_file_field_and_an_error_summary(client, auth, focal, draft):
    auth.login(focal)
    page = client.get(f"/reports/{draft.id}/upload").get_data(as_text=True)
    assert '<label for="file">Offline workbook (.xlsx)</label>' in page
    assert "<script" not in page
    assert "style=" not in page
    response = client.post(f"/reports/{draft.id}/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the workbook to upload." in response.get_data(as_text=True)
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_with_problems_the_preview_offers_no_overwrite_and_does_not_say_it_does(client, auth, db, focal, draft):
    auth.login(focal)
    data = fill(download(client, draft.id), {"tip_consent": {ANSWER: "Largely in place"},
                                             "tip_penalty": {ANSWER: "ten years"}})
    operations.save_answer(db.session.get(Assessment, draft.id), SAMPLE.question("tip_consent"),
                           {"value": "not_in_place"}, 1, Actor(label="colleague"))
    db.session.commit()
    response = upload(client, draft.id, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    page = text_of(html)
    assert "nothing was applied" in page
    assert "1 answer was changed online since your download" in page
    assert 'name="overwrite"' not in html
    assert "overwrite them below" not in page
    assert "Nothing can be applied until the problems above are corrected" in page
