"""the trekker of an action becomes a party: actions get owner_organisation_id and owner_person

Revision ID: f6c8b0d2e456
Revises: e5b7a9c1d345
Create Date: 2026-12-06 16:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "f6c8b0d2e456"
down_revision = "e5b7a9c1d345"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_organisation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner_person", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_actions_owner_organisation_id"), ["owner_organisation_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_actions_owner_organisation_id_partners"), "partners",
                                    ["owner_organisation_id"], ["id"])


def downgrade():
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actions_owner_organisation_id_partners"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actions_owner_organisation_id"))
        batch_op.drop_column("owner_person")
        batch_op.drop_column("owner_organisation_id")
