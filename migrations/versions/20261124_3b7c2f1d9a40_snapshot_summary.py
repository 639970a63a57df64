"""snapshot summary: the part of each stored result that regional views read

Revision ID: 3b7c2f1d9a40
Revises: 6e6690a84d64
Create Date: 2026-11-24 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '3b7c2f1d9a40'
down_revision = '6e6690a84d64'
branch_labels = None
depends_on = None

_CELL = ("gap", "band", "provisional", "completeness", "critical_gaps")


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
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.JSON(none_as_null=True), nullable=True))
    connection = op.get_bind()
    snapshot = sa.table('snapshot', sa.column('id', sa.Integer()), sa.column('result', sa.JSON()),
                        sa.column('summary', sa.JSON(none_as_null=True)))
    rows = connection.execute(sa.select(snapshot.c.id, snapshot.c.result)).all()
    for row_id, result in rows:
        connection.execute(snapshot.update().where(snapshot.c.id == row_id)
                           .values(summary=_summarise(result or {})))


def downgrade() -> None:
    with op.batch_alter_table('snapshot', schema=None) as batch_op:
        batch_op.drop_column('summary')
