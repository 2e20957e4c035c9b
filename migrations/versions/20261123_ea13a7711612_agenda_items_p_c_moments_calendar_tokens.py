"""agenda items and their action links, P&C moments and action flags, calendar feed tokens

Revision ID: ea13a7711612
Revises: 5a1c0e7b2f10
Create Date: 2026-11-23 19:52:26.039478

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ea13a7711612'
down_revision = '5a1c0e7b2f10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('body', sa.String(length=30), nullable=False),
    sa.Column('submitters', sa.String(length=500), nullable=False),
    sa.Column('portfolio_holder', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_agenda_items_area_id_areas')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('area_id', 'external_id', name='uq_agenda_items_area_external_id'),
    sa.UniqueConstraint('area_id', 'number', name='uq_agenda_items_area_number')
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_items_status'), ['status'], unique=False)

    op.create_table('calendar_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_tokens_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_tokens_user_id'))
    )
    op.create_table('pc_moments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('input_deadline', sa.Date(), nullable=True),
    sa.Column('college_date', sa.Date(), nullable=True),
    sa.Column('council_date', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['areas.id'], name=op.f('fk_pc_moments_area_id_areas')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_pc_moments_closed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pc_moments')),
    sa.UniqueConstraint('area_id', 'kind', 'year', 'sequence', name='uq_pc_moments_moment')
    )
    with op.batch_alter_table('pc_moments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pc_moments_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pc_moments_year'), ['year'], unique=False)

    op.create_table('action_agenda_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('meaning', sa.String(length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_agenda_links_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_action_agenda_links_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_agenda_links')),
    sa.UniqueConstraint('action_id', 'agenda_item_id', name='uq_action_agenda_links_pair')
    )
    with op.batch_alter_table('action_agenda_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_agenda_links_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_agenda_links_agenda_item_id'), ['agenda_item_id'], unique=False)

    op.create_table('action_pc_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('pc_moment_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=30), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_pc_flags_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pc_moment_id'], ['pc_moments.id'], name=op.f('fk_action_pc_flags_pc_moment_id_pc_moments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_pc_flags')),
    sa.UniqueConstraint('action_id', 'pc_moment_id', 'purpose', name='uq_action_pc_flags_flag')
    )
    with op.batch_alter_table('action_pc_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_pc_flags_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_pc_flags_pc_moment_id'), ['pc_moment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('action_pc_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_pc_flags_pc_moment_id'))
        batch_op.drop_index(batch_op.f('ix_action_pc_flags_action_id'))

    op.drop_table('action_pc_flags')
    with op.batch_alter_table('action_agenda_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_agenda_links_agenda_item_id'))
        batch_op.drop_index(batch_op.f('ix_action_agenda_links_action_id'))

    op.drop_table('action_agenda_links')
    with op.batch_alter_table('pc_moments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pc_moments_year'))
        batch_op.drop_index(batch_op.f('ix_pc_moments_area_id'))

    op.drop_table('pc_moments')
    op.drop_table('calendar_tokens')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_status'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_kind'))
        batch_op.drop_index(batch_op.f('ix_agenda_items_area_id'))

    op.drop_table('agenda_items')
