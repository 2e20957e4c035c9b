"""areas: path index with the pattern operator class on PostgreSQL

A prefix LIKE on areas.path ('GM0034/%', in every access check and area list) can only use a
plain b-tree index under the C collation; with varchar_pattern_ops it can in any collation
(equality still works). SQLite keeps its plain index: nothing to change there.

Revision ID: 58b0fdc19308
Revises: 733914204f18
Create Date: 2026-12-01 09:46:23.456528

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '58b0fdc19308'
down_revision = '733914204f18'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_areas_path", table_name="areas")
    op.create_index("ix_areas_path", "areas", ["path"], postgresql_ops={"path": "varchar_pattern_ops"})


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_areas_path", table_name="areas")
    op.create_index("ix_areas_path", "areas", ["path"])
