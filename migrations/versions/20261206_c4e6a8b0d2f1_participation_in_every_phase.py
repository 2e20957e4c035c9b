"""participation: phases after consultation, the phase of a contribution, a municipality's policy

Revision ID: c4e6a8b0d2f1
Revises: b4d6f8a0c2e4
Create Date: 2026-12-06 20:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c4e6a8b0d2f1"
down_revision = "b4d6f8a0c2e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "participation_phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"], name="fk_participation_phases_programme_id_programmes", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participation_phases"),
        sa.UniqueConstraint("programme_id", "phase", name="uq_participation_phases_programme_id"),
    )
    with op.batch_alter_table("participation_phases", schema=None) as batch_op:
        batch_op.create_index("ix_participation_phases_programme_id", ["programme_id"], unique=False)
    op.create_table(
        "participation_policies",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("execution_open", sa.Boolean(), nullable=False),
        sa.Column("evaluation_open", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["areas.id"], name="fk_participation_policies_municipality_id_areas", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("municipality_id", name="pk_participation_policies"),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phase", sa.String(length=20), server_default="consultatie", nullable=False))
        batch_op.add_column(sa.Column("progress_update_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_contributions_progress_update_id_progress_updates",
            "progress_updates",
            ["progress_update_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_constraint("fk_contributions_progress_update_id_progress_updates", type_="foreignkey")
        batch_op.drop_column("progress_update_id")
        batch_op.drop_column("phase")
    op.drop_table("participation_policies")
    with op.batch_alter_table("participation_phases", schema=None) as batch_op:
        batch_op.drop_index("ix_participation_phases_programme_id")
    op.drop_table("participation_phases")
