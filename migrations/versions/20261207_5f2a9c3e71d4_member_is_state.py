"""member is_state: whether a member is a state, so that scoring offers ratification or, for a member that is
not a state, extension of a treaty's territorial application

Revision ID: 5f2a9c3e71d4
Revises: 8d41c0b7e2a5
Create Date: 2026-12-07 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '5f2a9c3e71d4'
down_revision = '8d41c0b7e2a5'
branch_labels = None
depends_on = None

#: shipped members that are not states (frozen as of this revision; an administrator may change the flag)
_NOT_STATES = ("HK", "MO")


def upgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_state', sa.Boolean(), server_default=sa.true(), nullable=False))
    member = sa.table('member', sa.column('code', sa.String()), sa.column('is_state', sa.Boolean()))
    op.get_bind().execute(member.update().where(member.c.code.in_(_NOT_STATES)).values(is_state=False))


def downgrade() -> None:
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('is_state')
