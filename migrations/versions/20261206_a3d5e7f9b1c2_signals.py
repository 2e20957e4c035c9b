"""signals: residents' signals and ideas per ward, with their contact data kept apart

Revision ID: a3d5e7f9b1c2
Revises: 1c5702c5dedf
Create Date: 2026-12-06 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a3d5e7f9b1c2"
down_revision = "1c5702c5dedf"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("contribution_id", sa.Integer(), nullable=True),
        sa.Column("opgave_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("triaged_at", sa.DateTime(), nullable=True),
        sa.Column("triaged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_signals_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_signals_theme_id_themes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["contribution_id"],
            ["contributions.id"],
            name=op.f("fk_signals_contribution_id_contributions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name=op.f("fk_signals_opgave_id_opgaven"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["triaged_by_id"], ["users.id"], name=op.f("fk_signals_triaged_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
    )
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index("ix_signals_area_outcome", ["area_id", "outcome"], unique=False)
    op.create_table(
        "signal_contacts",
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("keep_until", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signal_id"], ["signals.id"], name=op.f("fk_signal_contacts_signal_id_signals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("signal_id", name=op.f("pk_signal_contacts")),
    )
    with op.batch_alter_table("signal_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signal_contacts_keep_until"), ["keep_until"], unique=False)


def downgrade():
    with op.batch_alter_table("signal_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signal_contacts_keep_until"))
    op.drop_table("signal_contacts")
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index("ix_signals_area_outcome")
    op.drop_table("signals")
