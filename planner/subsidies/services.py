"""Subsidy rules: regelingen, applications, beschikkingen drawing on budget lines, payments and
vaststelling; residents' initiatives from the public form; the overview per area and opgave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, or_, select

from planner.areas.models import Area
from planner.budget import services as budget
from planner.budget.models import BudgetLine
from planner.core import access
from planner.core.errors import PlannerError
from planner.core.i18n import money
from planner.core.limits import amount_in_range
from planner.core.models import utcnow
from planner.extensions import db
from planner.opgaven.models import Opgave, Organisation, Seat
from planner.participation import services as participation
from planner.participation.models import ReactionThrottle
from planner.programmes.models import Goal
from planner.subsidies.models import (
    GRANTED,
    InitiativeContact,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyScheme,
)

ZERO = Decimal("0.00")
MAX_TEXT = 4000


# ---- who sees what ------------------------------------------------------------------------------


def visible_applications(user):
    """Applications in the areas where `user` works (teams their ward, controllers their municipality);
    a reader or partner sees none: applications carry amounts and applicants not yet decided on."""
    return (
        select(SubsidyApplication)
        .join(Area, Area.id == SubsidyApplication.area_id)
        .where(access.path_condition(Area.path, access.grant_paths(user, "view_draft")))
    )


def application_of(user, application_id: int) -> SubsidyApplication | None:
    return db.session.scalar(visible_applications(user).where(SubsidyApplication.id == application_id))


def _municipality_codes(user, capability: str = "view_draft") -> list[str]:
    return sorted({path.split("/")[0] for path in access.grant_paths(user, capability)})


def visible_schemes(user) -> list[SubsidyScheme]:
    """The regelingen of the municipalities where `user` works."""
    codes = _municipality_codes(user)
    if not codes:
        return []
    return db.session.scalars(
        select(SubsidyScheme)
        .join(Area, Area.id == SubsidyScheme.municipality_id)
        .where(Area.path.in_(codes))
        .order_by(SubsidyScheme.name)
    ).all()


def scheme_of(user, scheme_id: int) -> SubsidyScheme | None:
    return next((s for s in visible_schemes(user) if s.id == scheme_id), None)


# ---- checks ------------------------------------------------------------------------------------


def _amount(amount: Decimal | None, field: str, *, zero: bool = False) -> Decimal:
    if amount is None:
        raise PlannerError("Vul een bedrag in, bijvoorbeeld 2.500,00.", field)
    if not amount_in_range(amount):
        raise PlannerError("Vul een bedrag tussen € 0 en € 10.000.000.000 in.", field)
    if amount < 0 or (amount == 0 and not zero):
        raise PlannerError("Vul een bedrag groter dan nul in.", field)
    if amount != amount.quantize(Decimal("0.01")):
        raise PlannerError("Vul een bedrag in hele centen in.", field)
    return amount


def _text(value: str | None, field: str, *, required: str = "", limit: int = MAX_TEXT) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if required and not value:
        raise PlannerError(required, field)
    if len(value) > limit:
        raise PlannerError(f"Hoogstens {limit} tekens; nu {len(value)}.", field)
    return value


def granted_in_scheme(scheme: SubsidyScheme, without: SubsidyApplication | None = None) -> Decimal:
    """What the scheme's beschikkingen commit so far (vastgesteld: the settled amount)."""
    claim = func.coalesce(SubsidyApplication.settled_amount, SubsidyApplication.granted_amount)
    query = select(func.coalesce(func.sum(claim), 0)).where(
        SubsidyApplication.scheme_id == scheme.id, SubsidyApplication.status.in_(GRANTED)
    )
    if without is not None and without.id is not None:
        query = query.where(SubsidyApplication.id != without.id)
    return budget.cents(db.session.scalar(query) or 0)


# ---- regelingen ----------------------------------------------------------------------------------


