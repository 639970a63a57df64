"""The read-only JSON API: tokens from the profile page, 401 without one, the pages' access rules,
pagination, and responses that match the public OpenAPI document."""

from __future__ import annotations

import copy
import hashlib
import re

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from assessment.audit import Actor
from assessment.models import ApiToken, User
from assessment.profile.operations import create_token
from questionnaires.loader import schema_problems
from tests.factories import PASSWORD
from tests.region_support import assessed


def _token(db, user: User) -> dict[str, str]:
    _row, token = create_token(user, "tests", Actor(user))
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def analyst(make_user):
    return make_user("rso_analyst", None)


# --------------------------------------------------------------------------- tokens


def test_token_is_shown_once_stored_hashed_listed_and_revocable(client, auth, db, analyst):
    auth.login(analyst)
    response = client.post("/profile/tokens", data={"name": "training plan", "current_password": PASSWORD})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    token = re.search(r'value="(bpa_[^"]+)"', response.get_data(as_text=True)).group(1)
    db.session.expire_all()
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == analyst.id))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(vars(row))
    page = client.get("/profile/").get_data(as_text=True)
    assert "training plan" in page
    assert token not in page  # shown once only
    assert row.prefix in page
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/cycles", headers=headers).status_code == 200
    assert client.post(f"/profile/tokens/{row.id}/revoke").status_code == 302
    assert client.get("/api/v1/cycles", headers=headers).status_code == 401


def test_token_needs_a_name_and_others_tokens_cannot_be_revoked(client, auth, db, analyst, make_user):
    auth.login(analyst)
    assert client.post("/profile/tokens", data={"name": "  ", "current_password": PASSWORD}).status_code == 422
    other = make_user("rso_analyst", None)
    row, _ = create_token(other, "theirs", Actor(other))
    db.session.commit()
    assert client.post(f"/profile/tokens/{row.id}/revoke").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer bpa_not-a-real-token", "Basic dXNlcjpwdw==", "token x"])
