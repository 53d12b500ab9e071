"""Files of a form version: the XLSForm it was published from, and its media.

``form_version_file`` keeps, for each form version, the uploaded XLSForm exactly as it
came (so that pyxform can make the XForm of exactly that workbook, and organisers can
download it) and the media files published with it (choice and lookup data, label
images and sounds).

Revision ID: 5f3c2a9d7e10
Revises: 94fec024b77d
Create Date: 2026-12-01 10:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f3c2a9d7e10'
down_revision = '94fec024b77d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_version_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['form_version.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('version_id', 'role', 'filename')
    )
    with op.batch_alter_table('form_version_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_version_file_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('form_version_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_version_file_version_id'))

    op.drop_table('form_version_file')
