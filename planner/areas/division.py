"""The municipality's own division: stadsdelen (or gebieden) between the gemeente and its CBS wijken.

A stadsdeel is an Area of level "stadsdeel" directly under its gemeente, with its own code
(SD + the gemeente's four digits + a serial: SD0794-01, never a CBS code). Placing a wijk in it
re-parents the wijk and rewrites the path of the wijk and everything below it in one UPDATE, so
grants, programmes, opgaven, budget lines and comparisons, which all match on Area.path, follow.
Where the municipality splits a CBS wijk, single buurten go into a stadsdeel instead; such a buurt
then no longer lies under its wijk.

A stadsdeel is current until its valid_to (the first day it no longer counts). An ended stadsdeel
holds nothing: ending it returns its wijken and buurten to the gemeente in the same save, so no path
points into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import String, func, literal, or_, select, update

from planner.areas.models import Area
from planner.areas.services import area_path
from planner.core import access
from planner.core.audit import current_actor
from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db

CODE_PATTERN = re.compile(r"^SD(\d{4})-(\d{2})$")
CODE_EXAMPLE = "SD0794-01"


# ---- moving a subtree ------------------------------------------------------------------------


def move_area(area: Area, new_parent: Area, *, code: str | None = None) -> None:
    """Hang `area` under `new_parent` (optionally under a new code) and rewrite the path of it and its
    whole subtree in one portable UPDATE: new prefix || the rest of the old path."""
    code = code or area.code
    old, new = area.path, area_path(new_parent, code)
    if old == new:
        return
    db.session.flush()
    db.session.execute(
        update(Area)
        .where(or_(Area.path == old, Area.path.startswith(old + "/", autoescape=True)))
        .values(path=literal(new, String) + func.substr(Area.path, len(old) + 1))
        .execution_options(synchronize_session=False)
    )
    # The UPDATE bypassed the session: reload the paths of every area it holds.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Area):
            db.session.expire(obj, ["path"])
    old_parent_id = area.parent_id
    area.parent_id, area.code = new_parent.id, code
    db.session.flush()
    db.session.expire(area, ["parent"])
    for parent_id in (old_parent_id, new_parent.id):
        parent = db.session.get(Area, parent_id) if parent_id else None
        if parent is not None:
            db.session.expire(parent, ["children"])


def keeps_place(area: Area, cbs_parent: Area) -> bool:
    """A CBS re-import leaves `area` where it is when the municipality placed it in one of its own
    stadsdelen: its parent on the path is a stadsdeel of the same gemeente as its CBS parent."""
    parts = area.path.split("/")
    return len(parts) >= 3 and parts[0] == cbs_parent.path.split("/")[0] and bool(CODE_PATTERN.match(parts[-2]))


# ---- reading the division --------------------------------------------------------------------


def is_current(district: Area, today: date | None = None) -> bool:
    today = today or date.today()
    return district.valid_to is None or district.valid_to > today


def administered_municipalities(user) -> list[Area]:
    """Municipalities whose division `user` may change: a functioneel beheerder on the gemeente itself."""
    paths = access.grant_paths(user, "admin")
    gms = db.session.scalars(select(Area).where(Area.level == "gemeente").order_by(Area.name)).all()
    return [gm for gm in gms if access.covers(paths, gm.path)]


def municipality_of(area: Area) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == area.path.split("/")[0]))


def districts(gm: Area) -> list[Area]:
    return list(
        db.session.scalars(select(Area).where(Area.parent_id == gm.id, Area.level == "stadsdeel").order_by(Area.code))
    )


def members(district: Area) -> list[Area]:
    """The wijken and single buurten placed in `district`."""
    return list(
        db.session.scalars(
            select(Area)
            .where(Area.parent_id == district.id, Area.level.in_(("wijk", "buurt")))
            .order_by(Area.level.desc(), Area.code)  # wijken first
        )
    )


@dataclass
class WardChoice:
    ward: Area
    district: Area | None  # the stadsdeel the wijk lies in now
    neighbourhoods: list = field(default_factory=list)  # (buurt, its stadsdeel or None)


def ward_code_of(neighbourhood_code: str) -> str:
    """The CBS wijk of a buurt: BU07941001 → WK079410."""
    return f"WK{neighbourhood_code[2:8]}"


def division_choices(gm: Area) -> list[WardChoice]:
    """Every wijk of `gm` with its buurten, each with the stadsdeel it lies in now: what the form offers."""
    areas = db.session.scalars(
        select(Area)
        .where(Area.path.startswith(gm.path + "/", autoescape=True), Area.level.in_(("stadsdeel", "wijk", "buurt")))
        .order_by(Area.code)
    ).all()
    by_id = {a.id: a for a in areas}
    choices = {a.code: WardChoice(a, _district_of(a, by_id)) for a in areas if a.level == "wijk"}
    for a in areas:
        if a.level == "buurt" and ward_code_of(a.code) in choices:
            choices[ward_code_of(a.code)].neighbourhoods.append((a, _district_of(a, by_id)))
    return list(choices.values())


def _district_of(area: Area, by_id: dict) -> Area | None:
    parent = by_id.get(area.parent_id)
    while parent is not None and parent.level != "stadsdeel":
        parent = by_id.get(parent.parent_id)
    return parent


def next_code(gm: Area) -> str:
    """A free code for a new stadsdeel of `gm`: SD0794-01, -02, …"""
    digits = gm.code[2:6]
    taken = set(db.session.scalars(select(Area.code).where(Area.code.startswith(f"SD{digits}-", autoescape=True))))
    n = 1
    while f"SD{digits}-{n:02d}" in taken and n < 99:
        n += 1
    return f"SD{digits}-{n:02d}"


# ---- changing the division -------------------------------------------------------------------


@dataclass
class Saved:
    district: Area
    placed: list = field(default_factory=list)  # areas moved into the stadsdeel
    returned: list = field(default_factory=list)  # areas moved back to the gemeente


def save_district(
    district: Area | None,
    *,
    gm: Area,
    code: str,
    name: str,
    valid_from: date | None,
    valid_to: date | None,
    wards=(),
    neighbourhoods=(),
    today: date | None = None,
) -> Saved:
    """Create or change a stadsdeel of `gm` and place exactly `wards` and `neighbourhoods` in it.
    Ending it (valid_to today or earlier) returns everything in it to the gemeente."""
    today = today or date.today()
    name = " ".join((name or "").split())
    code = (code or "").strip().upper()
    if not name:
        raise PlannerError("Vul de naam van het stadsdeel of gebied in, bijvoorbeeld 'Stadsdeel Noord'.", "name")
    if len(name) > 200:
        raise PlannerError("Een naam is hoogstens 200 tekens.", "name")
    _check_code(gm, code, district)
    if valid_from and valid_to and valid_to < valid_from:
        raise PlannerError(
            "De einddatum ligt vóór de begindatum. Kies een einddatum op of na de begindatum.", "valid_to"
        )
    wards, neighbourhoods = list(dict.fromkeys(wards)), list(dict.fromkeys(neighbourhoods))
    ended = valid_to is not None and valid_to <= today
    if not ended:
        _check_members(gm, district, wards, neighbourhoods, today)
    before = _snapshot(district) if district is not None else None

    if district is None:
        district = Area(
            code=code, name=name, level="stadsdeel", parent=gm, path=area_path(gm, code), valid_from=valid_from
        )
        db.session.add(district)
        db.session.flush()
    elif code != district.code:
        move_area(district, gm, code=code)
    district.name, district.valid_from, district.valid_to = name, valid_from, valid_to

    saved = Saved(district)
    wanted = set() if ended else {a.id for a in (*wards, *neighbourhoods)}
    for area in members(district):
        if area.id not in wanted:
            move_area(area, gm)
            saved.returned.append(area)
    for area in (*wards, *neighbourhoods) if not ended else ():
        if area.parent_id != district.id:
            move_area(area, district)
            saved.placed.append(area)
    db.session.flush()
    _audit(district, before)
    return saved


def end_district(district: Area, on: date | None, *, today: date | None = None) -> Saved:
    """End a stadsdeel per `on` (today or earlier): its wijken and buurten go back to the gemeente."""
    today = today or date.today()
    check_end_district(district, on, today=today)
    return save_district(
        district,
        gm=municipality_of(district),
        code=district.code,
        name=district.name,
        valid_from=district.valid_from,
        valid_to=on,
        today=today,
    )


def check_end_district(district: Area, on: date | None, *, today: date) -> None:
    if on is None:
        raise PlannerError("Vul de datum in waarop het stadsdeel ophoudt te bestaan.", "valid_to")
    if on > today:
        raise PlannerError(
            "Beëindigen kan per vandaag of een eerdere datum. Een latere einddatum legt u vast met 'Wijzigen'.",
            "valid_to",
        )
    if district.valid_from and on < district.valid_from:
        raise PlannerError("De einddatum ligt vóór de begindatum van het stadsdeel.", "valid_to")


def _check_code(gm: Area, code: str, district: Area | None) -> None:
    match = CODE_PATTERN.match(code)
    if not match:
        raise PlannerError(
            f"Gebruik een code als {CODE_EXAMPLE}: SD, de vier cijfers van de gemeente, een streepje en twee "
            "cijfers. CBS-codes (GM, WK, BU) zijn voor de CBS-indeling.",
            "code",
        )
    if match.group(1) != gm.code[2:6]:
        raise PlannerError(
            f"De code begint met SD{gm.code[2:6]}: de cijfers van {gm.name} ({gm.code}).",
            "code",
        )
    other = db.session.scalar(select(Area).where(Area.code == code))
    if other is not None and other is not district:
        raise PlannerError(f"De code {code} is al in gebruik voor {other.name}. Kies een andere code.", "code")


def _check_members(gm: Area, district: Area | None, wards, neighbourhoods, today: date) -> None:
    chosen_wards = {w.code for w in wards}
    for ward in wards:
        if ward.level != "wijk" or not access.covers([gm.path], ward.path):
            raise PlannerError(f"{ward.name} ({ward.code}) is geen wijk van {gm.name}.", "ward_ids")
        other = _district_above(ward)
        if other is not None and other is not district and is_current(other, today):
            raise PlannerError(
                f"Wijk {ward.name} ligt al in {other.name} ({other.code}). Haal haar daar eerst uit.", "ward_ids"
            )
    for buurt in neighbourhoods:
        if buurt.level != "buurt" or not access.covers([gm.path], buurt.path):
            raise PlannerError(f"{buurt.name} ({buurt.code}) is geen buurt van {gm.name}.", "neighbourhood_ids")
        if ward_code_of(buurt.code) in chosen_wards:
            raise PlannerError(
                f"Buurt {buurt.name} hoort bij een wijk die u al in dit stadsdeel indeelt; vink de buurt niet apart aan.",
                "neighbourhood_ids",
            )
        other = _district_above(buurt)
        if other is not None and other is not district and is_current(other, today):
            raise PlannerError(
                f"Buurt {buurt.name} ligt al in {other.name} ({other.code}), of haar wijk ligt daar. "
                "Een buurt apart indelen kan alleen als haar wijk in geen stadsdeel ligt.",
                "neighbourhood_ids",
            )


def _district_above(area: Area) -> Area | None:
    """The stadsdeel on the path of `area` (its own, or its wijk's), if any."""
    codes = area.path.split("/")[1:-1]
    if not codes:
        return None
    return db.session.scalar(select(Area).where(Area.code.in_(codes), Area.level == "stadsdeel"))


def _snapshot(district: Area) -> dict:
    return {
        "code": district.code,
        "name": district.name,
        "valid_from": district.valid_from.isoformat() if district.valid_from else None,
        "valid_to": district.valid_to.isoformat() if district.valid_to else None,
        "members": [a.code for a in members(district)],
    }


def _audit(district: Area, before: dict | None) -> None:
    """Areas are not audited as such (a CBS import touches thousands); a change of the division is."""
    after = _snapshot(district)
    if before == after:
        return
    actor = current_actor()
    db.session.add(
        AuditEvent(
            user_id=getattr(actor, "id", None),
            user_label=getattr(actor, "email", None) or "systeem",
            entity_type="Area",
            entity_id=district.id,
            entity_label=f"Stadsdeel {district.name} ({district.code})"[:300],
            event="create" if before is None else "update",
            before=before,
            after=after,
        )
    )
    db.session.flush()
