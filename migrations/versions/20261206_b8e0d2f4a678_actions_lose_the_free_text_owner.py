"""actions lose the free-text owner column: the trekker is owner_organisation_id (and owner_person)

Revision ID: b8e0d2f4a678
Revises: a7d9c1e3f567
Create Date: 2026-12-06 16:42:00
"""
import sqlalchemy as sa
from alembic import op

revision = "b8e0d2f4a678"
down_revision = "a7d9c1e3f567"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_column("owner")


def downgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=200), nullable=False, server_default=""))
