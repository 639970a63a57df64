"""Opening a cycle: a draft per current member, pre-filled from the member's last submitted answers where
they still fit; closing and reopening; the cycle pages and commands."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from assessment.admin.operations import open_cycle
from assessment.audit import Actor
from assessment.commands.admin import cycles_group
from assessment.models import Answer, Assessment, Cycle, utcnow
from assessment.refusals import Refused
from assessment.services.answer_store import answers_of
from tests.admin_fixtures import sample_versions, separate_db  # noqa: F401  (fixtures)
from tests.admin_support import events, make_assessment, make_snapshot, member, row_heads, sign_in_as

CURRENT_MEMBERS = 44  # the 45 shipped members, one of them made former below

OLDER = {"mla_days": {"value": 30}, "tip_consent": {"value": "partially"}}
NEWER = {
    # kept
    "tip_consent": {"value": "largely", "version": 4,
                    "citations": [{"act": "Crimes Act", "section": "s 5", "year": 2019, "status": "in_force"}],
                    "comment": "amended 2019"},
    "tip_acts": {"value": ["transport", "recruitment"], "unknown_components": ["receipt"]},
    "tip_attempt": {"precluded": True, "justification": "constitutional rule"},
    "som_sea_authority": {"value": "not_applicable", "justification": "landlocked"},
    "ml_conduct": {"value": []},
    "party_somp": {"value": False},
    "mla_days": {"value": 0},
    # left out: not asked in v2 / no longer valid / never valid
    "tip_notes": {"value": "free text"},
    "legal_tradition": {"value": "mixed"},
    "ext_nationals": {"value": "sometimes"},
    # carries nothing
    "party_tipp": {"value": None},
}


@pytest.fixture
def earlier(db, versions):
    """Cycle 2025 on v1: Fiji submitted twice, Tonga validated once, Samoa a draft only; Nauru is former."""
    cycle = Cycle(code="2025", title="2025 round", questionnaire_id="sample", questionnaire_version=1)
    db.session.add(cycle)
    member("NR").is_current = False
    db.session.commit()
    fiji = make_assessment(cycle, "FJ", status="submitted")
    make_snapshot(fiji, 1, OLDER, when=utcnow() - timedelta(days=30))
    make_snapshot(fiji, 2, NEWER)
    tonga = make_assessment(cycle, "TO", status="validated")
    make_snapshot(tonga, 1, {"party_untoc": {"value": True}})
    make_assessment(cycle, "WS", answers={"party_untoc": {"value": False}})
    make_snapshot(make_assessment(cycle, "NR", status="submitted"), 1, {"party_untoc": {"value": True}})
    return cycle


def draft(db, code, cycle_code="2026"):
    db.session.expire_all()
    return db.session.scalar(select(Assessment).join(Cycle).where(Cycle.code == cycle_code,
                                                                  Assessment.member_id == member(code).id))


def test_open_cycle_prefills_from_the_newest_snapshot(db, earlier):
    cycle = open_cycle("2026", "2026 round", "sample", 2, Actor(label="test"))
    db.session.commit()

    assert (cycle.questionnaire_id, cycle.questionnaire_version) == ("sample", 2)
    assessments = db.session.scalars(select(Assessment).where(Assessment.cycle_id == cycle.id)).all()
    assert len(assessments) == CURRENT_MEMBERS
    assert {(a.status, a.questionnaire_id, a.questionnaire_version) for a in assessments} == {("draft", "sample", 2)}
    assert draft(db, "NR") is None

    fiji = draft(db, "FJ")
    assert fiji.prefilled_from_id == draft(db, "FJ", "2025").id
    assert answers_of(fiji) == {
        "tip_consent": {"value": "largely", "comment": "amended 2019", "version": 1,
                        "citations": [{"act": "Crimes Act", "section": "s 5", "year": 2019, "status": "in_force"}]},
        "tip_acts": {"value": ["recruitment", "transport"], "unknown_components": ["receipt"], "version": 1},
        "tip_attempt": {"precluded": True, "justification": "constitutional rule", "version": 1},
        "som_sea_authority": {"not_applicable": True, "justification": "landlocked", "version": 1},
        "ml_conduct": {"value": [], "version": 1},
        "party_somp": {"value": False, "version": 1},
        "mla_days": {"value": 0, "version": 1},
    }
    assert draft(db, "TO").prefilled_from_id == draft(db, "TO", "2025").id
    assert answers_of(draft(db, "TO")) == {"party_untoc": {"value": True, "version": 1}}
    # a draft that was never submitted pre-fills nothing
    assert draft(db, "WS").prefilled_from_id is None
    assert answers_of(draft(db, "WS")) == {}

    created = {e.assessment_id: e for e in events("assessment.create")}
    assert len(created) == CURRENT_MEMBERS
    event = created[fiji.id]
    assert event.actor_label == "test"
    assert event.new["copied"] == 7
    assert event.new["prefilled_from"] == {"assessment_id": fiji.prefilled_from_id, "snapshot": 2}
    assert {q: why["reason"] for q, why in event.new["left_out"].items()} == {
        "tip_notes": "not_asked", "legal_tradition": "not_valid", "ext_nationals": "not_valid"}
    assert '"mixed"' in " ".join(event.new["left_out"]["legal_tradition"]["problems"])
    assert "7 answer(s) copied from snapshot 2" in event.detail
    assert "3 left out" in event.detail
    assert created[draft(db, "WS").id].new["prefilled_from"] is None
    [opened] = events("cycle.open")
    assert opened.new["drafts"] == CURRENT_MEMBERS


def test_open_cycle_on_the_same_version_keeps_answers_valid_there(db, earlier):
    open_cycle("2026", "2026 round", "sample", 1, Actor(label="test"))
    db.session.commit()
    answers = answers_of(draft(db, "FJ"))
    assert answers["tip_notes"] == {"value": "free text", "version": 1}
    assert answers["legal_tradition"] == {"value": "mixed", "version": 1}
    assert "ext_nationals" not in answers


def test_open_cycle_is_one_transaction(db, earlier):
    open_cycle("2026", "2026 round", "sample", 2, Actor(label="test"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 1
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
    assert events("assessment.create") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2025", "again", "sample", 2), "There is already a cycle 2025"),
        (("2026", "t", "sample", 9), "There is no questionnaire 'sample' version 9"),
        (("2026", "t", "other", 1), "There is no questionnaire 'other' version 1"),
        (("20 26", "t", "sample", 1), "A cycle code is"),
        (("new", "t", "sample", 1), "'new' cannot be a cycle code"),
        (("2026", "  ", "sample", 1), "A cycle needs a title"),
    ],
)
def test_open_cycle_refusals(db, earlier, args, message):
    with pytest.raises(Refused, match=message):
        open_cycle(*args, Actor(label="test"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 1


def test_open_close_reopen_through_the_pages(client, db, earlier):
    sign_in_as(client, "admin")
    form = client.get("/admin/cycles/new").get_data(as_text=True)
    assert '<option value="sample:2">sample version 2 (uploaded)</option>' in form

    response = client.post("/admin/cycles/new", data={"code": "2026", "title": "2026 round",
                                                      "questionnaire": "sample:2"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/cycles/2026"
    html = client.get("/admin/cycles/2026").get_data(as_text=True)
    assert len(row_heads(html)) == CURRENT_MEMBERS
    assert "sample version 2" in html
    assert "tip_consent" not in html  # no answers on the admin's pages
    assert "earlier submission" in html

    listing = client.get("/admin/cycles").get_data(as_text=True)
    assert row_heads(listing) == ["2026", "2025"]
    heads = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', listing)
    assert heads == ["Code", "Title", "Questionnaire", "Draft", "Submitted", "Changes requested", "Validated",
                     "State"], heads
    assert listing.count('<th scope="col" class="num">') == 4  # the statuses' counts
    assert f'<td class="num">{CURRENT_MEMBERS}</td>' in listing

    client.post("/admin/cycles/2026/close")
    db.session.expire_all()
    assert db.session.scalar(select(Cycle.is_closed).where(Cycle.code == "2026")) is True
    assert "Closed" in client.get("/admin/cycles").get_data(as_text=True)
    response = client.post("/admin/cycles/2026/close", follow_redirects=True)
    assert "Cycle 2026 is closed already" in response.get_data(as_text=True)
    client.post("/admin/cycles/2026/reopen")
    db.session.expire_all()
    assert db.session.scalar(select(Cycle.is_closed).where(Cycle.code == "2026")) is False
    assert len(events("cycle.close")) == 1
    assert len(events("cycle.reopen")) == 1
    assert client.post("/admin/cycles/1999/close").status_code == 404
    assert client.get("/admin/cycles/1999").status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "2025", "title": "t", "questionnaire": "sample:1"}, "code", "There is already a cycle 2025"),
        ({"code": "20/26", "title": "t", "questionnaire": "sample:1"}, "code", "Use up to 20 letters"),
        ({"code": "2026", "title": "", "questionnaire": "sample:1"}, "title", "This field is required."),
        ({"code": "2026", "title": "t", "questionnaire": "sample:9"}, "questionnaire", "Not a valid choice"),
    ],
)
def test_open_cycle_form_errors(client, db, earlier, data, field, message):
    sign_in_as(client, "admin")
    html = client.post("/admin/cycles/new", data=data).get_data(as_text=True)
    assert f'href="#{field}"' in html
    assert message in html
    assert db.session.scalar(select(func.count()).select_from(Cycle)) == 1


@pytest.mark.parametrize("role", ["focal_point", "rso_analyst"])
def test_cycle_actions_are_for_admins(client, db, earlier, role):
    sign_in_as(client, role)
    assert client.post("/admin/cycles/new", data={"code": "2026", "title": "t",
                                                  "questionnaire": "sample:2"}).status_code == 403
    assert client.post("/admin/cycles/2025/close").status_code == 403
    assert client.get("/admin/cycles/2025").status_code == 403


def test_cycles_commands(runner, db, earlier):
    result = runner.invoke(cycles_group, ["open", "--code", "2026", "--title", "2026 round",
                                          "--questionnaire", "sample", "--version", "2"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"cycle 2026 opened on sample v2: {CURRENT_MEMBERS} drafts, 2 pre-filled "
                             "(8 answers copied, 3 left out)\n")
    assert events("cycle.open")[0].actor_label == "cli"

    result = runner.invoke(cycles_group, ["list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"2026\t2026 round\tsample v2\topen\t{CURRENT_MEMBERS} draft",
        "2025\t2025 round\tsample v1\topen\t1 draft, 2 submitted, 1 validated",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "2025", "--title", "t", "--questionnaire", "sample", "--version", "1"], "already a cycle 2025"),
        (["--code", "2026", "--title", "t", "--questionnaire", "sample", "--version", "3"],
         "There is no questionnaire 'sample' version 3"),
    ],
)
def test_cycles_open_errors(runner, db, earlier, args, message):
    result = runner.invoke(cycles_group, ["open", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_what_changed_describes_last_cycles_answers_in_last_cycles_questionnaire(client, db, earlier):
    """A choice that the newer version no longer offers still reads as the label the member chose."""
    open_cycle("2026", "2026 round", "sample", 2, Actor(label="test"))
    db.session.commit()
    sign_in_as(client, "focal_point", "FJ")
    html = client.get(f"/assessments/{draft(db, 'FJ').id}/changes").get_data(as_text=True)
    row = next(r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if "Legal tradition" in r)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
    assert cells == ["Mixed", "not answered"]
