"""Role scoping inside queries: another ward's draft never shows, in lists, counts or search."""

from sqlalchemy import func, select

from planner.actions.access import visible_actions
from planner.areas.access import visible_areas
from planner.core import access
from planner.extensions import db
from planner.programmes import services
from planner.programmes.access import can_view_programme, visible_programmes
from tests.helpers import adoption


def _titles(query):
    return sorted(p.title for p in db.session.scalars(query))


def test_team_member_sees_only_their_ward_and_readers_never_see_drafts(helmond, make_user, make_programme, make_action):
    gm, ward_a, ward_b = helmond
    make_programme(ward_a, title="Concept Binnenstad")
    draft_b = make_programme(ward_b, title="Concept Oost")
    adopted_b = make_programme(ward_b, title="Vastgesteld Oost")
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    for step in ("consultatie", "besluitvorming", "vastgesteld"):
        services.transition(adopted_b, step, manager, **(adoption(adopted_b) if step == "vastgesteld" else {}))
    make_action(draft_b, "Geheime actie Oost")
    db.session.commit()

    member_a = make_user("a@helmond.nl", "team_member", ward_a)
    reader = make_user("raad@helmond.nl", "reader", gm)

    assert _titles(visible_programmes(member_a)) == ["Concept Binnenstad"]
    assert _titles(visible_programmes(manager)) == ["Concept Binnenstad", "Concept Oost", "Vastgesteld Oost"]
    assert _titles(visible_programmes(reader)) == ["Vastgesteld Oost"]
    count = db.session.scalar(select(func.count()).select_from(visible_actions(member_a).subquery()))
    assert count == 0
    assert [a.code for a in db.session.scalars(visible_areas(member_a))] == ["WK079410"]
    assert access.can(member_a, "edit", ward_a) and not access.can(member_a, "edit", ward_b)
    assert not access.can(reader, "edit", ward_a) and access.can(reader, "view", ward_a)
    assert can_view_programme(reader, adopted_b) and not can_view_programme(reader, draft_b)


def test_path_prefix_does_not_leak_to_codes_that_merely_start_alike(make_area, make_user):
    gm = make_area("GM0794", "Helmond")
    ward = make_area("WK079410", "Binnenstad", gm)
    other = make_area("WK0794100", "Lookalike", gm)  # starts with the same characters, not below it
    db.session.commit()
    user = make_user("a@helmond.nl", "team_member", ward)
    assert [a.code for a in db.session.scalars(visible_areas(user))] == ["WK079410"]
    assert not access.can(user, "view", other)


def test_covers_a_granted_area_and_its_subtree_but_not_a_code_that_merely_starts_alike():
    paths = ["GM0794/WK079410"]
    assert access.covers(paths, "GM0794/WK079410") and access.covers(paths, "GM0794/WK079410/BU07941001")
    assert not access.covers(paths, "GM0794/WK0794100") and not access.covers(paths, "GM0794")
    assert not access.covers([], "GM0794")


def test_many_granted_paths_cover_exactly_what_one_like_per_path_covers(make_area, monkeypatch):
    """A user with a role in every municipality: the set lookup finds the same areas as the LIKEs."""
    from sqlalchemy import select

    from planner.areas.models import Area
    from planner.core import access
    from planner.extensions import db

    for n in range(12):
        gm = make_area(f"GM{n:04d}", f"Gemeente {n}")
        make_area(f"WK{n:04d}01", f"Wijk {n}", gm)
    make_area("GM00001", "Lijkt op GM0000")  # a longer code with the same start: not covered
    db.session.commit()
    paths = [f"GM{n:04d}" for n in range(10)] + ["GM0011/WK001101"]

    def covered():
        return sorted(db.session.scalars(select(Area.code).where(access.path_condition(Area.path, paths))))

    many = covered()
    monkeypatch.setattr(access, "_MANY_PATHS", 100)
    assert many == covered()
    assert "GM00001" not in many and "WK001101" in many and "GM0010" not in many and len(many) == 21
