"""funding sources: where an action's money comes from per year (budget line, investment credit, reserve, grant, partner)

Revision ID: d2a4c6e8f0b3
Revises: c9f2a4b6d8e1
Create Date: 2026-12-06 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d2a4c6e8f0b3"
down_revision = "c9f2a4b6d8e1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "funding_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("depreciation_years", sa.Integer(), nullable=True),
        sa.Column("interest_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("grant_reference", sa.String(length=120), nullable=False),
        sa.Column("grant_ceiling", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("accountability_date", sa.Date(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name="fk_funding_sources_action_id_actions", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_lines.id"],
            name="fk_funding_sources_budget_line_id_budget_lines",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["partners.id"], name="fk_funding_sources_organisation_id_partners", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_funding_sources"),
    )
    with op.batch_alter_table("funding_sources", schema=None) as batch_op:
        batch_op.create_index("ix_funding_sources_action_id", ["action_id"], unique=False)


def downgrade():
    with op.batch_alter_table("funding_sources", schema=None) as batch_op:
        batch_op.drop_index("ix_funding_sources_action_id")
    op.drop_table("funding_sources")
