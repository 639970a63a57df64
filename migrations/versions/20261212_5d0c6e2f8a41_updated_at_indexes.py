"""updated_at indexes: the newest write of an assessment or a member row, read on every regional page

Revision ID: 5d0c6e2f8a41
Revises: ab91af6ad39f
Create Date: 2026-12-12 09:00:00.000000
"""

from alembic import op

revision = '5d0c6e2f8a41'
down_revision = 'ab91af6ad39f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_assessment_updated_at', 'assessment', ['updated_at'])
    op.create_index('ix_member_updated_at', 'member', ['updated_at'])


def downgrade() -> None:
    op.drop_index('ix_member_updated_at', table_name='member')
    op.drop_index('ix_assessment_updated_at', table_name='assessment')
