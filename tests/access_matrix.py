"""The route-by-route access table of docs/access.md, and the scenario it is checked against.

Actors: ``anon`` (not signed in), ``fp`` (focal point of XA), ``contrib`` (contributor of XA, assigned the
section "trafficking"), ``fp_other`` (focal point of XB), ``rso`` (RSO analyst), ``admin``. The target is
XA's draft for cycle 2026 (``@submitted`` rows: XA's submitted assessment for cycle 2024).
Expected codes: a number, ``login`` (redirect to sign-in), or ``ok`` (accepted for processing: 200, 302,
400, 409 or 422, i.e. neither refused nor hidden).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assessment.audit import Actor
from assessment.extensions import db
from assessment.models import AuditEvent, Cycle, SectionAssignment, User
from assessment.profile.operations import create_token
from assessment.responses import operations

ACCESS_DOC = Path(__file__).resolve().parent.parent / "docs" / "access.md"
ACTORS = ("anon", "fp", "contrib", "fp_other", "rso", "admin")
#: the order requests are made in: actors whose request may change the target (a focal point submitting or
#: withdrawing, an analyst validating) come last, so that every actor meets the same state
REQUEST_ORDER = ("anon", "fp_other", "admin", "contrib", "rso", "fp")
SECRET = "SECRET-DRAFT-XA-7f3a"
ACCEPTED = {200, 302, 400, 409, 422}


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    variant: str  # "" or "submitted"
    expected: dict[str, str]


def read_table(path: Path = ACCESS_DOC) -> list[Row]:
    """The rows of the "Route by route" table in docs/access.md."""
    text = path.read_text(encoding="utf-8")
    section = text.split("## Route by route", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 + len(ACTORS) or cells[0] in ("Endpoint", "") or set(cells[0]) <= {"-", ":"}:
            continue
        endpoint, method = cells[0], cells[1]
        variant = ""
        if "@" in endpoint:
            endpoint, variant = endpoint.split("@", 1)
        rows.append(Row(endpoint, method, variant, dict(zip(ACTORS, cells[2:], strict=True))))
    return rows


@dataclass
class Scenario:
    users: dict[str, User]
    draft_id: int
    submitted_id: int
    move_event_id: int
    token_id: int
    api_tokens: dict[str, str]


def build(make_user: Any, make_assessment: Any) -> Scenario:
    users = {
        "fp": make_user("focal_point", "XA", email="fp@xa.example"),
        "contrib": make_user("contributor", "XA", email="contrib@xa.example"),
        "fp_other": make_user("focal_point", "XB", email="fp@xb.example"),
        "rso": make_user("rso_analyst", None, email="analyst@rso.example"),
        "admin": make_user("admin", None, email="admin@rso.example"),
    }
    submitted = make_assessment("XA", cycle="2024", answers={"tip_consent": {"value": "in_place"}})
    operations.submit(submitted, Actor(users["fp"]))
    draft = make_assessment("XA", cycle="2026", answers={
        "tip_consent": {"value": "largely", "comment": SECRET},
        "has_sea_border": {"value": True},
    })
    make_assessment("XB", cycle="2026")
    db.session.add(SectionAssignment(assessment_id=draft.id, section_id="trafficking", user_id=users["contrib"].id))
    event = AuditEvent(actor_label="admin@rso.example", assessment_id=draft.id, member_id=draft.member_id,
                       action="assessment.move_version", old={"version": 1}, new={"version": 1, "kept": [],
                                                                                   "dropped": []})
    db.session.add(event)
    tokens = {}
    token_row_id = 0
    for name in ("fp", "fp_other", "rso", "admin", "contrib"):
        row, tokens[name] = create_token(users[name], "matrix", Actor(users[name]))
        if name == "fp":
            token_row_id = row.id
    db.session.commit()
    return Scenario(users, draft.id, submitted.id, event.id, token_row_id, tokens)


def url_values(endpoint: str, arguments: set[str], scenario: Scenario, variant: str) -> dict[str, Any]:
    """Values for a rule's URL arguments in the scenario."""
    target = scenario.submitted_id if variant == "submitted" else scenario.draft_id
    values: dict[str, Any] = {}
    for name in arguments:
        if name == "element_id" or (endpoint == "api.element_detail" and name == "id"):
            values[name] = "A6"
        elif name in ("assessment_id", "id"):
            values[name] = target
        elif name == "section_id":
            values[name] = "trafficking"
        elif name == "code":
            if endpoint.startswith("admin.") and "member" in endpoint:
                values[name] = "XA"
            elif endpoint.startswith("admin."):
                values[name] = db.session.scalar(select(Cycle.code).where(Cycle.code == "2026"))
            else:
                values[name] = "XB"
        elif name == "user_id":
            values[name] = scenario.users["contrib"].id if endpoint.startswith("team.") else \
                scenario.users["fp_other"].id
        elif name == "questionnaire_id":
            values[name] = "sample"
        elif name == "version":
            values[name] = 1
        elif name == "event_id":
            values[name] = scenario.move_event_id
        elif name == "token":
            values[name] = "not-a-real-invitation-token"
        elif name == "rating_id":
            values[name] = 1  # no such rating: refused with a sentence (422) for those who may record ratings
        elif name == "token_id":
            values[name] = scenario.token_id
        elif name == "filename":
            values[name] = "app.css"
        else:
            raise KeyError(f"no scenario value for URL argument {name!r} of {endpoint}")
    return values


def matches(expected: str, status: int, location: str) -> bool:
    if expected == "login":
        return status == 302 and "/auth/login" in location
    if expected == "ok":
        return status in ACCEPTED and "/auth/login" not in location
    return status == int(expected)


def describe(status: int, location: str) -> str:
    if status == 302 and "/auth/login" in location:
        return "login"
    return str(status)


def table_line(row: Row) -> str:
    name = row.endpoint + (f"@{row.variant}" if row.variant else "")
    return "| `" + name + "` | " + row.method + " | " + " | ".join(row.expected[a] for a in ACTORS) + " |"


LINE = re.compile(r"^\|")
