"""allocations beyond a line's room: a proposed begrotingswijziging or a shift within the mandate

Revision ID: c9f2a4b6d8e1
Revises: b7e1d3f5a9c2
Create Date: 2026-12-06 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c9f2a4b6d8e1"
down_revision = "b7e1d3f5a9c2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amendment", sa.String(length=20), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("overshoot", sa.Numeric(precision=14, scale=2), nullable=False, server_default="0")
        )
    op.create_table(
        "budget_mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name="fk_budget_mandates_area_id_areas"),
        sa.PrimaryKeyConstraint("id", name="pk_budget_mandates"),
        sa.UniqueConstraint("area_id", name="uq_budget_mandates_area_id"),
    )


def downgrade():
    op.drop_table("budget_mandates")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_column("overshoot")
        batch_op.drop_column("amendment")
