"""What the demo municipality contains: users, partners, opgaven and programmes, as plain data.

Ward codes and names come from CBS; everything else (people, programmes, numbers) is invented
but shaped like the real thing, so a civil servant recognises the work.
"""

from __future__ import annotations

from datetime import date, timedelta

MUNICIPALITY = "GM0794"  # Helmond
PASSWORD = "wijkplanner-demo-2026"
DOMAIN = "wijkplanner.demo"

THEMES = (
    "Wonen",
    "Werk & participatie",
    "Onderwijs & opvoeding",
    "Veiligheid",
    "Gezondheid & zorg",
    "Samenleven",
    "Leefomgeving & openbare ruimte",
    "Duurzaamheid",
)

# (key, e-mail, name, role, area code)
USERS = (
    ("admin", f"beheerder@{DOMAIN}", "Sanne de Vries", "admin", MUNICIPALITY),
    ("manager", f"gebiedsmanager@{DOMAIN}", "Mark van den Heuvel", "area_manager", MUNICIPALITY),
    ("binnenstad", f"team.binnenstad@{DOMAIN}", "Noor Bakker", "team_member", "WK079410"),
    ("oost", f"team.oost@{DOMAIN}", "Yusuf Kaya", "team_member", "WK079411"),
    ("controller", f"controller@{DOMAIN}", "Ingrid Smits", "controller", MUNICIPALITY),
    ("raadslid", f"raadslid@{DOMAIN}", "Peter Verhoeven", "reader", MUNICIPALITY),
)

# (name, kind); a wijkraad per ward is added from the CBS ward list (see ward_organisation).
PARTNERS = (
    ("Woonpartners", "woningcorporatie"),
    ("Volksbelang", "woningcorporatie"),
    ("woCom", "woningcorporatie"),
    ("LEV-groep", "zorg_welzijn"),
    ("GGD Brabant-Zuidoost", "zorg_welzijn"),
    ("De Zorgboog", "zorg_welzijn"),
    ("ROC Ter AA", "onderwijs"),
    ("Samenwerkingsverband primair onderwijs Helmond", "onderwijs"),
    ("Politie basisteam Helmond", "politie"),
    ("Ondernemersvereniging Binnenstad Helmond", "ondernemers"),
    ("Energiecoöperatie Helmond", "bewonersorganisatie"),
    # Municipal departments lead actions too: the trekker of an action is always an organisation.
    ("Gemeente Helmond – team Binnenstad", "gemeente"),
    ("Gemeente Helmond – team Veiligheid", "gemeente"),
    ("Gemeente Helmond – Openbare ruimte", "gemeente"),
    ("Gemeente Helmond – Duurzaamheid", "gemeente"),
    ("Gemeente Helmond – Sport", "gemeente"),
)


def ward_organisation(code: str, name: str) -> tuple[str, str]:
    """Helmond's wards have wijkraden; an industrial estate has its entrepreneurs instead."""
    if code in BUSINESS_PARKS:
        return BUSINESS_PARKS[code]
    return f"Wijkraad {name}", "bewonersorganisatie"


BUSINESS_PARKS = {"WK079429": ("Ondernemersvereniging en parkmanagement Industriegebied Zuid", "ondernemers")}

# key → (area code, title, description, themes, partners)
OPGAVEN = {
    "binnenstad": (
        "WK079410",
        "Een levendige en veilige binnenstad",
        "Leegstand in de winkelstraten, overlast in de avonduren en weinig groen. Tegelijk groeit het aantal "
        "bewoners in de binnenstad: wonen boven winkels en in herbestemde panden vraagt om een ander centrum.",
        ("Veiligheid", "Leefomgeving & openbare ruimte", "Werk & participatie"),
        ("Ondernemersvereniging Binnenstad Helmond", "Politie basisteam Helmond", "Woonpartners"),
    ),
    "oost": (
        "WK079411",
        "Gezond en kansrijk opgroeien in Helmond-Oost",
        "Meer kinderen met overgewicht en taalachterstand dan gemiddeld in Helmond; ouders weten de weg naar "
        "ondersteuning moeilijk te vinden. Scholen, wijkteam en GGD willen samen één aanpak.",
        ("Onderwijs & opvoeding", "Gezondheid & zorg", "Samenleven"),
        ("GGD Brabant-Zuidoost", "LEV-groep", "Samenwerkingsverband primair onderwijs Helmond"),
    ),
    "west": (
        "WK079415",
        "Helmond-West: vernieuwen zonder te verdringen",
        "Naoorlogse portiekflats aan het eind van hun levensduur, een hoog aandeel huurwoningen en bewoners die "
        "in de wijk willen blijven. Sloop-nieuwbouw en renovatie gaan samen met sociale versterking.",
        ("Wonen", "Samenleven", "Leefomgeving & openbare ruimte"),
        ("Volksbelang", "woCom", "LEV-groep"),
    ),
    "noord": (
        "WK079412",
        "Aardgasvrij en betaalbaar wonen in Helmond-Noord",
        "Veel particuliere eigenaren met weinig financiële ruimte; de warmtetransitie mag energiearmoede niet "
        "vergroten.",
        ("Duurzaamheid", "Wonen"),
        ("Energiecoöperatie Helmond", "Woonpartners"),
    ),
    "stad": (
        MUNICIPALITY,
        "Wijkaanpak: sterke basis in elke wijk",
        "Stedelijke afspraken over jongerenwerk, buurtsport en energiecoaches, verdeeld over de wijken die het "
        "het hardst nodig hebben.",
        ("Samenleven", "Gezondheid & zorg", "Duurzaamheid"),
        ("LEV-groep", "GGD Brabant-Zuidoost", "Energiecoöperatie Helmond"),
    ),
}


