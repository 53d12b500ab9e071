"""Access codes for collection links, and uploaded attachments.

A link gets an ``access`` setting (open, code_once, code_editable; existing links stay
open); ``access_code`` holds the codes organisers hand out, each pointing at the one
response given with it; ``attachment`` keeps the small photos and files uploaded with a
response.

Revision ID: ac97b3851cab
Revises: 437919733300
Create Date: 2026-11-25 06:18:11.719007

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac97b3851cab'
down_revision = '437919733300'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('response_uuid', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['link_id'], ['collection_link.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_code_link_id'), ['link_id'], unique=False)

    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('response_id', 'path')
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_response_id'), ['response_id'], unique=False)

    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access', sa.Enum('open', 'code_once', 'code_editable', name='linkaccess', native_enum=False, length=32), server_default='open', nullable=False))



def downgrade():
    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.drop_column('access')

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_response_id'))

    op.drop_table('attachment')
    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_code_link_id'))

    op.drop_table('access_code')
