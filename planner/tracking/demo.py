"""Demo step: the progress story of actions under way, and milestones that slipped, through the tracking services.

Runs after the programmes exist (planner.demo.builder STEPS). Each story ends in the state the
action already has in planner.demo.content (or moves it on, as a team's last report would), so the
roll-up of parents stays right. Reports are dated in the quarters before today and milestones are
overdue relative to today, so late actions show on the ward comparison whenever the demo is loaded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from planner.actions.services import add_milestone, record_correction
from planner.core.audit import acting_as
from planner.tracking.services import record_progress

# (programme key, action title) → author (a demo USERS key) and reports: (quarters ago, progress, status, text).
STORIES = {
    ("binnenstad", "Transformatie Markt 12–16 tot 18 woningen"): (
        "binnenstad",
        (
            (4, 10, "loopt", "Schetsontwerp met Woonpartners klaar; omwonenden zijn op een inloopavond geïnformeerd."),
            (
                2,
                30,
                "loopt",
                "Omgevingsvergunning verleend, twee weken later dan gepland door een zienswijze van een "
                "buurman over bezonning.",
            ),
            (
                0,
                40,
                "loopt",
                "Bouwvoorbereiding loopt. De aannemer kan pas volgend kwartaal beginnen, dus de mijlpaal "
                "'Start bouw' is niet gehaald; de oplevering houden we vast op medio 2027.",
            ),
        ),
    ),
    ("binnenstad", "Pop-upwinkels voor starters"): (
        "binnenstad",
        (
            (3, 5, "loopt", "Vier starters aangemeld; twee eigenaren willen hun pand tijdelijk verhuren."),
            (
                1,
                15,
                "loopt",
                "Huurcontracten nog niet rond: eigenaren willen een garantie tegen leegstand na de proefperiode.",
            ),
            (
                0,
                15,
                "vertraagd",
                "De eerste drie pop-upwinkels zijn niet op de geplande datum open. De "
                "ondernemersvereniging werkt aan een garantieregeling; het college besluit volgende maand.",
            ),
        ),
    ),
    ("binnenstad", "Avondaanpak Markt en Havenweg"): (
        "binnenstad",
        (
            (5, 15, "loopt", "Eerste gezamenlijke avonddiensten van boa's, politie en jongerenwerk in de weekenden."),
            (
                3,
                35,
                "loopt",
                "Nieuwe verlichting in de stegen geplaatst. Minder meldingen van overlast op vrijdagavond.",
            ),
            (
                0,
                55,
                "loopt",
                "De evaluatie met bewoners schuift naar na de feestdagen. De politiecijfers zijn binnen: "
                "een vijfde minder meldingen van overlast dan een jaar eerder.",
            ),
        ),
    ),
    ("binnenstad", "Vergroenen Watermolenwal en Kasteelplein"): (
        "binnenstad",
        (
            (
                4,
                10,
                "loopt",
                "Drie ontwerpsessies met omwonenden; keuze voor wadi's, twaalf bomen en zitplekken in de schaduw.",
            ),
            (3, 25, "loopt", "Ontwerp vastgesteld met omwonenden, tien dagen later dan gepland."),
            (
                0,
                25,
                "vertraagd",
                "Aanbesteding uitgesteld: kabels en leidingen onder het Kasteelplein liggen anders dan "
                "op tekening, de boomvakken moeten opnieuw worden ontworpen.",
            ),
        ),
    ),
    ("binnenstad", "Geveltuinen en groene daken subsidie"): (
        "binnenstad",
        (
            (2, 10, "loopt", "Subsidieregeling open; veertien aanvragen in de eerste maand."),
            (0, 30, "loopt", "52 geveltuinen aangelegd, drie groene daken in aanvraag."),
        ),
    ),
    ("west", "Renovatie portiekflats Planetenlaan"): (
        "manager",
        (
            (
                1,
                5,
                "gepland",
                "Tweede ronde keukentafelgesprekken, nu over de huur na renovatie, afgerond; concept sociaal plan "
                "besproken met de huurdersvereniging.",
            ),
            (
                0,
                5,
                "vertraagd",
                "Het sociaal plan is nog niet vastgesteld: de huurdersvereniging wil eerst een "
                "onafhankelijk advies over de huur na renovatie. De start schuift een kwartaal op.",
            ),
        ),
    ),
    ("stad", "Jongerenwerk op straat"): (
        "manager",
        (
            (4, 15, "loopt", "Twee jongerenwerkers gestart in de Binnenstad; in Rijpelberg is één vacature open."),
            (2, 25, "loopt", "Team Rijpelberg compleet; vaste avonden bij het winkelcentrum en op de speelpleinen."),
            (
                0,
                35,
                "loopt",
                "Ongeveer 60 jongeren in beeld; zes doorverwezen naar werk of school via het Jongerenpunt.",
            ),
        ),
    ),
    ("stad", "Buurtsportcoaches"): (
        "manager",
        (
            (2, 10, "loopt", "Buurtsportcoach in Helmond-Oost gestart met naschoolse sport op drie scholen."),
            (
                0,
                20,
                "loopt",
                "Avondaanbod in Helmond-West nog niet gestart: er is geen zaal vrij tot het buurthuis open is.",
            ),
        ),
    ),
    ("stad", "Energiecoaches aan huis"): (
        "manager",
        (
            (
                0,
                10,
                "loopt",
                "18 van de 30 energiecoaches opgeleid; de eerste 120 huisbezoeken in Helmond-Noord gedaan. "
                "De mijlpaal van 30 opgeleide coaches is niet gehaald.",
            ),
        ),
    ),
}

# (programme key, action title) → milestones added during implementation: (title, due, done_on), where
# due/done may be days relative to today (negative: in the past).
MILESTONES = {
    ("west", "Buurthuis De Fonkel weer open"): (
        ("Gebruiksovereenkomst De Fonkel met Volksbelang getekend", -55, None),
        ("Verbouwing keuken en zaal gereed", 60, None),
    ),
    ("stad", "Buurtsportcoaches"): (
        ("Buurtsportcoach Helmond-Oost gestart", date(2025, 3, 1), date(2025, 3, 17)),
        ("Avondaanbod sport in Helmond-West", -25, None),
    ),
    ("stad", "Jongerenwerk op straat"): (
        ("Jongerenwerkers Rijpelberg aangesteld", date(2025, 4, 1), date(2025, 5, 12)),
    ),
}


# One correction (bijsturing): the team changed course after residents' input, which is not a delay.
CORRECTION = (
    ("binnenstad", "Vergroenen Watermolenwal en Kasteelplein"),
    "binnenstad",
    ("scope",),
    "Op het Kasteelplein komen zitplekken in de schaduw en een waterspeelplek in plaats van de vier "
    "parkeervakken aan de Watermolenwal.",
    "Omwonenden vroegen in de ontwerpsessies om meer schaduw en een plek voor kinderen; de parkeervakken "
    "worden nauwelijks gebruikt sinds de nieuwe garage open is.",
)


def quarter(today: date, ago: int) -> tuple[str, date]:
    """The period label ('2026-Q3') `ago` quarters before today's, and the day its report was written."""
    index = today.year * 4 + (today.month - 1) // 3 - ago
    year, q = divmod(index, 4)
    if ago == 0:
        return f"{year}-Q{q + 1}", today
    next_start = date(year + (q == 3), 1 if q == 3 else 3 * (q + 1) + 1, 1)
    return f"{year}-Q{q + 1}", next_start - timedelta(days=10)  # reports come in just before the quarter ends


