"""Demo money for Helmond: the real Iv3 2024 begroting, a plausible begroting per kostenplaats
for the programme years with realisation and prognosis, and allocations from the demo's actions.

Everything goes through the `budget_lines` import applier and `services.allocate`, as a
controller's files and a team's form would. The kostenplaatsen and amounts are invented (only the
Iv3 2024 figures are real); `realisation_export(2026)` also writes the shipped sample
`imports/samples/begroting-export/helmond-realisatie-2026.csv`:

    .venv/bin/python -m planner.budget.demo imports/samples/begroting-export/helmond-realisatie-2026.csv
"""

from __future__ import annotations

import io
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from sqlalchemy import select

from planner.core.errors import PlannerError
from planner.extensions import db

MUNICIPALITY = "GM0794"
MUNICIPALITY_NAME = "Helmond"
IV3_FILE = "iv3/iv3-begroting-2024.csv"
SAMPLE_FILE = "begroting-export/helmond-realisatie-2026.csv"
YEARS = (2025, 2026, 2027, 2028, 2029)
AMENDED_YEARS = (2025, 2026)  # begrotingswijzigingen so far; later years are the meerjarenraming
CURRENT_YEAR = 2026  # realisation to date and the berap prognosis
POSITION = "1 september 2026"
INDEX = Decimal("1.025")  # yearly price index of the meerjarenraming
CENT = Decimal("0.01")

