"""organisations (table partners) and themes: deactivate instead of delete; organisations merge; themes
name the kinds of party that serve them

Revision ID: c3f5e7a9b123
Revises: b2e4d6f8a012
Create Date: 2026-12-06 15:42:00
"""
import sqlalchemy as sa
from alembic import op

revision = "c3f5e7a9b123"
down_revision = "b2e4d6f8a012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_partners_merged_into_id_partners"), "partners",
                                    ["merged_into_id"], ["id"])
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column("party_kinds", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_column("party_kinds")
        batch_op.drop_column("active")
    with op.batch_alter_table("partners", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_partners_merged_into_id_partners"), type_="foreignkey")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("active")
