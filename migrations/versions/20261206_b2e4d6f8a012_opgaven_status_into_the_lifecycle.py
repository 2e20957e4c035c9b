"""data: opgaven leave the single status 'actief' for the lifecycle (signalering … afgerond)

An opgave that existed before the lifecycle was there to hang programmes on: it starts in
'programmering'. Downgrading puts every opgave back on 'actief' (the phase is lost).

Revision ID: b2e4d6f8a012
Revises: a1f3c5e7b901
Create Date: 2026-12-06 15:41:00
"""
import sqlalchemy as sa
from alembic import op

revision = "b2e4d6f8a012"
down_revision = "a1f3c5e7b901"
branch_labels = None
depends_on = None

opgaven = sa.table("opgaven", sa.column("status", sa.String))


def upgrade():
    op.execute(opgaven.update().where(opgaven.c.status == "actief").values(status="programmering"))


def downgrade():
    op.execute(opgaven.update().values(status="actief"))