# (kostenplaats, kostensoort, taakveld, omschrijving, primitieve begroting 2026, subsidie)
# A subsidy is paid in advance, so its realisation is final and it needs no prognosis.
LINES = (
    ("12010", "4341", "1.2", "Veiligheid binnenstad en uitgaansgebied", 180_000, False),
    ("12020", "4342", "1.2", "Cameratoezicht binnenstad", 90_000, False),
    ("21010", "4342", "2.1", "Onderhoud wegen", 6_200_000, False),
    ("21020", "4341", "2.1", "Herinrichting openbare ruimte wijkvernieuwing", 900_000, False),
    ("34010", "4381", "3.4", "Centrummanagement en ondernemersfonds binnenstad", 180_000, True),
    ("43010", "4381", "4.3", "Onderwijsachterstandenbeleid en VVE", 2_400_000, True),
    ("43020", "4381", "4.3", "Taal en voorlezen in de wijken", 150_000, True),
    ("51010", "4381", "5.1", "Buurtsportcoaches", 260_000, True),
    ("52010", "4342", "5.2", "Buitensportaccommodaties", 1_650_000, False),
    ("52020", "4341", "5.2", "Beweegplekken in de wijken", 200_000, False),
    ("57010", "4342", "5.7", "Onderhoud openbaar groen", 4_800_000, False),
    ("57020", "4341", "5.7", "Groenprojecten in de wijken", 650_000, False),
    ("61010", "4381", "6.1", "Welzijnswerk (subsidie LEV-groep)", 3_900_000, True),
    ("61020", "4381", "6.1", "Wijkbudgetten en bewonersinitiatieven", 480_000, True),
    ("61030", "4381", "6.1", "Jongerenwerk", 480_000, True),
    ("61040", "4342", "6.1", "Buurthuizen en wijkaccommodaties", 300_000, False),
    ("62010", "4100", "6.2", "Wijkteams (toegang)", 5_600_000, False),
    ("71010", "4381", "7.1", "Gezondheidsbeleid en GGD", 2_900_000, True),
    ("71020", "4381", "7.1", "Gezonde leefstijl jeugd (GALA)", 160_000, True),
    ("74010", "4341", "7.4", "Energietransitie in de wijken", 350_000, False),
    ("81010", "4341", "8.1", "Gebiedsontwikkeling binnenstad", 540_000, False),
    ("83010", "4341", "8.3", "Stedelijke vernieuwing", 1_250_000, False),
    ("83020", "4381", "8.3", "Duurzaam wonen en isolatie (subsidieregeling)", 300_000, True),
)
# Baten (kostensoort 8xxx; the export shows them negative, as the ledger does): the national
# SPUK grant for a healthy lifestyle, the housing corporations' contribution to urban renewal,
# and a withdrawal from the Binnenstadsfonds reserve. (kpl, kst, taakveld, omschrijving, 2026, final)
BATEN = (
    ("71025", "8120", "7.1", "SPUK Gezonde Leefstijl (GALA), rijksbijdrage", 160_000, True),
    ("83015", "8130", "8.3", "Bijdragen woningcorporaties wijkvernieuwing", 400_000, False),
    ("01010", "8930", "0.10", "Onttrekking reserve Binnenstadsfonds", 300_000, True),
)
# The raad's begrotingsprogramma's (Helmond-style: one per hoofdtaakveld, named for what the raad
# authorises); not to be confused with the wijkontwikkelprogramma's of the programmes.
BUDGET_PROGRAMMES = {
    "0": "0. Bestuur en dekkingsmiddelen",
    "1": "1. Veilig Helmond",
    "2": "2. Bereikbaar Helmond",
    "3": "3. Werkend en ondernemend Helmond",
    "4": "4. Lerend Helmond",
    "5": "5. Sportief en cultureel Helmond",
    "6": "6. Sociaal Helmond",
    "7": "7. Gezond en duurzaam Helmond",
    "8": "8. Wonen en stedelijke ontwikkeling",
}
TAAKVELD_NAMES = {
    "0.10": "Mutaties reserves",
    "1.2": "Openbare orde en veiligheid",
    "2.1": "Verkeer en vervoer",
    "3.4": "Economische promotie",
    "4.3": "Onderwijsbeleid en leerlingzaken",
    "5.1": "Sportbeleid en activering",
    "5.2": "Sportaccommodaties",
    "5.7": "Openbaar groen en (openlucht) recreatie",
    "6.1": "Samenkracht en burgerparticipatie",
    "6.2": "Toegang en eerstelijnsvoorzieningen",
    "7.1": "Volksgezondheid",
    "7.4": "Milieubeheer",
    "8.1": "Ruimte en leefomgeving",
    "8.3": "Wonen en bouwen",
}
# Begrotingswijzigingen: (kostenplaats, year) → change to the primitieve begroting.
AMENDMENTS = {
    ("21010", 2025): -150_000,
    ("57020", 2026): 85_000,
    ("61030", 2026): 60_000,
    ("12010", 2026): 35_000,
    ("83010", 2025): -100_000,
    ("74010", 2026): 60_000,
}
# Jaarrekening 2025: realisation as a share of the amended budget.
REALISED_2025 = {
    "21010": "0.9412",
    "57010": "1.0318",
    "57020": "0.8870",
    "61040": "1.0625",
    "62010": "1.0117",
    "83010": "0.7640",
    "74010": "0.9275",
    "12020": "1.0480",
}
# Realisation to date (POSITION) of the lines that are not subsidies, as a share of the amended budget.
REALISED_TO_DATE = {
    "21010": "0.5530",
    "21020": "0.2210",
    "52010": "0.6140",
    "52020": "0.1850",
    "57010": "0.6870",
    "57020": "0.4120",
    "61040": "0.7010",
    "62010": "0.6650",
    "74010": "0.3890",
    "81010": "0.5980",
    "83010": "0.3170",
    "12010": "0.6420",
    "12020": "0.8740",
}
# The berap prognosis for the current year, as a share of the amended budget (default: on budget).
PROGNOSIS = {
    "21010": "0.9500",
    "12020": "1.1800",
    "83010": "0.8000",
    "61040": "1.0400",
    "62010": "1.0150",
    "57020": "0.9650",
}
# Commitments (verplichtingen) to date, as a share of the amended budget.
COMMITTED = {
    "21010": "0.2100",
    "21020": "0.4400",
    "57020": "0.3300",
    "83010": "0.2800",
    "52020": "0.5200",
    "74010": "0.2500",
}

