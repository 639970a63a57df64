"""results state: one row whose number every write of an assessment, snapshot, member or cycle draws anew (what
the regional pages keep is keyed by it)

Revision ID: 5d0c6e2f8a41
Revises: ab91af6ad39f
Create Date: 2026-12-12 09:00:00.000000
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '5d0c6e2f8a41'
down_revision = 'ab91af6ad39f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'results_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_results_state')),
    )
    op.bulk_insert(table, [{"id": 1, "stamp": secrets.randbits(62)}])


def downgrade() -> None:
    op.drop_table('results_state')
