"""import runs as jobs: the worker (host:pid) and its heartbeat, and the preview kept on the run

Revision ID: b4d6f8a0c2e4
Revises: b4d6f8a0c2e3
Create Date: 2026-12-06 20:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b4d6f8a0c2e4"
down_revision = "b4d6f8a0c2e3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_runs") as batch:
        batch.add_column(sa.Column("worker", sa.String(length=200), nullable=False, server_default=""))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("preview", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("preview")
        batch.drop_column("heartbeat_at")
        batch.drop_column("worker")
