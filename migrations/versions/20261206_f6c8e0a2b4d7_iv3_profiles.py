"""iv3 profiles: province, size class, urbanity and inhabitants per municipality and year, for the benchmark

Revision ID: f6c8e0a2b4d7
Revises: e4b6d8f0a2c5
Create Date: 2026-12-06 21:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f6c8e0a2b4d7"
down_revision = "e4b6d8f0a2c5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "iv3_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=60), nullable=False),
        sa.Column("size_class", sa.String(length=60), nullable=False),
        sa.Column("urbanity", sa.String(length=60), nullable=False),
        sa.Column("inhabitants", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name="fk_iv3_profiles_area_id_areas", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_iv3_profiles"),
        sa.UniqueConstraint("area_id", "fiscal_year", name="uq_iv3_profiles_area_year"),
    )


def downgrade():
    op.drop_table("iv3_profiles")
