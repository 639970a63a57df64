"""model provision: an RSO analyst's mark on a regional example (a cited provision that is a model for an element)

Revision ID: 8d41c0b7e2a5
Revises: 3b7c2f1d9a40
Create Date: 2026-12-06 04:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '8d41c0b7e2a5'
down_revision = '3b7c2f1d9a40'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('model_provision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=8), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('citation_index', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.Column('marked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['marked_by_id'], ['user.id'], name=op.f('fk_model_provision_marked_by_id_user'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshot.id'], name=op.f('fk_model_provision_snapshot_id_snapshot'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_model_provision')),
    sa.UniqueConstraint('element_id', 'snapshot_id', 'question_id', 'citation_index',
                        name=op.f('uq_model_provision_element_id'))
    )


def downgrade() -> None:
    op.drop_table('model_provision')
