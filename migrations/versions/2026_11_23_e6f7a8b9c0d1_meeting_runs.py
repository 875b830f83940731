"""Running meetings: agendas, speaker rotation, attendance, visitors, run-mode state, the
meeting a referral was passed at, and goals for one-to-ones and attendance.

Revision ID: e6f7a8b9c0d1
Revises: d5e6f7a8b9c0
Create Date: 2026-11-23 19:27:08.674369

"""
import sqlalchemy as sa
from alembic import op

from partnernet.models.base import UTCDateTime

OLD_METRICS = "('referrals_given_month', 'value_given_quarter', 'value_received_quarter')"
NEW_METRICS = ("('referrals_given_month', 'value_given_quarter', 'value_received_quarter', "
               "'one_to_ones_month', 'attendance_quarter')")


# revision identifiers, used by Alembic.
revision = 'e6f7a8b9c0d1'
down_revision = 'd5e6f7a8b9c0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rotation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_rotation_entries_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_rotation_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation_entries')),
    sa.UniqueConstraint('group_id', 'user_id', name=op.f('uq_rotation_entries_group_id_user_id'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('networking', 'welcome', 'education', 'presentations', 'visitors', 'featured', 'referrals', 'thanks', 'announcements', 'other')", name=op.f('ck_agenda_items_kind')),
    sa.CheckConstraint('minutes BETWEEN 1 AND 240', name=op.f('ck_agenda_items_minutes')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_agenda_items_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_agenda_items_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index('ix_agenda_items_group_meeting', ['group_id', 'meeting_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('substitute_name', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', UTCDateTime(), nullable=False),
    sa.CheckConstraint("(status = 'substitute') = (substitute_name <> '')", name=op.f('ck_attendance_substitute')),
    sa.CheckConstraint("status IN ('present', 'late', 'absent', 'medical', 'substitute')", name=op.f('ck_attendance_status')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendance_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendance_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('meeting_id', 'user_id', name=op.f('uq_attendance_meeting_id_user_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('visitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('business', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_visitors_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_visitors_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visitors'))
    )
    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visitors_meeting_id'), ['meeting_id'], unique=False)

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('presenter_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('started_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('current_item', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('item_started_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('speaker_index', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('speaker_started_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('report_sent_at', UTCDateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_meetings_presenter_id_users'), 'users', ['presenter_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_referrals_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_referrals_meeting_id_meetings'), 'meetings', ['meeting_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_goals_metric'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_goals_metric'), f"metric IN {NEW_METRICS}")



def downgrade():
    goals = sa.table('goals', sa.column('metric', sa.String))
    op.execute(goals.delete().where(goals.c.metric.in_(['one_to_ones_month',
                                                         'attendance_quarter'])))
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_goals_metric'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_goals_metric'), f"metric IN {OLD_METRICS}")

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_referrals_meeting_id_meetings'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_referrals_meeting_id'))
        batch_op.drop_column('meeting_id')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_presenter_id_users'), type_='foreignkey')
        batch_op.drop_column('report_sent_at')
        batch_op.drop_column('speaker_started_at')
        batch_op.drop_column('speaker_index')
        batch_op.drop_column('item_started_at')
        batch_op.drop_column('current_item')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('started_at')
        batch_op.drop_column('presenter_id')

    with op.batch_alter_table('visitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visitors_meeting_id'))

    op.drop_table('visitors')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_user_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))
        batch_op.drop_index('ix_agenda_items_group_meeting')

    op.drop_table('agenda_items')
    op.drop_table('rotation_entries')
