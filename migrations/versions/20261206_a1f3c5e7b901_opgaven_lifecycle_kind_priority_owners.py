"""opgaven: one-sentence statement, kind, desired situation, priority, lifecycle reason, owners, lock version

Existing rows get the defaults (maatschappelijke opgave, priority middel, empty texts); their status
is moved into the lifecycle by the next revision.

Revision ID: a1f3c5e7b901
Revises: 58b0fdc19308
Create Date: 2026-12-06 15:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "a1f3c5e7b901"
down_revision = "58b0fdc19308"
branch_labels = None
depends_on = None



def upgrade():
    with op.batch_alter_table("opgaven", schema=None) as batch_op:
        batch_op.add_column(sa.Column("statement", sa.String(length=500), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="maatschappelijk"))
        batch_op.add_column(sa.Column("desired_situation", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("priority", sa.String(length=10), nullable=False, server_default="middel"))
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("portfolio_holder", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("official_sponsor", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("director", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("lock_version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index(batch_op.f("ix_opgaven_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("opgaven", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opgaven_status"))
        for column in ("lock_version", "director", "official_sponsor", "portfolio_holder", "status_reason",
                       "priority", "desired_situation", "kind", "statement"):
            batch_op.drop_column(column)
