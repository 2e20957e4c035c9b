"""data: each free-text trekker becomes a link to an organisation

A trekker text is matched to an existing organisation by name, ignoring case, punctuation and spacing (as
"wie ontbreekt" matched it); a merged organisation is followed to the one it went into. "Name (Person)", as
teams wrote an organisation with its contact, links to the organisation and keeps the person as contact when
the whole text matches no organisation but the part before the brackets does. A text that matches none becomes a new organisation of kind 'overig' with that name, for the administrator to sort out (kind,
merge with a duplicate). An empty trekker stays empty. The downgrade writes the organisation's name (and the
contact person, if any) back as text; organisations created here stay.

Revision ID: a7d9c1e3f567
Revises: f6c8b0d2e456
Create Date: 2026-12-06 16:41:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "a7d9c1e3f567"
down_revision = "f6c8b0d2e456"
branch_labels = None
depends_on = None

partners = sa.table("partners", sa.column("id", sa.Integer), sa.column("name", sa.String),
                    sa.column("kind", sa.String), sa.column("active", sa.Boolean),
                    sa.column("merged_into_id", sa.Integer))
actions = sa.table("actions", sa.column("id", sa.Integer), sa.column("owner", sa.String),
                   sa.column("owner_organisation_id", sa.Integer), sa.column("owner_person", sa.String))


def _normal(text):
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.select(partners.c.id, partners.c.name, partners.c.active, partners.c.merged_into_id)
                        .order_by(partners.c.id)).all()
    merged_into = {r.id: r.merged_into_id for r in rows}
    by_name = {}
    # An active organisation wins over a deactivated one with the same normalised name.
    for r in sorted(rows, key=lambda r: (not r.active, r.id)):
        by_name.setdefault(_normal(r.name), r.id)
    for action_id, owner in conn.execute(sa.select(actions.c.id, actions.c.owner)
                                         .where(actions.c.owner != "").order_by(actions.c.id)).all():
        name = " ".join(owner.split())
        key = _normal(name)
        if not key:
            continue
        organisation_id, person = by_name.get(key), ""
        with_person = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
        if organisation_id is None and with_person and by_name.get(_normal(with_person[1])):
            organisation_id, person = by_name[_normal(with_person[1])], with_person[2].strip()
        if organisation_id is None:
            conn.execute(partners.insert().values(name=name, kind="overig", active=True))
            organisation_id = conn.execute(sa.select(partners.c.id).where(partners.c.name == name)).scalar_one()
            by_name[key] = organisation_id
        seen = set()
        while merged_into.get(organisation_id) and organisation_id not in seen:
            seen.add(organisation_id)
            organisation_id = merged_into[organisation_id]
        conn.execute(actions.update().where(actions.c.id == action_id)
                     .values(owner_organisation_id=organisation_id, owner_person=person[:200]))


def downgrade():
    conn = op.get_bind()
    names = dict(conn.execute(sa.select(partners.c.id, partners.c.name)).all())
    for action_id, organisation_id, person in conn.execute(
            sa.select(actions.c.id, actions.c.owner_organisation_id, actions.c.owner_person)).all():
        name = names.get(organisation_id, "")
        text = f"{name} ({person})" if name and person else (name or person or "")
        conn.execute(actions.update().where(actions.c.id == action_id)
                     .values(owner=text[:200], owner_organisation_id=None, owner_person=""))
