"""A digest on each response, so that a re-sent UUID is told from different answers.

``digest`` is the SHA-256 of what the device sent (version, answers, files). Responses
stored before it have none: a re-send of one of those is compared by nothing and is
refused as a conflict only if its content differs — which, without a digest, cannot be
told, so it is acknowledged as received (the old behaviour).

Revision ID: 5c1d2e3f4a5b
Revises: ac97b3851cab
Create Date: 2026-12-01 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c1d2e3f4a5b'
down_revision = 'ac97b3851cab'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.add_column(sa.Column('digest', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.drop_column('digest')
