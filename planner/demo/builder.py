"""Build the demo municipality through the same services the UI uses, so versions and audit exist.

`build_demo()` runs STEPS, then the steps features added to the hook `demo` (agenda, budget,
participation …, in the order of planner.FEATURES), over one `DemoWorld`: each reads the world
built so far. Nothing is committed here: the CLI command is the commit point.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from planner.actions.rollup import weighted_progress
from planner.actions.services import add_commitment, add_milestone, create_action, update_action
from planner.areas.models import Area
from planner.areas.services import add_area
from planner.core import hooks
from planner.core.audit import acting_as
from planner.core.errors import PlannerError
from planner.core.models import RoleAssignment, User
from planner.core.users import create_user, grant_role
from planner.demo import content
from planner.demo.wards import read_wards
from planner.extensions import db
from planner.opgaven.models import Opgave, Organisation, Seat, Theme
from planner.programmes.models import Programme
from planner.programmes.services import add_goal, create_programme, transition


@dataclass
class DemoWorld:
    samples_dir: Path
    areas: dict[str, Area] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    partners: dict[str, Organisation] = field(default_factory=dict)
    opgaven: dict[str, Opgave] = field(default_factory=dict)
    programmes: dict[str, Programme] = field(default_factory=dict)


def database_has_data() -> bool:
    return any(db.session.scalar(select(func.count()).select_from(model)) for model in (User, Area, Programme))


def rebuild_schema() -> None:
    """Drop every table and upgrade from the migrations again: reference data seeded by a
    migration (taakvelden, themes) comes back as on a fresh install."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from planner.core.sql import drop_unmodelled_tables

    db.session.remove()
    with db.engine.begin() as conn:
        drop_unmodelled_tables(conn)
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def short_name(ward_name: str) -> str:
    """CBS names wards 'Wijk 10 Binnenstad'; people say 'Binnenstad'."""
    parts = ward_name.split(" ", 2)
    return parts[2] if len(parts) == 3 and parts[0] == "Wijk" and parts[1].isdigit() else ward_name


def add_areas_and_users(world: DemoWorld) -> None:
    wards = read_wards(world.samples_dir, content.MUNICIPALITY)
    if not wards:
        raise PlannerError(f"Geen wijken van {content.MUNICIPALITY} gevonden in de CBS-wijkenlijst.")
    gemeente = add_area(code=content.MUNICIPALITY, name=wards[0].municipality_name)
    world.areas[gemeente.code] = gemeente
    for ward in wards:
        world.areas[ward.code] = add_area(code=ward.code, name=ward.name, parent=gemeente)
    for key, email, name, role, area_code in content.USERS:
        user = create_user(email=email, name=name, password=content.PASSWORD)
        grant_role(user, role, world.areas[area_code])
        world.users[key] = user


def add_reference_data(world: DemoWorld) -> None:
    # A migration seeds the default themes; an installation may have renamed or removed some.
    world.themes = {t.name: t for t in db.session.scalars(select(Theme))}
    for position, name in enumerate(content.THEMES, start=1):
        world.themes.setdefault(name, Theme(name=name, position=position))
    partners = list(content.PARTNERS) + [
        content.ward_organisation(a.code, short_name(a.name)) for a in world.areas.values() if a.level == "wijk"
    ]
    for name, kind in partners:
        world.partners[name] = Organisation(name=name, kind=kind)
    for key, (area_code, title, description, themes, partner_names) in content.OPGAVEN.items():
        world.opgaven[key] = Opgave(
            area=world.areas[area_code],
            title=title,
            description=description,
            themes=[world.themes[t] for t in themes],
            seats=[Seat(organisation=world.partners[p]) for p in partner_names],
        )
    db.session.add_all([*world.themes.values(), *world.partners.values(), *world.opgaven.values()])
    db.session.flush()


def _due(value):
    return value() if callable(value) else value


def _create_action(world: DemoWorld, programme: Programme, goals: dict, spec: dict, parent=None, implemented=False):
    """Create one action (and its children); return (action, spec) pairs for the later progress update."""
    status, progress = spec.get("status", "gepland"), spec.get("progress", 0)
    if implemented:  # created as planned at drafting time; reality arrives with the updates
        status, progress = "gepland", 0
    areas = spec.get("areas")
    action = create_action(
        programme,
        title=spec["title"],
        description=spec.get("description", ""),
        goal=goals.get(spec.get("goal")) if parent is None else parent.goal,
        opgave=programme.opgave,
        owner_organisation=world.partners[spec["owner"]] if spec.get("owner") else None,
        owner_person=spec.get("owner_person", ""),
        start_date=spec.get("start"),
        end_date=spec.get("end"),
        status=status,
        progress=progress,
        parent=parent,
        weight=Decimal(str(spec.get("weight", 1))),
        partners=[world.partners[p] for p in spec.get("partners", ())],
        area_weights={world.areas[c]: Decimal(str(w)) for c, w in areas.items()} if areas else None,
    )
    for title, due, done_on in spec.get("milestones", ()):
        add_milestone(action, title, _due(due), done_on)
    for party, kind, amount, text in spec.get("commitments", ()):
        add_commitment(action, organisation=world.partners[party], kind=kind, amount=Decimal(amount), description=text)
    created = [(action, spec)]
    for child in spec.get("children", ()):
        created += _create_action(world, programme, goals, child, parent=action, implemented=implemented)
    return created