def _day(value, today: date):
    return today + timedelta(days=value) if isinstance(value, int) else value


def _action(world, key: str, title: str):
    programme = world.programmes.get(key)
    if programme is None:
        return None
    return next((a for a in programme.actions if a.title == title), None)


def add_progress_stories(world) -> None:
    """Milestones added during implementation, then the progress reports on actions under way."""
    today = date.today()
    for (key, title), milestones in MILESTONES.items():
        action = _action(world, key, title)
        if action is None:
            continue
        with acting_as(world.users["manager"]):
            for name, due, done in milestones:
                add_milestone(action, name, _day(due, today), _day(done, today) if done is not None else None)
    for (key, title), (author_key, reports) in STORIES.items():
        action = _action(world, key, title)
        if action is None:
            continue
        author = world.users[author_key]
        with acting_as(author):
            for ago, progress, status, text in reports:
                period, written = quarter(today, ago)
                record_progress(
                    action,
                    period=period,
                    progress=progress,
                    status=status,
                    text=text,
                    user=author,
                    created_at=datetime.combine(written, time(16)),
                )
    (key, title), author_key, aspects, changes, reason = CORRECTION
    action = _action(world, key, title)
    if action is not None:
        author = world.users[author_key]
        with acting_as(author):
            record_correction(
                action,
                # Within this year, so the ward comparison counts it whenever the demo is loaded.
                corrected_on=max(today - timedelta(days=30), date(today.year, 1, 1)),
                reason=reason,
                aspects=aspects,
                changes=changes,
                user=author,
                today=today,
            )
