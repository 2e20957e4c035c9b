"""rollout: programme templates, their programmes and action origins, the board of steps, revisions

Revision ID: b4d6f8a0c2e3
Revises: b4d6f8a0c2e1
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b4d6f8a0c2e3"
down_revision = "b4d6f8a0c2e1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "programme_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("source_programme_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("fits_when", sa.Text(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("reference_start", sa.Date(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_programme_templates_area_id_areas")),
        sa.ForeignKeyConstraint(["source_programme_id"], ["programmes.id"], ondelete="SET NULL", name=op.f("fk_programme_templates_source_programme_id_programmes")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL", name=op.f("fk_programme_templates_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_templates")),
    )
    op.create_index("ix_programme_templates_area_id", "programme_templates", ["area_id"])
    op.create_table(
        "template_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["template_id"], ["programme_templates.id"], ondelete="CASCADE", name=op.f("fk_template_programmes_template_id_programme_templates")),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE", name=op.f("fk_template_programmes_programme_id_programmes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_programmes")),
        sa.UniqueConstraint("programme_id", name=op.f("uq_template_programmes_programme_id")),
    )
    op.create_index("ix_template_programmes_template_id", "template_programmes", ["template_id"])
    op.create_table(
        "action_origins",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], ondelete="CASCADE", name=op.f("fk_action_origins_action_id_actions")),
        sa.ForeignKeyConstraint(["template_id"], ["programme_templates.id"], ondelete="CASCADE", name=op.f("fk_action_origins_template_id_programme_templates")),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_action_origins")),
    )
    op.create_index("ix_action_origins_template_id", "action_origins", ["template_id"])
    op.create_table(
        "rollout_steps_done",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=100), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["template_id"], ["programme_templates.id"], ondelete="CASCADE", name=op.f("fk_rollout_steps_done_template_id_programme_templates")),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE", name=op.f("fk_rollout_steps_done_programme_id_programmes")),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], ondelete="SET NULL", name=op.f("fk_rollout_steps_done_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollout_steps_done")),
        sa.UniqueConstraint("template_id", "programme_id", "step", name="uq_rollout_steps_done"),
    )
    op.create_index("ix_rollout_steps_done_template_id", "rollout_steps_done", ["template_id"])
    op.create_index("ix_rollout_steps_done_programme_id", "rollout_steps_done", ["programme_id"])
    op.create_table(
        "programme_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"], ondelete="CASCADE", name=op.f("fk_programme_revisions_programme_id_programmes")),
        sa.ForeignKeyConstraint(["agenda_item_id"], ["agenda_items.id"], name=op.f("fk_programme_revisions_agenda_item_id_agenda_items")),
        sa.ForeignKeyConstraint(["opened_by_id"], ["users.id"], ondelete="SET NULL", name=op.f("fk_programme_revisions_opened_by_id_users")),
        sa.ForeignKeyConstraint(["version_id"], ["programme_versions.id"], ondelete="SET NULL", name=op.f("fk_programme_revisions_version_id_programme_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_revisions")),
    )
    op.create_index("ix_programme_revisions_programme_id", "programme_revisions", ["programme_id"])


def downgrade():
    op.drop_index("ix_programme_revisions_programme_id", table_name="programme_revisions")
    op.drop_table("programme_revisions")
    op.drop_index("ix_rollout_steps_done_programme_id", table_name="rollout_steps_done")
    op.drop_index("ix_rollout_steps_done_template_id", table_name="rollout_steps_done")
    op.drop_table("rollout_steps_done")
    op.drop_index("ix_action_origins_template_id", table_name="action_origins")
    op.drop_table("action_origins")
    op.drop_index("ix_template_programmes_template_id", table_name="template_programmes")
    op.drop_table("template_programmes")
    op.drop_index("ix_programme_templates_area_id", table_name="programme_templates")
    op.drop_table("programme_templates")
