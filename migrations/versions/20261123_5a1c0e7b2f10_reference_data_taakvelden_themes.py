"""reference data: BBV taakvelden and the default themes

The taakvelden come from imports/samples/bbv/taakvelden.csv (BBV/Iv3 informatievoorschrift,
with the 2023 split of 6.71/6.72/6.81/6.82 and the renames of 6.2 and 6.4).

Revision ID: 5a1c0e7b2f10
Revises: d9f6932bb0d4
Create Date: 2026-11-23 19:55:00
"""
import csv
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "5a1c0e7b2f10"
down_revision = "d9f6932bb0d4"
branch_labels = None
depends_on = None

TAAKVELDEN_CSV = Path(__file__).resolve().parents[2] / "imports" / "samples" / "bbv" / "taakvelden.csv"
THEMES = ["Wonen", "Werk & participatie", "Onderwijs & opvoeding", "Veiligheid", "Gezondheid & zorg",
          "Samenleven", "Leefomgeving & openbare ruimte", "Duurzaamheid"]

taakvelden = sa.table("taakvelden", sa.column("code", sa.String), sa.column("name", sa.String),
                      sa.column("main_task", sa.String), sa.column("valid_from", sa.Integer),
                      sa.column("valid_to", sa.Integer))
themes = sa.table("themes", sa.column("name", sa.String), sa.column("position", sa.Integer))


def upgrade():
    with TAAKVELDEN_CSV.open(encoding="utf-8-sig", newline="") as f:
        rows = [
            {"code": r["code"].strip(), "name": r["naam"].strip(), "main_task": r["hoofdtaakveld"].strip(),
             "valid_from": int(r["geldig_vanaf"]), "valid_to": int(r["geldig_tot"]) if r["geldig_tot"].strip() else None}
            for r in csv.DictReader(f, delimiter=";")
        ]
    op.bulk_insert(taakvelden, rows)
    op.bulk_insert(themes, [{"name": name, "position": i} for i, name in enumerate(THEMES)])


def downgrade():
    op.execute(taakvelden.delete())
    op.execute(themes.delete().where(themes.c.name.in_(THEMES)))
