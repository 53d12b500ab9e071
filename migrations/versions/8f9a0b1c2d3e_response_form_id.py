"""Each response names its form, and a form's responses are indexed in id order, so that a
page of a listing or of a feed reads a range of the index instead of sorting them all.

Revision ID: 8f9a0b1c2d3e
Revises: 7e4f5a6b7c8d
Create Date: 2026-12-01 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8f9a0b1c2d3e'
down_revision = '7e4f5a6b7c8d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('form_id', sa.Integer(), nullable=True))
    op.execute("UPDATE response SET form_id = "
               "(SELECT form_version.form_id FROM form_version WHERE form_version.id = response.form_version_id)")
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.alter_column('form_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key('fk_response_form_id', 'form', ['form_id'], ['id'])
        batch_op.create_index('ix_response_form_id_id', ['form_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_form_id_id')
        batch_op.drop_constraint('fk_response_form_id', type_='foreignkey')
        batch_op.drop_column('form_id')
