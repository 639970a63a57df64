"""server-side sessions, sign-in attempts counted in the database, API token expiry

Revision ID: 7657a462f39e
Revises: 5f2a9c3e71d4
Create Date: 2026-12-07 12:00:00.000000
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '7657a462f39e'
down_revision = '5f2a9c3e71d4'
branch_labels = None
depends_on = None

#: tokens made before expiry existed work for a year after their creation, as new ones do by default
_TOKEN_DAYS = 365


def upgrade() -> None:
    op.create_table('sign_in_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('account', sa.String(length=254), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_attempt'))
    )
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_sign_in_attempt_account', ['account', 'at'], unique=False)
        batch_op.create_index('ix_sign_in_attempt_address', ['address', 'at'], unique=False)

    op.create_table('login_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('handoff', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_login_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index('ix_login_session_expires_at', ['expires_at'], unique=False)
        batch_op.create_index('ix_login_session_user', ['user_id'], unique=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    token = sa.table('api_token', sa.column('id', sa.Integer()), sa.column('created_at', sa.DateTime()),
                     sa.column('expires_at', sa.DateTime()))
    connection = op.get_bind()
    for ident, created in connection.execute(sa.select(token.c.id, token.c.created_at)).all():
        if isinstance(created, str):  # SQLite hands back text where no type was applied
            created = dt.datetime.fromisoformat(created)
        connection.execute(sa.update(token).where(token.c.id == ident)
                           .values(expires_at=created + dt.timedelta(days=_TOKEN_DAYS)))
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index('ix_login_session_user')
        batch_op.drop_index('ix_login_session_expires_at')

    op.drop_table('login_session')
    with op.batch_alter_table('sign_in_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_sign_in_attempt_address')
        batch_op.drop_index('ix_sign_in_attempt_account')

    op.drop_table('sign_in_attempt')
