"""Goals: the group's targets for every member, and members' own.

Revision ID: 25a9747d6421
Revises: 78115d355d59
Create Date: 2026-11-23 11:26:40.008456

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '25a9747d6421'
down_revision = '78115d355d59'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('metric', sa.String(length=32), nullable=False),
    sa.Column('target', sa.BigInteger(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("metric IN ('referrals_given_month', 'value_given_quarter', 'value_received_quarter')", name=op.f('ck_goals_metric')),
    sa.CheckConstraint('target > 0', name=op.f('ck_goals_positive')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_goals_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_goals_set_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_goals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals')),
    sa.UniqueConstraint('group_id', 'user_id', 'metric', name=op.f('uq_goals_group_id_user_id_metric'))
    )
    # NULLs are distinct in the unique constraint above: the group's own goal (user_id NULL)
    # is kept single by a partial index.
    op.create_index('uq_goals_group_metric', 'goals', ['group_id', 'metric'], unique=True,
                    sqlite_where=sa.text('user_id IS NULL'),
                    postgresql_where=sa.text('user_id IS NULL'))



def downgrade():
    op.drop_index('uq_goals_group_metric', table_name='goals')
    op.drop_table('goals')
