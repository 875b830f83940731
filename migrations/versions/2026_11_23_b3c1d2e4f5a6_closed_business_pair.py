"""Closed business carries its referral's group, giver and receiver.

The ledger sums closed value per (giver, receiver) pair for a group and a period; with
the pair on the entry that sum reads one index and no referral. A referral's group,
giver and receiver never change once it is passed, so the copies can't drift.

Revision ID: b3c1d2e4f5a6
Revises: ec2f7795c975
Create Date: 2026-11-23 17:05:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = 'ec2f7795c975'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('giver_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('receiver_id', sa.Integer(), nullable=True))
    closed = sa.table('closed_business', sa.column('referral_id'), sa.column('group_id'),
                      sa.column('giver_id'), sa.column('receiver_id'))
    referrals = sa.table('referrals', sa.column('id'), sa.column('group_id'),
                         sa.column('giver_id'), sa.column('receiver_id'))
    op.execute(closed.update().values({
        column: sa.select(referrals.c[column])
        .where(referrals.c.id == closed.c.referral_id).scalar_subquery()
        for column in ('group_id', 'giver_id', 'receiver_id')}))
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.alter_column('group_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('giver_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('receiver_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_closed_business_group_id_groups'),
                                    'groups', ['group_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_closed_business_giver_id_users'),
                                    'users', ['giver_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_closed_business_receiver_id_users'),
                                    'users', ['receiver_id'], ['id'])
        batch_op.drop_index('ix_closed_business_ledger')
        batch_op.create_index('ix_closed_business_ledger', ['group_id', 'deleted_at', 'closed_on',
                                                            'giver_id', 'receiver_id', 'amount'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.drop_index('ix_closed_business_ledger')
        batch_op.create_index('ix_closed_business_ledger',
                              ['deleted_at', 'closed_on', 'referral_id', 'amount'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_closed_business_receiver_id_users'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_closed_business_giver_id_users'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_closed_business_group_id_groups'),
                                 type_='foreignkey')
        batch_op.drop_column('receiver_id')
        batch_op.drop_column('giver_id')
        batch_op.drop_column('group_id')
