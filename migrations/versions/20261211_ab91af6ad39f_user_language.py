"""user language: the interface language a person chose on their profile

Revision ID: ab91af6ad39f
Revises: 7c3e5a1b9d20
Create Date: 2026-12-11 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = 'ab91af6ad39f'
down_revision = '7c3e5a1b9d20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('language')
