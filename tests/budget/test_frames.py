"""Budget frames: a programme's and an opgave's kader, and what is free within it."""

from __future__ import annotations

from decimal import Decimal

from planner.budget import frames, services
from planner.extensions import db
from tests.helpers import csrf_token, login


def test_programme_page_sets_the_kader_and_shows_what_is_free_within_it(ward_world, client, make_user):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    db.session.commit()
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    login(client, controller)
    page = f"/programmas/{w['p_a'].id}"
    token = csrf_token(client, page)
    bad = client.post(f"/programmas/{w['p_a'].id}/kader", data={"csrf_token": token, "amount": "-5"})
    assert bad.status_code == 200 and "niet negatief" in bad.get_data(as_text=True)
    assert frames.programme_frame(controller, w["p_a"]).frame is None
    done = client.post(f"/programmas/{w['p_a'].id}/kader", data={"csrf_token": token, "amount": "100.000"})
    assert done.status_code == 302
    status = frames.programme_frame(controller, w["p_a"])
    assert (status.frame, status.allocated, status.free) == (
        Decimal("100000.00"),
        Decimal("30000.00"),
        Decimal("70000.00"),
    )
    html = client.get(page).get_data(as_text=True)
    assert "Vrij binnen kader" in html and "€\xa070.000,00" in html


def test_an_opgave_kader_counts_the_actions_of_the_opgave(ward_world, make_user):
    from planner.opgaven.services import create_opgave

    w = ward_world
    opgave = create_opgave(area=w["gm"], title="Armoede", statement="Te veel kinderen in armoede.")
    w["action_a"].opgave_id = opgave.id
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("12500.00"))
    services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("5000.00"))
    frames.set_frame(Decimal("20000.00"), opgave=opgave)
    db.session.commit()
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    assert frames.opgave_frame(controller, opgave).free == Decimal("7500.00")
