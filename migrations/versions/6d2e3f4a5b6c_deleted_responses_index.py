"""A partial index of the deleted responses, so that live counts never read the others.

Revision ID: 6d2e3f4a5b6c
Revises: 5c1d2e3f4a5b
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '6d2e3f4a5b6c'
down_revision = '5c1d2e3f4a5b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_response_deleted", "response", ["deleted_at"],
                    postgresql_where=sa.text("deleted_at IS NOT NULL"), sqlite_where=sa.text("deleted_at IS NOT NULL"))


def downgrade():
    op.drop_index("ix_response_deleted", table_name="response")
