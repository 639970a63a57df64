"""Regional examples on element pages and in the API follow the rules of "Shared with us": a member sees the
citations of members that share validated results in the cycles in which it shares too; a member that does not
share sees none; RSO staff see every validated result's; drafts, unvalidated submissions, citations of bills and
answers that do not meet the element never give examples."""

from __future__ import annotations

import html
import re

import pytest

from assessment.audit import Actor
from assessment.extensions import db
from assessment.profile.operations import create_token
from tests.region_support import assessed

ELEMENT = "A6"  # the sample questionnaire tests it with tip_consent


def _consent(act: str, status: str = "in_force", value: str = "in_place", url: str | None = None) -> dict:
    citation = {"act": act, "section": "s. 7(2)", "year": 2015, "status": status}
    if url:
        citation["url"] = url
    return {"value": value, "citations": [citation]}


def _rows(response) -> list[str]:
    """Each example row of the page as "member | cycle | act | section | year"."""
    page = response.get_data(as_text=True)
    rows = []
    for block in re.findall(r'<tr id="example-[^"]+">(.*?)</tr>', page, flags=re.S):
        block = re.sub(r"<details.*?</details>", "", block, flags=re.S)
        cells = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c))).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", block, flags=re.S)]
        rows.append(" | ".join(cells[:5]))
    return rows


@pytest.fixture
def region(make_assessment):
    """XA (the signed-in member) shares; XB shares; XC does not share; XD shares but is only submitted; XE
    shares but has a gap on the element; XF shares but cites only a bill."""
    made = {
        "XA": assessed(make_assessment, "XA", name="Aldmere", tip_consent=_consent("Aldmere Trafficking Act")),
        "XB": assessed(make_assessment, "XB", name="Belmora", tip_consent=_consent(
            "Belmora Anti-Trafficking Act", url="https://laws.belmora.example/ata#s7")),
        "XC": assessed(make_assessment, "XC", name="Carradine", shares=False,
                       tip_consent=_consent("Carradine Penal Code")),
        "XD": assessed(make_assessment, "XD", name="Dunvale", status="submitted",
                       tip_consent=_consent("Dunvale Pending Act")),
        "XE": assessed(make_assessment, "XE", name="Estoria", tip_consent=_consent("Estoria Weak Act",
                                                                                   value="partially")),
        "XF": assessed(make_assessment, "XF", name="Fenwick", tip_consent=_consent("Fenwick Bill", status="bill")),
    }
    return made


NEVER = ("Dunvale Pending Act", "Estoria Weak Act", "Fenwick Bill")


def test_a_sharing_member_sees_the_citations_of_members_that_share(client, auth, make_user, region):
    auth.login(make_user("focal_point", "XA"))
    rows = _rows(client.get(f"/elements/{ELEMENT}"))
    assert rows == ["Aldmere (XA) | Cycle 2026 | Aldmere Trafficking Act | s. 7(2) | 2015",
                    "Belmora (XB) | Cycle 2026 | Belmora Anti-Trafficking Act | s. 7(2) | 2015"]
    page = client.get(f"/elements/{ELEMENT}").get_data(as_text=True)
    assert '<a href="https://laws.belmora.example/ata#s7" rel="noopener noreferrer nofollow">' in page
    assert "Carradine" not in page
    assert not any(act in page for act in NEVER)


def test_a_contributor_follows_the_focal_points_choice(client, auth, make_user, region):
    auth.login(make_user("contributor", "XA"))
    assert [row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))] == [
        "Aldmere Trafficking Act", "Belmora Anti-Trafficking Act"]


def test_a_member_that_does_not_share_sees_no_other_members_citation(client, auth, make_user, region):
    auth.login(make_user("focal_point", "XC"))
    response = client.get(f"/elements/{ELEMENT}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert _rows(response) == []
    assert "Belmora Anti-Trafficking Act" not in page
    assert "Aldmere Trafficking Act" not in page
    assert "in cycles in which your member shares its results too" in re.sub(r"\s+", " ", page)
    # its own state is still there, from its own result
    assert "Where your member stands" in page


@pytest.mark.parametrize("role", ["rso_analyst", "admin"])
def test_rso_staff_see_every_validated_result_and_nothing_else(client, auth, make_user, region, role):
    auth.login(make_user(role, None))
    acts = [row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))]
    assert acts == ["Aldmere Trafficking Act", "Belmora Anti-Trafficking Act", "Carradine Penal Code"]


