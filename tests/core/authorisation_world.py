"""The world of the authorisation matrix: two wards of one municipality and a second municipality, each with
the objects the routes need to fill their URL arguments, and one user per identity.

Objects come in *scopes*. A scope says where an object lives (ward A, ward B, municipality G itself or the
other municipality X), whether it is a concept, and whether the partner's grant covers it; `ids[kind][scope]`
holds the ids (or codes) that fill a route's URL arguments for an object of that kind in that scope.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planner.extensions import db
from tests.helpers import PASSWORD, adoption

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@dataclass(frozen=True)
class Scope:
    label: str  # in failure messages: "ward A concept"
    area: str  # "A", "B", "G" (the municipality of A and B) or "X" (another municipality)
    concept: bool = False  # a programme (or what hangs under it) not yet in consultation
    partner: bool = False  # the partner's grant covers it


A_CONCEPT = Scope("ward A concept", "A", concept=True, partner=True)
A_ADOPTED = Scope("ward A adopted", "A")
B_CONCEPT = Scope("ward B concept", "B", concept=True)
X_ADOPTED = Scope("municipality X adopted", "X")
A_CONSULTATION = Scope("ward A in consultation", "A")  # only for the public pages
A = Scope("ward A", "A", partner=True)
B = Scope("ward B", "B")
G = Scope("municipality G", "G")
X = Scope("municipality X", "X")
ANY = Scope("-", "G")  # routes on no object of an area (lists, forms, the user's own things)
NATIONAL = Scope("national", "N")

# Where each identity holds its role ("A" → ward A). The partner holds none: only a grant on opgave A.
IDENTITIES = {
    "admin": ("admin", "G"),
    "manager": ("area_manager", "G"),
    "team_a": ("team_member", "A"),
    "team_b": ("team_member", "B"),
    "controller": ("controller", "G"),
    "reader": ("reader", "G"),
    "partner": (None, None),
    "anonymous": (None, None),
}


@dataclass
class World:
    secrets: dict[str, str] = field(default_factory=dict)  # identity → API token
    ids: dict[str, dict[Scope, object]] = field(default_factory=dict)  # kind → scope → id or code
    titles: dict[tuple[str, Scope], str] = field(default_factory=dict)  # (kind, scope) → title, to look for in pages

    def put(self, kind: str, scope: Scope, value) -> None:
        self.ids.setdefault(kind, {})[scope] = value


def build_world() -> World:
    from planner.actions.services import add_commitment, add_milestone, create_action
    from planner.agenda.services import create_item, link_action
    from planner.api.services import issue_token
    from planner.areas.services import add_area
    from planner.budget.models import BudgetLine
    from planner.budget.services import allocate
    from planner.core.users import create_user, grant_role
    from planner.cycle.services import add_moment, flag_action
    from planner.excel.models import ImportRun
    from planner.indicators.services import save_indicator
    from planner.learning.services import add_lesson, record_reflection
    from planner.opgaven.services import (
        create_opgave,
        grant_partner,
        record_agreement,
        record_meeting,
        save_organisation,
        save_theme,
        seat_party,
    )
    from planner.participation.attachments import add_attachment
    from planner.participation.services import record_contribution, record_moment
    from planner.participation.signals import submit_signal
    from planner.programmes.comments.services import add_comment
    from planner.programmes.services import add_goal, create_programme, transition

    world = World()
    gm = add_area(code="GM0794", name="Helmond")
    areas = {
        "G": gm,
        "A": add_area(code="WK079410", name="Binnenstad", parent=gm),
        "B": add_area(code="WK079411", name="Helmond-Oost", parent=gm),
    }
    gx = add_area(code="GM0034", name="Almere")
    areas["X"] = gx
    ward_x = add_area(code="WK003401", name="Almere-Stad", parent=gx)

    users = {}
    for key, (role, where) in IDENTITIES.items():
        if key == "anonymous":
            continue
        users[key] = create_user(email=f"{key}@matrix.nl", name=key, password=PASSWORD)
        if role:
            grant_role(users[key], role, areas[where])
    # X's own gebiedsmanager, who takes X's programme through its workflow.
    manager_x = create_user(email="manager-x@matrix.nl", name="manager x", password=PASSWORD)
    grant_role(manager_x, "area_manager", gx)
    db.session.flush()

    organisation = save_organisation(None, name="Woonbedrijf", kind="woningcorporatie")
    organisation_x = save_organisation(None, name="Stadsbouw Almere", kind="woningcorporatie")
    world.put("organisation", ANY, organisation.id)
    world.put("theme", NATIONAL, save_theme(None, name="Groen in de wijk").id)

    # Opgaven, with a table, a meeting and an agreement: ward A (the partner's), ward B, X.
    opgaven = {}
    for scope, area, org in ((A, areas["A"], organisation), (B, areas["B"], organisation), (X, ward_x, organisation_x)):
        opgave = create_opgave(area=area, title=f"Gezond opgroeien {scope.label}", statement="Waarom.")
        opgaven[scope] = opgave
        seat_party(opgave, org, role="mede_eigenaar")
        meeting = record_meeting(opgave, held_on=date(2026, 2, 1), title="Tafel", attendees=[org])
        agreement = record_agreement(
            None, opgave, organisation=org, made_on=date(2026, 2, 1), text="Wij bouwen", meeting=meeting
        )
        world.put("opgave", scope, opgave.id)
        world.titles["opgave", scope] = opgave.title
        world.put("meeting", scope, meeting.id)
        world.put("agreement", scope, agreement.id)
        world.put("seat", scope, org.id)
    world.put("partner_user", G, users["partner"].id)
    world.put("partner_grant", G, grant_partner(users["partner"], opgaven[A], organisation).id)
    partner_x = create_user(email="partner-x@matrix.nl", name="partner x", password=PASSWORD)
    world.put("partner_user", X, partner_x.id)
    world.put("partner_grant", X, grant_partner(partner_x, opgaven[X], organisation_x).id)

    # Budget lines of both municipalities, P&C moments, agenda items, indicators.
    lines = {}
    for where in ("G", "X"):
        lines[where] = BudgetLine(
            area_id=areas[where].id,
            fiscal_year=2026,
            line_key="KPL1/4300/6.1",
            taakveld_code="6.1",
            description="Buurtwerk",
            direction="lasten",
            kind="na_wijziging",
            amount=Decimal("100000.00"),
        )
        db.session.add(lines[where])
    world.put("theme", G, save_theme(None, name="Helmonds groen", area=gm).id)
    world.put("theme", X, save_theme(None, name="Almeers groen", area=gx).id)
    moments = {G: add_moment(gm, kind="berap1", year=2026), X: add_moment(gx, kind="berap1", year=2026)}
    for scope, moment in moments.items():
        world.put("pc_moment", scope, moment.id)
    items = {}
    for scope, area in ((A, areas["A"]), (B, areas["B"]), (G, gm), (X, gx)):
        items[scope] = create_item(
            area, number=f"M-{area.code}", kind="motie", title="Meer groen", date=date(2026, 1, 29)
        )
        world.put("item", scope, items[scope].id)
    world.put("indicator", NATIONAL, save_indicator(None, code="bev", name="Bevolking").id)
    world.put("indicator", G, save_indicator(None, code="eigen", name="Eigen", owner=gm).id)
    world.put("indicator", X, save_indicator(None, code="eigen-x", name="Eigen X", owner=gx).id)
    for scope, code in ((A, "WK079410"), (B, "WK079411"), (G, "GM0794"), (X, "GM0034")):
        world.put("area", scope, code)
    world.put("area", Scope("ward of X", "X"), ward_x.code)
    for scope, code in ((A, "WK079410"), (B, "WK079411"), (X, ward_x.code)):
        world.put("ward", scope, code)
    for scope, ward in ((A, areas["A"]), (B, areas["B"]), (X, ward_x)):
        world.put("signal", scope, submit_signal(ward, text="Donkere hoek bij het speelveld", ip_hash=scope.label).id)
    # A subsidy scheme per municipality and an application (a residents' initiative) per ward.
    from planner.subsidies.services import apply, create_scheme

    schemes = {
        where: create_scheme(areas[where], name="Wijkbudget", area=areas[where], ceiling=Decimal("5000.00"))
        for where in ("G", "X")
    }
    world.put("scheme", G, schemes["G"].id)
    world.put("scheme", X, schemes["X"].id)
    for scope, ward, where in ((A, areas["A"], "G"), (B, areas["B"], "G"), (X, ward_x, "X")):
        application = apply(schemes[where], area=ward, title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
        world.put("subsidy", scope, application.id)
    # A stadsdeel: the grouping of wards that a municipality's administrator draws.
    for scope, parent in ((G, gm), (X, gx)):
        district = add_area(code=f"SD{parent.code[2:]}01", name="Noord", parent=parent, level="stadsdeel")
        world.put("district", scope, district.code)
        world.put("municipality", scope, parent.code)

    # Programmes: ward A concept (of the partner's opgave), ward A adopted, ward B concept, X adopted; and one of
    # ward A in consultation, only for the public pages (the others are not in consultation).
    for scope, area, manager, opgave, item, moment, line, org in (
        (A_CONCEPT, areas["A"], users["manager"], opgaven[A], items[A], moments[G], lines["G"], organisation),
        (A_ADOPTED, areas["A"], users["manager"], None, items[A], moments[G], lines["G"], organisation),
        (B_CONCEPT, areas["B"], users["manager"], None, items[B], moments[G], lines["G"], organisation),
        (X_ADOPTED, ward_x, manager_x, opgaven[X], items[X], moments[X], lines["X"], organisation_x),
        (A_CONSULTATION, areas["A"], users["manager"], None, items[A], moments[G], lines["G"], organisation),
    ):
        programme = create_programme(
            area=area, title=f"Programma {scope.label}", start_year=2026, end_year=2029, opgave=opgave
        )
        goal = add_goal(programme, "Meer ontmoeting")
        action = create_action(
            programme,
            title=f"Buurtkamer {scope.label}",
            goal=goal,
            start_date=date(2026, 3, 1),
            end_date=date(2026, 12, 31),
            owner_organisation=org,
        )
        milestone = add_milestone(action, "Sleutel", date(2026, 6, 1))
        commitment = add_commitment(action, organisation=org, kind="uren", amount=Decimal("10"))
        allocation = allocate(action, line, year=2026, amount=Decimal("1000.00"), user=manager)
        link = link_action(manager, item, action.id)
        flag = flag_action(manager, moment, action.id, "verantwoording")
        gathering = record_moment(programme, kind="bewonersavond", title="Avond", date=date(2026, 2, 2))
        attachment = add_attachment(
            manager, gathering, filename="foto.png", data=PNG, public=True, description="Het plein"
        )
        contribution = record_contribution(programme, text="Meer bankjes", moment=gathering)
        comment = add_comment(manager, programme, None, "Kan dit concreter?")
        if scope in (A_CONCEPT, A_ADOPTED, A_CONSULTATION):
            world.put("public", scope, programme.id)
            world.put("public_photo", scope, attachment.id)
        if scope is A_CONSULTATION:
            transition(programme, "consultatie", manager)
            continue
        if not scope.concept:
            for status in ("consultatie", "besluitvorming", "vastgesteld"):
                transition(programme, status, manager, **(adoption(programme) if status == "vastgesteld" else {}))
        world.titles["programme", scope] = programme.title
        world.titles["action", scope] = action.title
        reflection = record_reflection(
            manager, programme=programme, held_on=date(2026, 1, 5), kind="team", what_works="Samen optrekken"
        )
        lesson = add_lesson(manager, reflection, statement=f"Leerpunt {scope.label}", action_ids=[action.id])
        world.titles["lesson", scope] = lesson.statement
        for kind, obj in (
            ("programme", programme),
            ("goal", goal),
            ("action", action),
            ("milestone", milestone),
            ("commitment", commitment),
            ("allocation", allocation),
            ("link", link),
            ("flag", flag),
            ("gathering", gathering),
            ("attachment", attachment),
            ("contribution", contribution),
            ("comment", comment),
            ("reflection", reflection),
            ("lesson", lesson),
        ):
            world.put(kind, scope, obj.id)

    # A template of each municipality, made from its adopted programme (the pilot).
    from planner.programmes.models import Programme
    from planner.rollout.services import save_as_template

    for scope, source, maker in ((G, A_ADOPTED, users["manager"]), (X, X_ADOPTED, manager_x)):
        pilot = db.session.get(Programme, world.ids["programme"][source])
        world.put(
            "template", scope, save_as_template(pilot, maker, title=f"Sjabloon {scope.label}", fits_when="Past.").id
        )

    # The admin's own import run and API token; a user (with a role) to administer in G and one in X.
    run = ImportRun(
        user_id=users["admin"].id, profile="cbs-gebieden", file_name="a.csv", sha256="0" * 64, state="committed"
    )
    db.session.add(run)
    db.session.flush()
    world.put("run", ANY, run.id)
    token, _ = issue_token(users["admin"], "Dashboard")
    world.put("token", ANY, token.id)
    world.put("user", G, users["team_a"].id)
    world.put("user", X, manager_x.id)
    world.put("grant", G, users["team_a"].roles[0].id)
    world.put("grant", X, manager_x.roles[0].id)

    for key, user in users.items():
        _, world.secrets[key] = issue_token(user, "Matrix")
    db.session.commit()
    return world
