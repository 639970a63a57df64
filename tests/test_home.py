"""The home pages' reads: a member's assessments with their progress, last change and the person's sections."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import update

from assessment.main import queries
from assessment.models import Answer, SectionAssignment


def test_member_rows_carry_each_assessments_own_progress_last_change_and_sections(db, make_user, make_assessment):
    focal = make_user("focal_point", "XA")
    older = make_assessment("XA", "2025", answers={"tip_consent": {"value": "largely"}}, status="validated")
    newer = make_assessment("XA", "2026", answers={"tip_consent": {"value": "partially"},
                                                   "som_fomb": {"value": "benefit"},
                                                   "ml_predicates": {"unknown": True}})
    other = make_assessment("XB", "2026", answers={"tip_consent": {"value": "in_place"}})
    db.session.execute(update(Answer).where(Answer.assessment_id == older.id)
                       .values(updated_at=datetime(2025, 5, 2, 9, 30, tzinfo=UTC)))
    db.session.execute(update(Answer).where(Answer.assessment_id == newer.id, Answer.question_id == "som_fomb")
                       .values(updated_at=datetime(2026, 3, 4, 11, 0, tzinfo=UTC)))
    db.session.execute(update(Answer).where(Answer.assessment_id == newer.id, Answer.question_id != "som_fomb")
                       .values(updated_at=datetime(2026, 1, 7, 8, 0, tzinfo=UTC)))
    db.session.execute(update(Answer).where(Answer.assessment_id == other.id)
                       .values(updated_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC)))
    db.session.add(SectionAssignment(assessment_id=newer.id, section_id="smuggling", user_id=focal.id))
    db.session.commit()

    rows = queries.member_assessments(focal)

    assert [row.assessment.id for row in rows] == [newer.id, older.id]
    new_row, old_row = rows
    assert new_row.last_change == datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
    assert old_row.last_change == datetime(2025, 5, 2, 9, 30, tzinfo=UTC)
    assert new_row.assigned == {"smuggling"}
    assert old_row.assigned == set()
    assert new_row.progress["trafficking"].answered == 1
    assert new_row.progress["smuggling"].answered == 1
    assert new_row.progress["laundering"].answered == 1
    assert old_row.progress["smuggling"].answered == 0


def test_contributor_home_page_lists_the_assigned_section_with_its_count(db, client, auth, make_user,
                                                                          make_assessment):
    contributor = make_user("contributor", "XA")
    assessment = make_assessment("XA", "2026", answers={"som_fomb": {"value": "benefit"}})
    db.session.add(SectionAssignment(assessment_id=assessment.id, section_id="smuggling", user_id=contributor.id))
    db.session.commit()
    auth.login(contributor)
    page = client.get("/").get_data(as_text=True)
    assert f"/assessments/{assessment.id}/sections/smuggling" in page
    assert re.search(r"Smuggling of migrants</a> \(1/\d\)", page), page[page.find("<main"):][:1500]
    assert "/sections/trafficking" not in page