def test_sharing_is_reciprocal_cycle_by_cycle_and_newest_cycle_comes_first(client, auth, make_user,
                                                                            make_assessment):
    assessed(make_assessment, "XA", cycle="2024", name="Aldmere", tip_consent=_consent("Aldmere Act 2024"))
    assessed(make_assessment, "XA", cycle="2026", name="Aldmere", shares=False,
             tip_consent=_consent("Aldmere Act 2026"))
    assessed(make_assessment, "XB", cycle="2024", name="Belmora", tip_consent=_consent("Belmora Act 2024"))
    assessed(make_assessment, "XB", cycle="2026", name="Belmora", tip_consent=_consent("Belmora Act 2026"))
    auth.login(make_user("focal_point", "XA"))
    # XA shares in 2024 only: 2024's examples, never 2026's
    assert [row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))] == [
        "Aldmere Act 2024", "Belmora Act 2024"]
    auth.logout()
    auth.login(make_user("rso_analyst", None))
    assert [row.split(" | ")[1:3] for row in _rows(client.get(f"/elements/{ELEMENT}"))] == [
        ["Cycle 2026", "Aldmere Act 2026"], ["Cycle 2026", "Belmora Act 2026"],
        ["Cycle 2024", "Aldmere Act 2024"], ["Cycle 2024", "Belmora Act 2024"]]


def _api(client, token: str, path: str):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_the_api_gives_each_token_the_examples_its_owner_may_see(client, make_user, region):
    tokens = {}
    for name, user in {"sharing": make_user("focal_point", "XA"), "silent": make_user("focal_point", "XC"),
                       "rso": make_user("rso_analyst", None)}.items():
        _row, tokens[name] = create_token(user, "test", Actor(user))
    db.session.commit()

    def acts(name: str) -> list[str]:
        response = _api(client, tokens[name], f"/api/v1/elements/{ELEMENT}")
        assert response.status_code == 200
        return [example["act"] for example in response.get_json()["examples"]]

    assert acts("sharing") == ["Aldmere Trafficking Act", "Belmora Anti-Trafficking Act"]
    assert acts("silent") == []
    assert acts("rso") == ["Aldmere Trafficking Act", "Belmora Anti-Trafficking Act", "Carradine Penal Code"]
    listed = _api(client, tokens["silent"], "/api/v1/elements?limit=500").get_json()
    assert all(item["examples"] == [] for item in listed["items"])
    example = _api(client, tokens["sharing"], f"/api/v1/elements/{ELEMENT}").get_json()["examples"][1]
    assert example == {"member": "XB", "member_name": "Belmora", "cycle": "2026", "question": "tip_consent",
                       "act": "Belmora Anti-Trafficking Act", "section": "s. 7(2)", "year": 2015,
                       "url": "https://laws.belmora.example/ata#s7", "validated_at": example["validated_at"],
                       "model_provision": None}
    assert example["validated_at"].endswith("Z")


def test_examples_follow_a_validation_and_a_member_that_stops_sharing(client, auth, make_user, region):
    """Worked out once per set of validated results, the examples change with them: Dunvale's submission is
    validated (its citation appears), Belmora stops sharing (its citation goes)."""
    from assessment.models import Assessment, Member
    from assessment.responses import operations
    from tests.region_support import RSO_ACTOR

    auth.login(make_user("focal_point", "XA"))
    seen = [[row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))]]
    operations.validate(region["XD"], RSO_ACTOR)
    db.session.commit()
    seen.append([row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))])
    belmora = db.session.scalar(db.select(Assessment).join(Member).where(Member.code == "XB"))
    belmora.shares_results = False
    db.session.commit()
    seen.append([row.split(" | ")[2] for row in _rows(client.get(f"/elements/{ELEMENT}"))])
    assert seen == [["Aldmere Trafficking Act", "Belmora Anti-Trafficking Act"],
                    ["Aldmere Trafficking Act", "Belmora Anti-Trafficking Act", "Dunvale Pending Act"],
                    ["Aldmere Trafficking Act", "Dunvale Pending Act"]]
