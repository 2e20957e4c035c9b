"""indicators: index measurements (area_id, updated_at) for the comparison's change fingerprint

Revision ID: 3b7e2c9d4a10
Revises: 8d68838a37cd
Create Date: 2026-11-23 21:00:00

"""
from alembic import op

revision = "3b7e2c9d4a10"
down_revision = "8d68838a37cd"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.create_index("ix_measurements_area_updated", ["area_id", "updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.drop_index("ix_measurements_area_updated")
