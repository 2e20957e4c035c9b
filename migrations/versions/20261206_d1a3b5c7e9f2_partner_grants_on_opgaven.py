"""partner grants: a person of a partner organisation at an opgave's table

Revision ID: d1a3b5c7e9f2
Revises: c9f1e3a5b789
Create Date: 2026-12-06 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d1a3b5c7e9f2"
down_revision = "c9f1e3a5b789"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "partner_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opgave_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_partner_grants_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opgave_id"], ["opgaven.id"], name=op.f("fk_partner_grants_opgave_id_opgaven"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["partners.id"], name=op.f("fk_partner_grants_organisation_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_grants")),
        sa.UniqueConstraint("user_id", "opgave_id", "organisation_id", name="uq_partner_grants_grant"),
    )
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_grants_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_grants_opgave_id"), ["opgave_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_grants_organisation_id"), ["organisation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("partner_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_grants_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_partner_grants_opgave_id"))
        batch_op.drop_index(batch_op.f("ix_partner_grants_user_id"))
    op.drop_table("partner_grants")