def create_scheme(
    gm: Area,
    *,
    name: str,
    area: Area | None,
    ceiling: Decimal | None,
    criteria: str = "",
    opgave: Opgave | None = None,
    goals=(),
    wijkbudget: bool = False,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> SubsidyScheme:
    scheme = SubsidyScheme(municipality_id=gm.id)
    _fill_scheme(
        scheme,
        gm,
        name=name,
        area=area,
        ceiling=ceiling,
        criteria=criteria,
        opgave=opgave,
        goals=goals,
        wijkbudget=wijkbudget,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    db.session.add(scheme)
    db.session.flush()
    return scheme


def update_scheme(
    scheme: SubsidyScheme,
    *,
    name: str,
    area: Area | None,
    ceiling: Decimal | None,
    criteria: str = "",
    opgave: Opgave | None = None,
    goals=(),
    wijkbudget: bool = False,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> SubsidyScheme:
    """Change a regeling. Its ceiling cannot drop below what its beschikkingen already commit, and its area
    must still hold every application made under it."""
    gm = db.session.get(Area, scheme.municipality_id)
    _fill_scheme(
        scheme,
        gm,
        name=name,
        area=area,
        ceiling=ceiling,
        criteria=criteria,
        opgave=opgave,
        goals=goals,
        wijkbudget=wijkbudget,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    db.session.flush()
    return scheme


def _fill_scheme(scheme, gm, *, name, area, ceiling, criteria, opgave, goals, wijkbudget, valid_from, valid_to):
    """Check everything before changing anything, so a refusal leaves `scheme` as it was."""
    name = _text(name, "name", required="Geef de regeling een naam.", limit=200)
    if area is None or not area.is_within(gm):
        raise PlannerError("Kies een gebied binnen de gemeente.", "area_id")
    if opgave is not None and not opgave.area.is_within(gm):
        raise PlannerError("Deze opgave hoort niet bij deze gemeente.", "opgave_id")
    ceiling = _amount(ceiling, "ceiling")
    criteria = _text(criteria, "criteria")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise PlannerError("De einddatum van de regeling ligt vóór de begindatum.", "valid_to")
    if scheme.id is not None:
        granted = granted_in_scheme(scheme)
        if ceiling < granted:
            raise PlannerError(
                f"Onder deze regeling is al {money(granted)} verleend of vastgesteld; het plafond kan niet lager "
                f"dan dat bedrag. Vul {money(granted)} of meer in.",
                "ceiling",
            )
        outside = db.session.scalars(
            select(SubsidyApplication).where(SubsidyApplication.scheme_id == scheme.id).order_by(SubsidyApplication.id)
        ).all()
        outside = [a for a in outside if not a.area.is_within(area)]
        if outside:
            raise PlannerError(
                f"De aanvraag '{outside[0].title}' komt uit {outside[0].area.name}, dat buiten {area.name} valt. "
                "Kies een gebied waarin alle aanvragen van deze regeling liggen.",
                "area_id",
            )
    scheme.area, scheme.opgave, scheme.name, scheme.criteria = area, opgave, name, criteria
    scheme.ceiling, scheme.wijkbudget, scheme.goals = ceiling, wijkbudget, list(goals)
    scheme.valid_from, scheme.valid_to = valid_from, valid_to


def is_open(scheme: SubsidyScheme, day: date) -> bool:
    return (scheme.valid_from is None or scheme.valid_from <= day) and (
        scheme.valid_to is None or day <= scheme.valid_to
    )


def period_label(scheme: SubsidyScheme) -> str:
    if scheme.valid_from and scheme.valid_to:
        return f"van {scheme.valid_from:%d-%m-%Y} tot en met {scheme.valid_to:%d-%m-%Y}"
    if scheme.valid_from:
        return f"vanaf {scheme.valid_from:%d-%m-%Y}"
    if scheme.valid_to:
        return f"tot en met {scheme.valid_to:%d-%m-%Y}"
    return "zonder einddatum"


def table_of(scheme: SubsidyScheme) -> list[Organisation]:
    """The parties that may apply: those at the table of the scheme's opgave, else every active one."""
    query = select(Organisation).order_by(Organisation.name)
    if scheme.opgave_id is not None:
        query = query.join(Seat, Seat.organisation_id == Organisation.id).where(Seat.opgave_id == scheme.opgave_id)
    else:
        query = query.where(Organisation.active.is_(True))
    return db.session.scalars(query).all()


def areas_of_municipality(gm: Area) -> list[Area]:
    """The municipality and its stadsdelen and wards: where a regeling may apply."""
    return db.session.scalars(
        select(Area)
        .where(access.path_condition(Area.path, [gm.path]), Area.level.in_(("gemeente", "stadsdeel", "wijk")))
        .order_by(Area.path)
    ).all()


def areas_of(scheme: SubsidyScheme) -> list[Area]:
    """The scheme's area and the wards and neighbourhoods in it."""
    return db.session.scalars(
        select(Area)
        .where(
            access.path_condition(Area.path, [scheme.area.path]),
            Area.level.in_(("gemeente", "stadsdeel", "wijk", "buurt")),
        )
        .order_by(Area.path)
    ).all()


# ---- applications --------------------------------------------------------------------------------


def apply(
    scheme: SubsidyScheme | None,
    *,
    area: Area | None,
    title: str,
    amount: Decimal | None,
    description: str = "",
    goal: Goal | None = None,
    organisation: Organisation | None = None,
    initiative: bool = False,
    status: str = "ingediend",
    today: date | None = None,
) -> SubsidyApplication:
    """An application under `scheme`: for an area within the regeling, at most what is left under its ceiling."""
    if scheme is None:
        raise PlannerError("Kies een subsidieregeling.", "scheme_id")
    if area is None or not area.is_within(scheme.area):
        raise PlannerError(
            f"Dit gebied valt buiten de regeling '{scheme.name}' (voor {scheme.area.name}). Kies een gebied "
            "binnen de regeling of een andere regeling.",
            "area_id",
        )
    title = _text(title, "title", required="Geef de aanvraag een titel.", limit=200)
    day = today or date.today()
    if not is_open(scheme, day):
        raise PlannerError(
            f"De regeling '{scheme.name}' staat open {period_label(scheme)}; op {day:%d-%m-%Y} kan er niet onder "
            "worden aangevraagd. Kies een andere regeling.",
            "scheme_id",
        )
    amount = _amount(amount, "amount")
    left = scheme.ceiling - granted_in_scheme(scheme)
    if amount > left:
        raise PlannerError(
            f"Het gevraagde bedrag ({money(amount)}) is hoger dan wat er onder het plafond van deze regeling nog "
            f"vrij is ({money(left)}). Verlaag het bedrag.",
            "amount",
        )
    if not initiative:
        if organisation is None:
            raise PlannerError("Kies de partij die de subsidie aanvraagt.", "organisation_id")
        if organisation.id not in {o.id for o in table_of(scheme)}:
            raise PlannerError("Deze partij zit niet aan de tafel van de opgave van deze regeling.", "organisation_id")
    if goal is not None and scheme.goals and goal not in scheme.goals:
        raise PlannerError("Kies een doel waaraan deze regeling bijdraagt.", "goal_id")
    application = SubsidyApplication(
        scheme=scheme,
        area=area,
        organisation=None if initiative else organisation,
        initiative=initiative,
        title=title,
        description=_text(description, "description"),
        amount=amount,
        goal=goal,
        status=status,
        submitted_on=today or date.today(),
    )
    db.session.add(application)
    db.session.flush()
    return application


def wijkbudget_schemes(ward: Area, day: date | None = None) -> list[SubsidyScheme]:
    """The regelingen open to residents' initiatives from `ward` on `day` (today)."""
    paths = [ward.path]
    parts = ward.path.split("/")
    paths += ["/".join(parts[:i]) for i in range(1, len(parts))]
    schemes = db.session.scalars(
        select(SubsidyScheme)
        .join(Area, Area.id == SubsidyScheme.area_id)
        .where(SubsidyScheme.wijkbudget.is_(True), Area.path.in_(paths))
        .order_by(SubsidyScheme.name)
    ).all()
    day = day or date.today()
    return [s for s in schemes if is_open(s, day)]


def submit_initiative(
    ward: Area,
    *,
    title: str,
    description: str,
    amount: Decimal | None,
    ip_hash: str,
    honeypot: str = "",
    name: str | None = None,
    email: str | None = None,
    consent: bool = False,
    now: datetime | None = None,
    retention_days: int = participation.RETENTION_DAYS,
) -> SubsidyApplication:
    """A residents' wijkbudget request: the spam limit, consent and retention of a reaction; it waits for the
    ward team's moderation."""
    now = now or utcnow()
    schemes = wijkbudget_schemes(ward, now.date())
    if not schemes:
        raise PlannerError("Deze wijk heeft nu geen wijkbudget voor bewonersinitiatieven.", "title")
    participation.check_rate_limit(ip_hash, now)
    db.session.add(ReactionThrottle(ip_hash=ip_hash, at=now))
    if (honeypot or "").strip():
        db.session.flush()
        raise participation.SpamSuspected("Uw aanvraag kon niet worden verwerkt.")
    description = _text(
        description, "description", required="Beschrijf uw initiatief: wat wilt u doen, met wie en waarom?"
    )
    contact = participation.check_contact(name, email, consent, now.date(), retention_days)
    application = apply(
        schemes[0],
        area=ward,
        title=title,
        amount=amount,
        description=description,
        initiative=True,
        status="te_modereren",
        today=now.date(),
    )
    if contact is not None:
        application.contact = InitiativeContact(
            name=contact.name, email=contact.email, consent_at=now, keep_until=contact.keep_until
        )
    db.session.flush()
    return application


def moderate(application: SubsidyApplication, accept: bool) -> SubsidyApplication:
    if application.status != "te_modereren":
        raise PlannerError("Deze aanvraag is al gemodereerd.")
    application.status = "ingediend" if accept else "afgewezen"
    db.session.flush()
    return application


def give_advice(application: SubsidyApplication, advice: str) -> SubsidyApplication:
    if application.status != "ingediend":
        raise PlannerError("Advies kan alleen bij een ingediende aanvraag waarover nog niet is besloten.", "advice")
    application.advice = _text(advice, "advice", required="Schrijf het advies van het gebiedsteam.")
    db.session.flush()
    return application


def decision_lines(application: SubsidyApplication, years) -> list[BudgetLine]:
    """The lasten lines of the application's municipality in `years` a beschikking may draw on: the amended
    budget where there is one, else the original (as for an allocation)."""
    rows = db.session.scalars(
        select(BudgetLine)
        .where(
            BudgetLine.area_id == application.scheme.municipality_id,
            BudgetLine.fiscal_year.in_(list(years)),
            BudgetLine.direction == "lasten",
            BudgetLine.kind.in_(budget.BASIS_KINDS),
        )
        .order_by(BudgetLine.fiscal_year, BudgetLine.taakveld_code, BudgetLine.line_key, BudgetLine.kind)
    ).all()
    chosen: dict[tuple, BudgetLine] = {}
    for line in rows:  # "na_wijziging" sorts before "primitief"
        chosen.setdefault((line.fiscal_year, line.line_key), line)
    return list(chosen.values())


def line_room(line: BudgetLine) -> Decimal:
    capacity, claimed = budget.line_capacity(line)
    return capacity - claimed


def grant(
    application: SubsidyApplication,
    *,
    line: BudgetLine | None,
    amount: Decimal | None,
    conditions: str,
    account_by: date | None,
    today: date | None = None,
) -> SubsidyApplication:
    """The beschikking tot verlening: drawn on a budget line like an allocation, with conditions and the date
    by which the recipient accounts for it."""
    if application.status != "ingediend":
        raise PlannerError("Over deze aanvraag is al besloten.")
    if line is None:
        raise PlannerError("Kies de begrotingsregel waarop de subsidie drukt.", "budget_line_id")
    if (
        line.area_id != application.scheme.municipality_id
        or line.direction != "lasten"
        or line.kind not in budget.BASIS_KINDS
    ):
        raise PlannerError(
            "Deze begrotingsregel hoort niet bij de begroting (lasten) van deze gemeente. Kies een andere regel.",
            "budget_line_id",
        )
    amount = _amount(amount, "granted_amount")
    if amount > application.amount:
        raise PlannerError(
            f"U verleent meer ({money(amount)}) dan is aangevraagd ({money(application.amount)}).", "granted_amount"
        )
    left = application.scheme.ceiling - granted_in_scheme(application.scheme)
    if amount > left:
        raise PlannerError(
            f"Onder het plafond van de regeling is nog {money(left)} vrij; u verleent {money(amount)}.",
            "granted_amount",
        )
    room = line_room(line)
    if amount > room:
        raise PlannerError(
            f"Deze begrotingsregel heeft nog {money(room)} vrij; u verleent {money(amount)}. Verlaag het bedrag "
            "of kies een andere regel.",
            "granted_amount",
        )
    conditions = _text(
        conditions, "conditions", required="Een beschikking tot verlening noemt de voorwaarden van de subsidie."
    )
    if account_by is None:
        raise PlannerError("Vul de datum in waarop de ontvanger verantwoording aflegt.", "account_by")
    today = today or date.today()
    if account_by < today:
        raise PlannerError("De verantwoordingsdatum ligt in het verleden.", "account_by")
    application.budget_line = line
    application.granted_amount = amount
    application.conditions = conditions
    application.account_by = account_by
    application.reasons = ""
    application.decided_on = today
    application.status = "verleend"
    db.session.flush()
    return application


def refuse(application: SubsidyApplication, *, reasons: str, today: date | None = None) -> SubsidyApplication:
    if application.status != "ingediend":
        raise PlannerError("Over deze aanvraag is al besloten.")
    application.reasons = _text(reasons, "reasons", required="Een weigering noemt de redenen.")
    application.decided_on = today or date.today()
    application.status = "geweigerd"
    db.session.flush()
    return application


def add_payment(application: SubsidyApplication, *, due_on: date | None, amount: Decimal | None) -> SubsidyPayment:
    if application.status != "verleend":
        raise PlannerError("Een betaalschema hoort bij een verleende subsidie die nog niet is vastgesteld.")
    if due_on is None:
        raise PlannerError("Vul de datum van de betaling in.", "due_on")
    amount = _amount(amount, "amount")
    scheduled = sum((p.amount for p in application.payments), ZERO)
    if scheduled + amount > application.granted_amount:
        raise PlannerError(
            f"Met deze betaling komt het schema op {money(scheduled + amount)}, meer dan verleend "
            f"({money(application.granted_amount)}).",
            "amount",
        )
    payment = SubsidyPayment(application=application, due_on=due_on, amount=amount)
    db.session.add(payment)
    db.session.flush()
    return payment


def mark_paid(
    payment: SubsidyPayment | None, *, paid_on: date | None, amount: Decimal | None, today: date | None = None
) -> SubsidyPayment:
    """Record that a term of the payment schedule was transferred: on which day and how much, at most the
    term's amount (and so, the schedule being within the grant, never more than granted)."""
    if payment is None:
        raise PlannerError("Kies de betaling uit het betaalschema.", "payment_id")
    application = payment.application
    if application.status not in GRANTED:
        raise PlannerError("Alleen een verleende subsidie wordt betaald.", "payment_id")
    if payment.paid_on is not None:
        raise PlannerError(
            f"De betaling van {payment.due_on:%d-%m-%Y} is al betaald op {payment.paid_on:%d-%m-%Y}.", "payment_id"
        )
    if paid_on is None:
        raise PlannerError("Vul de datum in waarop is betaald, bijvoorbeeld 15-03-2027.", "paid_on")
    if paid_on > (today or date.today()):
        raise PlannerError("De betaaldatum ligt in de toekomst; registreer een betaling als die gedaan is.", "paid_on")
    amount = _amount(amount, "paid_amount")
    if amount > payment.amount:
        raise PlannerError(
            f"Er is meer betaald ({money(amount)}) dan deze termijn ({money(payment.amount)}). Vul hoogstens "
            "het bedrag van de termijn in, of voeg een termijn toe aan het betaalschema.",
            "paid_amount",
        )
    ceiling = application.claim if application.claim is not None else application.granted_amount
    if application.paid + amount > ceiling:
        raise PlannerError(
            f"Met deze betaling is er {money(application.paid + amount)} betaald, meer dan "
            f"{'vastgesteld' if application.status == 'vastgesteld' else 'verleend'} ({money(ceiling)}).",
            "paid_amount",
        )
    payment.paid_on, payment.paid_amount = paid_on, amount
    db.session.flush()
    return payment


def settle(application: SubsidyApplication, *, amount: Decimal | None, today: date | None = None) -> SubsidyApplication:
    """The vaststelling: what the recipient finally gets, at most what was granted."""
    if application.status != "verleend":
        raise PlannerError("Alleen een verleende subsidie kan worden vastgesteld.", "settled_amount")
    amount = _amount(amount, "settled_amount", zero=True)
    if amount > application.granted_amount:
        raise PlannerError(
            f"Het vastgestelde bedrag is hoger dan verleend ({money(application.granted_amount)}).", "settled_amount"
        )
    application.settled_amount = amount
    application.settled_on = today or date.today()
    application.status = "vastgesteld"
    db.session.flush()
    return application


def publish_answer(application: SubsidyApplication, text: str) -> SubsidyApplication:
    """The answer residents read on the ward's public page (no names)."""
    if not application.initiative:
        raise PlannerError("Alleen bij een bewonersinitiatief wordt het antwoord gepubliceerd.", "public_answer")
    if application.status not in ("verleend", "geweigerd", "vastgesteld"):
        raise PlannerError("Publiceer het antwoord nadat over het initiatief is besloten.", "public_answer")
    application.public_answer = _text(text, "public_answer", required="Schrijf het antwoord aan de bewoners.")
    db.session.flush()
    return application


def published_initiatives(ward: Area) -> list[SubsidyApplication]:
    return db.session.scalars(
        select(SubsidyApplication)
        .where(
            SubsidyApplication.area_id == ward.id,
            SubsidyApplication.initiative.is_(True),
            SubsidyApplication.public_answer != "",
        )
        .order_by(SubsidyApplication.decided_on.desc(), SubsidyApplication.id.desc())
    ).all()


def purge_contacts(today: date) -> int:
    """Names and e-mail addresses of initiatives past their retention date (`participation purge`)."""
    count = db.session.execute(delete(InitiativeContact).where(InitiativeContact.keep_until < today)).rowcount
    return count or 0


# ---- the budget's view: what beschikkingen draw from lines --------------------------------------


def claims_on_lines(gm_id: int, year: int, *, keys=None, user=None) -> dict[str, Decimal]:
    """Hook `budget_line_claims`: line key → what granted subsidies draw from the municipality's lasten lines
    of `year` (all of them; with `user`, only those in the areas the user works in). One grouped query."""
    claim = func.coalesce(SubsidyApplication.settled_amount, SubsidyApplication.granted_amount)
    query = (
        select(BudgetLine.line_key, func.sum(claim))
        .join(SubsidyApplication, SubsidyApplication.budget_line_id == BudgetLine.id)
        .where(
            BudgetLine.area_id == gm_id,
            BudgetLine.fiscal_year == year,
            BudgetLine.direction == "lasten",
            SubsidyApplication.status.in_(GRANTED),
        )
        .group_by(BudgetLine.line_key)
    )
    if keys is not None:
        query = query.where(BudgetLine.line_key.in_(sorted(keys)))
    if user is not None:
        query = query.join(Area, Area.id == SubsidyApplication.area_id).where(
            access.path_condition(Area.path, access.grant_paths(user, "view_draft"))
        )
    return {key: budget.cents(amount) for key, amount in db.session.execute(query) if amount}


# ---- overview ------------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    area: str
    opgave: str
    count: int
    requested: Decimal
    granted: Decimal
    settled: Decimal
    paid: Decimal = ZERO


def overview(user) -> list[OverviewRow]:
    """Subsidies per area per opgave (the regeling's), for the applications `user` sees: one grouped query."""
    granted = func.sum(func.coalesce(SubsidyApplication.granted_amount, 0))
    rows = db.session.execute(
        select(
            Area.name,
            Area.path,
            func.coalesce(Opgave.title, ""),
            func.count(SubsidyApplication.id),
            func.sum(SubsidyApplication.amount),
            granted,
            func.sum(func.coalesce(SubsidyApplication.settled_amount, 0)),
        )
        .select_from(SubsidyApplication)
        .join(Area, Area.id == SubsidyApplication.area_id)
        .join(SubsidyScheme, SubsidyScheme.id == SubsidyApplication.scheme_id)
        .outerjoin(Opgave, Opgave.id == SubsidyScheme.opgave_id)
        .where(
            access.path_condition(Area.path, access.grant_paths(user, "view_draft")),
            SubsidyApplication.status.not_in(("te_modereren", "afgewezen")),
        )
        .group_by(Area.name, Area.path, Opgave.title)
        .order_by(Area.path, Opgave.title)
    ).all()
    paid = {
        (path, opgave or ""): amount
        for path, opgave, amount in db.session.execute(
            select(Area.path, func.coalesce(Opgave.title, ""), func.sum(SubsidyPayment.paid_amount))
            .select_from(SubsidyPayment)
            .join(SubsidyApplication, SubsidyApplication.id == SubsidyPayment.application_id)
            .join(Area, Area.id == SubsidyApplication.area_id)
            .join(SubsidyScheme, SubsidyScheme.id == SubsidyApplication.scheme_id)
            .outerjoin(Opgave, Opgave.id == SubsidyScheme.opgave_id)
            .where(
                access.path_condition(Area.path, access.grant_paths(user, "view_draft")),
                SubsidyPayment.paid_amount.is_not(None),
            )
            .group_by(Area.path, Opgave.title)
        )
    }
    return [
        OverviewRow(
            name,
            opgave or "Zonder opgave",
            count,
            budget.cents(req),
            budget.cents(gr),
            budget.cents(st),
            budget.cents(paid.get((path, opgave or ""), 0) or 0),
        )
        for name, path, opgave, count, req, gr, st in rows
    ]


def applications(user, status: str | None = None) -> list[SubsidyApplication]:
    query = visible_applications(user).order_by(SubsidyApplication.submitted_on.desc(), SubsidyApplication.id.desc())
    if status:
        query = query.where(SubsidyApplication.status == status)
    return db.session.scalars(query).all()


def goals_of_municipality(gm: Area) -> list[Goal]:
    from planner.programmes.models import Programme

    return db.session.scalars(
        select(Goal)
        .join(Programme, Programme.id == Goal.programme_id)
        .join(Area, Area.id == Programme.area_id)
        .where(or_(Area.id == gm.id, Area.path.startswith(gm.path + "/", autoescape=True)))
        .order_by(Programme.title, Goal.number)
    ).all()
