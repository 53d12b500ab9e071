"""App users (ODK Collect and KoboCollect accounts) and the instance documents they send.

``app_user`` holds a field device's account (an SWG or one event, a token, the Digest
hash of its password); ``response_version`` every instance document received for a
response, so that a re-send is recognised, an edit (``deprecatedID``) is a new version of
its response, and the XML as sent is kept.

Revision ID: 7e4f5a6b7c8d
Revises: 5f3c2a9d7e10
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e4f5a6b7c8d'
down_revision = '5f3c2a9d7e10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('swg_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('password_digest', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name='fk_app_user_event_id'),
    sa.ForeignKeyConstraint(['swg_id'], ['swg.id'], name='fk_app_user_swg_id'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('token')
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_event_id'), ['event_id'], unique=False)

    op.create_table('response_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('instance_id', sa.String(length=36), nullable=False),
    sa.Column('deprecated_id', sa.String(length=36), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('document', sa.Text(), nullable=False),
    sa.Column('app_user_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['app_user_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instance_id')
    )
    with op.batch_alter_table('response_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_version_response_id'), ['response_id'], unique=False)


def downgrade():
    with op.batch_alter_table('response_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_version_response_id'))
    op.drop_table('response_version')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_app_user_event_id'))
    op.drop_table('app_user')
