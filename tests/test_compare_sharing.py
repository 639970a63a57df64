"""Confidentiality, decided per cycle by each member's focal point: one test per rule."""

from __future__ import annotations

import re

import pytest

from tests.region_support import assessed


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def focal(make_user):
    return make_user("focal_point", "XA")


def _listed(client, url="/region/shared") -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/region/shared/[^"]+">([^<]+)</a>', html)


def test_a_member_that_does_not_share_sees_no_other_member(client, auth, focal, make_assessment):
    assessed(make_assessment, "XA", name="Own", shares=False)
    assessed(make_assessment, "XB", name="Sharer")
    auth.login(focal)
    text = _text(client.get("/region/shared"))
    assert "does not share its results" in text
    assert "Sharer" not in text
    assert client.get("/region/shared/XB?cycle=2026").status_code == 404


def test_the_focal_point_is_told_they_can_share_a_contributor_who_can(client, auth, make_user, make_assessment):
    assessed(make_assessment, "XA", name="Own", shares=False)
    auth.login(make_user("focal_point", "XA"))
    assert "you can choose to share on the assessment's overview page" in _text(client.get("/region/shared"))
    auth.logout()
    auth.login(make_user("contributor", "XA"))
    assert "your focal point can choose to share" in _text(client.get("/region/shared"))


def test_only_members_that_share_are_listed_alphabetically(client, auth, focal, make_assessment):
    assessed(make_assessment, "XA", name="Own")
    assessed(make_assessment, "XB", name="Zephyr", consent="not_in_place")
    assessed(make_assessment, "XC", name="Amber")
    assessed(make_assessment, "XD", name="Hidden", shares=False)
    auth.login(focal)
    # alphabetical, whatever the gaps; the non-sharing member is absent
    assert _listed(client) == ["Amber", "Own", "Zephyr"]
    # no sorting by gap for members, whatever is asked
    assert _listed(client, "/region/shared?sort=gap") == ["Amber", "Own", "Zephyr"]
    assert "Hidden" not in _text(client.get("/region/shared"))


def test_only_validated_results_are_shared(client, auth, focal, make_assessment):
    assessed(make_assessment, "XA", name="Own")
    assessed(make_assessment, "XB", name="Pending", status="submitted")
    assessed(make_assessment, "XC", name="Drafty", status="draft")
    auth.login(focal)
    assert _listed(client) == ["Own"]
    assert client.get("/region/shared/XB?cycle=2026").status_code == 404
    assert client.get("/region/shared/XC?cycle=2026").status_code == 404


def test_another_members_results_only_where_both_share_for_that_cycle(client, auth, focal, make_assessment,
                                                                       make_cycle):
    make_cycle("2024")
    assessed(make_assessment, "XA", cycle="2026", name="Own")
    assessed(make_assessment, "XA", cycle="2024", name="Own", shares=False)
    assessed(make_assessment, "XB", cycle="2026", name="Both")
    assessed(make_assessment, "XB", cycle="2024", name="Both")
    assessed(make_assessment, "XC", cycle="2026", name="Other", shares=False)
    auth.login(focal)
    shared = client.get("/region/shared/XB?cycle=2026")
    assert shared.status_code == 200
    assert "read-only" in _text(shared)
    assert "Profile facts" in _text(shared)
    assert client.get("/region/shared/XC?cycle=2026").status_code == 404  # the other member does not share
    assert client.get("/region/shared/XB?cycle=2024").status_code == 404  # we did not share in 2024
    assert client.get("/region/shared/NOPE?cycle=2026").status_code == 404


def test_aggregates_only_over_five_or_more_sharing_members(client, auth, focal, make_assessment):
    assessed(make_assessment, "XA", name="Own", consent="not_in_place")
    for code in ("XB", "XC", "XD"):
        assessed(make_assessment, code, name=f"Sharer {code}", consent="not_in_place")
    assessed(make_assessment, "XE", name="Keeper", shares=False, consent="not_in_place")
    auth.login(focal)
    four = _text(client.get("/region/shared"))
    assert "shown once 5 or more members share" in four
    assert "4 do now" in four
    assert "Elements most often missed" not in four
    assessed(make_assessment, "XF", name="Sharer XF", consent="in_place")
    five = _text(client.get("/region/shared"))
    assert "Elements most often missed" in five
    assert "Technical-assistance demand" in five
    # the aggregates count sharing members only: 4 of 5 have the consent gap, never the non-sharing one
    elements = client.get("/region/shared?show=elements").get_data(as_text=True)
    assert re.search(r'title="Element A6">[^<]*</span> <span class="critical">\(critical\)</span></th>\s*'
                     r'<td class="num">4 of 5</td>', elements)
    assert "Keeper" not in five
    assert "Keeper" not in _text(client.get("/region/shared?show=elements&element=A6"))


@pytest.mark.parametrize("role", ["rso_analyst", "admin"])
def test_rso_staff_see_every_submitted_and_validated_result_shared_or_not(client, auth, make_user,
                                                                          make_assessment, role):
    assessed(make_assessment, "XA", name="Keeper", shares=False)
    assessed(make_assessment, "XB", name="Pending", status="submitted", shares=False)
    auth.login(make_user(role, None))
    text = _text(client.get("/region/?status=validated&status=submitted"))
    assert "Keeper" in text
    assert "Pending" in text
    assert client.get("/region/members/XA").status_code == 200


def test_contributors_follow_the_focal_points_choice(client, auth, make_user, make_assessment):
    assessed(make_assessment, "XA", name="Own")
    assessed(make_assessment, "XB", name="Sharer")
    auth.login(make_user("contributor", "XA"))
    assert _listed(client) == ["Own", "Sharer"]


@pytest.mark.parametrize("role", ["rso_analyst", "admin"])
def test_shared_pages_are_for_member_users(client, auth, make_user, role):
    auth.login(make_user(role, None))
    assert client.get("/region/shared").status_code == 403


def test_members_are_never_offered_a_ranking(client, auth, focal, make_assessment):
    assessed(make_assessment, "XA", name="Own")
    auth.login(focal)
    html = client.get("/region/shared").get_data(as_text=True)
    assert "sort" not in html
    assert "Largest gap" not in html
    assert client.get("/region/?sort=gap").status_code == 403
