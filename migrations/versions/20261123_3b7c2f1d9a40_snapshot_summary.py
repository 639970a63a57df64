"""snapshot summary: the parts of each stored result that regional views read, in a table of their own

Revision ID: 3b7c2f1d9a40
Revises: 6e6690a84d64
Create Date: 2026-11-23 14:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '3b7c2f1d9a40'
down_revision = '6e6690a84d64'
branch_labels = None
depends_on = None

_CELL = ("gap", "band", "provisional", "completeness", "critical_gaps")
_SCORES = ("scoring_version", "overall", "modules", "sections")


def _summarise(result):
    # frozen copy of scoring.region.summarise as of this revision, so the migration never changes meaning
    def figures(scope, *extra):
        return {key: scope.get(key) for key in (*extra, *_CELL)}

    return {
        "scoring_version": result.get("scoring_version"),
        "overall": figures(result.get("overall") or {}, "beyond_minimum_gap"),
        "modules": [figures(m, "id", "title") for m in result.get("modules", ())],
        "sections": [{**figures(s, "id", "module", "title"), "capped_by": list(s.get("capped_by") or ())}
                     for s in result.get("sections", ())],
        "elements": [{key: e.get(key) for key in ("id", "state", "gap", "critical")}
                     for e in result.get("elements", ())],
        "ta": [{**{key: t.get(key) for key in ("id", "category", "text", "audience", "priority", "triggered_by")},
                "self_requested": bool(t.get("self_requested"))} for t in result.get("ta", ())],
    }


def upgrade() -> None:
    op.create_table('snapshot_summary',
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_snapshot_summary_snapshot_id_snapshot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('snapshot_id', name=op.f('pk_snapshot_summary'))
    )
    connection = op.get_bind()
    snapshot = sa.table('snapshot', sa.column('id', sa.Integer()), sa.column('result', sa.JSON()))
    target = sa.table('snapshot_summary', sa.column('snapshot_id', sa.Integer()), sa.column('scores', sa.JSON()),
                      sa.column('summary', sa.JSON()))
    for row_id, result in connection.execute(sa.select(snapshot.c.id, snapshot.c.result)).all():
        summary = _summarise(result or {})
        connection.execute(target.insert().values(snapshot_id=row_id, summary=summary,
                                                  scores={part: summary[part] for part in _SCORES}))


def downgrade() -> None:
    op.drop_table('snapshot_summary')