# (programme key, action title, kostenplaats, {year: amount}); an action of several wards is split by weight.
ALLOCATIONS = (
    ("binnenstad", "Eigenarenoverleg en leegstandsregister", "81010", {2025: 45_000}),
    ("binnenstad", "Transformatie Markt 12–16 tot 18 woningen", "83010", {2025: 120_000, 2026: 350_000, 2027: 250_000}),
    ("binnenstad", "Pop-upwinkels voor starters", "34010", {2026: 60_000, 2027: 60_000}),
    ("binnenstad", "Avondaanpak Markt en Havenweg", "12010", {2025: 90_000, 2026: 95_000, 2027: 95_000, 2028: 95_000}),
    ("binnenstad", "Cameratoezicht evalueren", "12020", {2026: 25_000}),
    ("binnenstad", "Vergroenen Watermolenwal en Kasteelplein", "57020", {2025: 80_000, 2026: 410_000, 2027: 300_000}),
    ("binnenstad", "Geveltuinen en groene daken subsidie", "83020", {2026: 40_000, 2027: 40_000, 2028: 40_000}),
    ("oost", "Gezonde School op alle basisscholen", "71020", {2026: 65_000, 2027: 65_000}),
    ("oost", "Beweegtuin bij De Braak", "52020", {2026: 120_000, 2027: 60_000}),
    ("oost", "Voorleesexpress en taalcafé", "43020", {2026: 48_000, 2027: 48_000}),
    ("oost", "Wijkkamer voor ouders in het wijkhuis", "61040", {2026: 35_000, 2027: 70_000}),
    ("west", "Renovatie portiekflats Planetenlaan", "83010", {2026: 275_000}),
    ("west", "Sloop-nieuwbouw Kromme Haag", "83010", {2026: 180_000}),
    ("west", "Sloop-nieuwbouw Kromme Haag", "21020", {2027: 650_000}),
    ("west", "Buurthuis De Fonkel weer open", "61040", {2025: 60_000, 2026: 140_000}),
    ("noord", "Warmtekaart Helmond-Noord", "74010", {2026: 55_000}),
    ("noord", "Collectieve inkoop isolatie", "83020", {2026: 90_000, 2027: 150_000}),
    ("stad", "Jongerenwerk op straat", "61030", {2025: 310_000, 2026: 320_000, 2027: 330_000}),
    ("stad", "Buurtsportcoaches", "51010", {2025: 180_000, 2026: 185_000}),
    ("stad", "Energiecoaches aan huis", "74010", {2025: 60_000, 2026: 120_000, 2027: 120_000}),
)
# Realisation per action: the Binnenstad actions' projectnummers in the ledger, and what was booked
# on them as a share of their allocation (2025: the whole year; 2026: January to August).
PROJECTS = {
    "Eigenarenoverleg en leegstandsregister": ("P25-BI-01", {2025: "0.9560"}),
    "Transformatie Markt 12–16 tot 18 woningen": ("P25-BI-02", {2025: "0.8120", 2026: "0.4380"}),
    "Pop-upwinkels voor starters": ("P26-BI-03", {2026: "0.5150"}),
    "Avondaanpak Markt en Havenweg": ("P25-BI-04", {2025: "1.0240", 2026: "0.7120"}),
    "Cameratoezicht evalueren": ("P26-BI-05", {2026: "0.3000"}),
    "Vergroenen Watermolenwal en Kasteelplein": ("P25-BI-06", {2025: "0.9940", 2026: "0.8830"}),
    "Geveltuinen en groene daken subsidie": ("P26-BI-07", {2026: "0.2650"}),
}
SPENDING_MONTHS = {2025: 12, 2026: 8}
SPENDING_SAMPLE = "begroting-export/helmond-realisatie-acties-2026.csv"
# Who allocates: the ward team for its own programme, the area manager for the others.
ALLOCATED_BY = {"binnenstad": "binnenstad", "oost": "oost", "west": "manager", "noord": "manager", "stad": "manager"}
NOTES = {  # the controller's explanation of a deviation in a closed berap (line key → text)
    "12020/4342/1.2": "Vervanging van vier camera's op de Markt is naar voren gehaald na de evaluatie.",
    "83010/4341/8.3": "Sloop Kromme Haag schuift een half jaar op; het budget loopt door naar 2027.",
}


# ---- the figures (pure) -----------------------------------------------------------------------


