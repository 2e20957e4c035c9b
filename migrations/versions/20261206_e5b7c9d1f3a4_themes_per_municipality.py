"""themes per municipality: a theme belongs to one municipality (area_id) or is shared (NULL); names are unique
per municipality instead of per installation

Revision ID: e5b7c9d1f3a4
Revises: a7c9e1b3d5f7
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5b7c9d1f3a4"
down_revision = "a7c9e1b3d5f7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_themes_area_id_areas"), "areas", ["area_id"], ["id"])
        batch_op.create_index(batch_op.f("ix_themes_area_id"), ["area_id"], unique=False)
        batch_op.drop_constraint("uq_themes_name", type_="unique")
        batch_op.create_unique_constraint("uq_themes_area_name", ["area_id", "name"])
    # NULLs are distinct in a unique constraint: the shared themes get a partial unique index of their own.
    op.create_index(
        "uq_themes_shared_name",
        "themes",
        ["name"],
        unique=True,
        sqlite_where=sa.text("area_id IS NULL"),
        postgresql_where=sa.text("area_id IS NULL"),
    )


def downgrade():
    op.drop_index("uq_themes_shared_name", table_name="themes")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_constraint("uq_themes_area_name", type_="unique")
        batch_op.create_unique_constraint("uq_themes_name", ["name"])
        batch_op.drop_index(batch_op.f("ix_themes_area_id"))
        batch_op.drop_constraint(batch_op.f("fk_themes_area_id_areas"), type_="foreignkey")
        batch_op.drop_column("area_id")
