"""mandate per begrotingsprogramma: the financial regulation's own amount for one programme

Revision ID: b2d4f6a8c0e3
Revises: a1c3e5f7b9d2
Create Date: 2026-12-06 23:56:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b2d4f6a8c0e3"
down_revision = "a1c3e5f7b9d2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budget_programme_mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("budget_programme", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name="fk_budget_programme_mandates_area_id_areas", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_budget_programme_mandates"),
        sa.UniqueConstraint("area_id", "budget_programme", name="uq_budget_programme_mandates_programme"),
    )


def downgrade():
    op.drop_table("budget_programme_mandates")
