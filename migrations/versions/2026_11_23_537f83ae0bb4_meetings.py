"""Meetings: the schedule generated from a group's cadence, with moved, cancelled and extra ones.

Revision ID: 537f83ae0bb4
Revises: b3c1d2e4f5a6
Create Date: 2026-11-23 12:28:01.966855

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '537f83ae0bb4'
down_revision = 'b3c1d2e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('occurrence', sa.Date(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('moved', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("(kind = 'regular') = (occurrence IS NOT NULL)", name=op.f('ck_meetings_occurrence')),
    sa.CheckConstraint("kind IN ('regular', 'extra')", name=op.f('ck_meetings_kind')),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled', 'running', 'closed')", name=op.f('ck_meetings_status')),
    sa.CheckConstraint('duration_minutes BETWEEN 15 AND 480', name=op.f('ck_meetings_duration')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_meetings_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('group_id', 'occurrence', name=op.f('uq_meetings_group_id_occurrence'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_group_starts', ['group_id', 'starts_at'], unique=False)



def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_group_starts')

    op.drop_table('meetings')
