"""Initial schema: forms and their immutable versions, events, collection links,
responses (client UUID, unique), users, API tokens, the audit log and provinces.

Revision ID: 437919733300
Revises:
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '437919733300'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('form_id')
    )
    op.create_table('province',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name_lo', sa.String(length=100), nullable=False),
    sa.Column('name_en', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'organiser', 'analyst', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('local_consultation', 'sdg_seminar', 'capacity_assessment', 'meeting', name='eventkind', native_enum=False, length=32), nullable=False),
    sa.Column('swg', sa.String(length=100), nullable=False),
    sa.Column('sub_group', sa.String(length=100), nullable=False),
    sa.Column('province_code', sa.String(length=5), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('theme_lo', sa.Text(), nullable=False),
    sa.Column('theme_en', sa.Text(), nullable=False),
    sa.Column('title_lo', sa.String(length=300), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['province_code'], ['province.code'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('form_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('definition', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['form.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('form_id', 'version')
    )
    with op.batch_alter_table('form_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_version_form_id'), ['form_id'], unique=False)

    op.create_table('collection_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('form_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['form_id'], ['form.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collection_link_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_collection_link_form_id'), ['form_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('link_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'approved', 'rejected', name='responsestatus', native_enum=False, length=32), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_version.id'], ),
    sa.ForeignKeyConstraint(['link_id'], ['collection_link.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('uuid')
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_form_version_id'), ['form_version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_form_version_id'))
        batch_op.drop_index(batch_op.f('ix_response_event_id'))

    op.drop_table('response')
    with op.batch_alter_table('collection_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collection_link_form_id'))
        batch_op.drop_index(batch_op.f('ix_collection_link_event_id'))

    op.drop_table('collection_link')
    with op.batch_alter_table('form_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_version_form_id'))

    op.drop_table('form_version')
    op.drop_table('event')
    op.drop_table('audit_entry')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    op.drop_table('user_account')
    op.drop_table('province')
    op.drop_table('form')
