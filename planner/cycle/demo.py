"""Demo step: Helmond's P&C calendar for this year and next, with actions flagged for its documents.

The cycle comes from the yearly template (`generate_cycle`), as a municipality would start it;
one begrotingswijziging is added by hand. Flags are set while the moments are open; moments whose
council date has passed are then closed by the controller, as in a real year.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.core.audit import acting_as
from planner.extensions import db

MUNICIPALITY = "GM0794"

# (document kind, budget year relative to this year, programme key, action title, purpose, note, flagged by)
FLAGS = (
    (
        "kadernota",
        +1,
        "binnenstad",
        "Geveltuinen en groene daken subsidie",
        "nieuw_beleid",
        "Structureel € 150.000 per jaar voor de subsidieregeling.",
        "binnenstad",
    ),
    (
        "kadernota",
        +1,
        "west",
        "Sloop-nieuwbouw Kromme Haag",
        "nieuw_beleid",
        "Gemeentelijke bijdrage openbare ruimte € 1,2 miljoen, verdeeld over drie jaar.",
        "manager",
    ),
    (  # the wijkkamer came from the bewonersavond of this autumn: after kadernota 2027 was adopted
        "kadernota",
        +2,
        "oost",
        "Wijkkamer voor ouders in het wijkhuis",
        "nieuw_beleid",
        "Exploitatie € 85.000 per jaar; dekking deels uit de GALA-uitkering.",
        "oost",
    ),
    (
        "kadernota",
        +2,
        "noord",
        "Collectieve inkoop isolatie",
        "nieuw_beleid",
        "Voorfinanciering van de collectieve inkoop; terugbetaling via de energiecoöperatie.",
        "manager",
    ),
    (
        "kadernota",
        +2,
        "stad",
        "Energiecoaches aan huis",
        "nieuw_beleid",
        "Voortzetting na 2027: € 240.000 per jaar.",
        "manager",
    ),
    (
        "kadernota",
        +2,
        "binnenstad",
        "Avondaanpak Markt en Havenweg",
        "nieuw_beleid",
        "Structurele inzet boa's in het weekend na de evaluatie.",
        "binnenstad",
    ),
    (
        "berap2",
        0,
        "binnenstad",
        "Vergroenen Watermolenwal en Kasteelplein",
        "bijsturing",
        "Aanbesteding vertraagd; de uitgaven schuiven door naar volgend jaar.",
        "binnenstad",
    ),
    (
        "berap2",
        0,
        "binnenstad",
        "Pop-upwinkels voor starters",
        "bijsturing",
        "Minder starters dan verwacht; een deel van het budget valt vrij.",
        "binnenstad",
    ),
    (
        "jaarrekening",
        -1,
        "binnenstad",
        "Eigenarenoverleg en leegstandsregister",
        "verantwoording",
        "Afgerond: register gevuld, 46 eigenaren gesproken.",
        "binnenstad",
    ),
    ("jaarrekening", 0, "binnenstad", "Pandenaanpak leegstaande winkels", "verantwoording", "", "binnenstad"),
    (
        "jaarrekening",
        0,
        "binnenstad",
        "Cameratoezicht evalueren",
        "verantwoording",
        "Evaluatie afgerond; zie raadsinformatiebrief RIB2026-018.",
        "binnenstad",
    ),
    ("jaarrekening", 0, "binnenstad", "Avondaanpak Markt en Havenweg", "verantwoording", "", "binnenstad"),
    ("jaarrekening", 0, "west", "Renovatie portiekflats Planetenlaan", "verantwoording", "", "manager"),
    ("jaarrekening", 0, "west", "Buurthuis De Fonkel weer open", "verantwoording", "", "manager"),
    (
        "begroting",
        +1,
        "west",
        "Renovatie portiekflats Planetenlaan",
        "nieuw_beleid",
        "Kapitaallasten openbare ruimte rond de Planetenlaan.",
        "manager",
    ),
)


def add_pc_calendar(world) -> None:
    from planner.agenda.demo import find_demo_action
    from planner.cycle.models import PcMoment
    from planner.cycle.services import add_moment, close_moment, flag_action, generate_cycle

    gemeente, year, today = world.areas[MUNICIPALITY], date.today().year, date.today()
    with acting_as(world.users["controller"]):
        generate_cycle(gemeente, year)
        generate_cycle(gemeente, year + 1)
        add_moment(
            gemeente,
            kind="begrotingswijziging",
            year=year,
            input_deadline=date(year, 2, 2),
            college_date=date(year, 2, 24),
            council_date=date(year, 3, 26),
        )
    moments = {
        (m.kind, m.year): m
        for m in db.session.scalars(select(PcMoment).where(PcMoment.area_id == gemeente.id, PcMoment.sequence == 1))
    }
    for kind, offset, programme_key, title, purpose, note, user_key in FLAGS:
        user = world.users[user_key]
        with acting_as(user):
            flag_action(
                user, moments[(kind, year + offset)], find_demo_action(world, programme_key, title).id, purpose, note
            )
    controller = world.users["controller"]
    with acting_as(controller):
        for moment in sorted(moments.values(), key=lambda m: m.council_date):
            if moment.council_date < today:
                close_moment(moment, controller)