def _euros(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _booked(amount: Decimal, kpl: str) -> Decimal:
    """What a ledger shows: not a round figure (a fixed number of cents per kostenplaats)."""
    return _euros(amount) + Decimal(int(kpl) * 7919 % 97) / 100


def primitief(base: int, year: int) -> Decimal:
    """The meerjarenraming: the 2026 figure indexed per year, in whole hundreds of euros."""
    amount = Decimal(base) * INDEX ** (year - CURRENT_YEAR)
    return (amount / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


def budget_programme(taakveld: str) -> str:
    return BUDGET_PROGRAMMES[taakveld.split(".")[0]]


def figures(year: int) -> list[dict]:
    """Every line of `year` with its amounts per kind (None where the kind does not apply); baten
    positive, with direction "baten"."""
    rows = []
    for direction, lines in (("lasten", LINES), ("baten", BATEN)):
        rows.extend(_figures(year, direction, lines))
    return rows


def _figures(year: int, direction: str, lines) -> list[dict]:
    rows = []
    for kpl, kst, tv, description, base, subsidy in lines:
        original = _euros(primitief(base, year))
        amended = _euros(original + AMENDMENTS.get((kpl, year), 0)) if year in AMENDED_YEARS else None
        basis = amended if amended is not None else original
        realised = committed = forecast = None
        if year < CURRENT_YEAR:
            realised = _booked(basis * Decimal(REALISED_2025.get(kpl, "1")), kpl) if kpl in REALISED_2025 else basis
        elif year == CURRENT_YEAR:
            realised = basis if subsidy else _booked(basis * Decimal(REALISED_TO_DATE.get(kpl, "0.6")), kpl)
            committed = _booked(basis * Decimal(COMMITTED[kpl]), kpl) if kpl in COMMITTED else None
            forecast = None if subsidy else _euros(basis * Decimal(PROGNOSIS.get(kpl, "1")))
        rows.append(
            {
                "year": year,
                "cost_centre": kpl,
                "cost_type": kst,
                "taakveld": tv,
                "description": description,
                "primitief": original,
                "na_wijziging": amended,
                "realisatie": realised,
                "verplichting": committed,
                "prognose": forecast,
                "direction": direction,
            }
        )
    return rows


HEADER = (
    "Jaar",
    "Begrotingsprogramma",
    "Kostenplaats",
    "Kostensoort",
    "Taakveld",
    "Omschrijving",
    "Begroting primitief",
    "Begroting na wijziging",
    "Realisatie",
    "Verplichtingen",
)


def _dutch(amount: Decimal | None, sign: int = 1) -> str:
    return "" if amount is None else f"{amount * sign:.2f}".replace(".", ",")


def export_csv(rows: list[dict], amount_column: str = "realisatie") -> str:
    """Rows in the begroting-export layout (`;`, decimal comma), as a financial system writes them.
    `amount_column="prognose"` puts the prognosis in the Realisatie column, for `kind=prognose`.
    Baten are negative, as the ledger shows them."""
    out = [";".join(HEADER)]
    for r in rows:
        sign = -1 if r["direction"] == "baten" else 1
        out.append(
            ";".join(
                (
                    str(r["year"]),
                    budget_programme(r["taakveld"]),
                    r["cost_centre"],
                    r["cost_type"],
                    f"{r['taakveld']} {TAAKVELD_NAMES.get(r['taakveld'], '')}".strip(),
                    r["description"],
                    _dutch(r["primitief"], sign),
                    _dutch(r["na_wijziging"], sign),
                    _dutch(r[amount_column], sign),
                    _dutch(r["verplichting"], sign),
                )
            )
        )
    return "\r\n".join(out) + "\r\n"


def realisation_export(year: int = CURRENT_YEAR) -> str:
    """The shipped sample: Helmond's begroting and realisation to date of one year."""
    return export_csv(figures(year))


def spending_rows() -> list[tuple]:
    """(year, month, projectnummer, description, amount) of the Binnenstad actions' bookings: each
    year's share of the allocation spread over the months, to the cent."""
    allocated = {title: amounts for key, title, _, amounts in ALLOCATIONS if key == "binnenstad"}
    rows = []
    for title, (project, shares) in PROJECTS.items():
        for year, share in shares.items():
            total = _euros(Decimal(allocated[title][year]) * Decimal(share))
            months = SPENDING_MONTHS[year]
            monthly = (total / months).quantize(CENT, rounding=ROUND_DOWN)
            for month in range(1, months + 1):
                amount = monthly if month < months else total - monthly * (months - 1)
                rows.append((year, month, project, title, amount))
    return rows


def spending_export() -> str:
    """The shipped sample: bookings on the Binnenstad actions' projectnummers (`;`, decimal comma)."""
    out = ["Boekjaar;Periode;Projectnummer;Omschrijving;Bedrag"]
    out += [f"{y};{m};{p};{d};{_dutch(a)}" for y, m, p, d, a in spending_rows()]
    return "\r\n".join(out) + "\r\n"


def load_spending(world) -> None:
    """Link the Binnenstad actions to their projectnummers and import what was booked on them."""
    from planner.actions.models import Action
    from planner.budget import spending

    programme = world.programmes.get("binnenstad")
    if programme is None:
        return
    for title, (project, _) in PROJECTS.items():
        action = db.session.scalar(select(Action).where(Action.programme_id == programme.id, Action.title == title))
        if action is not None:
            spending.add_finance_code(action, project_code=project)
    _import(
        spending_export().encode("utf-8"), "helmond-realisatie-acties-2026.csv", "realisatie-acties", area=MUNICIPALITY
    )


# Funding sources: (programme key, action title, year, kind, amount, status, extra fields).
FUNDING = (
    (
        "oost",
        "Gezonde School op alle basisscholen",
        2026,
        "subsidie",
        65_000,
        "beschikt",
        {
            "grant_reference": "SPUK Gezonde Leefstijl (GALA) 2026",
            "grant_ceiling": 160_000,
            "conditions": "Besteden aan de GALA-aanpak in de wijken; verantwoording via SiSa bij de jaarstukken.",
            "accountability_date": (2027, 7, 15),
        },
    ),
    (
        "oost",
        "Beweegtuin bij De Braak",
        2026,
        "investering",
        180_000,
        "toegezegd",
        {
            "description": "Investeringskrediet beweegtuin De Braak",
            "depreciation_years": 25,
            "interest_percent": "2.00",
        },
    ),
    (
        "binnenstad",
        "Vergroenen Watermolenwal en Kasteelplein",
        2026,
        "reserve",
        300_000,
        "beschikt",
        {
            "description": "Reserve Binnenstadsfonds",
        },
    ),
    ("binnenstad", "Transformatie Markt 12–16 tot 18 woningen", 2026, "partner", 150_000, "toegezegd", {}),
)


def load_funding(world) -> int:
    """Where the demo actions' money comes from; a corporation at the opgave's table co-finances."""
    from datetime import date

    from planner.actions.models import Action
    from planner.budget import funding

    count = 0
    for key, title, year, kind, amount, status, extra in FUNDING:
        programme = world.programmes.get(key)
        action = programme and db.session.scalar(
            select(Action).where(Action.programme_id == programme.id, Action.title == title)
        )
        if action is None:
            continue
        fields = dict(extra)
        if "grant_ceiling" in fields:
            fields["grant_ceiling"] = _euros(fields["grant_ceiling"])
        if "accountability_date" in fields:
            fields["accountability_date"] = date(*fields["accountability_date"])
        if "interest_percent" in fields:
            fields["interest_percent"] = Decimal(fields["interest_percent"])
        if kind == "partner":
            parties = [o for o in funding.table_parties(action) if o.kind == "woningcorporatie"]
            if not parties:
                continue
            fields["organisation_id"] = parties[0].id
        funding.add_funding_source(action, kind=kind, year=year, amount=_euros(amount), status=status, **fields)
        count += 1
    return count


# ---- loading --------------------------------------------------------------------------------


def _import(data: bytes, filename: str, profile_name: str, **options):
    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile
    from planner.excel.runner import apply_parsed

    profile = load_profile(profile_name)
    parsed = parse(io.BytesIO(data), profile, filename=filename)
    result = apply_parsed(parsed, profile, options={**options, "filename": filename}) if parsed.ok else None
    errors = parsed.errors if result is None else result.errors
    if errors:
        first = errors[0]
        raise PlannerError(f"{filename} kon niet worden ingelezen (rij {first.row}, {first.column}): {first.message}")
    return result


def helmond_iv3(samples_dir) -> bytes:
    """Only Helmond's rows of the national Iv3 file (the header and every 'Helmond;' row)."""
    lines = (samples_dir / IV3_FILE).read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    return "".join([lines[0]] + [line for line in lines[1:] if line.startswith(MUNICIPALITY_NAME + ";")]).encode(
        "utf-8"
    )


def load_budget(samples_dir) -> None:
    """Iv3 2024 (real) and the begroting per kostenplaats 2025–2029 with realisation and prognosis."""
    _import(helmond_iv3(samples_dir), "iv3-begroting-2024.csv", "iv3-taakvelden", area=MUNICIPALITY)
    rows = [row for year in YEARS for row in figures(year)]
    _import(export_csv(rows).encode("utf-8"), "begroting-helmond-2025-2029.csv", "begroting-export", area=MUNICIPALITY)
    forecast = [row for row in figures(CURRENT_YEAR) if row["prognose"] is not None]
    _import(
        export_csv(forecast, "prognose").encode("utf-8"),
        f"prognose-berap-{CURRENT_YEAR}.csv",
        "begroting-export",
        area=MUNICIPALITY,
        kind="prognose",
    )


def allocate_demo(world) -> int:
    from planner.actions.models import Action
    from planner.budget import services
    from planner.budget.models import BudgetLine
    from planner.core.audit import acting_as

    gm = world.areas[MUNICIPALITY]
    # The amended line where there is one (what the allocation form offers), else the original:
    # "na_wijziging" sorts before "primitief".
    lines: dict = {}
    for line in db.session.scalars(
        select(BudgetLine)
        .where(
            BudgetLine.area_id == gm.id,
            BudgetLine.direction == "lasten",
            BudgetLine.cost_centre != "",
            BudgetLine.kind.in_(services.BASIS_KINDS),
        )
        .order_by(BudgetLine.kind)
    ):
        lines.setdefault((line.fiscal_year, line.cost_centre), line)
    count = 0
    for key, title, kpl, amounts in ALLOCATIONS:
        programme = world.programmes.get(key)
        if programme is None:
            continue
        action = db.session.scalar(select(Action).where(Action.programme_id == programme.id, Action.title == title))
        if action is None:
            continue
        user = world.users.get(ALLOCATED_BY[key]) or world.users.get("admin")
        with acting_as(user):
            for year, amount in amounts.items():
                services.allocate(action, lines[(year, kpl)], year=year, amount=_euros(amount), user=user)
                count += 1
    return count


def refreeze_closed_moments(world) -> int:
    """A P&C moment the calendar step already closed was frozen before there was money: freeze
    again now, and give the largest line deviations the controller's explanation."""
    from planner.budget import services
    from planner.budget.models import DeviationNote
    from planner.cycle.models import PcMoment

    gm = world.areas[MUNICIPALITY]
    moments = db.session.scalars(
        select(PcMoment).where(PcMoment.area_id == gm.id, PcMoment.state == "gesloten", PcMoment.year.in_(YEARS))
    ).all()
    controller = world.users.get("controller")
    for moment in moments:
        services.freeze_figures(moment)
        if moment.year == CURRENT_YEAR and moment.kind in ("berap1", "berap2"):
            for key, text in NOTES.items():
                db.session.add(
                    DeviationNote(
                        moment_id=moment.id,
                        subject="line",
                        subject_key=f"lasten|{key}",
                        text=text,
                        updated_by_id=getattr(controller, "id", None),
                    )
                )
    db.session.flush()
    return len(moments)


# The financial regulation lets the college shift up to this much within "6. Sociaal Helmond" (its many
# small subsidy and welfare lines); the other programmes have no mandate: every overshoot goes to the raad.
PROGRAMME_MANDATES = {"6. Sociaal Helmond": Decimal("25000.00")}


def set_mandates(world) -> None:
    from planner.budget import services
    from planner.core.audit import acting_as

    gm = world.areas[MUNICIPALITY]
    known = set(services.budget_programmes(gm))
    with acting_as(world.users.get("controller") or world.users.get("admin")):
        for programme, amount in PROGRAMME_MANDATES.items():
            if programme in known:
                services.set_programme_mandate(gm, programme, amount)


def add_budget(world) -> None:
    """Demo step: money for Helmond, after the programmes (and the P&C calendar, if loaded)."""
    load_budget(world.samples_dir)
    set_mandates(world)
    allocate_demo(world)
    load_spending(world)
    load_funding(world)
    refreeze_closed_moments(world)


if __name__ == "__main__":  # write the sample file
    import sys
    from pathlib import Path

    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "imports" / "samples" / SAMPLE_FILE
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(realisation_export().encode("utf-8"))
    print(f"{target} geschreven")
    spending_target = target.parent.parent / SPENDING_SAMPLE
    spending_target.write_bytes(spending_export().encode("utf-8"))
    print(f"{spending_target} geschreven")