def _apply_progress(actions: list) -> None:
    """Children first, so a parent without its own figure takes the weighted roll-up of its children."""
    for action, spec in reversed(actions):
        if "now" not in spec:
            continue
        status, progress = spec["now"]
        if progress is None:
            progress = weighted_progress([(c.progress, c.weight) for c in action.children]) or 0
        update_action(action, None, status=status, progress=progress)


def add_programme(world: DemoWorld, spec: dict) -> Programme:
    author = world.users[spec["drafted_by"]]
    implemented = any(step[0] == "uitvoering" for step in spec["path"])
    with acting_as(author):
        start_year, end_year = spec["period"]
        programme = create_programme(
            area=world.areas[spec["area"]],
            title=spec["title"],
            start_year=start_year,
            end_year=end_year,
            opgave=world.opgaven[spec["opgave"]],
            summary=spec.get("summary", ""),
            ambition=spec.get("ambition", ""),
            approach=spec.get("approach", ""),
            cost_notes=spec.get("cost_notes", ""),
        )
        goals = {}
        for number, (title, description, theme) in enumerate(spec["goals"], start=1):
            goals[number] = add_goal(programme, title, description, world.themes[theme])
        actions = []
        for action_spec in spec["actions"]:
            actions += _create_action(world, programme, goals, action_spec, implemented=implemented)
    for step, (to_status, actor_key, note, on) in enumerate(spec["path"]):
        actor = world.users[actor_key]
        with acting_as(actor):
            transition(
                programme,
                to_status,
                actor,
                note=note,
                **(_adoption_besluit(programme, spec, on) if to_status == "vastgesteld" else {}),
                # The history shows when the programme moved, not when the demo was loaded.
                at=datetime.combine(_due(on), time(10)),
            )
            for action_spec in spec.get("between", {}).get(step, {}).get("actions", ()):
                actions += _create_action(world, programme, goals, action_spec)
    if spec["path"]:  # drafted some weeks before it first went out
        programme.created_at = datetime.combine(_due(spec["path"][0][3]), time(9)) - timedelta(weeks=6)
    with acting_as(author):
        _apply_progress(actions)
    world.programmes[spec["key"]] = programme
    return programme


def add_programmes(world: DemoWorld) -> None:
    for spec in content.PROGRAMMES:
        add_programme(world, spec)


def _adoption_besluit(programme, spec: dict, on) -> dict:
    """The raadsbesluit that adopts a demo programme, on the municipality's political agenda."""
    from planner.agenda.models import AgendaItem
    from planner.areas.division import municipality_of

    number = spec["decision"].replace("Raadsbesluit ", "RB")
    item = AgendaItem(
        area=municipality_of(programme.area),
        kind="besluit",
        number=number,
        title=f"Vaststelling {programme.title}",
        date=_due(on),
        body="raad",
        status="aangenomen",
    )
    db.session.add(item)
    db.session.flush()
    return {"decision_item": item, "competent_body": "raad"}


# Run as the demo's functioneel beheerder, after areas and users exist; then the features' steps.
STEPS = (add_reference_data, add_programmes)


def build_demo(samples_dir: Path) -> DemoWorld:
    world = DemoWorld(samples_dir=Path(samples_dir))
    add_areas_and_users(world)
    with acting_as(world.users["admin"]):
        for step in (*STEPS, *hooks.functions("demo")):
            step(world)
    db.session.flush()
    return world


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, role, "area name (code)") for every role of the demo users in this database, the users of
    `content.USERS` first, then those a feature's demo adds (a reader along in another ward, partners)."""
    from planner.core.access import ROLE_LABELS
    from planner.opgaven.services import demo_partner_logins

    order = {email: i for i, (_, email, *_) in enumerate(content.USERS)}
    grants = db.session.scalars(
        select(RoleAssignment)
        .join(RoleAssignment.user)
        .where(User.email.endswith(f"@{content.DOMAIN}", autoescape=True))
        .order_by(RoleAssignment.id)
    )
    rows = sorted(grants, key=lambda g: (order.get(g.user.email, len(order)), g.user.email))
    return [(g.user.email, ROLE_LABELS[g.role], f"{g.area.name} ({g.area.code})") for g in rows] + demo_partner_logins(
        content.DOMAIN
    )
