"""consultation periods: the dates between which residents may react on a programme

Revision ID: a7c9e1b3d5f7
Revises: e2b4c6d8f0a1
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7c9e1b3d5f7"
down_revision = "e2b4c6d8f0a1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation_periods",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_consultation_periods_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", name=op.f("pk_consultation_periods")),
    )


def downgrade():
    op.drop_table("consultation_periods")
