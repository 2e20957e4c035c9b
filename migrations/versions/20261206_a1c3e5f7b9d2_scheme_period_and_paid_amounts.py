"""scheme period and paid amounts: a regeling's application period, what a payment term actually paid

Revision ID: a1c3e5f7b9d2
Revises: d8e0f2a4b6c7
Create Date: 2026-12-06 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c3e5f7b9d2"
down_revision = "d8e0f2a4b6c7"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("subsidy_schemes") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
    with op.batch_alter_table("subsidy_payments") as batch:
        batch.add_column(sa.Column("paid_amount", sa.Numeric(precision=14, scale=2), nullable=True))
    # A term marked paid before there was an amount was paid in full.
    op.execute("UPDATE subsidy_payments SET paid_amount = amount WHERE paid_on IS NOT NULL")


def downgrade():
    with op.batch_alter_table("subsidy_payments") as batch:
        batch.drop_column("paid_amount")
    with op.batch_alter_table("subsidy_schemes") as batch:
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
