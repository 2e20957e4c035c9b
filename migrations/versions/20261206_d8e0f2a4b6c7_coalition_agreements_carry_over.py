"""agenda items: a coalitieakkoord agreement's council period and its explicit carry-over to the next period

Revision ID: d8e0f2a4b6c7
Revises: c7d9e1f3a5b6
Create Date: 2026-12-06 22:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d8e0f2a4b6c7"
down_revision = "c7d9e1f3a5b6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agenda_items") as batch_op:
        batch_op.add_column(sa.Column("council_period", sa.String(length=9), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("carry_over", sa.String(length=3), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("carry_over_reason", sa.String(length=500), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("carried_into_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_agenda_items_carried_into_id_agenda_items"),
            "agenda_items",
            ["carried_into_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("agenda_items") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_agenda_items_carried_into_id_agenda_items"), type_="foreignkey")
        batch_op.drop_column("carried_into_id")
        batch_op.drop_column("carry_over_reason")
        batch_op.drop_column("carry_over")
        batch_op.drop_column("council_period")
