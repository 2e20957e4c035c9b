"""commitments: what each party puts into an action (geld, uren, in natura)

Revision ID: c9f1e3a5b789
Revises: b8e0d2f4a678
Create Date: 2026-12-06 16:43:00
"""
import sqlalchemy as sa
from alembic import op

revision = "c9f1e3a5b789"
down_revision = "b8e0d2f4a678"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name=op.f("fk_commitments_action_id_actions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["partners.id"],
                                name=op.f("fk_commitments_organisation_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitments_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitments_organisation_id"), ["organisation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_commitments_action_id"))
    op.drop_table("commitments")
