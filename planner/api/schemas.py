"""The API's one definition: pydantic models that both shape every answer (views dump them) and
generate the OpenAPI 3.1 document (openapi.py reads their JSON Schema). A field added here appears
in the answers and in the documentation at once; they cannot drift apart.

Query models describe the parameters of each list (type and bounds); an unknown parameter is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from planner.actions.models import ACTION_STATUSES, COMMITMENT_KINDS
from planner.agenda.models import ITEM_KINDS, ITEM_STATUSES
from planner.budget.models import FUNDING_KINDS, FUNDING_STATES
from planner.core.limits import parse_int
from planner.cycle.models import MOMENT_KINDS, MOMENT_STATES
from planner.opgaven.models import (
    AGREEMENT_STATUSES,
    CONTRIBUTIONS,
    OPGAVE_KINDS,
    OPGAVE_STATUSES,
    ORGANISATION_KINDS,
    PRIORITIES,
    SEAT_ROLES,
)
from planner.programmes.models import STATUSES
from planner.subsidies.models import STATUS_LABELS as SUBSIDY_STATUSES

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
MAX_ID = 2**31 - 1
LEVELS = ("gemeente", "wijk", "buurt", "stadsdeel", "gebied")
KINDS = (  # the lists
    "areas",
    "programmes",
    "actions",
    "agenda-items",
    "opgaven",
    "partijen",
    "measurements",
    "pc-moments",
    "lessons",
    "goals",
    "progress-updates",
    "funding-sources",
    "subsidy-schemes",
    "subsidies",
    "capacity",
    "agreements",
)


def _enum(values) -> Any:
    return Literal[tuple(values)]


def _utc(value: datetime) -> str:
    """Stored times are naive UTC; the API writes them as RFC 3339 with a Z."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


