"""Demo step: what Helmond's residents said, and what the teams did with it, through the participation services.

Runs after the programmes exist (planner.demo.builder STEPS). Adopted programmes (Binnenstad in
uitvoering, Helmond-West vastgesteld) show the whole "wat is er met uw inbreng gedaan" loop:
moments, contributions answered with a reason, links to the goals and actions they shaped. The
programme in consultation (Helmond-Oost) also has fresh public reactions waiting for moderation.
People, places and words are invented; the shape is that of a real consultation report.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, time, timedelta

from planner.core.audit import acting_as, dated
from planner.core.models import utcnow
from planner.participation import attachments, consultation, services

# A contribution: (text, theme or None, status, response, links, target). `links` name the actions
# (by title) and goals (by number) the input led to; `target` is the goal/action the resident
# reacted on, if any ("doel 2" / an action title).
BINNENSTAD = {
    "team": "binnenstad",
    # Six weeks to react on the draft; the college decided on 17 December 2024, the raad on 13 February 2025.
    "period": (date(2024, 10, 8), date(2024, 11, 19)),
    "moments": (
        {
            "kind": "bewonersavond",
            "title": "Bewonersavond concept-wijkontwikkelprogramma Binnenstad",
            "date": date(2024, 10, 17),
            "place": "Het Speelhuis, Speelhuisplein",
            "participants": 84,
            "summary": "Presentatie van het concept, daarna drie tafels: leegstand, veiligheid 's avonds en groen. "
            "Veel steun voor wonen boven winkels; zorgen over donkere stegen en hitte op de pleinen.",
            "contributions": (
                (
                    "Boven de winkels in de Veestraat staat bijna alles leeg. Maak er woningen van, dan is er 's avonds "
                    "ook leven in de straat.",
                    "Wonen",
                    "overgenomen",
                    "Overgenomen. In de pandenaanpak benaderen we eigenaren van leegstaande panden actief om "
                    "bovenverdiepingen tot woningen te maken. Het eerste project is Markt 12–16: achttien woningen, "
                    "samen met Woonpartners.",
                    ("Pandenaanpak leegstaande winkels", "Transformatie Markt 12–16 tot 18 woningen"),
                    None,
                ),
                (
                    "In de stegen achter de Markt is het 's avonds donker. Ik loop er na mijn werk liever niet meer "
                    "doorheen.",
                    "Veiligheid",
                    "overgenomen",
                    "Overgenomen. De verlichting in de stegen is vervangen als onderdeel van de avondaanpak. Bij de "
                    "evaluatie met bewoners vragen we of u het verschil merkt.",
                    ("Avondaanpak Markt en Havenweg",),
                    "doel 2",
                ),
                (
                    "Maak de hele binnenstad autovrij, dan wordt het vanzelf gezelliger.",
                    "Leefomgeving & openbare ruimte",
                    "niet_overgenomen",
                    "Dit nemen we niet over in dit programma. Bewoners en ondernemers waren het er op de avond niet over "
                    "eens, en de bevoorrading en de bereikbaarheid voor minder mobiele bewoners vragen om een eigen "
                    "verkeersbesluit. We geven uw idee door aan het team Mobiliteit, dat in 2027 het verkeersplan voor "
                    "het centrum herziet.",
                    (),
                    None,
                ),
                (
                    "Er zijn te weinig bankjes. Als je slecht ter been bent, kun je nergens even zitten tussen de "
                    "winkels.",
                    "Leefomgeving & openbare ruimte",
                    "deels",
                    "Deels overgenomen. Bij het vergroenen van de Watermolenwal en het Kasteelplein komen zitplekken in "
                    "de schaduw. Voor de winkelstraten zelf is nog geen geld; we nemen het mee bij de herinrichting.",
                    ("Vergroenen Watermolenwal en Kasteelplein",),
                    None,
                ),
            ),
        },
        {
            "kind": "buurtwandeling",
            "title": "Avondwandeling Markt – Havenweg met boa's en politie",
            "date": date(2024, 11, 7),
            "place": "Start bij de Markt, eindpunt Havenweg",
            "participants": 23,
            "summary": "Twee uur lopen na zonsondergang met bewoners, ondernemers, wijkagent en jongerenwerk. "
            "Plekken die onveilig voelen zijn op de kaart gezet.",
            "contributions": (
                (
                    "Het Kasteelplein is 's zomers een hitte-eiland: alleen tegels en geen schaduw. Zet er bomen.",
                    "Leefomgeving & openbare ruimte",
                    "overgenomen",
                    "Overgenomen. Het Kasteelplein en de Watermolenwal worden vergroend: twaalf bomen, wadi's voor "
                    "regenwater en minder tegels. Het ontwerp is met omwonenden gemaakt.",
                    ("Vergroenen Watermolenwal en Kasteelplein", 3),
                    None,
                ),
                (
                    "Hang meer camera's op aan de Havenweg, dan durven mensen er weer te lopen.",
                    "Veiligheid",
                    "deels",
                    "Deels overgenomen. We hebben eerst het bestaande cameratoezicht laten evalueren: uitbreiding bleek "
                    "niet nodig. Wel lopen boa's, politie en jongerenwerk nu in de weekenden samen avonddiensten.",
                    ("Cameratoezicht evalueren", "Avondaanpak Markt en Havenweg"),
                    None,
                ),
            ),
        },
    ),
    # Reactions on the public page during the consultation (moderated, answered afterwards), and a
    # letter the team recorded during implementation, still being looked into: (day, source, contribution).
    "online": (
        (
            date(2024, 10, 22),
            "publiek",
            (
                "Geef jonge ondernemers een kans in de lege winkels, met een lagere huur in het eerste jaar.",
                "Werk & participatie",
                "overgenomen",
                "Overgenomen. Met de ondernemersvereniging starten we pop-upwinkels voor starters met een lagere huur "
                "in het eerste jaar. De eerste winkels zijn later open dan gepland omdat twee eigenaren nog twijfelen; "
                "op deze pagina leest u hoe het verder gaat.",
                ("Pop-upwinkels voor starters",),
                "doel 1",
            ),
        ),
        (
            date(2024, 11, 12),
            "publiek",
            (
                "Ik woon aan de Kerkstraat; voor een boom is geen plek, maar een geveltuin of groen dak zou ik graag "
                "aanleggen. Kan de gemeente helpen?",
                "Duurzaamheid",
                "overgenomen",
                "Overgenomen. Er is een subsidieregeling voor geveltuinen en groene daken; u vraagt die aan bij de "
                "gemeente en de stratenmakers leggen de geveltuin gratis aan.",
                ("Geveltuinen en groene daken subsidie",),
                None,
            ),
        ),
        (
            9,
            "team",
            (
                "De nieuwe lantaarns in de Ameidestraat zijn zo fel dat ik er 's nachts wakker van lig.",
                "Veiligheid",
                "nieuw",
                "",
                (),
                None,
            ),
        ),
    ),
}

WEST = {
    "team": "manager",
    "period": (date(2025, 2, 3), date(2025, 3, 17)),
    "moments": (
        {
            "kind": "keukentafelgesprek",
            "title": "Keukentafelgesprekken met huurders Planetenlaan",
            "date": date(2025, 2, 20),
            "place": "Bij huurders thuis, Planetenlaan",
            "participants": 31,
            "summary": "Volksbelang en de gemeente spraken met 31 huishoudens over renovatie of sloop, huur, "
            "verhuizen en wat zij van de wijk verwachten.",
            "contributions": (
                (
                    "Ik woon hier veertig jaar. Als de flat gesloopt wordt, wil ik terug kunnen komen in de wijk, tegen "
                    "dezelfde huur.",
                    "Wonen",
                    "overgenomen",
                    "Overgenomen. Voor de Planetenlaan is gekozen voor renovatie in plaats van sloop: u blijft in uw "
                    "woning of krijgt tijdelijk een wisselwoning in de wijk. Over de huur na de renovatie gaan "
                    "Volksbelang en de huurdersvereniging afspraken maken in het sociaal plan; dat is nog niet "
                    "vastgesteld. Zodra het is vastgesteld, leest u hier wat er over de huur in staat.",
                    ("Renovatie portiekflats Planetenlaan", 1),
                    None,
                ),
                (
                    "Tijdens de renovatie wil ik niet weken zonder keuken of badkamer zitten.",
                    "Wonen",
                    "deels",
                    "Deels overgenomen. Volksbelang werkt per portiek en zet een wisselunit met keuken en douche bij het "
                    "complex. Helemaal zonder overlast kan het niet; de werkzaamheden per woning duren ongeveer tien "
                    "werkdagen.",
                    ("Renovatie portiekflats Planetenlaan",),
                    None,
                ),
            ),
        },
        {
            "kind": "buurtwandeling",
            "title": "Wijkschouw Helmond-West met de wijkraad",
            "date": date(2025, 3, 6),
            "place": "Start bij buurthuis De Fonkel",
            "participants": 18,
            "summary": "Langs de complexen die vernieuwd worden, het gesloten buurthuis en de speelplekken.",
            "contributions": (
                (
                    "Het buurthuis is al twee jaar dicht. De jongeren hangen nu bij de supermarkt rond.",
                    "Samenleven",
                    "overgenomen",
                    "Overgenomen. Buurthuis De Fonkel gaat weer open. Vrijwilligers van de wijkraad runnen het, met "
                    "steun van een opbouwwerker van LEV-groep, en er zijn activiteiten op vijf dagdelen per week, ook "
                    "voor jongeren.",
                    ("Buurthuis De Fonkel weer open", 2),
                    None,
                ),
                (
                    "Maak van het grasveld aan de Kromme Haag een hondenlosloopveld.",
                    "Leefomgeving & openbare ruimte",
                    "niet_overgenomen",
                    "Niet overgenomen: op dit veld komt de nieuwbouw van de Kromme Haag. We nemen uw wens mee bij het "
                    "ontwerp van de openbare ruimte rond de nieuwbouw, in 2028.",
                    (),
                    None,
                ),
            ),
        },
    ),
    "online": (),
}

STAD = {
    "team": "manager",
    "period": (date(2024, 9, 9), date(2024, 10, 14)),
    "moments": (
        {
            "kind": "enquete",
            "title": "Enquête wijkaanpak: wat heeft uw wijk nodig?",
            "date": date(2024, 5, 27),
            "place": "Online en op papier in de wijkhuizen",
            "participants": 412,
            "summary": "Vragenlijst onder het Helmondpanel en in de wijkhuizen; open antwoorden zijn per wijk en "
            "thema ingedeeld.",
            "source": "import",
            "contributions": (
                (
                    "In Brouwhuis is voor jongeren boven de veertien niets te doen.",
                    "Samenleven",
                    "deels",
                    "Deels overgenomen. Het jongerenwerk op straat begint in de Binnenstad en Rijpelberg, waar de "
                    "meeste meldingen zijn. Bij de herverdeling over de wijken in 2027 kijken we opnieuw naar Brouwhuis.",
                    ("Jongerenwerk op straat",),
                    None,
                ),
                (
                    "Mijn energierekening is bijna niet meer te betalen. Wie kan er eens meekijken in huis?",
                    "Duurzaamheid",
                    "overgenomen",
                    "Overgenomen. Energiecoaches komen gratis bij u thuis langs voor advies en kleine maatregelen, "
                    "eerst in Helmond-Noord en Helmond-West.",
                    ("Energiecoaches aan huis", 2),
                    None,
                ),
                (
                    "Buurtsport is er alleen overdag; ik werk en kan pas 's avonds.",
                    "Gezondheid & zorg",
                    "nieuw",
                    "",
                    (),
                    None,
                ),
            ),
        },
    ),
    "online": (),
}

OOST = {
    "team": "oost",
    "moments": (
        {
            "kind": "bewonersavond",
            "title": "Bewonersavond Helmond-Oost: gezond en kansrijk opgroeien",
            "ago": 75,
            "place": "Wijkhuis Helmond-Oost",
            "participants": 46,
            "summary": "Ouders, scholen, GGD en wijkteam bespraken de eerste versie. Ouders misten een vaste plek in "
            "de wijk met hun vragen over opvoeden; die staat nu in de tweede versie.",
            "contributions": (
                (
                    "Als ouder weet je niet waar je terecht kunt met vragen over opvoeden. Een vaste plek in de wijk, "
                    "met koffie, zou echt helpen.",
                    "Onderwijs & opvoeding",
                    "overgenomen",
                    "Overgenomen. In de tweede versie van het programma staat een wijkkamer voor ouders, met "
                    "opvoedondersteuning en het consultatiebureau op dinsdag.",
                    ("Wijkkamer voor ouders in het wijkhuis",),
                    None,
                ),
                (
                    "De speeltuin bij De Braak is verouderd; de kinderen voetballen liever op straat.",
                    "Gezondheid & zorg",
                    "deels",
                    "Deels overgenomen. Bij De Braak komt een beweegtuin voor alle leeftijden. Een nieuwe speeltuin past "
                    "niet in dit programma; de vervanging staat in het speelruimteplan van de gemeente.",
                    ("Beweegtuin bij De Braak",),
                    None,
                ),
            ),
        },
        {
            "kind": "keukentafelgesprek",
            "title": "Keukentafelgesprekken met ouders van jonge kinderen",
            "ago": 48,
            "place": "Bij ouders thuis, met de wijkverpleegkundige",
            "participants": 14,
            "summary": "Gesprekken over voorschool, taal thuis en gezond eten, met ouders die niet naar een "
            "bewonersavond komen.",
            "contributions": (
                (
                    "Mijn zoon van drie gaat niet naar de peuteropvang; we denken dat het veel geld kost.",
                    "Onderwijs & opvoeding",
                    "deels",
                    "Deels overgenomen. Voorschoolse educatie is voor peuters met een indicatie van het consultatiebureau "
                    "gratis of bijna gratis; dat weten veel ouders niet. Voorlichting hierover komt in de wijkkamer.",
                    (2, "Wijkkamer voor ouders in het wijkhuis"),
                    None,
                ),
                (
                    "Mijn moeder wil best voorlezen in het Turks, als vrijwilliger.",
                    "Onderwijs & opvoeding",
                    "overgenomen",
                    "Overgenomen. De Voorleesexpress zoekt ook vrijwilligers die in de thuistaal voorlezen; LEV-groep "
                    "neemt via het wijkteam contact met uw moeder op.",
                    ("Voorleesexpress en taalcafé",),
                    None,
                ),
                (
                    "Gezonde traktaties op school is prima, maar de snackbar naast de school is het echte probleem.",
                    "Gezondheid & zorg",
                    "nieuw",
                    "",
                    (),
                    None,
                ),
            ),
        },
    ),
    "online": (),
}

# Reactions residents sent through the public page of the draft in consultation: still to be moderated.
# (text, target, days ago, name, e-mail): personal data only where the resident chose to give it.
PUBLIC_REACTIONS = (
    ("Kunnen de gymlessen niet vaker? Nu is het maar één keer per week in groep 5.", "doel 1", 6, "", ""),
    ("Graag ook bankjes voor de ouders en een watertappunt bij de beweegtuin.", "Beweegtuin bij De Braak", 4, "", ""),
    (
        "Is de wijkkamer ook open op woensdagmiddag? Dan kunnen werkende ouders ook komen.",
        "Wijkkamer voor ouders in het wijkhuis",
        2,
        "F. el Amrani",
        "f.elamrani@example.nl",
    ),
    ("Ik mis de oudere bewoners in dit programma. Veel ouderen in Oost zijn eenzaam.", None, 1, "", ""),
)


# Times are stored in UTC and shown in Dutch time (one or two hours later): an evening meeting at 18 UTC.
HOURS = {"bewonersavond": 18, "buurtwandeling": 17, "keukentafelgesprek": 13, "enquete": 10, "online_consultatie": 19}


def _at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour))


def _links(programme, names) -> tuple[list[int], list[int]]:
    goals = {g.number: g.id for g in programme.goals}
    actions = {a.title: a.id for a in programme.actions}
    goal_ids = [goals[n] for n in names if isinstance(n, int)]
    action_ids = [actions[n] for n in names if isinstance(n, str)]
    return goal_ids, action_ids


def _target(programme, target) -> dict:
    if target is None:
        return {}
    if target.startswith("doel "):
        return {"goal_id": next(g.id for g in programme.goals if g.number == int(target[5:]))}
    return {"action_id": next(a.id for a in programme.actions if a.title == target)}


def _answer(user, programme, contribution, spec) -> None:
    _text, _theme, status, response, links, _ = spec
    if status == "nieuw":
        return
    goal_ids, action_ids = _links(programme, links)
    # Answered some three weeks after it came in (in time for the report to the college), not at load time.
    answered = min(contribution.submitted_at + timedelta(days=21), utcnow())
    with dated(answered):
        services.respond(user, contribution, status=status, response=response, goal_ids=goal_ids, action_ids=action_ids)
    contribution.responded_at = answered
    if contribution.moderated_at is not None:
        contribution.moderated_at = min(contribution.submitted_at + timedelta(days=2), answered)


def _record(world, programme, plan, today: date) -> None:
    user = world.users[plan["team"]]
    themes = world.themes
    with acting_as(user):
        for spec in plan["moments"]:
            day = spec["date"] if "date" in spec else today - timedelta(days=spec["ago"])
            moment = services.record_moment(
                programme,
                kind=spec["kind"],
                title=spec["title"],
                date=day,
                place=spec["place"],
                participants=spec["participants"],
                summary=spec["summary"],
            )
            source = spec.get("source", "team")
            added = []
            for item in spec["contributions"]:
                text, theme, *_rest, target = item
                contribution = services.record_contribution(
                    programme,
                    text=text,
                    source=source,
                    theme=themes.get(theme) if theme else None,
                    moment=moment,
                    submitted_at=_at(day, HOURS.get(spec["kind"], 18)),
                    **_target(programme, target),
                )
                added.append((contribution, item))
            if source != "team":  # imported answers wait for moderation, like any import
                services.moderate(user, programme, [c.id for c, _ in added], "gepubliceerd")
            for contribution, item in added:
                _answer(user, programme, contribution, item)
        for when, source, item in plan["online"]:
            text, theme, *_rest, target = item
            day = when if isinstance(when, date) else today - timedelta(days=when)
            contribution = services.record_contribution(
                programme,
                text=text,
                source=source,
                theme=themes.get(theme) if theme else None,
                submitted_at=_at(day, 19 if source == "publiek" else 9),
                **_target(programme, target),
            )
            if source != "team":
                services.moderate(user, programme, [contribution.id], "gepubliceerd")
            _answer(user, programme, contribution, item)


def _public_reactions(programme, today: date) -> None:
    for n, (text, target, ago, name, email) in enumerate(PUBLIC_REACTIONS):
        services.submit_public_reaction(
            programme,
            text=text,
            ip_hash=services.address_hash(f"demo-bewoner-{n}", "wijkplanner-demo"),
            name=name,
            email=email,
            consent=bool(name or email),
            now=_at(today - timedelta(days=ago), 18 + n % 3),
            **_target(programme, target),
        )


def flipover_png(width: int = 240, height: int = 160) -> bytes:
    """A small generated PNG: a white sheet with three coloured 'lines of writing' (no external file, no people)."""
    stripes = {(30, 50): (1, 104, 155), (70, 90): (213, 43, 30), (110, 130): (20, 69, 26)}
    rows = []
    for y in range(height):
        colour = next((c for (top, bottom), c in stripes.items() if top <= y < bottom), None)
        row = bytearray(b"\x00")  # filter type 0 per scanline
        for x in range(width):
            edge = x < 4 or x >= width - 4 or y < 4 or y >= height - 4
            row += bytes(
                (90, 90, 90) if edge else colour if colour and 20 <= x < width - 20 - y % 7 else (255, 255, 255)
            )
        rows.append(bytes(row))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def _add_flipover(world, programme) -> None:
    moment = next((m for m in services.moments_of(programme) if m.kind == "bewonersavond"), None)
    if moment is None:
        return
    attachments.add_attachment(
        world.users[BINNENSTAD["team"]],
        moment,
        filename="flip-over-tafel-leegstand.png",
        data=flipover_png(),
        description="Demo-afbeelding (gegenereerd, geen echte foto): een flip-over met drie gekleurde regels "
        "voor de tafels leegstand, veiligheid 's avonds en groen.",
        public=True,
    )


# Residents take part in execution too: the Binnenstad team opened its programme to reactions on actions and
# their progress when execution started. (action title, days ago, text, status, answer).
EXECUTION_REACTION = (
    "Pandenaanpak leegstaande winkels",
    30,
    "De pop-upwinkel in de Veestraat was een mooie start, maar na drie maanden stond het pand weer leeg. "
    "Kan een starter niet langer blijven?",
    "deels",
    "Deels overgenomen. Vanaf 2027 krijgt een starter in de pandenaanpak een huurcontract van een jaar met een "
    "aflopende huurkorting; de centrummanager begeleidt de starter. Een pand langer vasthouden kan de gemeente "
    "niet: de eigenaar beslist.",
)

# Signals and ideas between phases, per ward: (ward, team key, days ago, text, location, theme, outcome, answer).
SIGNALS = (
    (
        "WK079410",
        "binnenstad",
        45,
        "Sinds de bankjes op de Markt weg zijn, kunnen ouderen tijdens het boodschappen doen nergens even zitten.",
        "Markt",
        "Leefomgeving & openbare ruimte",
        "programma",
        "",
    ),
    (
        "WK079412",
        "manager",
        38,
        "Veel buren willen hun huis isoleren maar weten niet waar ze moeten beginnen. Kan er een avond over komen?",
        "",
        "Duurzaamheid",
        "beantwoord",
        "Dank voor uw idee. Op 21 januari is er een energieavond in het wijkhuis met de energiecoöperatie, en "
        "energiecoaches komen gratis bij u thuis langs. Aanmelden kan via de wijkraad.",
    ),
    (
        "WK079418",
        "manager",
        6,
        "Bij het winkelcentrum hangen 's avonds jongeren rond omdat er niets anders is. Geef ze een eigen plek, "
        "dan helpen ze vast mee om die op te knappen.",
        "",
        "Samenleven",
        "nieuw",
        "",
    ),
)


def _open_execution(world, programme, today: date) -> None:
    """The Binnenstad programme is open to residents during execution; one resident reacted on an action."""
    from planner.participation import phases

    team = world.users[BINNENSTAD["team"]]
    opens_on, closes_on = BINNENSTAD["period"]
    with acting_as(team), dated(datetime.combine(date(2025, 3, 3), time(10))):
        phases.set_phases(
            team,
            programme,
            {
                "consultatie": phases.PhaseChoice(True, opens_on, closes_on),
                "uitvoering": phases.PhaseChoice(True, date(2025, 3, 3), None),
                "evaluatie": phases.PhaseChoice(False, None, None),
            },
        )
    title, ago, text, status, answer = EXECUTION_REACTION
    action = next(a for a in programme.actions if a.title == title)
    submitted = _at(today - timedelta(days=ago), 20)
    reaction = services.submit_public_reaction(
        programme,
        text=text,
        ip_hash=services.address_hash("demo-bewoner-uitvoering", "wijkplanner-demo"),
        action_id=action.id,
        now=submitted,
    )
    with acting_as(team), dated(submitted + timedelta(days=1)):
        services.moderate(team, programme, [reaction.id], "gepubliceerd")
    reaction.moderated_at = submitted + timedelta(days=1)
    with acting_as(team), dated(submitted + timedelta(days=9)):
        services.respond(team, reaction, status=status, response=answer, action_ids=[action.id])
    reaction.responded_at = submitted + timedelta(days=9)


def _add_signals(world, today: date) -> None:
    from planner.participation import signals

    for n, (code, team_key, ago, text, location, theme, outcome, answer) in enumerate(SIGNALS):
        ward = world.areas[code]
        submitted = _at(today - timedelta(days=ago), 21)
        signal = signals.submit_signal(
            ward,
            text=text,
            ip_hash=services.address_hash(f"demo-signaal-{n}", "wijkplanner-demo"),
            theme=world.themes.get(theme),
            location=location,
            now=submitted,
        )
        if outcome == "nieuw":
            continue
        team = world.users[team_key]
        triaged = submitted + timedelta(days=4)
        with acting_as(team), dated(triaged):
            if outcome == "programma":
                programme = next(p for p in signals.ward_programmes(team, ward) if p.status == "uitvoering")
                signals.to_programme(team, signal, programme)
            else:
                signals.answer_signal(team, signal, answer)
        signal.triaged_at = triaged


def add_participation(world) -> None:
    """Moments, answered contributions and pending public reactions for the demo programmes."""
    today = date.today()
    for key, plan in (("binnenstad", BINNENSTAD), ("west", WEST), ("stad", STAD), ("oost", OOST)):
        programme = world.programmes.get(key)
        if programme is not None:
            _record(world, programme, plan, today)
            if "period" in plan:
                opens_on, closes_on = plan["period"]
                with acting_as(world.users[plan["team"]]):
                    consultation.set_period(
                        world.users[plan["team"]], programme, opens_on=opens_on, closes_on=closes_on
                    )
    if world.programmes.get("binnenstad") is not None:
        with acting_as(world.users[BINNENSTAD["team"]]):
            _add_flipover(world, world.programmes["binnenstad"])
        if world.programmes["binnenstad"].status == "uitvoering":
            _open_execution(world, world.programmes["binnenstad"], today)
    _add_signals(world, today)
    consulting = world.programmes.get("oost")
    if consulting is not None and consulting.status == "consultatie":
        _public_reactions(consulting, today)
        with acting_as(world.users[OOST["team"]]):  # four weeks to react, the usual term for a draft
            consultation.set_period(
                world.users[OOST["team"]],
                consulting,
                opens_on=today - timedelta(days=14),
                closes_on=today + timedelta(days=14),
            )
