"""partner grants: on an opgave or on one programme, exactly one of the two

Revision ID: a4c6e8f0b213
Revises: d1a3b5c7e9f2
Create Date: 2026-12-06 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a4c6e8f0b213"
down_revision = "d1a3b5c7e9f2"
branch_labels = None
depends_on = None

ONE_OF = "(opgave_id IS NOT NULL AND programme_id IS NULL) OR (opgave_id IS NULL AND programme_id IS NOT NULL)"


def upgrade():
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        batch_op.alter_column("opgave_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_partner_grants_programme_id_programmes"),
            "programmes",
            ["programme_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_partner_grants_programme_id"), ["programme_id"], unique=False)
        batch_op.create_unique_constraint(
            "uq_partner_grants_programme_grant", ["user_id", "programme_id", "organisation_id"]
        )
        batch_op.create_check_constraint("opgave_or_programme", ONE_OF)


def downgrade():
    # A grant on a programme has no opgave to fall back on without widening what the partner sees: it goes.
    op.execute("DELETE FROM partner_grants WHERE programme_id IS NOT NULL")
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_partner_grants_opgave_or_programme"), type_="check")
        batch_op.drop_constraint("uq_partner_grants_programme_grant", type_="unique")
        batch_op.drop_index(batch_op.f("ix_partner_grants_programme_id"))
        batch_op.drop_constraint(batch_op.f("fk_partner_grants_programme_id_programmes"), type_="foreignkey")
        batch_op.alter_column("opgave_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("programme_id")
