"""Business profile details, ideal-client profiles and contact spheres.

Revision ID: 23d7d9ef02dd
Revises: fa2c30d31283
Create Date: 2026-11-23 08:57:44.683352

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '23d7d9ef02dd'
down_revision = 'fa2c30d31283'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ideal_client_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('industries', sa.String(length=200), nullable=False),
    sa.Column('company_size', sa.String(length=200), nullable=False),
    sa.Column('geography', sa.String(length=200), nullable=False),
    sa.Column('decision_makers', sa.String(length=200), nullable=False),
    sa.Column('triggers', sa.Text(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('not_a_fit', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ideal_client_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideal_client_profiles'))
    )
    with op.batch_alter_table('ideal_client_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideal_client_profiles_user_id'), ['user_id'], unique=False)

    op.create_table('contact_spheres',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_contact_spheres_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_spheres')),
    sa.UniqueConstraint('group_id', 'name', name=op.f('uq_contact_spheres_group_id_name'))
    )
    with op.batch_alter_table('contact_spheres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_spheres_group_id'), ['group_id'], unique=False)

    op.create_table('sphere_members',
    sa.Column('sphere_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sphere_id'], ['contact_spheres.id'], name=op.f('fk_sphere_members_sphere_id_contact_spheres'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sphere_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sphere_id', 'user_id', name=op.f('pk_sphere_members'))
    )
    with op.batch_alter_table('sphere_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sphere_members_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('website', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=32), server_default='', nullable=False))
        batch_op.add_column(sa.Column('bio', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('talkable_difference', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('specific_ask', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('photo', sa.String(length=64), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('profiles', schema=None) as batch_op:
        batch_op.drop_column('photo')
        batch_op.drop_column('specific_ask')
        batch_op.drop_column('talkable_difference')
        batch_op.drop_column('bio')
        batch_op.drop_column('phone')
        batch_op.drop_column('website')
        batch_op.drop_column('category')

    with op.batch_alter_table('sphere_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sphere_members_user_id'))

    op.drop_table('sphere_members')
    with op.batch_alter_table('contact_spheres', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_spheres_group_id'))

    op.drop_table('contact_spheres')
    with op.batch_alter_table('ideal_client_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideal_client_profiles_user_id'))

    op.drop_table('ideal_client_profiles')
