"""Referrals, their events, closed business, thank-yous, testimonials and notifications.

Revision ID: 78115d355d59
Revises: 23d7d9ef02dd
Create Date: 2026-11-23 09:07:23.262618

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '78115d355d59'
down_revision = '23d7d9ef02dd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email_referral_received', sa.Boolean(), nullable=False),
    sa.Column('email_status_changed', sa.Boolean(), nullable=False),
    sa.Column('email_closed_business', sa.Boolean(), nullable=False),
    sa.Column('email_thanked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('relationship', sa.String(length=20), nullable=False),
    sa.Column('temperature', sa.SmallInteger(), nullable=False),
    sa.Column('expects_call', sa.Boolean(), nullable=False),
    sa.Column('prospect_name', sa.String(length=120), nullable=False),
    sa.Column('prospect_company', sa.String(length=120), nullable=False),
    sa.Column('prospect_email', sa.String(length=254), nullable=False),
    sa.Column('prospect_phone', sa.String(length=32), nullable=False),
    sa.Column('criteria_met', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source_referral_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('declined_reason', sa.Text(), nullable=False),
    sa.Column('quality', sa.String(length=12), nullable=True),
    sa.Column('passed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('import_key', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('outside', 'inside')", name=op.f('ck_referrals_kind')),
    sa.CheckConstraint("quality IS NULL OR quality IN ('qualified', 'lukewarm', 'not_a_fit')", name=op.f('ck_referrals_quality')),
    sa.CheckConstraint("relationship IN ('client', 'client_coworker', 'friend_family', 'supplier', 'other')", name=op.f('ck_referrals_relationship')),
    sa.CheckConstraint("status IN ('passed', 'accepted', 'contacted', 'meeting', 'proposal', 'won', 'lost', 'declined', 'withdrawn')", name=op.f('ck_referrals_status')),
    sa.CheckConstraint('giver_id <> receiver_id', name=op.f('ck_referrals_not_to_self')),
    sa.CheckConstraint('temperature BETWEEN 1 AND 5', name=op.f('ck_referrals_temperature')),
    sa.ForeignKeyConstraint(['giver_id'], ['users.id'], name=op.f('fk_referrals_giver_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_referrals_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['receiver_id'], ['users.id'], name=op.f('fk_referrals_receiver_id_users')),
    sa.ForeignKeyConstraint(['source_referral_id'], ['referrals.id'], name=op.f('fk_referrals_source_referral_id_referrals'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('group_id', 'import_key', name=op.f('uq_referrals_group_id_import_key'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_giver', ['giver_id', 'passed_at'], unique=False)
        batch_op.create_index('ix_referrals_group_passed', ['group_id', 'passed_at'], unique=False)
        batch_op.create_index('ix_referrals_receiver', ['receiver_id', 'passed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_source_referral_id'), ['source_referral_id'], unique=False)

    op.create_table('testimonials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('author_id <> subject_id', name=op.f('ck_testimonials_not_self')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_testimonials_author_id_users')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_testimonials_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subject_id'], ['users.id'], name=op.f('fk_testimonials_subject_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testimonials'))
    )
    with op.batch_alter_table('testimonials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testimonials_subject_id'), ['subject_id'], unique=False)

    op.create_table('closed_business',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('new', 'repeat')", name=op.f('ck_closed_business_kind')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_closed_business_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_closed_business_created_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_closed_business_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closed_business'))
    )
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.create_index('ix_closed_business_closed_on', ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_closed_business_referral_id'), ['referral_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_notifications_actor_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_notifications_referral_id_referrals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('referral_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=True),
    sa.Column('to_status', sa.String(length=12), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_referral_events_actor_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_events_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_events'))
    )
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_events_referral_id'), ['referral_id'], unique=False)

    op.create_table('thank_yous',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('gift', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_thank_yous_author_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_thank_yous_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thank_yous')),
    sa.UniqueConstraint('referral_id', name=op.f('uq_thank_yous_referral_id'))
    )


def downgrade():
    op.drop_table('thank_yous')
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_events_referral_id'))

    op.drop_table('referral_events')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closed_business_referral_id'))
        batch_op.drop_index('ix_closed_business_closed_on')

    op.drop_table('closed_business')
    with op.batch_alter_table('testimonials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testimonials_subject_id'))

    op.drop_table('testimonials')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_source_referral_id'))
        batch_op.drop_index('ix_referrals_receiver')
        batch_op.drop_index('ix_referrals_group_passed')
        batch_op.drop_index('ix_referrals_giver')

    op.drop_table('referrals')
    op.drop_table('notification_settings')
