"""data: organisation kinds 'zorg' and 'welzijn' become 'zorg_welzijn'; the default themes name the
kinds of party that serve them (used by "wie ontbreekt"; an administrator can change them)

Downgrading turns 'zorg_welzijn' into 'welzijn' and the new kinds 'overheid' and 'gemeente' into
'overig' (the old list did not have them), and clears the theme mapping.

Revision ID: d4a6f8b0c234
Revises: c3f5e7a9b123
Create Date: 2026-12-06 15:43:00
"""
import sqlalchemy as sa
from alembic import op

revision = "d4a6f8b0c234"
down_revision = "c3f5e7a9b123"
branch_labels = None
depends_on = None

partners = sa.table("partners", sa.column("kind", sa.String))
themes = sa.table("themes", sa.column("name", sa.String), sa.column("party_kinds", sa.JSON))

THEME_PARTIES = {
    "Wonen": ["bewonersorganisatie", "woningcorporatie"],
    "Werk & participatie": ["ondernemers", "overheid"],
    "Onderwijs & opvoeding": ["onderwijs"],
    "Veiligheid": ["politie"],
    "Gezondheid & zorg": ["zorg_welzijn"],
    "Samenleven": ["bewonersorganisatie", "zorg_welzijn"],
    "Leefomgeving & openbare ruimte": ["bewonersorganisatie", "gemeente"],
    "Duurzaamheid": ["bewonersorganisatie", "woningcorporatie"],
}


def upgrade():
    op.execute(partners.update().where(partners.c.kind.in_(("zorg", "welzijn"))).values(kind="zorg_welzijn"))
    for name, kinds in THEME_PARTIES.items():
        op.execute(themes.update().where(themes.c.name == name).values(party_kinds=kinds))


def downgrade():
    op.execute(themes.update().values(party_kinds=[]))
    op.execute(partners.update().where(partners.c.kind == "zorg_welzijn").values(kind="welzijn"))
    op.execute(partners.update().where(partners.c.kind.in_(("overheid", "gemeente"))).values(kind="overig"))
