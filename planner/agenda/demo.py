"""Demo step: Helmond's political agenda (coalitieakkoord, besluiten, moties, toezeggingen …) linked to actions.

Everything goes through `planner.agenda.services`, so the rules, scoping and audit trail are the
ones the UI uses. Items whose deadline must be overdue (or still to come) get dates relative to
today, so the council's questions show something whenever the demo is loaded; the rest have the
dates of the programmes they belong to. Fictitious content, shaped like a griffie's lists.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from planner.core.audit import acting_as
from planner.extensions import db

MUNICIPALITY = "GM0794"
PH_WONEN = "Wethouder Van Dijk (wonen en wijken)"
PH_ECONOMIE = "Wethouder Smit (economie en binnenstad)"
PH_ZORG = "Wethouder Aydin (jeugd en gezondheid)"
PH_BURGEMEESTER = "Burgemeester"


def _ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def _ahead(days: int) -> date:
    return date.today() + timedelta(days=days)


# Coalitieakkoord 2026–2030, after the council elections of 18 March 2026. Actions linked here and
# to a 2022 item carried over from the previous agreement.
COALITION_2026_DATE = date(2026, 6, 16)
COALITION_2026 = tuple(
    (
        MUNICIPALITY,
        "manager",
        dict(
            kind="coalitieakkoord",
            number=number,
            date=COALITION_2026_DATE,
            body="raad",
            status="open",
            title=title,
            portfolio_holder=holder,
            description=f"Coalitieakkoord 2026–2030 'Helmond, samen verder', {chapter}.{carried}",
            council_period="2026-2030",
        ),
        links,
    )
    for number, title, holder, chapter, carried, links in (
        (
            "CA2026-04",
            "Doorgaan met de pandenaanpak: wonen boven winkels in de hele binnenstad",
            PH_ECONOMIE,
            "hoofdstuk 3 (Werk en binnenstad)",
            " Voortgezet uit het coalitieakkoord 2022–2026 (CA2022-07).",
            (("binnenstad", "Pandenaanpak leegstaande winkels", "voert_uit"),),
        ),
        (
            "CA2026-08",
            "De vernieuwing van Helmond-West afmaken, met betaalbare huur voor wie er woont",
            PH_WONEN,
            "hoofdstuk 2 (Wonen)",
            " Voortgezet uit het coalitieakkoord 2022–2026 (CA2022-11).",
            (
                ("west", "Renovatie portiekflats Planetenlaan", "voert_uit"),
                ("west", "Sloop-nieuwbouw Kromme Haag", "voert_uit"),
            ),
        ),
        (
            "CA2026-12",
            "Energiecoaches en isolatie voor huishoudens met een kleine beurs",
            PH_WONEN,
            "hoofdstuk 5 (Duurzaamheid)",
            " Voortgezet uit het coalitieakkoord 2022–2026 (CA2022-14).",
            (("stad", "Energiecoaches aan huis", "voert_uit"), ("noord", "Collectieve inkoop isolatie", "voert_uit")),
        ),
        (
            "CA2026-15",
            "Elk kind in Helmond groeit gezond op: gezonde scholen in de wijken met de grootste achterstand",
            PH_ZORG,
            "hoofdstuk 4 (Jeugd en gezondheid)",
            "",
            (("oost", "Gezonde School op alle basisscholen", "voert_uit"),),
        ),
    )
)


def _items():
    """(area code, recorded by (USERS key), values, links): links are (programme key, action title, meaning)."""
    return (
        # -- coalitieakkoord 2022–2026 "Helmond, samen sterker in elke wijk": ended with the elections of
        # March 2026; what carried over is linked to both agreements.
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="coalitieakkoord",
                number="CA2022-03",
                council_period="2022-2026",
                date=date(2022, 6, 14),
                body="raad",
                status="afgedaan",
                title="Elke wijk een eigen wijkontwikkelprogramma, samen met bewoners opgesteld",
                portfolio_holder=PH_WONEN,
                description="Coalitieakkoord 2022–2026 'Helmond, samen sterker in elke wijk', hoofdstuk 2 (Wijken).",
            ),
            (("stad", "Jongerenwerk op straat", "voert_uit"), ("stad", "Buurtsportcoaches", "voert_uit")),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="coalitieakkoord",
                number="CA2022-07",
                council_period="2022-2026",
                date=date(2022, 6, 14),
                body="raad",
                status="afgedaan",
                title="Een levendige binnenstad: leegstand halveren en wonen boven winkels mogelijk maken",
                portfolio_holder=PH_ECONOMIE,
                description="Coalitieakkoord 2022–2026, hoofdstuk 4 (Economie en binnenstad).",
            ),
            (("binnenstad", "Pandenaanpak leegstaande winkels", "voert_uit"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="coalitieakkoord",
                number="CA2022-11",
                council_period="2022-2026",
                date=date(2022, 6, 14),
                body="raad",
                status="afgedaan",
                title="Vierhonderd woningen in Helmond-West vernieuwd, zonder dat bewoners de wijk uit moeten",
                portfolio_holder=PH_WONEN,
                description="Coalitieakkoord 2022–2026, hoofdstuk 3 (Wonen).",
            ),
            (
                ("west", "Renovatie portiekflats Planetenlaan", "voert_uit"),
                ("west", "Sloop-nieuwbouw Kromme Haag", "voert_uit"),
            ),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="coalitieakkoord",
                number="CA2022-14",
                council_period="2022-2026",
                date=date(2022, 6, 14),
                body="raad",
                status="afgedaan",
                title="Geen Helmonds huishouden in energiearmoede door de warmtetransitie",
                portfolio_holder=PH_WONEN,
                description="Coalitieakkoord 2022–2026, hoofdstuk 6 (Duurzaamheid).",
            ),
            (("stad", "Energiecoaches aan huis", "voert_uit"), ("noord", "Collectieve inkoop isolatie", "voert_uit")),
        ),
        # -- raadsvoorstellen and the adoption decisions of the adopted programmes
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="raadsvoorstel",
                number="RV2025-011",
                date=date(2024, 12, 17),
                body="raad",
                status="aangenomen",
                title="Raadsvoorstel Wijkontwikkelprogramma Binnenstad 2025–2028",
                portfolio_holder=PH_ECONOMIE,
                description="Door het college vastgesteld op 17 december 2024, met het verslag van de consultatie "
                "(8 oktober – 19 november 2024); commissie Ruimte 21 januari 2025, raad 13 februari 2025.",
                url="https://example.org/helmond/raad/raadsvoorstel-2025-011",
            ),
            (),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="raadsvoorstel",
                number="RV2025-058",
                date=date(2025, 4, 22),
                body="raad",
                status="aangenomen",
                title="Raadsvoorstel Wijkontwikkelprogramma Helmond-West 2025–2028",
                portfolio_holder=PH_WONEN,
                description="Door het college vastgesteld op 22 april 2025, met het verslag van de consultatie "
                "(3 februari – 17 maart 2025); commissie Ruimte 10 juni 2025, raad 3 juli 2025.",
                url="https://example.org/helmond/raad/raadsvoorstel-2025-058",
            ),
            (),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="besluit",
                number="RB2025-037",
                date=date(2025, 2, 13),
                body="raad",
                status="aangenomen",
                title="Vaststelling Wijkontwikkelprogramma Binnenstad 2025–2028",
                portfolio_holder=PH_ECONOMIE,
                description="Raadsbesluit 2025-037: de raad stelt het wijkontwikkelprogramma vast en stelt € 1,5 miljoen "
                "uit het investeringsfonds binnenstad beschikbaar.",
                url="https://example.org/helmond/raad/raadsbesluit-2025-037",
            ),
            tuple(
                ("binnenstad", t, "voert_uit")
                for t in (
                    "Pandenaanpak leegstaande winkels",
                    "Avondaanpak Markt en Havenweg",
                    "Cameratoezicht evalueren",
                    "Vergroenen Watermolenwal en Kasteelplein",
                    "Geveltuinen en groene daken subsidie",
                )
            ),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="besluit",
                number="RB2025-112",
                date=date(2025, 7, 3),
                body="raad",
                status="aangenomen",
                title="Vaststelling Wijkontwikkelprogramma Helmond-West 2025–2028",
                portfolio_holder=PH_WONEN,
                description="Raadsbesluit 2025-112, met de samenwerkingsafspraken met Volksbelang en woCom.",
                url="https://example.org/helmond/raad/raadsbesluit-2025-112",
            ),
            tuple(
                ("west", t, "voert_uit")
                for t in (
                    "Renovatie portiekflats Planetenlaan",
                    "Sloop-nieuwbouw Kromme Haag",
                    "Buurthuis De Fonkel weer open",
                )
            ),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="raadsvoorstel",
                number="RV2024-071",
                date=date(2024, 11, 5),
                body="raad",
                status="aangenomen",
                title="Raadsvoorstel Stedelijke wijkaanpak Helmond 2025–2028",
                portfolio_holder=PH_WONEN,
                description="Door het college vastgesteld op 5 november 2024, met het verslag van de consultatie met "
                "de wijkraden (9 september – 14 oktober 2024); commissie Samenleving 14 januari 2025, raad 6 februari "
                "2025.",
                url="https://example.org/helmond/raad/raadsvoorstel-2024-071",
            ),
            (("stad", "Jongerenwerk op straat", "voert_uit"), ("stad", "Energiecoaches aan huis", "voert_uit")),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="besluit",
                number="RB2025-021",
                date=date(2025, 2, 6),
                body="raad",
                status="aangenomen",
                title="Vaststelling Stedelijke wijkaanpak Helmond 2025–2028",
                portfolio_holder=PH_WONEN,
                description="Raadsbesluit 2025-021: de raad stelt de stedelijke wijkaanpak vast; jongerenwerk, "
                "buurtsportcoaches en energiecoaches worden naar behoefte over de wijken verdeeld.",
                url="https://example.org/helmond/raad/raadsbesluit-2025-021",
            ),
            (("stad", "Jongerenwerk op straat", "voert_uit"), ("stad", "Buurtsportcoaches", "voert_uit")),
        ),
        # -- an amendement and moties
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="amendement",
                number="A2025-004",
                date=date(2025, 2, 13),
                body="raad",
                status="aangenomen",
                title="Extra groen op het Kasteelplein",
                submitters="L. Hendriks, S. Öztürk",
                portfolio_holder=PH_ECONOMIE,
                description="Amendement op het raadsvoorstel Wijkontwikkelprogramma Binnenstad: het Kasteelplein krijgt "
                "minstens twaalf nieuwe bomen.",
            ),
            (("binnenstad", "Vergroenen Watermolenwal en Kasteelplein", "voert_uit"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="motie",
                number="M2025-018",
                date=date(2025, 2, 13),
                body="raad",
                status="aangenomen",
                title="Licht in de stegen",
                submitters="R. van Bommel, K. Peters",
                portfolio_holder=PH_BURGEMEESTER,
                description="Verzoekt het college de verlichting in de stegen rond de Markt nog in 2025 te vervangen.",
            ),
            (("binnenstad", "Avondaanpak Markt en Havenweg", "voert_uit"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="motie",
                number="M2025-061",
                date=date(2025, 7, 3),
                body="raad",
                status="aangenomen",
                title="Buurthuis De Fonkel weer open",
                submitters="H. Verbeek",
                portfolio_holder=PH_WONEN,
            ),
            (("west", "Buurthuis De Fonkel weer open", "voert_uit"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="motie",
                number="M2025-077",
                date=date(2025, 11, 6),
                body="raad",
                status="verworpen",
                title="Gratis parkeren in de binnenstad op zaterdag",
                submitters="T. Janssen",
                portfolio_holder=PH_ECONOMIE,
            ),
            (),
        ),
        # Aangenomen, and no action carries it out yet: the council will ask.
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="motie",
                number="M2026-021",
                date=_ago(95),
                body="raad",
                status="aangenomen",
                title="Huurgarantie voor bewoners van de Planetenlaan",
                submitters="H. Verbeek, A. el Idrissi",
                portfolio_holder=PH_WONEN,
                deadline=_ahead(40),
                description="Verzoekt het college met Volksbelang af te spreken dat de huur na renovatie voor zittende "
                "huurders niet meer dan 5% stijgt, en de raad daarover te informeren.",
            ),
            (),
        ),
        # Carried out only by an action in Helmond-Oost's draft programme: only who may see drafts sees that.
        (
            MUNICIPALITY,
            "oost",
            dict(
                kind="motie",
                number="M2026-034",
                date=_ago(60),
                body="raad",
                status="aangenomen",
                title="Een wijkkamer voor ouders in Helmond-Oost",
                submitters="S. Öztürk",
                portfolio_holder=PH_ZORG,
            ),
            (("oost", "Wijkkamer voor ouders in het wijkhuis", "voert_uit"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="motie",
                number="M2026-040",
                date=_ago(60),
                body="raad",
                status="open",
                title="Meer prullenbakken en blikvangers in het Stadswandelpark",
                submitters="K. Peters",
                portfolio_holder=PH_ECONOMIE,
                description="Aangehouden tot de begrotingsbehandeling.",
            ),
            (),
        ),
        # -- toezeggingen: two open and past their deadline, one still to come, one done
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="toezegging",
                number="T2026-009",
                date=_ago(240),
                body="raad",
                status="open",
                deadline=date(2026, 7, 1),
                title="De raad vóór de zomer informeren over het sociaal plan Planetenlaan",
                portfolio_holder=PH_WONEN,
            ),
            (("west", "Renovatie portiekflats Planetenlaan", "verantwoording_via"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="toezegging",
                number="T2026-014",
                date=_ago(160),
                body="commissie",
                status="open",
                deadline=_ago(12),
                title="Notitie over de vertraagde aanbesteding van de vergroening Watermolenwal",
                portfolio_holder=PH_ECONOMIE,
            ),
            (("binnenstad", "Vergroenen Watermolenwal en Kasteelplein", "verantwoording_via"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="toezegging",
                number="T2026-022",
                date=_ago(100),
                body="commissie",
                status="open",
                deadline=_ahead(45),
                title="Tussenrapportage avondaanpak binnenstad aan de raad",
                portfolio_holder=PH_BURGEMEESTER,
            ),
            (("binnenstad", "Avondaanpak Markt en Havenweg", "verantwoording_via"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="toezegging",
                number="T2025-047",
                date=date(2025, 11, 6),
                body="raad",
                status="afgedaan",
                deadline=date(2026, 7, 1),
                title="Evaluatie cameratoezicht binnenstad met de raad delen",
                portfolio_holder=PH_BURGEMEESTER,
                description="Afgedaan met raadsinformatiebrief RIB2026-018.",
            ),
            (("binnenstad", "Cameratoezicht evalueren", "verantwoording_via"),),
        ),
        # A ward's own item (wijkraad Helmond-Oost): a team in another ward never sees it, not even in its feed.
        (
            "WK079411",
            "oost",
            dict(
                kind="toezegging",
                number="WR-OOST-2026-04",
                date=_ago(30),
                body="wijkraad",
                status="open",
                deadline=_ahead(30),
                title="Ouders betrekken bij de inrichting van de wijkkamer",
                portfolio_holder=PH_ZORG,
                description="Toegezegd in de vergadering van de wijkraad Helmond-Oost.",
            ),
            (("oost", "Wijkkamer voor ouders in het wijkhuis", "voert_uit"),),
        ),
        # -- raadsinformatiebrieven and schriftelijke vragen
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="raadsinformatiebrief",
                number="RIB2026-018",
                date=date(2026, 6, 30),
                body="college",
                status="afgedaan",
                title="Evaluatie cameratoezicht binnenstad",
                portfolio_holder=PH_BURGEMEESTER,
            ),
            (("binnenstad", "Cameratoezicht evalueren", "verantwoording_via"),),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="raadsinformatiebrief",
                number="RIB2026-031",
                date=_ago(35),
                body="college",
                status="afgedaan",
                title="Voortgang pandenaanpak binnenstad",
                portfolio_holder=PH_ECONOMIE,
                description="Leegstandsregister gevuld; de transformatie van Markt 12–16 loopt; pop-upwinkels vertraagd.",
            ),
            (
                ("binnenstad", "Pandenaanpak leegstaande winkels", "verantwoording_via"),
                ("binnenstad", "Pop-upwinkels voor starters", "verantwoording_via"),
            ),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="schriftelijke_vragen",
                number="SV2026-052",
                date=_ago(20),
                body="raad",
                status="open",
                deadline=_ahead(10),
                title="Overlast door jongeren op de Havenweg",
                submitters="T. Janssen",
                portfolio_holder=PH_BURGEMEESTER,
                description="Vragen ex artikel 41 Reglement van orde; beantwoording binnen 30 dagen.",
            ),
            (
                ("binnenstad", "Avondaanpak Markt en Havenweg", "verantwoording_via"),
                ("stad", "Jongerenwerk op straat", "verantwoording_via"),
            ),
        ),
        (
            MUNICIPALITY,
            "manager",
            dict(
                kind="schriftelijke_vragen",
                number="SV2026-017",
                date=_ago(200),
                body="raad",
                status="afgedaan",
                deadline=_ago(170),
                title="Stand van zaken leegstand Markt",
                submitters="L. Hendriks",
                portfolio_holder=PH_ECONOMIE,
            ),
            (("binnenstad", "Pandenaanpak leegstaande winkels", "verantwoording_via"),),
        ),
    ) + COALITION_2026


def find_demo_action(world, programme_key: str, title: str):
    for action in world.programmes[programme_key].actions:
        if action.title == title:
            return action
    raise LookupError(f"demo: no action '{title}' in programme '{programme_key}'")


def add_political_agenda(world) -> None:
    """Agenda items of Helmond and their links to the demo's actions."""
    from planner.agenda.models import AgendaItem
    from planner.agenda.services import create_item, link_action, update_item

    for area_code, recorded_by, values, links in _items():
        user = world.users[recorded_by]
        with acting_as(user):
            # The programmes' adoption besluiten were put on the agenda when they were adopted: fill them in.
            existing = db.session.scalar(
                select(AgendaItem).where(
                    AgendaItem.area_id == world.areas[area_code].id, AgendaItem.number == values["number"]
                )
            )
            item = update_item(existing, **values) if existing else create_item(world.areas[area_code], **values)
            for programme_key, title, meaning in links:
                link_action(user, item, find_demo_action(world, programme_key, title).id, meaning)
    _decide_carry_over(world)


# What the coalition of 2026 did with the agreements of 2022: three go on in a new agreement, one ends.
CARRY_OVER_2022 = (
    ("CA2022-07", "ja", "De pandenaanpak loopt; de leegstand in de binnenstad is nog niet weg.", "CA2026-04"),
    (
        "CA2022-11",
        "ja",
        "De vernieuwing van Helmond-West is halverwege; afmaken staat in het nieuwe akkoord.",
        "CA2026-08",
    ),
    ("CA2022-14", "ja", "Energiearmoede blijft; de energiecoaches gaan door.", "CA2026-12"),
    (
        "CA2022-03",
        "nee",
        "De wijkaanpak is staand beleid geworden in het wijkontwikkelprogramma; geen aparte afspraak.",
        "",
    ),
)


def _decide_carry_over(world) -> None:
    from planner.agenda.models import AgendaItem
    from planner.agenda.services import decide_carry_over

    gm = world.areas[MUNICIPALITY]
    with acting_as(world.users["manager"]):
        for number, carry_over, reason, into in CARRY_OVER_2022:
            item = db.session.scalar(select(AgendaItem).where(AgendaItem.area_id == gm.id, AgendaItem.number == number))
            decide_carry_over(item, carry_over, reason, into)
