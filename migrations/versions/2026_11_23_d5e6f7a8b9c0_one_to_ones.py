"""One-to-ones: two members of a group met to learn each other's business.

Revision ID: d5e6f7a8b9c0
Revises: c4d5e6f7a8b9
Create Date: 2026-11-23 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5e6f7a8b9c0'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'one_to_ones',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('logged_by_id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('met_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('in_person', 'video', 'phone')",
                           name=op.f('ck_one_to_ones_kind')),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'],
                                name=op.f('fk_one_to_ones_group_id_groups'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['logged_by_id'], ['users.id'],
                                name=op.f('fk_one_to_ones_logged_by_id_users')),
        sa.ForeignKeyConstraint(['partner_id'], ['users.id'],
                                name=op.f('fk_one_to_ones_partner_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_one_to_ones')),
    )
    with op.batch_alter_table('one_to_ones', schema=None) as batch_op:
        batch_op.create_index('ix_one_to_ones_group_met_on', ['group_id', 'met_on'], unique=False)


def downgrade():
    with op.batch_alter_table('one_to_ones', schema=None) as batch_op:
        batch_op.drop_index('ix_one_to_ones_group_met_on')

    op.drop_table('one_to_ones')
