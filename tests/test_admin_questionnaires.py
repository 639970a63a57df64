"""Questionnaire versions through the pages: list, upload with every problem shown and nothing stored,
duplicates and unreadable files refused, one version's structure."""

import copy
import io
import json

import pytest
from sqlalchemy import func, select

from assessment.models import Assessment, Cycle, QuestionnaireVersion
from tests.admin_fixtures import separate_db, signed_in_admin  # noqa: F401  (fixtures)
from tests.admin_support import add_version, events, find_question, member


def upload(client, content, filename="questionnaire.json"):
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    return client.post("/admin/questionnaires/upload", data={"file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def stored(db):
    return db.session.scalar(select(func.count()).select_from(QuestionnaireVersion))


def test_upload_a_valid_version(client, admin, db, sample_document):
    response = upload(client, sample_document)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/questionnaires/sample/1"
    row = db.session.scalar(select(QuestionnaireVersion))
    assert (row.questionnaire_id, row.version, row.document) == ("sample", 1, sample_document)
    assert row.uploaded_by_id == admin.id
    [event] = events("questionnaire.upload")
    assert event.new == {"id": "sample", "version": 1}

    html = client.get("/admin/questionnaires").get_data(as_text=True)
    assert "/admin/questionnaires/sample/1" in html
    assert "Uploaded" in html
    assert '<td class="num">21</td>' in html
    assert "Not reviewed" in html


def test_list_counts_assessments_per_version(client, admin, db, sample_document):
    add_version(sample_document)
    cycle = Cycle(code="2025", title="t", questionnaire_id="sample", questionnaire_version=1)
    db.session.add_all([cycle] + [Assessment(member=member(code), cycle=cycle, questionnaire_id="sample",
                                             questionnaire_version=1) for code in ("FJ", "TO", "WS")])
    db.session.commit()
    html = client.get("/admin/questionnaires").get_data(as_text=True)
    assert '<td class="num">3</td>' in html
    assert "3</dd>" in client.get("/admin/questionnaires/sample/1").get_data(as_text=True)


def test_structure_page(client, admin, sample_document):
    add_version(sample_document)
    html = client.get("/admin/questionnaires/sample/1").get_data(as_text=True)
    assert "Sample questionnaire (tests)" in html
    for text in ("Profile", "treaties", "<code>tip_consent</code>",
                 "Is the victim&#39;s consent irrelevant once improper means are shown?", "<code>mla_days</code>"):
        assert text in html


def test_unknown_version_is_404(client, admin):
    assert client.get("/admin/questionnaires/sample/7").status_code == 404
    assert client.get("/admin/questionnaires/nothing/1").status_code == 404


def test_invalid_upload_lists_every_problem_with_its_path(client, admin, db, sample_document):
    broken = copy.deepcopy(sample_document)
    broken["version"] = 2
    del broken["title"]
    _, consent = find_question(broken, "tip_consent")
    consent["type"] = "opinion"
    _, acts = find_question(broken, "tip_acts")
    acts["elements"] = ["Z99"]
    _, cross = find_question(broken, "tip_cross_border")
    cross["id"] = "tip_acts"

    response = upload(client, broken, "broken.json")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "broken.json was not stored" in html
    expected = [
        ("$", "&#39;title&#39; is a required property"),
        ("$.modules[1].sections[0].questions[0].elements[0]", "Z99"),
        ("$.modules[1].sections[0].questions[1].type", "opinion"),
        ("$.modules[1].sections[0].questions[2].id", "duplicate question id"),
    ]
    for path, fragment in expected:
        assert f"<code>{path}</code>" in html, path
        assert fragment in html
    assert stored(db) == 0
    assert events("questionnaire.upload") == []


@pytest.mark.parametrize("source", ["uploaded", "shipped"])
def test_existing_id_and_version_is_refused(client, admin, db, sample_document, source, monkeypatch, tmp_path):
    if source == "uploaded":
        add_version(sample_document)
    else:
        from questionnaires import loader

        shipped = tmp_path / "sample.v1.json"
        shipped.write_text(json.dumps(sample_document))
        monkeypatch.setattr(loader, "shipped_files", lambda: [shipped])
    response = upload(client, sample_document)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<code>$.version</code>" in html
    assert f"sample version 1 exists already ({source})" in html
    assert stored(db) == (1 if source == "uploaded" else 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<questionnaire/>", "not valid JSON: Expecting value at line 1, column 1"),
        (b'{"id": "sample",', "not valid JSON"),
        (b"\xff\xfe\x00binary", "the file is not a JSON text file"),
        (b"", "the file is empty"),
        (b"[1, 2]", "is not of type &#39;object&#39;"),
    ],
)
def test_unreadable_files_are_refused(client, admin, db, content, message):
    response = upload(client, content, "upload.bin")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored(db) == 0


def test_oversized_file_is_refused(client, admin, app, db, sample_document):
    app.config["QUESTIONNAIRE_UPLOAD_MAX_BYTES"] = 1024
    response = upload(client, sample_document)
    assert response.status_code == 422
    assert "the file is larger than 1 KB" in response.get_data(as_text=True)
    assert stored(db) == 0


def test_missing_file(client, admin):
    response = client.post("/admin/questionnaires/upload", data={}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert 'href="#file"' in html
    assert "Choose a JSON file to upload." in html


def test_shipped_version_is_listed(client, admin):
    html = client.get("/admin/questionnaires").get_data(as_text=True)
    assert "legislative_framework" in html
    assert "Shipped" in html
