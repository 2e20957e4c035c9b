"""pc_snapshots: an index on the budget line, for deletes under foreign keys

A deleted budget line (a reverted import) sets its frozen snapshots' reference to NULL: with foreign
keys enforced the database looks those up for every line, which without an index is a scan of all
snapshots per line.

Revision ID: c0e2a4b6d8f1
Revises: b8d0f2a4c6e8
Create Date: 2026-12-06 18:10:00
"""

from alembic import op

revision = "c0e2a4b6d8f1"
down_revision = "b8d0f2a4c6e8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("pc_snapshots", schema=None) as batch_op:
        batch_op.create_index("ix_pc_snapshots_budget_line", ["budget_line_id"], unique=False)


def downgrade():
    with op.batch_alter_table("pc_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_pc_snapshots_budget_line")
