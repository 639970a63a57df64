"""Regional pages issue the same number of SQL statements for 5 members as for 40 (results load in bulk),
and the migration that adds snapshot summaries fills them in for existing snapshots."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic import command

from assessment import create_app
from assessment.demo.synthetic import seed_region
from assessment.extensions import db as _db
from assessment.extensions import migrate
from bench.common import counting
from scoring.region import scores_of, summarise

PAGES = ["/region/", "/region/elements", "/region/ta", "/region/members/S0002?status=validated&status=submitted",
         "/region/?status=validated&status=submitted&sort=gap"]


def _counts(client, db) -> dict[str, int]:
    found = {}
    for url in PAGES:
        with counting(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        found[url] = len(statements)
    return found


@pytest.mark.committed  # counts the statements of the pool's own connections
def test_same_number_of_statements_for_5_and_40_members(client, auth, db, make_user, sample_installed):
    analyst = make_user("rso_analyst", None)
    seed_region(5, ("2024", "2026"), questionnaire=("sample", 1), prefix="S", pool=4)
    auth.login(analyst)
    five = _counts(client, db)
    seed_region(35, ("2024", "2026"), questionnaire=("sample", 1), prefix="T", pool=4)
    forty = _counts(client, db)
    print("statements per page", five)
    assert forty == five
    # the most is the member profile: the member, its results this cycle and across cycles, its own assessment
    # (linked), and the law and practice profile (bands and figures by cycle)
    assert max(five.values()) <= 13, five


@pytest.fixture
def migration_db(tmp_path):
    url = "sqlite:///" + str(tmp_path / "summary.sqlite")
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x"})
    with app.app_context():
        yield migrate.get_config()
        _db.engine.dispose()


def test_summary_migration_fills_in_existing_snapshots(migration_db):
    from scoring.engine import score
    from tests.region_support import WORKED
    from tests.scoring_helpers import SAMPLE

    command.upgrade(migration_db, "6e6690a84d64")
    result = score(SAMPLE, WORKED, member="XA", cycle="2026")
    engine = _db.engine
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO member (id, code, name, sub_region, note, is_current, is_fictional, "
                             "created_at, updated_at) VALUES (1, 'XA', 'A', 'Pacific', '', 1, 1, '2026-01-01', "
                             "'2026-01-01')"))
        conn.execute(sa.text("INSERT INTO cycle (id, code, title, questionnaire_id, questionnaire_version, opened_at, "
                             "is_closed) VALUES (1, '2026', 'Cycle 2026', 'sample', 1, '2026-01-01', 0)"))
        conn.execute(sa.text("INSERT INTO assessment (id, member_id, cycle_id, questionnaire_id, "
                             "questionnaire_version, status, version, is_shared_with_rso, shares_results, "
                             "created_at, updated_at) VALUES "
                             "(1, 1, 1, 'sample', 1, 'submitted', 1, 0, 0, '2026-01-01', '2026-01-01')"))
        snapshot = sa.table("snapshot", *[sa.column(c) for c in (
            "id", "assessment_id", "number", "questionnaire_id", "questionnaire_version", "scoring_version",
            "answers", "result", "created_at")])
        conn.execute(snapshot.insert().values(
            id=1, assessment_id=1, number=1, questionnaire_id="sample", questionnaire_version=1,
            scoring_version="1.0", answers=sa.literal('{"answers": {}}'),
            result=sa.literal(json.dumps(result)), created_at="2026-01-02"))
    command.upgrade(migration_db, "head")
    with engine.connect() as conn:
        stored, scores = conn.execute(sa.text("SELECT summary, scores FROM snapshot_summary "
                                              "WHERE snapshot_id = 1")).one()
    assert json.loads(stored) == summarise(result)
    assert json.loads(scores) == scores_of(summarise(result))


def test_figures_handed_to_every_request_are_read_only(app, db, sample_installed):
    from assessment.compare.queries import region_figures

    seed_region(3, ("2026",), questionnaire=("sample", 1), prefix="S", pool=2)
    with app.test_request_context():
        figures = region_figures("elements", None, cycle_ids=None, statuses=("validated", "submitted"))
        assert figures.listed
        assert region_figures("elements", None, cycle_ids=None, statuses=("validated", "submitted")) is figures
        with pytest.raises(TypeError):
            figures.names["S0001"] = "Renamed"  # type: ignore[index]
        with pytest.raises(TypeError):
            figures.summary["top"] = ()  # type: ignore[index]
        with pytest.raises(AttributeError):
            figures.listed.append(figures.listed[0])  # type: ignore[attr-defined]
        assert isinstance(figures.entries, tuple)
        assert isinstance(figures.summary["top"], tuple)
