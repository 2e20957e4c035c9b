"""api: updated_at on areas, opgaven, partners and P&C moments (and an index on actions.updated_at); tombstones of deleted objects; key expiry and rate limit

Revision ID: b4e6f8a0c2d4
Revises: f6c8e0a2b4d7
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b4e6f8a0c2d4"
down_revision = "f6c8e0a2b4d7"
branch_labels = None
depends_on = None

TABLES = ("areas", "opgaven", "partners", "pc_moments")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET updated_at = CURRENT_TIMESTAMP"))
        with op.batch_alter_table(table) as batch:
            # A default in the database too: rows written with plain SQL get a time as well.
            batch.alter_column(
                "updated_at",
                existing_type=sa.DateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
    op.create_index("ix_actions_updated_at", "actions", ["updated_at"])
    op.create_table(
        "api_tombstones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_key", sa.String(length=40), nullable=False),
        sa.Column("area_path", sa.String(length=200), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_tombstones"),
    )
    op.create_index("ix_api_tombstones_kind_deleted_at", "api_tombstones", ["kind", "deleted_at"])
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("rate_limit", sa.Integer(), nullable=False, server_default="600"))
        batch.add_column(sa.Column("window_start", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("window_count", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("window_count")
        batch.drop_column("window_start")
        batch.drop_column("rate_limit")
        batch.drop_column("expires_at")
    op.drop_index("ix_api_tombstones_kind_deleted_at", table_name="api_tombstones")
    op.drop_table("api_tombstones")
    op.drop_index("ix_actions_updated_at", table_name="actions")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_at")
