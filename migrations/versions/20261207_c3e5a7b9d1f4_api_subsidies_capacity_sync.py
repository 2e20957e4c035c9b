"""api: updated_at on subsidy schemes, subsidy applications and capacity entries, so /api/v1 can sync them

Revision ID: c3e5a7b9d1f4
Revises: b2d4f6a8c0e3
Create Date: 2026-12-07 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3e5a7b9d1f4"
down_revision = "b2d4f6a8c0e3"
branch_labels = None
depends_on = None

TABLES = ("subsidy_schemes", "subsidy_applications", "capacity_entries")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET updated_at = CURRENT_TIMESTAMP"))
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "updated_at",
                existing_type=sa.DateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"])


def downgrade():
    for table in TABLES:
        op.drop_index(f"ix_{table}_updated_at", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_at")
