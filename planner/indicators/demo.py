"""Demo step: indicators for Helmond's wards, measured and targeted, through the indicator services.

Real figures: the CBS key figures 2024 (inhabitants, dwellings, density…) of Helmond and its wards,
read from the copy in imports/samples/cbs through the `cbs-kerncijfers` profile and the same
`measurements` import target a user's upload takes. Only Helmond's rows are handed to it, so the
step stays fast and the other 3,700 areas (not in the demo) are not reported as unknown.

Invented figures, and labelled so in their source: the social indicators a ward monitor would give
(feeling safe, social cohesion, overweight in group 7, empty shops). Their baselines and the goal
targets of the adopted and draft programmes make the ward comparison show where a ward stands
against its target and against the municipal average.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

from planner.core.audit import acting_as
from planner.core.errors import PlannerError
from planner.indicators import services
from planner.indicators.importers import import_kerncijfers

KERNCIJFERS = Path("cbs") / "kwb-2024-kerncijfers.json"
DATAPROPERTIES = Path("cbs") / "kwb-2024-dataproperties.json"
CBS_PERIOD = "2024"
DEMO_SOURCE = "(demowaarden, verzonnen)"

# code → (name, unit, source, higher is better, decimals, description)
SOCIAL = {
    # The Veiligheidsmonitor asks about feeling unsafe, and reports it in its own words.
    "onveilig_in_buurt": (
        "Voelt zich weleens onveilig in de eigen buurt",
        "%",
        f"Veiligheidsmonitor {DEMO_SOURCE}",
        False,
        0,
        "Percentage inwoners van 15 jaar en ouder dat zich weleens onveilig voelt in de eigen buurt.",
    ),
    "sociale_samenhang": (
        "Sociale samenhang",
        "score 0–10",
        f"Wijkmonitor Helmond {DEMO_SOURCE}",
        True,
        1,
        "Schaalscore uit de wijkmonitor: kennen en helpen buren elkaar, voelen mensen zich thuis in de buurt.",
    ),
    "overgewicht_groep7": (
        "Kinderen met overgewicht in groep 7",
        "%",
        f"JGZ GGD Brabant-Zuidoost {DEMO_SOURCE}",
        False,
        0,
        "Aandeel kinderen in groep 7 met overgewicht of obesitas bij het JGZ-contactmoment.",
    ),
    # Retail vacancy as Locatus measures it: floor space, not the number of shops.
    "winkelleegstand": (
        "Winkelleegstand als aandeel van het winkelvloeroppervlak",
        "%",
        f"Locatus {DEMO_SOURCE}",
        False,
        1,
        "Leegstaand winkelvloeroppervlak als percentage van het totale winkelvloeroppervlak (wvo) in de wijk.",
    ),
}

WARDS = (
    "WK079410",
    "WK079411",
    "WK079412",
    "WK079413",
    "WK079414",
    "WK079415",
    "WK079416",
    "WK079417",
    "WK079418",
    "WK079419",
    "WK079421",
)  # Industriegebied Zuid (310 inhabitants): too few to survey
GM = "GM0794"

# code → periods, then per area its values in those periods (GM: the municipality as a whole).
REALISATIE = {
    "onveilig_in_buurt": (
        ("2021", "2023", "2025"),
        {
            "WK079410": (30, 29, 26),
            "WK079411": (18, 19, 17),
            "WK079412": (12, 13, 12),
            "WK079413": (8, 7, 8),
            "WK079414": (10, 11, 9),
            "WK079415": (20, 22, 19),
            "WK079416": (6, 5, 6),
            "WK079417": (4, 3, 4),
            "WK079418": (16, 17, 15),
            "WK079419": (5, 4, 3),
            "WK079421": (3, 2, 3),
            GM: (11, 11, 10),
        },
    ),
    "sociale_samenhang": (
        ("2021", "2023", "2025"),
        {
            "WK079410": ("4.9", "5.0", "5.1"),
            "WK079411": ("5.3", "5.2", "5.4"),
            "WK079412": ("5.9", "5.8", "5.9"),
            "WK079413": ("6.3", "6.3", "6.4"),
            "WK079414": ("6.1", "6.0", "6.2"),
            "WK079415": ("5.5", "5.4", "5.6"),
            "WK079416": ("6.6", "6.7", "6.6"),
            "WK079417": ("7.0", "7.1", "7.0"),
            "WK079418": ("5.7", "5.6", "5.8"),
            "WK079419": ("6.8", "6.8", "6.9"),
            "WK079421": ("6.9", "7.0", "6.9"),
            GM: ("6.0", "6.0", "6.1"),
        },
    ),
    "overgewicht_groep7": (
        ("2023", "2024", "2025"),
        {
            "WK079410": (16, 15, 15),
            "WK079411": (19, 18, 17),
            "WK079412": (14, 14, 13),
            "WK079413": (11, 12, 11),
            "WK079414": (13, 12, 12),
            "WK079415": (17, 17, 16),
            "WK079416": (9, 9, 8),
            "WK079417": (8, 8, 9),
            "WK079418": (15, 15, 14),
            "WK079419": (8, 7, 8),
            "WK079421": (7, 8, 7),
            GM: (13, 13, 12),
        },
    ),
    "winkelleegstand": (
        ("2024", "2025", "2026"),
        {
            "WK079410": ("13.0", "12.1", "11.4"),
            "WK079414": ("6.0", "5.5", "7.1"),
            "WK079418": ("9.0", "8.4", "8.0"),
            "WK079421": ("4.0", "3.5", "3.2"),
            GM: ("9.8", "9.2", "8.9"),
        },
    ),
}

# (programme key, goal number, indicator code, ward, baseline period, target period, target value):
# the baseline is the nulmeting of that period, as the goal texts in planner.demo.content state it.
TARGETS = (
    ("binnenstad", 1, "winkelleegstand", "WK079410", "2024", "2028", "8.0"),
    ("binnenstad", 2, "onveilig_in_buurt", "WK079410", "2023", "2028", "22"),
    ("west", 2, "sociale_samenhang", "WK079415", "2023", "2028", "6.2"),
    ("oost", 1, "overgewicht_groep7", "WK079411", "2024", "2029", "14"),
)


def helmond_kerncijfers(samples_dir: Path, codes) -> bytes:
    """The rows of the national CBS file for these area codes, as a file of the same layout."""
    with (Path(samples_dir) / KERNCIJFERS).open(encoding="utf-8") as f:
        data = json.load(f)
    wanted = set(codes)
    return json.dumps({code: row for code, row in data.items() if code.strip() in wanted}).encode()


def load_kerncijfers(world) -> None:
    codes = list(world.areas)
    result = import_kerncijfers(
        io.BytesIO(helmond_kerncijfers(world.samples_dir, codes)),
        metadata=Path(world.samples_dir) / DATAPROPERTIES,
        period=CBS_PERIOD,
        kind="realisatie",
        filename=KERNCIJFERS.name,
        source="CBS Kerncijfers wijken en buurten 2024",
    )
    if result.errors:
        first = result.errors[0]
        raise PlannerError(f"De CBS-kerncijfers konden niet worden geladen: {first.message}")


def add_social_indicators(world) -> dict:
    indicators = {}
    for code, (name, unit, source, better, decimals, description) in SOCIAL.items():
        indicators[code] = services.save_indicator(
            None,
            code=code,
            name=name,
            unit=unit,
            source=source,
            higher_is_better=better,
            decimals=decimals,
            description=description,
        )
    for code, (periods, by_area) in REALISATIE.items():
        for area_code, values in by_area.items():
            for period, value in zip(periods, values):
                services.record_measurement(
                    indicators[code],
                    world.areas[area_code],
                    period=period,
                    kind="realisatie",
                    value=Decimal(str(value)),
                )
    return indicators


def add_targets(world, indicators: dict) -> None:
    for key, goal_number, code, area_code, baseline, target_period, target in TARGETS:
        programme = world.programmes.get(key)
        if programme is None:
            continue
        periods, by_area = REALISATIE[code]
        value = by_area[area_code][periods.index(baseline)]
        area = world.areas[area_code]
        services.record_measurement(
            indicators[code], area, period=baseline, kind="nulmeting", value=Decimal(str(value))
        )
        goal = next(g for g in programme.goals if g.number == goal_number)
        services.set_goal_target(
            goal,
            indicators[code],
            area,
            baseline_period=baseline,
            target_period=target_period,
            target_value=Decimal(target),
        )


def add_indicators(world) -> None:
    """CBS key figures for Helmond's wards, the demo's social indicators, baselines and goal targets."""
    with acting_as(world.users.get("admin")):
        load_kerncijfers(world)
        indicators = add_social_indicators(world)
    with acting_as(world.users.get("manager")):
        add_targets(world, indicators)
