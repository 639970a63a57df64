"""Every route × every role × own member / other member / anonymous answers as docs/access.md says, and
no response shows another member's draft. The table is read from the document; a route without a row
fails, so a new route cannot ship without a written rule."""

from __future__ import annotations

import pytest

from tests.access_matrix import REQUEST_ORDER, SECRET, Row, build, describe, matches, read_table, url_values
from tests.factories import session_for

ROWS = read_table()
SKIP_METHODS = {"HEAD", "OPTIONS"}


def _routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - SKIP_METHODS}


def test_every_route_has_a_written_rule_and_every_rule_a_route(app):
    routes = _routes(app)
    written = {(row.endpoint, row.method) for row in ROWS}
    assert sorted(routes - written) == [], "routes without a row in docs/access.md"
    assert sorted(written - routes) == [], "rows in docs/access.md for routes that do not exist"


def _client(app, scenario, actor: str):
    client = app.test_client()
    if actor != "anon":
        user = scenario.users[actor]
        with client.session_transaction() as session:
            session.update(session_for(user))
    return client


def _request(client, app, row: Row, scenario, actor: str):
    rule = next(r for r in app.url_map.iter_rules(endpoint=row.endpoint) if row.method in r.methods)
    with app.test_request_context():
        from flask import url_for

        path = url_for(row.endpoint, **url_values(row.endpoint, set(rule.arguments), scenario, row.variant))
    headers = {}
    if row.endpoint.startswith("api.") and actor != "anon":
        headers["Authorization"] = f"Bearer {scenario.api_tokens[actor]}"
    if row.method == "GET":
        return client.get(path, headers=headers)
    if row.endpoint == "responses.autosave":
        return client.post(path, json={"question_id": "tip_consent", "base_version": 1,
                                       "answer": {"value": "partially"}}, headers=headers)
    return client.post(path, data={}, headers=headers)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.endpoint}{'@' + r.variant if r.variant else ''}:{r.method}"
                                           for r in ROWS])
def test_route_answers_each_actor_as_written(app, db, make_user, make_assessment, row):
    scenario = build(make_user, make_assessment)
    seen = {}
    leaks = []
    for actor in REQUEST_ORDER:
        response = _request(_client(app, scenario, actor), app, row, scenario, actor)
        location = response.headers.get("Location", "")
        seen[actor] = describe(response.status_code, location)
        if not matches(row.expected[actor], response.status_code, location):
            seen[actor] += f" (expected {row.expected[actor]})"
        if actor not in ("fp", "contrib") and SECRET.encode() in response.get_data():
            leaks.append(actor)
        response.close()
    mismatches = {a: s for a, s in seen.items() if "expected" in s}
    assert mismatches == {}, seen
    assert leaks == [], f"another member's draft shown to {leaks}"
