"""SWG spaces: Sector Working Groups and districts as reference data, forms and events in
an SWG, users' roles per SWG, server-side sessions, token expiry, reviews with comments,
and the list of background exports.

The ten SWGs, their sub-groups, the 18 provinces (those missing) and the 148 districts
come from ``forms/reference.py``; later additions there reach a database through
``flask reference load``.
An event's free-text ``swg``, ``sub_group`` and ``district`` become references: an SWG
named by its English name or code, a Governance sub-group by PSI or LIO, a district by
its Lao or English name in the event's province (an unknown name is dropped: the demo
holds none). A form joins the SWG of the first event it was offered at. Existing
organisers and analysts become members of every SWG their forms' events are in.

Revision ID: 94fec024b77d
Revises: 6d2e3f4a5b6c
Create Date: 2026-12-01 09:36:47.280290

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from forms.reference import DISTRICTS, PROVINCES, SWGS

revision = '94fec024b77d'
down_revision = '6d2e3f4a5b6c'
branch_labels = None
depends_on = None

ROLE = sa.Enum('admin', 'organiser', 'analyst', name='role', native_enum=False, length=32)
STATUS = sa.Enum('submitted', 'approved', 'rejected', name='responsestatus', native_enum=False, length=32)


def upgrade():
    swg = op.create_table(
        'swg',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name_lo', sa.String(length=200), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['parent_id'], ['swg.id'], name='fk_swg_parent_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'))
    district = op.create_table(
        'district',
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('province_code', sa.String(length=5), nullable=False),
        sa.Column('name_lo', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['province_code'], ['province.code'], name='fk_district_province_code'),
        sa.PrimaryKeyConstraint('code'))
    with op.batch_alter_table('district') as batch_op:
        batch_op.create_index('ix_district_province_code', ['province_code'], unique=False)
    op.create_table(
        'membership',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('swg_id', sa.Integer(), nullable=False),
        sa.Column('role', ROLE, nullable=False),
        sa.ForeignKeyConstraint(['swg_id'], ['swg.id'], name='fk_membership_swg_id'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_membership_user_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'swg_id'))
    with op.batch_alter_table('membership') as batch_op:
        batch_op.create_index('ix_membership_user_id', ['user_id'], unique=False)
    op.create_table(
        'user_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_user_session_user_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'))
    with op.batch_alter_table('user_session') as batch_op:
        batch_op.create_index('ix_user_session_user_id', ['user_id'], unique=False)
    op.create_table(
        'review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('status', STATUS, nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['response_id'], ['response.id'], name='fk_review_response_id'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_review_user_id'),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('review') as batch_op:
        batch_op.create_index('ix_review_response_id', ['response_id'], unique=False)
    op.create_table(
        'export_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.String(length=64), nullable=False),
        sa.Column('form_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('options', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['form_id'], ['form.id'], name='fk_export_record_form_id'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_export_record_user_id'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('job_id'))
    with op.batch_alter_table('export_record') as batch_op:
        batch_op.create_index('ix_export_record_form_id', ['form_id'], unique=False)
    with op.batch_alter_table('api_token') as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.add_column(sa.Column('swg_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_audit_entry_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_entry_swg_id', ['swg_id'], unique=False)
        batch_op.create_foreign_key('fk_audit_entry_swg_id', 'swg', ['swg_id'], ['id'])
    with op.batch_alter_table('event') as batch_op:
        batch_op.add_column(sa.Column('swg_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sub_group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('district_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('form') as batch_op:
        batch_op.add_column(sa.Column('swg_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_form_swg_id', ['swg_id'], unique=False)
        batch_op.create_foreign_key('fk_form_swg_id', 'swg', ['swg_id'], ['id'])
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='lo', nullable=False))

    _load_reference(swg, district)
    _move_event_references()

    with op.batch_alter_table('event') as batch_op:
        batch_op.alter_column('created_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index('ix_event_swg_id', ['swg_id'], unique=False)
        batch_op.create_foreign_key('fk_event_swg_id', 'swg', ['swg_id'], ['id'])
        batch_op.create_foreign_key('fk_event_sub_group_id', 'swg', ['sub_group_id'], ['id'])
        batch_op.create_foreign_key('fk_event_district_code', 'district', ['district_code'], ['code'])
        batch_op.drop_column('district')
        batch_op.drop_column('sub_group')
        batch_op.drop_column('swg')


def _load_reference(swg, district) -> None:
    bind = op.get_bind()
    for position, (code, lo, en, parent) in enumerate(SWGS):
        parent_id = bind.execute(sa.select(swg.c.id).where(swg.c.code == parent)).scalar() if parent else None
        bind.execute(swg.insert().values(code=code, name_lo=lo, name_en=en, parent_id=parent_id, position=position))
    province = sa.table('province', sa.column('code'), sa.column('name_lo'), sa.column('name_en'))
    known = set(bind.execute(sa.select(province.c.code)).scalars())
    missing = [dict(code=code, name_lo=lo, name_en=en) for code, lo, en in PROVINCES if code not in known]
    if missing:
        bind.execute(province.insert(), missing)
    bind.execute(district.insert(), [dict(code=code, province_code=province_code, name_lo=lo, name_en=en,
                                          position=position)
                                     for position, (code, province_code, lo, en) in enumerate(DISTRICTS)])


def _move_event_references() -> None:
    bind = op.get_bind()
    swgs = {row.code: row.id for row in bind.execute(sa.text("SELECT id, code FROM swg"))}
    names = {row.name_en.lower(): row.id for row in bind.execute(sa.text("SELECT id, name_en FROM swg"))}
    districts = list(bind.execute(sa.text("SELECT code, province_code, name_lo, name_en FROM district")))
    events = list(bind.execute(sa.text("SELECT id, swg, sub_group, district, province_code FROM event")))
    for event in events:
        swg_id = swgs.get((event.swg or "").strip().lower()) or names.get((event.swg or "").strip().lower())
        sub = (event.sub_group or "").strip().lower()
        sub_group_id = swgs.get(f"governance-{sub}") if sub else None
        if sub_group_id and not swg_id:
            swg_id = swgs["governance"]
        wanted = (event.district or "").strip().lower()
        district_code = next((d.code for d in districts if wanted and d.province_code == event.province_code
                              and wanted in (d.name_lo.lower(), d.name_en.lower())), None)
        bind.execute(sa.text("UPDATE event SET swg_id = :swg, sub_group_id = :sub, district_code = :district, "
                             "created_at = CURRENT_TIMESTAMP WHERE id = :id"),
                     {"swg": swg_id, "sub": sub_group_id, "district": district_code, "id": event.id})
    bind.execute(sa.text(
        "UPDATE form SET swg_id = (SELECT event.swg_id FROM collection_link JOIN event ON event.id = "
        "collection_link.event_id WHERE collection_link.form_id = form.id AND event.swg_id IS NOT NULL "
        "ORDER BY collection_link.id LIMIT 1)"))
    bind.execute(sa.text(
        "INSERT INTO membership (user_id, swg_id, role) SELECT DISTINCT u.id, f.swg_id, u.role "
        "FROM user_account u, form f WHERE u.role != 'admin' AND f.swg_id IS NOT NULL"))


def downgrade():
    with op.batch_alter_table('event') as batch_op:
        batch_op.add_column(sa.Column('swg', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('sub_group', sa.String(length=100), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('district', sa.String(length=100), nullable=False, server_default=''))
    op.execute("UPDATE event SET swg = COALESCE((SELECT name_en FROM swg WHERE swg.id = event.swg_id), ''), "
               "district = COALESCE((SELECT name_en FROM district WHERE district.code = event.district_code), '')")
    with op.batch_alter_table('event') as batch_op:
        batch_op.drop_constraint('fk_event_district_code', type_='foreignkey')
        batch_op.drop_constraint('fk_event_sub_group_id', type_='foreignkey')
        batch_op.drop_constraint('fk_event_swg_id', type_='foreignkey')
        batch_op.drop_index('ix_event_swg_id')
        batch_op.drop_column('created_at')
        batch_op.drop_column('district_code')
        batch_op.drop_column('sub_group_id')
        batch_op.drop_column('swg_id')
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('active')
    with op.batch_alter_table('form') as batch_op:
        batch_op.drop_constraint('fk_form_swg_id', type_='foreignkey')
        batch_op.drop_index('ix_form_swg_id')
        batch_op.drop_column('swg_id')
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.drop_constraint('fk_audit_entry_swg_id', type_='foreignkey')
        batch_op.drop_index('ix_audit_entry_swg_id')
        batch_op.drop_index('ix_audit_entry_at')
        batch_op.drop_column('swg_id')
    with op.batch_alter_table('api_token') as batch_op:
        batch_op.drop_column('expires_at')
    op.drop_table('export_record')
    op.drop_table('review')
    op.drop_table('user_session')
    op.drop_table('membership')
    op.drop_table('district')
    op.drop_table('swg')
