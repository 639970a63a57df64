"""cycle updated_at: when a cycle was last written (renamed, closed, reopened), read with the regional pages' key

Revision ID: 8b2f4c7d1e03
Revises: 5d0c6e2f8a41
Create Date: 2026-12-13 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '8b2f4c7d1e03'
down_revision = '5d0c6e2f8a41'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cycle') as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE cycle SET updated_at = opened_at")
    with op.batch_alter_table('cycle') as batch_op:
        batch_op.alter_column('updated_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index('ix_cycle_updated_at', ['updated_at'])


def downgrade() -> None:
    with op.batch_alter_table('cycle') as batch_op:
        batch_op.drop_index('ix_cycle_updated_at')
        batch_op.drop_column('updated_at')
