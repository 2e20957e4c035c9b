"""programme comments: the internal round on a concept programme, with the team's answers

Revision ID: b5d7f9a1c324
Revises: a4c6e8f0b213
Create Date: 2026-12-06 18:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b5d7f9a1c324"
down_revision = "a4c6e8f0b213"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("subject_label", sa.String(length=300), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_name", sa.String(length=120), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_comments_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_programme_comments_goal_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_programme_comments_action_id_actions"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_programme_comments_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["partners.id"], name=op.f("fk_programme_comments_organisation_id_partners")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_programme_comments_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_comments")),
    )
    with op.batch_alter_table("programme_comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_comments_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_programme_comments_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_programme_comments_action_id"), ["action_id"], unique=False)


def downgrade():
    with op.batch_alter_table("programme_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_comments_action_id"))
        batch_op.drop_index(batch_op.f("ix_programme_comments_goal_id"))
        batch_op.drop_index(batch_op.f("ix_programme_comments_programme_id"))
    op.drop_table("programme_comments")
