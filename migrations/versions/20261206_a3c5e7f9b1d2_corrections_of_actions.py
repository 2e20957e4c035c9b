"""corrections: a deliberate change of course on an action, with its reason and what changed

Revision ID: a3c5e7f9b1d2
Revises: a3d5e7f9b1c2
Create Date: 2026-12-06 19:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a3c5e7f9b1d2"
down_revision = "a3d5e7f9b1c2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("corrected_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("aspects", sa.String(length=100), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_label", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name="fk_corrections_action_id_actions", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["milestone_id"], ["milestones.id"], name="fk_corrections_milestone_id_milestones", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_corrections_author_id_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_corrections"),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index("ix_corrections_action_id", ["action_id"], unique=False)
        batch_op.create_index("ix_corrections_corrected_on", ["corrected_on"], unique=False)


def downgrade():
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index("ix_corrections_corrected_on")
        batch_op.drop_index("ix_corrections_action_id")
    op.drop_table("corrections")
