"""login_throttles: failed sign-ins per typed address and per client address

Revision ID: 1c5702c5dedf
Revises: f7f41fe75218
Create Date: 2026-12-06 18:46:00
"""

import sqlalchemy as sa
from alembic import op

revision = "1c5702c5dedf"
down_revision = "f7f41fe75218"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("kind", "key", name="uq_login_throttles_kind_key"),
    )
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_throttles_blocked_until"), ["blocked_until"], unique=False)


def downgrade():
    with op.batch_alter_table("login_throttles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_throttles_blocked_until"))
    op.drop_table("login_throttles")
