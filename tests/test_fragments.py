"""Section pages reuse the HTML of questions whose answer and display have not changed, and never show a
stale answer: a change, a comment or another member's page always renders afresh."""

from __future__ import annotations

import re

import pytest

from assessment.web.fragments import FragmentCache, fragment_cache


@pytest.fixture
def draft(make_assessment):
    return make_assessment("XA", answers={"has_sea_border": {"value": False}})


def _page(client, assessment_id):
    """The section page without its CSRF tokens (signed with the time, so they change from second to second)."""
    response = client.get(f"/assessments/{assessment_id}/sections/trafficking")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="csrf_token"' in html
    return re.sub(r'(name="csrf_token" value=|name="csrf-token" content=)"[^"]+"', r'\1"…"', html)


def test_unchanged_questions_come_from_the_cache_and_changes_show_at_once(app, client, auth, make_user, draft):
    auth.login(make_user("focal_point", "XA"))
    first = _page(client, draft.id)
    with app.app_context():
        cache = fragment_cache()
        hits, misses = cache.hits, cache.misses
    assert misses > 0
    assert _page(client, draft.id) == first  # the same page again
    with app.app_context():
        assert cache.hits > hits
        assert cache.misses == misses
    saved = client.post(f"/assessments/{draft.id}/autosave", json={
        "question_id": "tip_consent", "base_version": 0,
        "answer": {"value": "partially", "comment": "Only <b>partly</b> irrelevant"}})
    assert saved.status_code == 200
    after = _page(client, draft.id)
    assert "Only &lt;b&gt;partly&lt;/b&gt; irrelevant" in after
    assert after != first
    with app.app_context():
        assert cache.misses == misses + 1  # only the changed question rendered again


def test_an_rso_comment_is_shown_beside_its_question(client, auth, make_user, draft, db):
    from assessment.audit import Actor
    from assessment.responses import operations

    auth.login(make_user("focal_point", "XA"))
    _page(client, draft.id)
    operations.set_shared_with_rso(draft, Actor(label="fp"), True)
    operations.comment(draft, Actor(label="rso"), "Please cite the 2019 amendment.", question_id="tip_consent")
    db.session.commit()
    assert "Please cite the 2019 amendment." in _page(client, draft.id)


def test_same_question_ids_of_another_member_never_share_html(client, auth, make_user, make_assessment, draft):
    other = make_assessment("XB", answers={"has_sea_border": {"value": False}})
    auth.login(make_user("focal_point", "XA"))
    own = _page(client, draft.id)
    auth.logout()
    auth.login(make_user("focal_point", "XB"))
    theirs = _page(client, other.id)
    assert f"/assessments/{other.id}/" in theirs
    assert f"/assessments/{draft.id}/" not in theirs
    assert f"/assessments/{draft.id}/" in own


def test_the_cache_is_bounded_and_checks_what_a_fragment_was_rendered_for():
    cache = FragmentCache(size=22)
    owner, other = object(), object()
    assert cache.get_or_render("a", owner, lambda: "<p>a</p>") == "<p>a</p>"
    assert cache.get_or_render("a", owner, lambda: "<p>changed</p>") == "<p>a</p>"
    assert cache.get_or_render("a", other, lambda: "<p>other</p>") == "<p>other</p>"
    cache.get_or_render("b", owner, lambda: "<p>b</p>")
    cache.get_or_render("c", owner, lambda: "<p>c</p>")
    assert len(cache) == 2
    assert cache.get_or_render("a", other, lambda: "again") == "again"


def test_the_section_pages_light_read_counts_answers_as_progress_does(db, make_assessment):
    from assessment.services.answer_store import answers_of, page_answers
    from questionnaires.progress import is_answered

    assessment = make_assessment("XA", answers={
        "has_sea_border": {"value": False},                      # a "no" is an answer
        "tip_consent": {"comment": "Still checking the code."},  # a comment alone is not
        "tip_acts": {"unknown": True},                           # a flag is
        "tip_penalty": {"value": 0},                             # so is a zero
    })
    full = answers_of(assessment)
    answers, answered = page_answers(assessment, {"tip_consent"}, {"has_sea_border"})
    assert answered == {qid for qid, answer in full.items() if is_answered(answer)}
    assert answered == {"has_sea_border", "tip_acts", "tip_penalty"}
    assert set(answers) == {"tip_consent", "has_sea_border"}
    assert answers["tip_consent"] == full["tip_consent"]  # the section's own answers whole
    assert answers["has_sea_border"]["value"] is False


@pytest.mark.committed  # the pool's own connections, as a served page has them
def test_the_section_page_reads_without_a_transaction_and_writes_nothing(app, client, auth, db, make_user, draft):
    from sqlalchemy import event

    auth.login(make_user("focal_point", "XA"))
    assessment_id = draft.id
    seen = []

    def statement(conn, cursor, text, parameters, context, executemany):
        seen.append((conn.get_execution_options().get("isolation_level"), text.lstrip().split(None, 1)[0].upper()))

    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        assert client.get(f"/assessments/{assessment_id}/sections/trafficking").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert seen
    assert set(seen) == {("AUTOCOMMIT", "SELECT")}, seen
    # the next request on the pool's connections writes in a transaction of its own, as before
    seen.clear()
    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        saved = client.post(f"/assessments/{assessment_id}/autosave", json={
            "question_id": "tip_consent", "base_version": 0, "answer": {"value": "partially"}})
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert {"INSERT", "SELECT"} <= {kind for _, kind in seen}, seen
    assert {level for level, _ in seen} == {None}, seen
    with app.app_context():
        from assessment.services.answer_store import answers_of

        assert answers_of(db.session.get(type(draft), assessment_id))["tip_consent"]["value"] == "partially"


def test_the_cache_is_bounded_by_what_its_values_weigh():
    cache = FragmentCache(size=40)
    owner = object()
    for key in "abc":
        cache.get_or_render(key, owner, lambda: "<p>short</p>")  # 12 characters each
    assert (len(cache), cache.used) == (3, 36)
    cache.get_or_render("long", owner, lambda: "x" * 20)  # two short ones go, least recently used first
    assert (len(cache), cache.used) == (2, 32)
    assert cache.get_or_render("c", owner, lambda: "again") == "<p>short</p>"
    assert cache.get_or_render("a", owner, lambda: "again") == "again"
    assert (len(cache), cache.used) == (3, 37)
    # figures worked out weigh what their kind says
    assert cache.get_or_work_out("figures", lambda: [1, 2, 3], lambda found: 10 * len(found)) == [1, 2, 3]
    assert cache.get_or_work_out("figures", lambda: ["new"], lambda found: 1) == [1, 2, 3]
    assert (len(cache), cache.used) == (2, 35)  # "long", then "c" went to make room: least recently used
    huge = "x" * 41  # more than the whole cache: not kept, nor does it push out the others
    kept = len(cache)
    assert cache.get_or_render("huge", owner, lambda: huge) == huge
    assert cache.get_or_render("huge", owner, lambda: huge + "!") == huge + "!"
    assert len(cache) == kept
