"""Demo step: reflections and lessons in the two pilot wards (Binnenstad and Helmond-Oost), one in the Noord
concept (which only who may read concepts finds), a leading principle behind which lessons of both wards stand,
and a team member of Helmond-West who reads along with the other wards and so finds their lessons."""

from __future__ import annotations

from datetime import date, timedelta

from planner.core.audit import acting_as
from planner.learning import services

# A team member of a third ward with a reader role on the municipality: finds the pilot wards' lessons.
READER_ALONG = ("team.west", "Fatima El Amrani", "WK079415")

# (programme key, team, days ago, kind, facilitator or None, parties, roles, works, does not, change, lessons)
# A lesson: (statement, account, themes, action titles, change as (action title, kind) or None).
REFLECTIONS = (
    (
        "binnenstad",
        "binnenstad",
        40,
        "tafel",
        "Marieke Hendriks (Bureau Wijkkracht)",
        ("Woonpartners",),
        ("opgaveregisseur", "wijkagent", "centrummanager"),
        "Het eigenarenoverleg werkt: drie panden zijn in gesprek over wonen boven winkels.",
        "De avondaanpak leunt te veel op camera's; bewoners merken er weinig van.",
        "Meer avondactiviteit op de Markt in plaats van alleen toezicht.",
        (
            (
                "Eigenaren bewegen pas als één aanspreekpunt het hele traject begeleidt",
                "Losse gesprekken per afdeling leverden niets op. Sinds één pandenregisseur eigenaren begeleidt van "
                "vergunning tot subsidie, zijn drie transformaties gestart.",
                ("Wonen",),
                ("Pandenaanpak leegstaande winkels",),
                ("Pandenaanpak leegstaande winkels", "aangepast"),
            ),
            (
                "Levendigheid in de avond helpt meer tegen overlast dan extra camera's",
                "Bewoners en ondernemers voelen zich veiliger door pop-ups en terrassen die 's avonds open zijn dan "
                "door cameratoezicht. Eenzaamheid onder ouderen in de binnenstad nam af toen de avondmarkt begon.",
                ("Veiligheid", "Samenleven"),
                ("Avondaanpak Markt en Havenweg", "Cameratoezicht evalueren"),
                ("Cameratoezicht evalueren", "gestopt"),
            ),
        ),
    ),
    (
        "oost",
        "oost",
        20,
        "team",
        None,
        (),
        ("opgaveregisseur", "jongerenwerker", "schoolmaatschappelijk werker"),
        "Ouders komen naar de school, niet naar het wijkhuis.",
        "Een taalcafé in de avond bereikt de moeders niet die overdag thuis zijn.",
        "Het taalcafé verhuist naar de ochtend, in de school.",
        (
            (
                "Ontmoet ouders waar ze al komen: op het schoolplein",
                "De eerste bijeenkomsten in het wijkhuis trokken vijf ouders; op het schoolplein waren het er veertig. "
                "We organiseren de voorleesexpress en het taalcafé voortaan vanuit de scholen.",
                ("Onderwijs & opvoeding", "Samenleven"),
                ("Voorleesexpress en taalcafé",),
                ("Voorleesexpress en taalcafé", "aangepast"),
            ),
        ),
    ),
    (
        "noord",
        "manager",
        10,
        "team",
        None,
        (),
        ("gebiedsmanager", "adviseur duurzaamheid"),
        "De energiecoöperatie kent de straten.",
        "Bewoners wachten op de gemeente.",
        "De coöperatie gaat voorop in de collectieve inkoop.",
        (
            (
                "Laat de energiecoöperatie de collectieve inkoop trekken",
                "Concept: nog niet besproken met de wijkraad.",
                ("Duurzaamheid",),
                ("Collectieve inkoop isolatie",),
                None,
            ),
        ),
    ),
)

PRINCIPLE = (
    "Begin bij de plekken en mensen die er al zijn",
    "Uit de pilotwijken: eigenaren met één aanspreekpunt, ouders op het schoolplein, levendigheid in de avond.",
)


def _action(programme, title: str):
    return next(a for a in programme.actions if a.title == title)


def load(world) -> None:
    from planner.core.users import create_user, grant_role
    from planner.demo import content

    local, name, ward = READER_ALONG
    user = create_user(email=f"{local}@{content.DOMAIN}", name=name, password=content.PASSWORD)
    grant_role(user, "team_member", world.areas[ward])
    grant_role(user, "reader", world.areas[content.MUNICIPALITY])
    world.users["west"] = user

    today = date.today()
    lessons = []
    for key, team, days, kind, facilitator, parties, roles, works, not_works, change, specs in REFLECTIONS:
        programme = world.programmes[key]
        author = world.users[team]
        with acting_as(author):
            reflection = services.record_reflection(
                author,
                programme=programme,
                held_on=today - timedelta(days=days),
                kind=kind,
                independent_facilitator=facilitator is not None,
                facilitator=facilitator or "",
                what_works=works,
                what_does_not=not_works,
                what_we_change=change,
                parties=[world.partners[p] for p in parties],
                roles=roles,
            )
            for statement, account, themes, actions, changed in specs:
                lessons.append(
                    services.add_lesson(
                        author,
                        reflection,
                        statement=statement,
                        account=account,
                        themes=[world.themes[t] for t in themes],
                        action_ids=[_action(programme, t).id for t in actions],
                        changes=[(_action(programme, changed[0]).id, changed[1])] if changed else [],
                    )
                )
    manager = world.users["manager"]
    with acting_as(manager):
        principle = services.create_principle(manager, world.areas[content.MUNICIPALITY], *PRINCIPLE)
        for lesson in (lessons[0], lessons[2]):
            services.support_principle(manager, principle, lesson)