def test_missing_or_bad_token_is_401_json_never_a_redirect(client, header):
    response = client.get("/api/v1/members", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_is_not_a_token(client, auth, analyst):
    auth.login(analyst)
    assert client.get("/api/v1/members").status_code == 401


def test_deactivated_account_token_stops_working(client, db, analyst):
    headers = _token(db, analyst)
    analyst.is_active_account = False
    db.session.commit()
    assert client.get("/api/v1/members", headers=headers).status_code == 401


def test_api_accepts_only_get(client, db, analyst):
    response = client.post("/api/v1/members", headers=_token(db, analyst))
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405


# --------------------------------------------------------------------------- access and pagination


def test_members_listing_is_paginated_and_member_users_see_their_own(client, db, analyst, make_user):
    rso = client.get("/api/v1/members?limit=10&offset=5", headers=_token(db, analyst)).get_json()
    assert rso["total"] == 45
    assert (rso["limit"], rso["offset"], len(rso["items"])) == (10, 5, 10)
    focal = make_user("focal_point", "XA")
    own = client.get("/api/v1/members", headers=_token(db, focal)).get_json()
    assert [m["code"] for m in own["items"]] == ["XA"]
    assert client.get("/api/v1/members?limit=0", headers=_token(db, analyst)).status_code == 400
    assert client.get("/api/v1/members?offset=-1", headers=_token(db, analyst)).status_code == 400


def test_assessments_follow_the_page_rules(client, db, analyst, make_user, make_assessment):
    own = assessed(make_assessment, "XA", status="draft")
    other = assessed(make_assessment, "XB", status="validated")
    focal = make_user("focal_point", "XA")
    mine = client.get("/api/v1/assessments", headers=_token(db, focal)).get_json()
    assert [a["member"] for a in mine["items"]] == ["XA"]
    assert client.get(f"/api/v1/assessments/{other.id}", headers=_token(db, focal)).status_code == 404
    draft = client.get(f"/api/v1/assessments/{own.id}", headers=_token(db, focal)).get_json()
    assert draft["snapshot"] is None  # a draft: working answers, live result
    rso = client.get("/api/v1/assessments?status=validated&cycle=2026&member=XB", headers=_token(db, analyst))
    assert [a["id"] for a in rso.get_json()["items"]] == [other.id]
    assert client.get(f"/api/v1/assessments/{own.id}", headers=_token(db, analyst)).status_code == 404
    admin = make_user("admin", None)
    assert client.get("/api/v1/assessments?status=draft", headers=_token(db, admin)).get_json()["total"] == 0
    assert client.get("/api/v1/assessments?status=nonsense", headers=_token(db, admin)).status_code == 400


def test_assessment_documents_are_in_the_documented_formats(client, db, analyst, make_assessment):
    assessment = assessed(make_assessment, "XA", status="validated")
    body = client.get(f"/api/v1/assessments/{assessment.id}", headers=_token(db, analyst)).get_json()
    assert body["snapshot"]["number"] == 1
    assert body["snapshot"]["validated_at"].endswith("Z")
    assert schema_problems("answers", body["answers"]) == []
    assert schema_problems("result", body["result"]) == []


def test_compare_for_members_follows_the_sharing_rules(client, db, make_user, make_assessment):
    assessed(make_assessment, "XA", name="Own")
    assessed(make_assessment, "XB", name="Sharer")
    assessed(make_assessment, "XC", name="Keeper", shares=False)
    assessed(make_assessment, "XD", name="Pending", status="submitted")
    focal = make_user("focal_point", "XA")
    headers = _token(db, focal)
    body = client.get("/api/v1/compare?status=submitted&status=validated", headers=headers).get_json()
    assert [r["name"] for r in body["items"]] == ["Own", "Sharer"]
    assert body["statuses"] == ["validated"]
    assert client.get("/api/v1/compare?sort=gap", headers=headers).status_code == 403
    assert client.get("/api/v1/compare?cycle=1999", headers=headers).status_code == 404
    outsider = make_user("focal_point", "XC")
    assert client.get("/api/v1/compare", headers=_token(db, outsider)).status_code == 403


def test_compare_for_rso_has_everyone_and_sorts_by_gap(client, db, analyst, make_assessment):
    assessed(make_assessment, "XA", name="Alpha", consent="in_place", shares=False)
    assessed(make_assessment, "XB", name="Beta", consent="not_in_place")
    body = client.get("/api/v1/compare?sort=gap", headers=_token(db, analyst)).get_json()
    assert [r["name"] for r in body["items"]] == ["Beta", "Alpha"]
    assert body["total"] == 2
    assert body["items"][0]["headline"]["gap"] > body["items"][1]["headline"]["gap"]
    assert set(body["items"][0]["cells"]) == {c["id"] for c in body["columns"]}


def test_ta_demand_for_members_needs_five_sharing(client, db, make_user, make_assessment):
    for code in ("XA", "XB", "XC", "XD"):
        assessed(make_assessment, code, consent="not_in_place")
    headers = _token(db, make_user("focal_point", "XA"))
    assert client.get("/api/v1/ta-demand", headers=headers).status_code == 403
    assessed(make_assessment, "XE", consent="not_in_place")
    body = client.get("/api/v1/ta-demand?limit=2", headers=headers).get_json()
    assert body["members"] == 5
    assert len(body["items"]) == 2
    assert body["total"] >= 2
    assert body["items"][0]["member_count"] == len(body["items"][0]["members"])


# --------------------------------------------------------------------------- OpenAPI


def _json_schema(node):
    """OpenAPI 3.0 schema → JSON Schema (``nullable`` becomes a null type)."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def test_openapi_is_public_and_describes_every_route(client, app):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert routes == set(document["paths"])
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path
        assert "200" in item["get"]["responses"]


def test_responses_match_the_openapi_schemas(client, db, analyst, make_assessment):
    assessment = assessed(make_assessment, "XA", consent="not_in_place")
    assessed(make_assessment, "XB", status="submitted")
    document = client.get("/api/v1/openapi.json").get_json()
    defs = _json_schema(copy.deepcopy(document["components"]["schemas"]))
    headers = _token(db, analyst)
    calls = {"/members": "/members", "/cycles": "/cycles", "/assessments": "/assessments?cycle=2026",
             "/assessments/{id}": f"/assessments/{assessment.id}",
             "/compare": "/compare?status=validated&status=submitted", "/ta-demand": "/ta-demand",
             "/elements": "/elements?limit=500", "/elements/{id}": "/elements/C2"}
    for path, url in calls.items():
        response = client.get("/api/v1" + url, headers=headers)
        spec = document["paths"][path]["get"]["responses"][str(response.status_code)]
        schema = {**_json_schema(spec["content"]["application/json"]["schema"]), "$defs": defs}
        errors = [e.message for e in Draft202012Validator(schema).iter_errors(response.get_json())]
        assert errors == [], (path, errors[:3])
    unauthorised = client.get("/api/v1/compare")
    schema = {**_json_schema(document["paths"]["/compare"]["get"]["responses"]["401"]["content"]
                             ["application/json"]["schema"]), "$defs": defs}
    assert list(Draft202012Validator(schema).iter_errors(unauthorised.get_json())) == []
