"""mutual evaluation rating: the technical-compliance ratings of published mutual evaluation reports, recorded by
RSO staff per member and Recommendation

Revision ID: 7c3e5a1b9d20
Revises: 7657a462f39e
Create Date: 2026-12-08 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '7c3e5a1b9d20'
down_revision = '7657a462f39e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mutual_evaluation_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.String(length=8), nullable=False),
    sa.Column('rating', sa.String(length=2), nullable=False),
    sa.Column('report_title', sa.String(length=300), nullable=False),
    sa.Column('report_date', sa.Date(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_mutual_evaluation_rating_member_id_member'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'],
                            name=op.f('fk_mutual_evaluation_rating_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mutual_evaluation_rating')),
    sa.UniqueConstraint('member_id', 'recommendation', 'report_date',
                        name=op.f('uq_mutual_evaluation_rating_member_id'))
    )


def downgrade() -> None:
    op.drop_table('mutual_evaluation_rating')
