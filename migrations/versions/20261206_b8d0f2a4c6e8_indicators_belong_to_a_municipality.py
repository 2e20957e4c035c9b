"""indicators: national (no area) or one municipality's own

Revision ID: b8d0f2a4c6e8
Revises: a7c9e1f3b5d7
Create Date: 2026-12-06 18:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b8d0f2a4c6e8"
down_revision = "a7c9e1f3b5d7"
branch_labels = None
depends_on = None


def upgrade():
    # Every existing indicator stays national: the CBS key figures and anything an administrator
    # made so far were shared by all municipalities of the installation.
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_indicators_area_id"), ["area_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_indicators_area_id_areas"), "areas", ["area_id"], ["id"], ondelete="CASCADE"
        )


def downgrade():
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_indicators_area_id_areas"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_indicators_area_id"))
        batch_op.drop_column("area_id")
