"""Ledger indexes: covering indexes for the pair aggregates of referrals and closed business.

ix_referrals_ledger replaces ix_referrals_group_passed, which is its prefix.

Revision ID: ec2f7795c975
Revises: 25a9747d6421
Create Date: 2026-11-23 12:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'ec2f7795c975'
down_revision = '25a9747d6421'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_ledger', ['group_id', 'passed_at', 'giver_id', 'receiver_id', 'status', 'quality', 'id'], unique=False)
        batch_op.drop_index('ix_referrals_group_passed')

    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.create_index('ix_closed_business_ledger', ['deleted_at', 'closed_on', 'referral_id', 'amount'], unique=False)


def downgrade():
    with op.batch_alter_table('closed_business', schema=None) as batch_op:
        batch_op.drop_index('ix_closed_business_ledger')

    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_group_passed', ['group_id', 'passed_at'], unique=False)
        batch_op.drop_index('ix_referrals_ledger')
