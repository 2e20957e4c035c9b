"""Participation: photos and PDF documents of a moment, bytes stored in the database (moment_attachments).

Revision ID: 871c086a0e4d
Revises: cc1de965edf3
Create Date: 2026-12-01 07:37:49.957631

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '871c086a0e4d'
down_revision = 'cc1de965edf3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moment_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('moment_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('file_data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['moment_id'], ['participation_moments.id'], name=op.f('fk_moment_attachments_moment_id_participation_moments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_moment_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moment_attachments')),
    sa.UniqueConstraint('moment_id', 'sha256', name=op.f('uq_moment_attachments_moment_id'))
    )
    with op.batch_alter_table('moment_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moment_attachments_moment_id'), ['moment_id'], unique=False)



def downgrade():
    with op.batch_alter_table('moment_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moment_attachments_moment_id'))

    op.drop_table('moment_attachments')
