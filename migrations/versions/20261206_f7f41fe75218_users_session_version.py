"""users: a session version, raised to end every open session of an account

Revision ID: f7f41fe75218
Revises: c0e2a4b6d8f1
Create Date: 2026-12-06 18:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f7f41fe75218"
down_revision = "c0e2a4b6d8f1"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
