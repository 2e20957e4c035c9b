"""budget frames: the kader of a programme or an opgave

Revision ID: e4b6d8f0a2c5
Revises: d2a4c6e8f0b3
Create Date: 2026-12-06 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4b6d8f0a2c5"
down_revision = "d2a4c6e8f0b3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budget_frames",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("opgave_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_budget_frames_programme_id_programmes", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name="fk_budget_frames_opgave_id_opgaven", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_budget_frames"),
        sa.UniqueConstraint("programme_id", name="uq_budget_frames_programme_id"),
        sa.UniqueConstraint("opgave_id", name="uq_budget_frames_opgave_id"),
    )


def downgrade():
    op.drop_table("budget_frames")
