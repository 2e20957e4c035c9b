"""programmes: the besluit on the political agenda that adopted a programme, and the competent body

Revision ID: c7d9e1f3a5b6
Revises: b4e6f8a0c2d4
Create Date: 2026-12-06 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c7d9e1f3a5b6"
down_revision = "b4e6f8a0c2d4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("programmes") as batch_op:
        batch_op.add_column(sa.Column("decision_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("competent_body", sa.String(length=20), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_programmes_decision_item_id"), ["decision_item_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_programmes_decision_item_id_agenda_items"),
            "agenda_items",
            ["decision_item_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("programmes") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_programmes_decision_item_id_agenda_items"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_programmes_decision_item_id"))
        batch_op.drop_column("competent_body")
        batch_op.drop_column("decision_item_id")
