"""opgave_areas: the areas an opgave concerns besides the area that owns it

Revision ID: e2b4c6d8f0a1
Revises: b5d7f9a1c324
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e2b4c6d8f0a1"
down_revision = "b5d7f9a1c324"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "opgave_areas",
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name=op.f("fk_opgave_areas_opgave_id_opgaven"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_opgave_areas_area_id_areas"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("opgave_id", "area_id", name=op.f("pk_opgave_areas")),
    )
    with op.batch_alter_table("opgave_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_opgave_areas_area_id"), ["area_id"], unique=False)


def downgrade():
    with op.batch_alter_table("opgave_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opgave_areas_area_id"))
    op.drop_table("opgave_areas")
