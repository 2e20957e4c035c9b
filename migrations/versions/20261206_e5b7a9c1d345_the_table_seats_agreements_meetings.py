"""the table of an opgave: a seat (opgave_partners) gets a role, contacts, what the party brings and
wants; table meetings with their attendees; agreements with the actions that carry them out

Existing seats become role 'betrokken' with nothing filled in.

Revision ID: e5b7a9c1d345
Revises: d4a6f8b0c234
Create Date: 2026-12-06 15:44:00
"""
import sqlalchemy as sa
from alembic import op

revision = "e5b7a9c1d345"
down_revision = "d4a6f8b0c234"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("opgave_partners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=20), nullable=False, server_default="betrokken"))
        batch_op.add_column(sa.Column("contacts", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("brings", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("offer", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("wants", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "table_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["opgave_id"], ["opgaven.id"], name=op.f("fk_table_meetings_opgave_id_opgaven"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_table_meetings")),
    )
    with op.batch_alter_table("table_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_table_meetings_opgave_id"), ["opgave_id"], unique=False)
    op.create_table(
        "meeting_attendees",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["table_meetings.id"],
                                name=op.f("fk_meeting_attendees_meeting_id_table_meetings"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["partners.id"],
                                name=op.f("fk_meeting_attendees_organisation_id_partners"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("meeting_id", "organisation_id", name=op.f("pk_meeting_attendees")),
    )
    op.create_table(
        "agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["table_meetings.id"],
                                name=op.f("fk_agreements_meeting_id_table_meetings"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["opgave_id"], ["opgaven.id"], name=op.f("fk_agreements_opgave_id_opgaven"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["partners.id"],
                                name=op.f("fk_agreements_organisation_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreements")),
    )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agreements_opgave_id"), ["opgave_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agreements_organisation_id"), ["organisation_id"], unique=False)
    op.create_table(
        "agreement_actions",
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name=op.f("fk_agreement_actions_action_id_actions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreements.id"],
                                name=op.f("fk_agreement_actions_agreement_id_agreements"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("agreement_id", "action_id", name=op.f("pk_agreement_actions")),
    )


def downgrade():
    op.drop_table("agreement_actions")
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreements_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_agreements_opgave_id"))
    op.drop_table("agreements")
    op.drop_table("meeting_attendees")
    with op.batch_alter_table("table_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_table_meetings_opgave_id"))
    op.drop_table("table_meetings")
    with op.batch_alter_table("opgave_partners", schema=None) as batch_op:
        for column in ("wants", "offer", "brings", "contacts", "role"):
            batch_op.drop_column(column)
