"""action spendings: realisation booked per action and period, and the codes that map bookings to actions

Revision ID: b7e1d3f5a9c2
Revises: d5f7a9b1c3e5
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b7e1d3f5a9c2"
down_revision = "d5f7a9b1c3e5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_spendings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name="fk_action_spendings_action_id_actions", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_action_spendings_created_by_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_action_spendings"),
        sa.UniqueConstraint("action_id", "year", "period", "reference", name="uq_action_spendings_booking"),
    )
    with op.batch_alter_table("action_spendings", schema=None) as batch_op:
        batch_op.create_index("ix_action_spendings_action_id", ["action_id"], unique=False)
    op.create_table(
        "action_finance_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("project_code", sa.String(length=60), nullable=False),
        sa.Column("cost_centre", sa.String(length=60), nullable=False),
        sa.Column("cost_type", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name="fk_action_finance_codes_action_id_actions", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name="fk_action_finance_codes_area_id_areas"),
        sa.PrimaryKeyConstraint("id", name="pk_action_finance_codes"),
        sa.UniqueConstraint(
            "area_id", "project_code", "cost_centre", "cost_type", name="uq_action_finance_codes_code"
        ),
    )
    with op.batch_alter_table("action_finance_codes", schema=None) as batch_op:
        batch_op.create_index("ix_action_finance_codes_action_id", ["action_id"], unique=False)


def downgrade():
    with op.batch_alter_table("action_finance_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_action_finance_codes_action_id")
    op.drop_table("action_finance_codes")
    with op.batch_alter_table("action_spendings", schema=None) as batch_op:
        batch_op.drop_index("ix_action_spendings_action_id")
    op.drop_table("action_spendings")
