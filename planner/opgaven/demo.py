"""Demo step: Helmond's opgaven get their lifecycle, owners and a table of parties with agreements.

Runs after the programmes exist (agreements point at their actions), through the same services as
the UI, so the audit trail shows each phase with its reason. People are invented; organisation
names are real Helmond examples (as elsewhere in the demo) and only serve as examples.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, datetime, time, timedelta

from sqlalchemy import update

from planner.core.audit import acting_as, dated
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.opgaven import services

PH_WONEN = "Wethouder Van Dijk (wonen en wijken)"
PH_ECONOMIE = "Wethouder Smit (economie en binnenstad)"
PH_ZORG = "Wethouder Aydin (jeugd en gezondheid)"

# Organisations that the table needs beyond the demo's partner list (which has the departments that lead
# actions): other governments.
ORGANISATIONS = (("Provincie Noord-Brabant", "overheid"),)

# A person of Woonpartners at the Binnenstad table (partner role): reads the programme's drafts and reports on
# the action Woonpartners leads. (e-mail local part, name, opgave key, organisation, action title, report).
PARTNER_USER = (
    "partner.woonpartners",
    "Ilse Janssen",
    "binnenstad",
    "Woonpartners",
    "Transformatie Markt 12–16 tot 18 woningen",
    "Omgevingsvergunning binnen; de sloop van de achterbouw is begonnen, oplevering blijft eind 2027.",
)

# The same person also sits at the table of the Noord concept (a grant on that programme only: Woonpartners
# is at the Noord table but the team opened only this draft) and comments in its internal round; the area
# manager answers one. (programme key, subject: ("doel"|"actie", number) or None, comment, answer or None).
PARTNER_PROGRAMME = "noord"
PARTNER_COMMENTS = (
    (
        ("actie", 1),
        "Kunnen de huurders van Woonpartners in Noord meedoen met de collectieve inkoop? Dan stemmen wij onze "
        "isolatieplanning voor de 120 rijwoningen aan de Mierlose kant erop af.",
        (
            "verwerkt",
            "Ja: de corporatiewoningen gaan mee in de inkoop, met Woonpartners als mede-opdrachtgever. We passen de "
            "actie aan voordat het concept in consultatie gaat.",
        ),
    ),
    (
        ("doel", 1),
        "Het doel noemt alleen eigenaren. Ook huurders met hoge energielasten horen erbij, anders groeit de "
        "energiearmoede juist in de huursector.",
        None,
    ),
)

# key → fields, lifecycle path ((phase, USERS key, reason) …), seats, agreements, and at most one meeting.
# Seats: (organisation, role, brings, contacts, what it brings, what it wants). Agreements: (organisation,
# made on, text, due, status, action titles). The meeting lists its attendees and the agreements made there.
OPGAVEN = {
    "binnenstad": {
        "fields": dict(
            statement="De binnenstad moet weer een plek worden waar Helmonders graag wonen, winkelen en 's avonds "
            "veilig verblijven, omdat leegstand en overlast het hart van de stad uithollen.",
            kind="maatschappelijk",
            priority="hoog",
            desired_situation="In 2028 staat minder dan 8% van het winkelvloeroppervlak leeg, wonen meer mensen boven winkels "
            "en voelen bewoners en bezoekers zich 's avonds veilig.",
            portfolio_holder=PH_ECONOMIE,
            official_sponsor="Karin Manders (directeur Stad)",
            director="Bas Verhagen",
        ),
        "path": (
            (
                "verkenning",
                "binnenstad",
                "Signalen van ondernemers en bewoners bevestigd door de leegstandscijfers en de veiligheidsmonitor.",
            ),
            (
                "programmering",
                "binnenstad",
                "Verkenning afgerond: ondernemers, politie en Woonpartners willen samen een programma.",
            ),
            ("uitvoering", "manager", "Wijkontwikkelprogramma vastgesteld (raadsbesluit 2025-037)."),
        ),
        "seats": (
            (
                "Gemeente Helmond – team Binnenstad",
                "trekker",
                ("mensen", "geld"),
                "Bas Verhagen (opgaveregisseur)",
                "Regie, het investeringsfonds binnenstad en vergunningverlening.",
                "Eén aanpak in plaats van losse projecten.",
            ),
            (
                "Ondernemersvereniging Binnenstad Helmond",
                "mede_eigenaar",
                ("mensen", "kennis"),
                "Ilse Coolen (voorzitter)",
                "Kennis van de winkelstraten en contact met pandeigenaren.",
                "Minder leegstand en meer bezoekers ook na zessen.",
            ),
            (
                "Woonpartners",
                "financier",
                ("geld", "locaties"),
                "Ruud Hendriks (projectontwikkeling)",
                "Investering in transformatie van winkelpanden tot woningen.",
                "Betaalbare woningen in het centrum.",
            ),
            (
                "Politie basisteam Helmond",
                "uitvoerder",
                ("mensen",),
                "Wijkagent Sandra Maas",
                "Avonddiensten en informatie over overlast.",
                "Minder incidenten in de weekenden.",
            ),
            (
                "Wijkraad Binnenstad",
                "mede_eigenaar",
                ("kennis", "mensen"),
                "Henk Swinkels",
                "Wat bewoners zien en willen; vrijwilligers voor groen.",
                "Een groenere en rustigere binnenstad.",
            ),
            (
                "Gemeente Helmond – Openbare ruimte",
                "uitvoerder",
                ("mensen", "geld"),
                "Mieke de Wit",
                "Ontwerp en aanleg van groen in pleinen en stegen.",
                "Ontwerpen die bewoners dragen.",
            ),
        ),
        "agreements": (
            (
                "Woonpartners",
                date(2025, 6, 12),
                "Woonpartners financiert en bouwt 18 woningen boven Markt 12–16.",
                date(2027, 6, 30),
                "open",
                ("Transformatie Markt 12–16 tot 18 woningen",),
            ),
            (
                "Ondernemersvereniging Binnenstad Helmond",
                date(2025, 6, 12),
                "De ondernemersvereniging zoekt starters voor drie pop-upwinkels in leegstaande panden.",
                date(2026, 9, 30),
                "open",
                ("Pop-upwinkels voor starters",),
            ),
            (
                "Politie basisteam Helmond",
                date(2025, 6, 12),
                "Politie en boa's draaien in de weekenden gezamenlijke avonddiensten op de Markt en de Havenweg.",
                date(2025, 12, 31),
                "nagekomen",
                ("Avondaanpak Markt en Havenweg",),
            ),
            (
                "Wijkraad Binnenstad",
                date(2025, 10, 2),
                "De wijkraad organiseert drie ontwerpavonden voor de Watermolenwal en het Kasteelplein.",
                date(2026, 2, 28),
                "nagekomen",
                ("Vergroenen Watermolenwal en Kasteelplein",),
            ),
            (
                "Ondernemersvereniging Binnenstad Helmond",
                date(2025, 10, 2),
                "Ondernemers houden elke maand een schoonmaakronde in de stegen rond de Markt.",
                None,
                "open",
                (),
            ),
        ),
        "meeting": (
            date(2025, 6, 12),
            "Tafeloverleg binnenstad: van programma naar uitvoering",
            "Na de vaststelling door de raad: gezamenlijk beeld van leegstand en overlast, afspraken over wie wat "
            "trekt in het eerste uitvoeringsjaar.",
            (
                "Gemeente Helmond – team Binnenstad",
                "Ondernemersvereniging Binnenstad Helmond",
                "Woonpartners",
                "Politie basisteam Helmond",
            ),
            (0, 1, 2),
        ),
    },
    "oost": {
        "fields": dict(
            statement="Kinderen in Helmond-Oost moeten even gezond en kansrijk kunnen opgroeien als elders in "
            "Helmond; nu hebben meer van hen overgewicht en een taalachterstand.",
            kind="maatschappelijk",
            priority="hoog",
            desired_situation="Minder kinderen met overgewicht, peuters die met voldoende taal naar groep 3 gaan, "
            "en ouders die hulp dichtbij vinden.",
            portfolio_holder=PH_ZORG,
            official_sponsor="Femke Raaijmakers (directeur Samenleving)",
            director="Yusuf Kaya",
        ),
        "path": (
            ("verkenning", "oost", "JGZ-cijfers en signalen van scholen besproken met GGD en LEV-groep."),
            ("programmering", "oost", "Scholen, wijkteam en GGD kiezen voor één gezamenlijke aanpak."),
        ),
        "seats": (
            (
                "GGD Brabant-Zuidoost",
                "mede_eigenaar",
                ("kennis", "mensen"),
                "Dr. Eva Smulders (jeugdarts)",
                "Gezondheidscijfers, de Gezonde School-aanpak en jeugdartsen.",
                "Minder overgewicht bij kinderen.",
            ),
            (
                "LEV-groep",
                "uitvoerder",
                ("mensen", "locaties"),
                "Jeroen Bekkers (opbouwwerker)",
                "Opbouwwerk, voorleesvrijwilligers en een plek in het wijkhuis.",
                "Ouders die elkaar vinden.",
            ),
            (
                "Samenwerkingsverband primair onderwijs Helmond",
                "mede_eigenaar",
                ("kennis",),
                "Anouk van Lieshout",
                "De basisscholen van de wijk.",
                "Kinderen die met voldoende taal aan groep 3 beginnen.",
            ),
            (
                "De Zorgboog",
                "uitvoerder",
                ("mensen",),
                "Consultatiebureau Helmond-Oost",
                "Consultatiebureau op dinsdag in de wijkkamer.",
                "Ouders eerder bereiken.",
            ),
        ),
        "agreements": (
            (
                "GGD Brabant-Zuidoost",
                date(2026, 1, 20),
                "De GGD stelt een Gezonde School-adviseur beschikbaar voor alle basisscholen in de wijk.",
                date(2026, 8, 31),
                "open",
                ("Gezonde School op alle basisscholen",),
            ),
            (
                "De Zorgboog",
                date(2026, 10, 6),
                "Het consultatiebureau houdt elke dinsdag spreekuur in de wijkkamer.",
                date(2027, 3, 1),
                "open",
                ("Wijkkamer voor ouders in het wijkhuis",),
            ),
        ),
    },
    "west": {
        "fields": dict(
            statement="Helmond-West vernieuwt zijn verouderde portiekflats zonder dat zittende bewoners de wijk uit "
            "moeten.",
            kind="maatschappelijk",
            priority="hoog",
            desired_situation="Vierhonderd woningen gerenoveerd of vervangen, betaalbare huren en een buurthuis dat "
            "weer open is.",
            portfolio_holder=PH_WONEN,
            official_sponsor="Karin Manders (directeur Stad)",
            director="Lotte Gevers",
        ),
        "path": (
            ("verkenning", "manager", "Corporaties melden dat de portiekflats het eind van hun levensduur naderen."),
            ("programmering", "manager", "Volksbelang en woCom tekenen een intentieverklaring."),
            ("uitvoering", "manager", "Wijkontwikkelprogramma vastgesteld (raadsbesluit 2025-112)."),
        ),
        "seats": (
            (
                "Volksbelang",
                "mede_eigenaar",
                ("geld", "locaties"),
                "Marco Leenders (vastgoed)",
                "Renovatie van de portiekflats aan de Planetenlaan.",
                "Toekomstbestendige woningen.",
            ),
            (
                "woCom",
                "mede_eigenaar",
                ("geld", "locaties"),
                "Saskia Peeters (gebiedsregisseur)",
                "Sloop-nieuwbouw aan de Kromme Haag.",
                "Meer woningen voor jongeren en ouderen.",
            ),
            (
                "LEV-groep",
                "uitvoerder",
                ("mensen",),
                "Jeroen Bekkers",
                "Een opbouwwerker die de vrijwilligers van buurthuis De Fonkel ondersteunt.",
                "Een buurthuis dat vijf dagdelen open is.",
            ),
            (
                "Wijkraad Helmond-West",
                "mede_eigenaar",
                ("kennis",),
                "Ria van den Boomen",
                "De stem van bewoners bij de vernieuwing; vrijwilligers die buurthuis De Fonkel runnen.",
                "Terugkeergarantie voor zittende huurders.",
            ),
        ),
        "agreements": (
            (
                "Volksbelang",
                date(2025, 7, 10),
                "Volksbelang renoveert 240 portiekwoningen; de huur na renovatie legt Volksbelang met de "
                "huurdersvereniging vast in het sociaal plan.",
                date(2028, 6, 30),
                "open",
                ("Renovatie portiekflats Planetenlaan",),
            ),
            (
                "woCom",
                date(2025, 7, 10),
                "woCom geeft zittende huurders van de Kromme Haag een terugkeergarantie.",
                date(2026, 6, 1),
                "open",
                (),
            ),
        ),
    },
    "noord": {
        "fields": dict(
            statement="De warmtetransitie is de kans om woningen in Helmond-Noord comfortabeler en goedkoper te "
            "maken, met bewoners en hun energiecoöperatie als mede-eigenaar.",
            kind="beleid",
            priority="middel",
            desired_situation="Eigenaren verduurzamen samen en betaalbaar; niemand komt door de warmtetransitie in "
            "energiearmoede.",
            portfolio_holder=PH_WONEN,
            official_sponsor="Karin Manders (directeur Stad)",
            director="Tim Rooijakkers",
        ),
        "path": (
            ("verkenning", "manager", "Transitievisie warmte wijst Helmond-Noord aan als startwijk."),
            ("programmering", "manager", "Eerste opzet programma met de energiecoöperatie."),
            (
                "verkenning",
                "manager",
                "De warmtekaart laat zien dat een warmtenet hier niet haalbaar is; we "
                "verkennen opnieuw, nu met isolatie en collectieve inkoop voorop.",
            ),
        ),
        "seats": (
            (
                "Energiecoöperatie Helmond",
                "mede_eigenaar",
                ("kennis", "mensen"),
                "Gerard Kuijpers",
                "Energiecoaches en collectieve inkoop.",
                "Bewoners die samen verduurzamen.",
            ),
            (
                "Gemeente Helmond – Duurzaamheid",
                "trekker",
                ("mensen", "geld"),
                "Tim Rooijakkers",
                "De warmtekaart en subsidies.",
                "Een haalbaar wijkuitvoeringsplan.",
            ),
            (
                "Provincie Noord-Brabant",
                "financier",
                ("geld",),
                "",
                "Mogelijke cofinanciering uit de regeling voor energiearmoede.",
                "Aanpak die ook elders werkt.",
            ),
        ),
        "agreements": (),
    },
    "stad": {
        "fields": dict(
            statement="Elke Helmondse wijk heeft een sterke sociale basis nodig, met extra inzet waar de opgave het "
            "grootst is.",
            kind="beleid",
            priority="middel",
            desired_situation="Jongerenwerk, buurtsport en energiecoaches zijn in elke wijk bereikbaar.",
            portfolio_holder=PH_WONEN,
            official_sponsor="Femke Raaijmakers (directeur Samenleving)",
            director="Mark van den Heuvel",
        ),
        "path": (
            ("verkenning", "manager", "Wijkscans van 2024 besproken in het college."),
            ("programmering", "manager", "College kiest voor een stedelijke aanpak met wegingen per wijk."),
            ("uitvoering", "manager", "Stedelijke wijkaanpak vastgesteld (raadsbesluit 2025-021)."),
        ),
        "seats": (
            ("LEV-groep", "uitvoerder", ("mensen",), "", "Jongerenwerk in de wijken.", "Langjarige afspraken."),
            ("GGD Brabant-Zuidoost", "adviseur", ("kennis",), "", "Wijkgezondheidsprofielen.", ""),
            ("Energiecoöperatie Helmond", "uitvoerder", ("mensen",), "", "Energiecoaches aan huis.", ""),
        ),
        "agreements": (),
    },
}

# An opgave framed as an opportunity, still being explored: no programme yet.
NEW_OPGAVEN = {
    "rijpelberg": dict(
        area="WK079418",
        title="Rijpelberg: jongeren maken de wijk",
        statement="Rijpelberg is een jonge wijk: de ideeën en energie van haar jongeren zijn de kans om de wijk "
        "levendiger te maken, als wij hun ruimte en vertrouwen geven.",
        kind="maatschappelijk",
        priority="middel",
        themes=("Samenleven", "Onderwijs & opvoeding", "Werk & participatie"),
        description="Jongeren vroegen tijdens de buurtwandeling om een eigen plek en om werkervaring dichtbij.",
        desired_situation="Jongeren hebben een plek die ze zelf runnen, en ondernemers bieden stages in de wijk.",
        portfolio_holder=PH_ZORG,
        official_sponsor="Femke Raaijmakers (directeur Samenleving)",
        director="Nadia El Idrissi",
        path=(("verkenning", "manager", "Buurtwandeling met jongeren; het jongerenwerk wil samen met hen verkennen."),),
        seats=(
            (
                "LEV-groep",
                "adviseur",
                ("mensen", "kennis"),
                "Jongerenwerker Dewi Jansen",
                "Jongerenwerk en contact met de jongeren.",
                "Jongeren die zelf verantwoordelijkheid nemen.",
            ),
            (
                "ROC Ter AA",
                "mede_eigenaar",
                ("locaties", "kennis"),
                "Peter Bosch (stagecoördinator)",
                "Stageplaatsen en een leslokaal in de avond.",
                "Stages dichtbij huis.",
            ),
            ("Wijkraad Rijpelberg", "betrokken", ("kennis",), "", "", ""),
        ),
    ),
}


def _find_action(world, programme_key: str, title: str):
    return next(a for a in world.programmes[programme_key].actions if a.title == title)


def _seat(opgave, name: str, role, brings, contacts, offer, wants, world) -> None:
    organisation = world.partners[name]
    seat = next((s for s in opgave.seats if s.organisation is organisation), None)
    if seat is None:
        services.seat_party(opgave, organisation, role=role, brings=brings, contacts=contacts, offer=offer, wants=wants)
    else:
        services.update_seat(seat, role=role, brings=brings, contacts=contacts, offer=offer, wants=wants)


# When each step of an opgave's lifecycle was taken (by opgave key, one date per step of its path): before the
# programme it led to was drafted, and the step to execution just after the council adopted that programme.
PATH_DATES = {
    "binnenstad": (date(2024, 2, 12), date(2024, 6, 17), date(2025, 2, 14)),
    "oost": (lambda: date.today() - timedelta(days=330), lambda: date.today() - timedelta(days=180)),
    "west": (date(2024, 3, 11), date(2024, 9, 23), date(2025, 7, 4)),
    "noord": (date(2025, 1, 20), date(2025, 6, 2), date(2026, 2, 9)),
    "stad": (date(2024, 3, 4), date(2024, 6, 10), date(2025, 2, 7)),
    "rijpelberg": (lambda: date.today() - timedelta(days=60),),
}


def _walk(opgave, path, world, key: str = "") -> None:
    days = [d() if callable(d) else d for d in PATH_DATES.get(key, ())]
    if days:  # signalled some weeks before it was explored, not on the day the demo was loaded
        db.session.flush()
        db.session.execute(
            update(AuditEvent)
            .where(AuditEvent.entity_type == "Opgave", AuditEvent.entity_id == opgave.id, AuditEvent.event == "create")
            .values(at=datetime.combine(days[0] - timedelta(weeks=6), time(9)))
        )
    for step, (to_status, actor, reason) in enumerate(path):
        day = days[step] if step < len(days) else None
        at = datetime.combine(day, time(11)) if day else None
        with acting_as(world.users[actor]), dated(at) if at else nullcontext():
            services.change_status(opgave, to_status, reason)


def add_opgave_tables(world) -> None:
    for name, kind in ORGANISATIONS:
        world.partners[name] = services.save_organisation(None, name=name, kind=kind)
    manager = world.users["manager"]
    specs = dict(OPGAVEN)
    for key, spec in NEW_OPGAVEN.items():
        fields = {k: v for k, v in spec.items() if k not in ("area", "themes", "path", "seats")}
        with acting_as(manager):
            world.opgaven[key] = services.create_opgave(
                area=world.areas[spec["area"]], themes=[world.themes[t] for t in spec["themes"]], **fields
            )
        specs[key] = {"path": spec["path"], "seats": spec["seats"], "agreements": ()}
    for key, spec in specs.items():
        opgave = world.opgaven[key]
        with acting_as(manager):
            if "fields" in spec:
                services.update_opgave(opgave, None, **spec["fields"])
            for seat in spec["seats"]:
                _seat(opgave, *seat, world)
        _walk(opgave, spec["path"], world, key)
        with acting_as(manager):
            _agree(world, key, opgave, spec)
    _seat_partner_user(world)


def _seat_partner_user(world) -> None:
    from planner.core.users import create_user
    from planner.demo import content
    from planner.tracking.services import current_period, record_progress

    local, name, opgave_key, organisation, title, text = PARTNER_USER
    opgave = world.opgaven[opgave_key]
    user = create_user(email=f"{local}@{content.DOMAIN}", name=name, password=content.PASSWORD)
    world.users["partner"] = user
    with acting_as(world.users["admin"]):
        services.grant_partner(user, opgave, world.partners[organisation])
        services.grant_partner(user, None, world.partners[organisation], programme=world.programmes[PARTNER_PROGRAMME])
    action = next(
        a for p in world.programmes.values() if p.opgave_id == opgave.id for a in p.actions if a.title == title
    )
    with acting_as(user):
        record_progress(
            action,
            period=current_period(date.today()),
            progress=max(action.progress or 0, 40),
            status=action.status,
            text=text,
            user=user,
        )
    _comment_in_the_internal_round(world, user)


def _comment_in_the_internal_round(world, partner) -> None:
    from planner.programmes.comments import services as comments

    programme = world.programmes[PARTNER_PROGRAMME]
    subjects = {"doel": programme.goals, "actie": programme.actions}
    manager = world.users["manager"]
    for (kind, number), text, answer in PARTNER_COMMENTS:
        subject = next(s for s in subjects[kind] if s.number == number)
        with acting_as(partner):
            comment = comments.add_comment(partner, programme, subject, text)
        if answer:
            outcome, answer_text = answer
            with acting_as(manager):
                comments.answer_comment(manager, comment, answer=answer_text, outcome=outcome)


def _agree(world, key: str, opgave, spec: dict) -> None:
    manager = world.users["manager"]
    agreements = [
        services.record_agreement(
            manager,
            opgave,
            organisation=world.partners[name],
            made_on=made_on,
            text=text,
            due_date=due,
            status=status,
            actions=[_find_action(world, key, t) for t in titles],
        )
        for name, made_on, text, due, status, titles in spec["agreements"]
    ]
    if "meeting" in spec:
        held_on, title, notes, attendees, made = spec["meeting"]
        meeting = services.record_meeting(
            opgave, held_on=held_on, title=title, notes=notes, attendees=[world.partners[n] for n in attendees]
        )
        for index in made:
            agreements[index].meeting = meeting
