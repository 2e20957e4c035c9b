"""subsidies: regelingen, applications with their beschikking, payments, initiatives, capacity

Revision ID: b4d6f8a0c2e1
Revises: a3c5e7f9b1d2
Create Date: 2026-12-06 20:38:17

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b4d6f8a0c2e1"
down_revision = "a3c5e7f9b1d2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subsidy_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("ceiling", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("wijkbudget", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_subsidy_schemes_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["areas.id"], name=op.f("fk_subsidy_schemes_municipality_id_areas")
        ),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name=op.f("fk_subsidy_schemes_opgave_id_opgaven"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_schemes")),
    )
    with op.batch_alter_table("subsidy_schemes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subsidy_schemes_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidy_schemes_opgave_id"), ["opgave_id"], unique=False)

    op.create_table(
        "subsidy_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("initiative", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("granted_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("account_by", sa.Date(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("settled_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("public_answer", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_subsidy_applications_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_lines.id"],
            name=op.f("fk_subsidy_applications_budget_line_id_budget_lines"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_subsidy_applications_goal_id_goals"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["partners.id"], name=op.f("fk_subsidy_applications_organisation_id_partners")
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["subsidy_schemes.id"],
            name=op.f("fk_subsidy_applications_scheme_id_subsidy_schemes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_applications")),
    )
    with op.batch_alter_table("subsidy_applications", schema=None) as batch_op:
        batch_op.create_index("ix_subsidy_applications_area_status", ["area_id", "status"], unique=False)
        batch_op.create_index("ix_subsidy_applications_line_status", ["budget_line_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidy_applications_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_subsidy_applications_scheme_id"), ["scheme_id"], unique=False)

    op.create_table(
        "subsidy_scheme_goals",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_subsidy_scheme_goals_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["subsidy_schemes.id"],
            name=op.f("fk_subsidy_scheme_goals_scheme_id_subsidy_schemes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scheme_id", "goal_id", name=op.f("pk_subsidy_scheme_goals")),
    )
    with op.batch_alter_table("subsidy_scheme_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subsidy_scheme_goals_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "capacity_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("planned_hours", sa.Numeric(precision=10, scale=1), nullable=False),
        sa.Column("actual_hours", sa.Numeric(precision=10, scale=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_capacity_entries_action_id_actions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name=op.f("fk_capacity_entries_opgave_id_opgaven"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capacity_entries")),
    )
    with op.batch_alter_table("capacity_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_capacity_entries_action_id"), ["action_id"], unique=False)
        batch_op.create_index("ix_capacity_entries_opgave_year", ["opgave_id", "year"], unique=False)

    op.create_table(
        "initiative_contacts",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("keep_until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["subsidy_applications.id"],
            name=op.f("fk_initiative_contacts_application_id_subsidy_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_initiative_contacts")),
    )
    with op.batch_alter_table("initiative_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_initiative_contacts_keep_until"), ["keep_until"], unique=False)

    op.create_table(
        "subsidy_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["subsidy_applications.id"],
            name=op.f("fk_subsidy_payments_application_id_subsidy_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_payments")),
    )
    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subsidy_payments_application_id"), ["application_id"], unique=False)


def downgrade():
    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_payments_application_id"))

    op.drop_table("subsidy_payments")
    with op.batch_alter_table("initiative_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_contacts_keep_until"))

    op.drop_table("initiative_contacts")
    with op.batch_alter_table("capacity_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_capacity_entries_opgave_year")
        batch_op.drop_index(batch_op.f("ix_capacity_entries_action_id"))

    op.drop_table("capacity_entries")
    with op.batch_alter_table("subsidy_scheme_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_scheme_goals_goal_id"))

    op.drop_table("subsidy_scheme_goals")
    with op.batch_alter_table("subsidy_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_applications_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_subsidy_applications_organisation_id"))
        batch_op.drop_index("ix_subsidy_applications_line_status")
        batch_op.drop_index("ix_subsidy_applications_area_status")

    op.drop_table("subsidy_applications")
    with op.batch_alter_table("subsidy_schemes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_schemes_opgave_id"))
        batch_op.drop_index(batch_op.f("ix_subsidy_schemes_municipality_id"))

    op.drop_table("subsidy_schemes")