Timestamp = Annotated[
    datetime,
    PlainSerializer(_utc, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "description": "UTC, RFC 3339"}),
]
Amount = Annotated[
    Decimal,
    PlainSerializer(lambda v: format(v, "f"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$", "description": "exact decimaal getal"}),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Doc(BaseModel):
    """An answer: fields without a default are always present (null where empty)."""

    model_config = ConfigDict(extra="forbid", from_attributes=False)


# ---------------------------------------------------------------- documents


class Area(Doc):
    code: str
    name: str
    level: str
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    updated_at: Timestamp


class Programme(Doc):
    id: int
    title: str
    area: str
    status: _enum(STATUSES)
    start_year: int
    end_year: int
    summary: str
    ambition: str
    approach: str
    cost_notes: str
    decision_reference: str | None
    opgave: str | None
    updated_at: Timestamp


class Goal(Doc):
    id: int
    number: int
    title: str
    description: str
    theme: str | None


class GoalTarget(Doc):
    """A goal's indicator target for one area: from a baseline (nulmeting) to a target value."""

    goal_id: int
    indicator: str = Field(description="code van de indicator")
    indicator_name: str
    unit: str
    area: str
    baseline_period: str
    baseline_value: Amount
    target_period: str
    target_value: Amount


class YearAmount(Doc):
    year: int
    amount: Amount


class ProgrammeMoney(Doc):
    """What the programme's actions draw from the budget: per year and in total (euro)."""

    by_year: list[YearAmount]
    total: Amount


class ProgrammeDetail(Programme):
    goals: list[Goal]
    allocated: ProgrammeMoney = Field(description="toegewezen uit de begroting aan de acties die u mag zien")
    targets: list[GoalTarget] = Field(description="streefwaarden van de doelen, per indicator en gebied")
    actions: str = Field(description="URL van de acties van dit programma")


class NamedRef(Doc):
    id: int
    name: str


class ActionArea(Doc):
    code: str
    weight: Amount


class Milestone(Doc):
    title: str
    due_date: date | None
    done_on: date | None


class Commitment(Doc):
    """Inzet van een partij bij een actie: euro's voor geld en in natura, uren voor uren."""

    id: int
    party: NamedRef
    kind: _enum(COMMITMENT_KINDS)
    amount: Amount
    unit: Literal["euro", "uur"]
    description: str | None


class Allocation(Doc):
    """Money for the action from a line of the municipal budget, for one year (euro)."""

    id: int
    year: int
    amount: Amount
    budget_line_id: int
    line_key: str
    budget_programme: str = Field(description="begrotingsprogramma")
    taakveld: str
    line_description: str


class Realisation(Doc):
    """One year of an action's money: allocated from the budget beside what was booked on it (euro)."""

    year: int
    allocated: Amount
    spent: Amount = Field(description="gerealiseerd: geboekt op de actie (import of handmatig)")


class Action(Doc):
    id: int
    programme_id: int
    number: int
    title: str
    description: str
    goal_id: int | None
    parent_id: int | None
    owner: str | None
    owner_organisation: NamedRef | None
    owner_person: str | None
    status: _enum(ACTION_STATUSES)
    progress: int = Field(ge=0, le=100)
    start_date: date | None
    end_date: date | None
    partners: list[str]
    areas: list[ActionArea]
    milestones: list[Milestone]
    commitments: list[Commitment]
    allocations: list[Allocation] = Field(description="toewijzingen uit de begroting, per jaar")
    realisation: list[Realisation] = Field(description="per jaar: toegewezen naast gerealiseerd")
    updated_at: Timestamp


class Link(Doc):
    id: int
    meaning: str


class ProgressUpdate(Doc):
    """A report on the action for one period; never edited, only added."""

    period: str
    progress: int = Field(ge=0, le=100)
    status: _enum(ACTION_STATUSES)
    text: str
    at: Timestamp


class ActionDetail(Action):
    agenda_items: list[Link]
    progress_updates: list[ProgressUpdate] = Field(description="voortgangsrapportages, oudste eerst")


class AgendaItem(Doc):
    id: int
    area: str
    kind: _enum(ITEM_KINDS)
    number: str
    title: str
    date: date | None
    body: str
    submitters: str | None
    portfolio_holder: str | None
    status: _enum(ITEM_STATUSES)
    deadline: date | None
    url: str | None
    updated_at: Timestamp


class AgendaItemDetail(AgendaItem):
    actions: list[Link]


class Party(Doc):
    id: int
    name: str
    kind: _enum(ORGANISATION_KINDS)
    active: bool
    merged_into: int | None = Field(description="id van de partij waarin zij is opgegaan")
    updated_at: Timestamp


class Seat(Doc):
    opgave_id: int
    opgave: str
    party_id: int
    party: str
    role: _enum(SEAT_ROLES)
    brings: list[_enum(CONTRIBUTIONS)]
    offer: str
    wants: str
    contacts: str | None = Field(
        None, description="contactpersonen; alleen voor wie concepten in het gebied van de opgave mag zien"
    )


class PartyDetail(Party):
    seats: list[Seat] = Field(description="alleen aan tafels van opgaven die u mag zien")


class Owners(Doc):
    portfolio_holder: str | None
    official_sponsor: str | None
    director: str | None


class Opgave(Doc):
    id: int
    title: str
    statement: str
    kind: _enum(OPGAVE_KINDS)
    area: str
    concerned_areas: list[str]
    status: _enum(OPGAVE_STATUSES)
    priority: _enum(PRIORITIES)
    themes: list[str]
    owners: Owners
    updated_at: Timestamp


class Step(Doc):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    at: Timestamp
    by: str
    from_: str | None = Field(alias="from")
    to: _enum(OPGAVE_STATUSES)
    reason: str


class Agreement(Doc):
    id: int
    party_id: int
    made_on: date | None
    text: str
    due_date: date | None
    status: _enum(AGREEMENT_STATUSES)
    meeting_id: int | None
    action_ids: list[int] = Field(description="acties die u mag zien")


class Meeting(Doc):
    id: int
    held_on: date | None
    title: str
    notes: str
    attendee_ids: list[int]


class ProgrammeRef(Doc):
    id: int
    title: str
    status: _enum(STATUSES)
    url: str


class Table(Doc):
    seats: list[Seat]
    agreements: list[Agreement]
    meetings: list[Meeting]


class OpgaveDetail(Opgave):
    description: str
    desired_situation: str
    status_reason: str
    lifecycle: list[Step]
    programmes: list[ProgrammeRef]
    table: Table


class Role(Doc):
    role: str
    area: str


class User(Doc):
    email: str
    name: str
    roles: list[Role]


class Me(Doc):
    user: User
    openapi: str


class Deleted(Doc):
    """An object that was deleted: drop it from your copy."""

    kind: _enum(KINDS)
    id: str = Field(description="het id (bij gebieden de CBS-code) zoals de lijst het gaf")
    deleted_at: Timestamp


class Measurement(Doc):
    """One figure of an indicator for one area and period; CBS withholds some (secret, no value)."""

    id: int
    indicator: str = Field(description="code van de indicator")
    indicator_name: str
    unit: str
    area: str
    period: str = Field(description="2024, 2024-Q2 of 2024-05")
    kind: str = Field(description="realisatie, prognose …")
    value: Amount | None
    secret: bool = Field(description="door CBS afgeschermd: geen waarde")
    updated_at: Timestamp


class PcMoment(Doc):
    """A document of the planning & control cycle of a municipality, with its three dates."""

    id: int
    area: str = Field(description="CBS-code van de gemeente")
    kind: _enum(MOMENT_KINDS)
    year: int
    sequence: int = Field(description="volgnummer (begrotingswijzigingen)")
    label: str
    input_deadline: date | None
    college_date: date | None
    council_date: date | None
    state: _enum(MOMENT_STATES)
    updated_at: Timestamp


class Lesson(Doc):
    """A leerpunt from a reflection on a programme or an opgave, with what it concerns."""

    id: int
    statement: str
    account: str
    reflection_id: int
    held_on: date = Field(description="datum van het reflectiemoment")
    programme_id: int | None
    opgave_id: int | None
    area: str = Field(description="CBS-code van het gebied van het programma of de opgave")
    themes: list[str]
    goal_ids: list[int]
    action_ids: list[int] = Field(description="acties waar het leerpunt over gaat (die u mag zien)")
    created_at: Timestamp


class BudgetTotal(Doc):
    """The budget of one municipality and year, summed for one area, wijkontwikkelprogramma or
    begrotingsprogramma (euro, lasten): as the budget pages show it."""

    municipality: str = Field(description="CBS-code van de gemeente")
    year: int
    group: Literal["area", "programme", "budget_programme"] = Field(
        description="area: per gebied; programme: per wijkontwikkelprogramma; budget_programme: per begrotingsprogramma"
    )
    key: str = Field(description="CBS-code, id van het programma, of naam van het begrotingsprogramma")
    name: str
    begroot: Amount
    gewijzigd: Amount
    gerealiseerd: Amount
    prognose: Amount
    toegekend: Amount = Field(description="toegewezen aan acties die u mag zien")


class OpgaveAgreement(Agreement):
    """An afspraak at an opgave's table; changes with its opgave (updated_at)."""

    opgave_id: int
    updated_at: Timestamp = Field(description="laatste wijziging van de opgave of haar tafel")


class ProgrammeGoal(Goal):
    """A goal of a programme with its indicator targets; changes with its programme (updated_at)."""

    programme_id: int
    targets: list[GoalTarget]
    updated_at: Timestamp = Field(description="laatste wijziging van het programma of een van zijn doelen")


class ActionProgressUpdate(ProgressUpdate):
    """A progress report on an action; never edited, only added (updated_since reads `at`)."""

    id: int
    action_id: int


class FundingSource(Doc):
    """Where (part of) an action's money comes from in one year, and how firm it is (euro)."""

    id: int
    action_id: int
    kind: _enum(FUNDING_KINDS)
    year: int
    amount: Amount
    status: _enum(FUNDING_STATES)
    description: str
    budget_line_id: int | None
    depreciation_years: int | None = Field(description="investering: afschrijvingstermijn in jaren")
    interest_percent: Amount | None = Field(description="investering: rente (omslag) in procenten")
    capital_charges: Amount | None = Field(description="investering: kapitaallasten in het eerste jaar")
    grant_reference: str = Field(description="subsidie van Rijk of provincie: kenmerk")
    grant_ceiling: Amount | None = Field(description="subsidie van Rijk of provincie: het verleende bedrag")
    conditions: str
    accountability_date: date | None
    party: NamedRef | None = Field(description="bijdrage van een partij: de partij")
    updated_at: Timestamp = Field(description="laatste wijziging van de actie of een van haar onderdelen")


class SubsidyScheme(Doc):
    """A regeling of a municipality, for one area or opgave, with its ceiling and what is granted."""

    id: int
    municipality: str = Field(description="CBS-code van de gemeente")
    area: str = Field(description="CBS-code van het gebied waaruit aanvragen mogen komen")
    opgave_id: int | None
    name: str
    criteria: str
    ceiling: Amount = Field(description="subsidieplafond")
    granted: Amount = Field(description="verleend of vastgesteld onder deze regeling")
    wijkbudget: bool = Field(description="bewoners kunnen aanvragen via het openbare formulier")
    goal_ids: list[int]
    updated_at: Timestamp


class SubsidyPayment(Doc):
    due_on: date
    amount: Amount
    paid_on: date | None
    paid_amount: Amount | None = Field(description="wat is overgemaakt, hoogstens het bedrag van de termijn")


class Subsidy(Doc):
    """An application under a regeling with its beschikking; never the applicant's personal data."""

    id: int
    scheme_id: int
    area: str = Field(description="CBS-code")
    opgave_id: int | None = Field(description="de opgave van de regeling")
    goal_id: int | None
    party: NamedRef | None = Field(description="de aanvragende partij (bij een bewonersinitiatief leeg)")
    initiative: bool = Field(description="bewonersinitiatief")
    title: str
    status: _enum(SUBSIDY_STATUSES)
    submitted_on: date
    amount: Amount = Field(description="aangevraagd")
    granted_amount: Amount | None = Field(description="verleend (beschikking)")
    budget_line_id: int | None
    decided_on: date | None
    account_by: date | None = Field(description="verantwoordingsdatum")
    settled_amount: Amount | None = Field(description="vastgesteld")
    settled_on: date | None
    payments: list[SubsidyPayment]
    updated_at: Timestamp


class SubsidyDetail(Subsidy):
    conditions: str = Field(description="voorwaarden van de beschikking")
    reasons: str = Field(description="waarom geweigerd")


class Capacity(Doc):
    """Hours planned and spent on an opgave (or one of its actions) by a department or party in a year."""

    id: int
    opgave_id: int
    action_id: int | None = Field(description="leeg: de opgave als geheel")
    year: int
    who: str = Field(description="afdeling of partij")
    planned_hours: Amount
    actual_hours: Amount
    updated_at: Timestamp


class ErrorBody(Doc):
    status: int = Field(ge=400, le=599)
    message: str = Field(description="Nederlandse uitleg: wat er mis is en wat wel mag")


class Error(Doc):
    """Elke fout: de HTTP-status en een Nederlandse uitleg."""

    error: ErrorBody


def page_of(item: type[Doc]) -> type[Doc]:
    """A page of a list: its items, the total, and (when there is more) the URL of the next page."""
    fields = {
        "total": (int, ...),
        "limit": (int, ...),
        "offset": (int, ...),
        "items": (list[item], ...),
        "next": (str | None, Field(None, description="URL van de volgende pagina, als die er is")),
    }
    from pydantic import create_model

    return create_model(f"{item.__name__}Page", __base__=Doc, **fields)


# ---------------------------------------------------------------- parameters


def _ascii_int(value):
    """Whole numbers in ASCII digits only (Python would also read other scripts' digits)."""
    try:
        return parse_int(value)
    except ValueError:
        return value  # pydantic refuses it as "not an integer"


def _int(ge: int, le: int, description: str) -> Any:
    """A whole-number parameter within bounds (the bounds stand in the JSON Schema, too)."""
    return Annotated[int, Field(ge=ge, le=le, description=description), BeforeValidator(_ascii_int)]


class Query(BaseModel):
    """Parameters of a list. Every parameter has a type and bounds; others are refused."""

    model_config = ConfigDict(extra="forbid")

    limit: _int(1, MAX_LIMIT, f"aantal per pagina (1–{MAX_LIMIT})") = 100
    offset: _int(0, MAX_OFFSET, "aantal over te slaan") = 0
    format: Literal["json", "csv"] = Field("json", description="csv: dezelfde velden als tabel (text/csv)")
    labels: Literal["en", "nl"] = Field(
        "en", description="bij csv: nl geeft Nederlandse kolomkoppen en puntkomma's (Excel in het Nederlands)"
    )


def _code(description: str):
    return Field(None, min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_-]+$", description=description)


class SyncQuery(Query):
    """A list that can be synced: only what changed since a moment."""

    updated_since: datetime | None = Field(
        None, description="ISO 8601-tijdstip (zonder tijdzone: UTC): alleen wat sindsdien is gewijzigd"
    )


class AreasQuery(SyncQuery):
    level: _enum(LEVELS) | None = Field(None, description="niveau")


class ProgrammesQuery(SyncQuery):
    status: _enum(STATUSES) | None = Field(None, description="fase")
    area: str | None = _code("CBS-code: programma's van dit gebied en eronder")


class ActionsQuery(SyncQuery):
    programme: _int(1, MAX_ID, "id van het programma") | None = None
    status: _enum(ACTION_STATUSES) | None = Field(None, description="status")


class AgendaItemsQuery(SyncQuery):
    kind: _enum(ITEM_KINDS) | None = Field(None, description="soort")
    status: _enum(ITEM_STATUSES) | None = Field(None, description="status")


class OpgavenQuery(SyncQuery):
    area: str | None = _code("CBS-code: opgaven van dit gebied en eronder, of die erover gaan")
    theme: str | None = Field(None, min_length=1, max_length=100, description="naam van een thema")
    status: _enum(OPGAVE_STATUSES) | None = Field(None, description="fase")
    priority: _enum(PRIORITIES) | None = Field(None, description="prioriteit")


class PartiesQuery(SyncQuery):
    kind: _enum(ORGANISATION_KINDS) | None = Field(None, description="soort organisatie")


class MeasurementsQuery(SyncQuery):
    area: str | None = _code("CBS-code: metingen van dit gebied en eronder")
    indicator: str | None = Field(None, min_length=1, max_length=60, description="code van een indicator")


class PcMomentsQuery(SyncQuery):
    year: _int(1900, 2999, "begrotingsjaar") | None = None
    kind: _enum(MOMENT_KINDS) | None = Field(None, description="soort document")


class LessonsQuery(SyncQuery):
    programme: _int(1, MAX_ID, "id van het programma") | None = None
    opgave: _int(1, MAX_ID, "id van de opgave") | None = None


class AgreementsQuery(SyncQuery):
    opgave: _int(1, MAX_ID, "id van de opgave") | None = None
    status: _enum(AGREEMENT_STATUSES) | None = Field(None, description="stand")


class GoalsQuery(SyncQuery):
    programme: _int(1, MAX_ID, "id van het programma") | None = None


class ProgressUpdatesQuery(SyncQuery):
    action: _int(1, MAX_ID, "id van de actie") | None = None


class FundingSourcesQuery(SyncQuery):
    action: _int(1, MAX_ID, "id van de actie") | None = None
    year: _int(2000, 2100, "jaar") | None = None
    kind: _enum(FUNDING_KINDS) | None = Field(None, description="soort bron")


class SubsidySchemesQuery(SyncQuery):
    area: str | None = _code("CBS-code: regelingen voor dit gebied en eronder")


class SubsidiesQuery(SyncQuery):
    scheme: _int(1, MAX_ID, "id van de regeling") | None = None
    status: _enum(SUBSIDY_STATUSES) | None = Field(None, description="stand")
    area: str | None = _code("CBS-code: aanvragen uit dit gebied en eronder")


class CapacityQuery(SyncQuery):
    opgave: _int(1, MAX_ID, "id van de opgave") | None = None
    year: _int(2000, 2100, "jaar") | None = None


class BudgetTotalsQuery(Query):
    municipality: str | None = _code("CBS-code van een gemeente (zonder: elke gemeente die u mag zien)")
    year: _int(2000, 2100, "begrotingsjaar (zonder: het lopende jaar of het laatste met een begroting)") | None = None
    group: Literal["area", "programme", "budget_programme"] | None = Field(None, description="alleen deze indeling")


class DeletedQuery(Query):
    kind: _enum(KINDS) | None = Field(None, description="alleen verwijderde objecten uit deze lijst")
    since: datetime | None = Field(None, description="ISO 8601-tijdstip (zonder tijdzone: UTC): verwijderd sindsdien")


class NoQuery(BaseModel):
    """An operation without parameters: any parameter is refused."""

    model_config = ConfigDict(extra="forbid")


def dutch_label(model: type, name: str) -> str:
    """The Dutch column header of a field: the model's own ("Lesson.statement"), else the shared one."""
    return DUTCH_LABELS.get(f"{model.__name__}.{name}", DUTCH_LABELS.get(name, name))


# Dutch column headers for CSV (labels=nl); a field not named here keeps its English key.
DUTCH_LABELS = {
    "id": "id",
    "code": "code",
    "name": "naam",
    "level": "niveau",
    "parent": "valt onder",
    "valid_from": "geldig vanaf",
    "valid_to": "geldig tot",
    "title": "titel",
    "area": "gebied",
    "status": "status",
    "start_year": "beginjaar",
    "end_year": "eindjaar",
    "summary": "samenvatting",
    "ambition": "ambitie",
    "approach": "aanpak",
    "cost_notes": "toelichting kosten",
    "decision_reference": "besluit",
    "opgave": "opgave",
    "updated_at": "gewijzigd",
    "programme_id": "programma-id",
    "number": "nummer",
    "description": "omschrijving",
    "goal_id": "doel-id",
    "parent_id": "hoofdactie-id",
    "owner": "trekker",
    "owner_organisation": "trekkende organisatie",
    "owner_person": "trekker (persoon)",
    "progress": "voortgang",
    "start_date": "startdatum",
    "end_date": "einddatum",
    "partners": "partners",
    "areas": "gebieden",
    "milestones": "mijlpalen",
    "commitments": "inzet",
    "kind": "soort",
    "date": "datum",
    "body": "orgaan",
    "submitters": "indieners",
    "portfolio_holder": "portefeuillehouder",
    "deadline": "termijn",
    "url": "url",
    "active": "actief",
    "merged_into": "opgegaan in",
    "statement": "opgave in een zin",
    "concerned_areas": "betrokken gebieden",
    "priority": "prioriteit",
    "themes": "thema's",
    "owners": "opdrachtgevers",
    "deleted_at": "verwijderd",
    "indicator": "indicator",
    "indicator_name": "naam indicator",
    "unit": "eenheid",
    "period": "periode",
    "value": "waarde",
    "secret": "afgeschermd",
    "year": "jaar",
    "sequence": "volgnummer",
    "label": "document",
    "input_deadline": "aanleverdatum",
    "college_date": "collegedatum",
    "council_date": "raadsdatum",
    "state": "stand",
    "Lesson.statement": "leerpunt",
    "account": "toelichting",
    "reflection_id": "reflectie-id",
    "held_on": "reflectie op",
    "opgave_id": "opgave-id",
    "goal_ids": "doelen",
    "action_ids": "acties",
    "created_at": "vastgelegd",
    "realisation": "realisatie",
    "municipality": "gemeente",
    "group": "indeling",
    "key": "sleutel",
    "begroot": "begroot",
    "gewijzigd": "gewijzigd",
    "gerealiseerd": "gerealiseerd",
    "toegekend": "toegekend",
    "allocations": "toewijzingen",
    "targets": "streefwaarden",
    "action_id": "actie-id",
    "at": "vastgelegd",
    "text": "toelichting",
    "budget_line_id": "begrotingsregel-id",
    "depreciation_years": "afschrijvingstermijn",
    "interest_percent": "rente",
    "capital_charges": "kapitaallasten",
    "grant_reference": "kenmerk",
    "grant_ceiling": "verleend bedrag",
    "conditions": "voorwaarden",
    "accountability_date": "verantwoordingsdatum",
    "party": "partij",
    "party_id": "partij-id",
    "made_on": "gemaakt op",
    "due_date": "uiterlijk",
    "meeting_id": "tafeloverleg-id",
    "criteria": "criteria",
    "ceiling": "subsidieplafond",
    "granted": "verleend",
    "wijkbudget": "wijkbudget",
    "scheme_id": "regeling-id",
    "initiative": "bewonersinitiatief",
    "submitted_on": "ingediend op",
    "amount": "bedrag",
    "granted_amount": "verleend bedrag",
    "decided_on": "besloten op",
    "account_by": "verantwoordingsdatum",
    "settled_amount": "vastgesteld bedrag",
    "settled_on": "vastgesteld op",
    "payments": "betalingen",
    "who": "afdeling of partij",
    "planned_hours": "geplande uren",
    "actual_hours": "bestede uren",
}