def _today() -> date:
    return date.today()


def overdue(days: int):
    """A due date `days` ago, so the demo always shows overdue milestones, whenever it is loaded."""
    return lambda: _today() - timedelta(days=days)


def upcoming(days: int):
    return lambda: _today() + timedelta(days=days)


def ago(days: int):
    """A date `days` before the demo is loaded: for the programme still in consultation."""
    return overdue(days)


# Each programme: drafted by `drafted_by` (a USERS key), then moved along `path` by the users named
# there, each on its date (the version is dated then). Actions: `status`/`progress` at creation; `now` is applied after the last transition, as a
# team updates its actions during implementation. `areas` maps ward code → weight (default: the
# programme's own area). Milestones: (title, due date or callable, done_on or None).
PROGRAMMES = (
    {
        "key": "binnenstad",
        "area": "WK079410",
        "opgave": "binnenstad",
        "title": "Wijkontwikkelprogramma Binnenstad 2025–2028",
        "period": (2025, 2028),
        "drafted_by": "binnenstad",
        "summary": "Samen met ondernemers, bewoners en politie werken we aan een binnenstad waar het prettig "
        "wonen, winkelen en verblijven is, ook na zessen.",
        "ambition": "Minder leegstand, minder overlast in de avonduren, meer groen en meer mensen die in de "
        "binnenstad wonen.",
        "approach": "Een pandenaanpak voor leegstaande winkels, een avondaanpak met horeca en politie, en het "
        "vergroenen van pleinen en stegen.",
        "cost_notes": "Circa € 4,2 miljoen over vier jaar, waarvan € 1,5 miljoen uit het investeringsfonds "
        "binnenstad en bijdragen van Woonpartners voor transformatie.",
        "goals": (
            (
                "Leegstand in de winkelstraten daalt naar onder 8%",
                "Locatus, nulmeting 2024: winkelleegstand 13% van het winkelvloeroppervlak.",
                "Werk & participatie",
            ),
            (
                "Bewoners en bezoekers voelen zich 's avonds veilig",
                "Veiligheidsmonitor: 'voelt zich weleens onveilig in de eigen buurt' van 29% (2023) naar 22%.",
                "Veiligheid",
            ),
            (
                "Een groenere en koelere binnenstad",
                "Ten minste 3.000 m² verharding wordt groen.",
                "Leefomgeving & openbare ruimte",
            ),
        ),
        "actions": (
            {
                "goal": 1,
                "title": "Pandenaanpak leegstaande winkels",
                "owner": "Gemeente Helmond – team Binnenstad",
                "description": "Eigenaren van langdurig leegstaande panden actief benaderen; transformatie naar wonen "
                "boven winkels waar winkelen niet meer rendeert.",
                "start": date(2025, 3, 1),
                "end": date(2027, 12, 31),
                "partners": ("Ondernemersvereniging Binnenstad Helmond", "Woonpartners"),
                "now": ("loopt", None),
                "children": (
                    {
                        "title": "Eigenarenoverleg en leegstandsregister",
                        "owner": "Gemeente Helmond – team Binnenstad",
                        "start": date(2025, 3, 1),
                        "end": date(2025, 12, 31),
                        "weight": 1,
                        "now": ("afgerond", 100),
                        "milestones": (("Leegstandsregister gevuld", date(2025, 6, 30), date(2025, 6, 20)),),
                    },
                    {
                        "title": "Transformatie Markt 12–16 tot 18 woningen",
                        "owner": "Woonpartners",
                        "owner_person": "Ruud Hendriks",
                        "commitments": (
                            ("Woonpartners", "geld", "2400000", "Aankoop en verbouw"),
                            ("Gemeente Helmond – team Binnenstad", "uren", "320", "Procesbegeleiding en vergunningen"),
                        ),
                        "start": date(2025, 9, 1),
                        "end": date(2027, 6, 30),
                        "weight": 2,
                        "now": ("loopt", 40),
                        "partners": ("Woonpartners",),
                        "milestones": (
                            ("Omgevingsvergunning verleend", date(2026, 3, 31), date(2026, 4, 14)),
                            ("Start bouw", overdue(40), None),
                        ),
                    },
                    {
                        "title": "Pop-upwinkels voor starters",
                        "owner": "Ondernemersvereniging Binnenstad Helmond",
                        "start": date(2026, 1, 1),
                        "end": date(2027, 12, 31),
                        "weight": 1,
                        "now": ("vertraagd", 15),
                        "partners": ("Ondernemersvereniging Binnenstad Helmond",),
                        "milestones": (("Eerste drie pop-upwinkels open", overdue(75), None),),
                    },
                ),
            },
            {
                "goal": 2,
                "title": "Avondaanpak Markt en Havenweg",
                "owner": "Politie basisteam Helmond",
                "description": "Gezamenlijke avonddiensten van boa's, politie en jongerenwerk in de weekenden; "
                "betere verlichting in de stegen.",
                "start": date(2025, 4, 1),
                "end": date(2028, 12, 31),
                "partners": ("Politie basisteam Helmond", "LEV-groep"),
                "now": ("loopt", 55),
                "milestones": (
                    ("Verlichting stegen vervangen", date(2025, 11, 30), date(2025, 12, 12)),
                    ("Evaluatie eerste jaar met bewoners", overdue(20), None),
                    ("Tussenrapportage aan de raad", upcoming(45), None),
                ),
            },
            {
                "goal": 2,
                "title": "Cameratoezicht evalueren",
                "owner": "Gemeente Helmond – team Veiligheid",
                "start": date(2026, 1, 1),
                "end": date(2026, 6, 30),
                "now": ("afgerond", 100),
                "partners": ("Politie basisteam Helmond",),
            },
            {
                "goal": 3,
                "title": "Vergroenen Watermolenwal en Kasteelplein",
                "owner": "Gemeente Helmond – Openbare ruimte",
                "description": "Tegels eruit, bomen en wadi's erin; ontwerp samen met omwonenden.",
                "start": date(2025, 9, 1),
                "end": date(2027, 10, 31),
                "partners": ("Wijkraad Binnenstad",),
                "now": ("vertraagd", 25),
                "milestones": (
                    ("Ontwerp vastgesteld met omwonenden", date(2026, 2, 28), date(2026, 3, 10)),
                    ("Aanbesteding uitvoering", overdue(100), None),
                ),
            },
            {
                "goal": 3,
                "title": "Geveltuinen en groene daken subsidie",
                "owner": "Gemeente Helmond – Duurzaamheid",
                "start": date(2026, 3, 1),
                "end": date(2028, 12, 31),
                "now": ("loopt", 30),
            },
        ),
        "path": (
            ("consultatie", "binnenstad", "Concept klaar voor bewonersavond in het Speelhuis.", date(2024, 10, 8)),
            ("besluitvorming", "binnenstad", "Reacties verwerkt; raadsvoorstel door het college.", date(2024, 12, 17)),
            ("vastgesteld", "manager", "Vastgesteld door de raad.", date(2025, 2, 13)),
            ("uitvoering", "manager", "Start uitvoering.", date(2025, 3, 3)),
        ),
        "decision": "Raadsbesluit 2025-037",
    },
    {
        "key": "oost",
        "area": "WK079411",
        "opgave": "oost",
        "title": "Wijkontwikkelprogramma Helmond-Oost 2026–2029",
        "period": (2026, 2029),
        "drafted_by": "oost",
        "summary": "Kinderen in Helmond-Oost groeien gezond op en krijgen dezelfde kansen als elders in Helmond.",
        "ambition": "Minder overgewicht bij kinderen, minder taalachterstand bij de start van groep 3, ouders die "
        "ondersteuning dichtbij vinden.",
        "approach": "Gezonde scholen, een wijkkamer voor ouders, en sport en spel in de openbare ruimte.",
        "cost_notes": "Circa € 1,8 miljoen; deels uit de specifieke uitkering Gezond en Actief Leven (GALA).",
        "goals": (
            (
                "Minder kinderen met overgewicht",
                "Van 18% naar 14% van de kinderen in groep 7 (JGZ-cijfers).",
                "Gezondheid & zorg",
            ),
            (
                "Taalvaardige peuters en kleuters",
                "Meer peuters naar de voorschool; taalmeting groep 2.",
                "Onderwijs & opvoeding",
            ),
        ),
        "actions": (
            {
                "goal": 1,
                "title": "Gezonde School op alle basisscholen",
                "owner": "GGD Brabant-Zuidoost",
                "start": date(2026, 1, 1),
                "end": date(2028, 7, 31),
                "status": "gepland",
                "partners": ("GGD Brabant-Zuidoost", "Samenwerkingsverband primair onderwijs Helmond"),
            },
            {
                "goal": 1,
                "title": "Beweegtuin bij De Braak",
                "owner": "Gemeente Helmond – Openbare ruimte",
                "start": date(2026, 5, 1),
                "end": date(2027, 5, 31),
                "status": "idee",
                "partners": ("Wijkraad Helmond-Oost",),
            },
            {
                "goal": 2,
                "title": "Voorleesexpress en taalcafé",
                "owner": "LEV-groep",
                "start": date(2026, 2, 1),
                "end": date(2029, 12, 31),
                "status": "gepland",
                "partners": ("LEV-groep",),
                "milestones": (("Twintig vrijwilligers geworven", upcoming(60), None),),
            },
        ),
        # Back to concept after the first residents' evening, then out for consultation again.
        "path": (
            ("consultatie", "oost", "Eerste versie voor de bewonersavond.", ago(84)),
            ("concept", "oost", "Aangepast na de bewonersavond: ouders vroegen om een wijkkamer.", ago(70)),
            ("consultatie", "oost", "Tweede versie, met de wijkkamer.", ago(14)),
        ),
        "between": {
            1: {
                "actions": (
                    {
                        "goal": 2,
                        "title": "Wijkkamer voor ouders in het wijkhuis",
                        "owner": "LEV-groep",
                        "description": "Op verzoek van ouders tijdens de bewonersavond: een vaste plek met koffie, "
                        "opvoedondersteuning en het consultatiebureau op dinsdag.",
                        "start": date(2026, 9, 1),
                        "end": date(2029, 12, 31),
                        "status": "idee",
                        "partners": ("LEV-groep", "De Zorgboog"),
                    },
                )
            }
        },
    },
    {
        "key": "west",
        "area": "WK079415",
        "opgave": "west",
        "title": "Wijkontwikkelprogramma Helmond-West 2025–2028",
        "period": (2025, 2028),
        "drafted_by": "manager",
        "summary": "Helmond-West vernieuwt: betere woningen voor wie er woont en wie er komt wonen.",
        "ambition": "Vierhonderd woningen gerenoveerd of vervangen, zonder dat zittende bewoners de wijk uit "
        "moeten; meer ontmoeting.",
        "approach": "Renovatie en sloop-nieuwbouw met Volksbelang en woCom, een sociaal plan per complex en een "
        "buurthuis dat weer open is.",
        "cost_notes": "Gemeentelijk aandeel € 6,5 miljoen (openbare ruimte, sociaal plan); corporaties "
        "investeren in de woningen.",
        "goals": (
            (
                "Betere en betaalbare woningen",
                "400 woningen gerenoveerd of vervangen, huur blijft betaalbaar.",
                "Wonen",
            ),
            ("Meer ontmoeting in de wijk", "Buurthuis open op vijf dagdelen per week.", "Samenleven"),
        ),
        "actions": (
            {
                "goal": 1,
                "title": "Renovatie portiekflats Planetenlaan",
                "owner": "Volksbelang",
                "start": date(2025, 10, 1),
                "end": date(2028, 6, 30),
                "status": "gepland",
                "partners": ("Volksbelang",),
                "milestones": (("Sociaal plan met huurders vastgesteld", overdue(30), None),),
            },
            {
                "goal": 1,
                "title": "Sloop-nieuwbouw Kromme Haag",
                "owner": "woCom",
                "start": date(2026, 6, 1),
                "end": date(2028, 12, 31),
                "status": "gepland",
                "partners": ("woCom", "Wijkraad Helmond-West"),
            },
            # Led by residents: the wijkraad runs the buurthuis, LEV-groep supports.
            {
                "goal": 2,
                "title": "Buurthuis De Fonkel weer open",
                "owner": "Wijkraad Helmond-West",
                "owner_person": "Ria van den Boomen",
                "start": date(2025, 9, 1),
                "end": date(2026, 12, 31),
                "status": "gepland",
                "partners": ("LEV-groep", "Wijkraad Helmond-West"),
                "commitments": (
                    (
                        "Wijkraad Helmond-West",
                        "uren",
                        "1200",
                        "Vrijwilligers bemensen de bar en de activiteiten",
                    ),
                    ("LEV-groep", "uren", "400", "Opbouwwerker twee dagdelen per week"),
                    ("Volksbelang", "natura", "18000", "Ruimte in De Fonkel huurvrij voor twee jaar"),
                ),
            },
        ),
        "path": (
            ("consultatie", "manager", "Concept naar de bewoners.", date(2025, 2, 3)),
            ("besluitvorming", "manager", "Raadsvoorstel door het college.", date(2025, 4, 22)),
            ("vastgesteld", "manager", "Vastgesteld door de raad.", date(2025, 7, 3)),
        ),
        "decision": "Raadsbesluit 2025-112",
    },
    {
        "key": "noord",
        "area": "WK079412",
        "opgave": "noord",
        "title": "Wijkontwikkelprogramma Helmond-Noord 2026–2029",
        "period": (2026, 2029),
        "drafted_by": "manager",
        "summary": "Eerste opzet: aardgasvrij wonen zonder energiearmoede.",
        "goals": (("Betaalbaar verduurzamen voor eigenaren", "", "Duurzaamheid"),),
        "actions": (
            {
                "goal": 1,
                "title": "Collectieve inkoop isolatie",
                "owner": "Energiecoöperatie Helmond",
                "start": date(2026, 9, 1),
                "end": date(2027, 12, 31),
                "status": "idee",
                "partners": ("Energiecoöperatie Helmond",),
            },
            {
                "goal": 1,
                "title": "Warmtekaart Helmond-Noord",
                "owner": "Gemeente Helmond – Duurzaamheid",
                "start": date(2026, 4, 1),
                "end": date(2026, 12, 31),
                "status": "idee",
            },
        ),
        "path": (),
    },
    {
        "key": "stad",
        "area": MUNICIPALITY,
        "opgave": "stad",
        "title": "Stedelijke wijkaanpak Helmond 2025–2028",
        "period": (2025, 2028),
        "drafted_by": "manager",
        "summary": "Stedelijke inzet die over meerdere wijken wordt verdeeld naar behoefte.",
        "ambition": "Elke wijk een sterke sociale basis; extra inzet waar de opgave het grootst is.",
        "approach": "Jongerenwerk, buurtsportcoaches en energiecoaches, verdeeld met wegingen per wijk.",
        "cost_notes": "€ 2,4 miljoen per jaar, verdeeld naar rato van de wegingen per wijk.",
        "goals": (
            ("Jongeren hebben een plek en perspectief", "", "Samenleven"),
            ("Minder energiearmoede", "", "Duurzaamheid"),
        ),
        "actions": (
            {
                "goal": 1,
                "title": "Jongerenwerk op straat",
                "owner": "LEV-groep",
                "start": date(2025, 1, 1),
                "end": date(2028, 12, 31),
                "status": "loopt",
                "progress": 35,
                "now": ("loopt", 35),
                "areas": {"WK079410": 0.6, "WK079418": 0.4},
                "partners": ("LEV-groep", "Politie basisteam Helmond"),
            },
            {
                "goal": 1,
                "title": "Buurtsportcoaches",
                "owner": "Gemeente Helmond – Sport",
                "start": date(2025, 1, 1),
                "end": date(2028, 12, 31),
                "status": "loopt",
                "progress": 20,
                "now": ("loopt", 20),
                "areas": {"WK079411": 0.5, "WK079415": 0.5},
            },
            {
                "goal": 2,
                "title": "Energiecoaches aan huis",
                "owner": "Energiecoöperatie Helmond",
                "start": date(2025, 6, 1),
                "end": date(2027, 12, 31),
                "status": "gepland",
                "areas": {"WK079412": 0.7, "WK079415": 0.3},
                "partners": ("Energiecoöperatie Helmond",),
                "milestones": (("Dertig energiecoaches opgeleid", overdue(10), None),),
            },
        ),
        "path": (
            ("consultatie", "manager", "Consultatie met de wijkraden.", date(2024, 9, 9)),
            ("besluitvorming", "manager", "Raadsvoorstel door het college; raad in februari 2025.", date(2024, 11, 5)),
            ("vastgesteld", "manager", "Vastgesteld door de raad.", date(2025, 2, 6)),
            ("uitvoering", "manager", "Start uitvoering in de eerste wijken.", date(2025, 2, 10)),
        ),
        "decision": "Raadsbesluit 2025-021",
    },
)
