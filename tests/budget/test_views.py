"""Budget pages: scoped overviews to the cent, the allocation form, 403/404 for another ward, CSRF."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import event, func, select

from planner.budget import services
from planner.budget.models import Allocation
from planner.extensions import db
from tests.helpers import login


def _allocate(w):
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("10000.00"))
    db.session.commit()


def test_municipality_page_shows_totals_in_dutch_money(client, ward_world, make_user):
    w = ward_world
    _allocate(w)
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    html = client.get("/begroting/GM0794?jaar=2026").get_data(as_text=True)
    assert "€\xa0100.000,00" in html  # gewijzigd
    assert "€\xa040.000,00" in html  # toegekend
    assert "€\xa060.000,00" in html  # vrij
    assert "Binnenstad" in html and "Helmond-Oost" in html
    assert "plotly.min.js" in html and 'nonce="' in html


def test_ward_page_shows_only_its_share(client, ward_world, make_user):
    w = ward_world
    _allocate(w)
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    html = client.get("/begroting/WK079410?jaar=2026").get_data(as_text=True)
    assert "€\xa030.000,00" in html  # toegekend to Binnenstad
    assert "€\xa075.000,00" in html  # its share of the line: 100,000 × 30/40
    assert "Speeltuin" not in html and "€\xa010.000,00" not in html


def test_ward_overview_shares_add_up_to_the_municipality(ward_world, make_user):
    w = ward_world
    _allocate(w)
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    a = services.ward_overview(controller, w["a"], 2026).total
    b = services.ward_overview(controller, w["b"], 2026).total
    whole = services.municipality_overview(controller, w["gm"], 2026)
    assert a.gewijzigd + b.gewijzigd == whole.total.gewijzigd == Decimal("100000.00")
    assert a.toegekend + b.toegekend == whole.total.toegekend
    assert whole.ward_total.vrij == whole.total.vrij == Decimal("60000.00")
    # The ward comparison's money columns: the same per-ward figures, for each user's own scope.
    team = make_user("t@helmond.nl", "team_member", w["a"])
    for user in (controller, team):
        assert services.ward_figures(user, w["gm"], 2026) == services.municipality_overview(user, w["gm"], 2026).by_ward


def test_team_member_cannot_see_or_allocate_for_another_ward(client, ward_world, make_user):
    w = ward_world
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    assert client.get("/begroting/WK079411").status_code == 404
    assert client.get(f"/programmas/{w['p_b'].id}/begroting").status_code == 404
    response = client.post(
        f"/acties/{w['action_b'].id}/toekenningen", data={"year": 2026, "budget_line_id": w["line"].id, "amount": "10"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Allocation.id))) == 0


def test_reader_cannot_allocate_and_sees_no_draft_money(client, ward_world, make_user):
    w = ward_world
    _allocate(w)
    login(client, make_user("r@helmond.nl", "reader", w["gm"]))
    html = client.get("/begroting/GM0794?jaar=2026").get_data(as_text=True)
    assert "Buurtkamer" not in html
    assert "€\xa0100.000,00" in html and "€\xa040.000,00" not in html  # concept programmes: not counted
    assert client.post(f"/acties/{w['action_a'].id}/toekenningen", data={}).status_code == 404


def test_allocation_form_on_action_page_and_errors_beside_the_field(client, ward_world, make_user):
    w = ward_world
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    page = client.get(f"/acties/{w['action_a'].id}").get_data(as_text=True)
    assert 'id="begroting"' in page and "Geld toekennen uit de begroting" in page
    response = client.post(
        f"/acties/{w['action_a'].id}/toekenningen",
        data={"year": 2026, "budget_line_id": w["line"].id, "amount": "150.000,00"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="amount-fout"' in html and "vrij" in html
    assert db.session.scalar(select(func.count(Allocation.id))) == 0
    response = client.post(
        f"/acties/{w['action_a'].id}/toekenningen", data={"year": 2026, "budget_line_id": w["line"].id, "amount": "-5"}
    )
    assert "negatief" in response.get_data(as_text=True)
    response = client.post(
        f"/acties/{w['action_a'].id}/toekenningen",
        data={"year": 2026, "budget_line_id": w["line"].id, "amount": "12.500,50"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Allocation.amount)) == Decimal("12500.50")
    assert "€\xa012.500,50" in client.get(f"/acties/{w['action_a'].id}").get_data(as_text=True)


def test_an_allocation_is_removed_only_after_confirming(client, ward_world, make_user):
    w = ward_world
    _allocate(w)
    mine = db.session.scalar(select(Allocation).where(Allocation.action_id == w["action_a"].id))
    theirs = db.session.scalar(select(Allocation).where(Allocation.action_id == w["action_b"].id))
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    asked = client.post(f"/toekenningen/{mine.id}/verwijderen")
    html = asked.get_data(as_text=True)
    number = w["action_a"].number
    assert asked.status_code == 200 and f"Toekenning 2026 van €\xa030.000,00 aan actie {number} verwijderen?" in html
    assert "6.1 · Buurtwerk" in html and "gesloten P&amp;C-momenten houden hun vastgelegde cijfers" in html
    assert db.session.scalar(select(func.count(Allocation.id))) == 2
    assert client.post(f"/toekenningen/{theirs.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 404
    done = client.post(f"/toekenningen/{mine.id}/verwijderen", data={"bevestigd": "ja"})
    assert done.status_code == 302 and done.headers["Location"].endswith("#begroting")
    assert db.session.scalars(select(Allocation.action_id)).all() == [w["action_b"].id]


def test_allocation_and_note_without_csrf_token_are_refused(csrf_client, ward_world):
    w = ward_world
    url = f"/acties/{w['action_a'].id}/toekenningen"
    response = csrf_client.post(url, data={"year": 2026, "budget_line_id": w["line"].id, "amount": "10"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Allocation.id))) == 0


def test_programme_budget_page_and_index(client, ward_world, make_user):
    w = ward_world
    _allocate(w)
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    index = client.get("/begroting").get_data(as_text=True)
    assert "WOP Binnenstad" in index and "WOP Helmond-Oost" not in index
    html = client.get(f"/programmas/{w['p_a'].id}/begroting?jaar=2026").get_data(as_text=True)
    assert "€\xa030.000,00" in html and "Buurtkamer Binnenstad" in html


def test_amount_with_dots_for_thousands_reads_as_dutch(client, ward_world, make_user):
    w = ward_world
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    for typed, stored in (("80.000", "80000.00"), ("€ 1.250,5", "1250.50"), ("99.5", "99.50")):
        response = client.post(
            f"/acties/{w['action_a'].id}/toekenningen",
            data={"year": 2026, "budget_line_id": w["line"].id, "amount": typed},
        )
        assert response.status_code == 302, typed
        assert db.session.scalar(select(Allocation.amount)) == Decimal(stored), typed


def test_pages_say_when_no_population_is_known_and_give_per_resident_figures_when_it_is(client, ward_world, make_user):
    from planner.indicators.models import Indicator, Measurement

    w = ward_world
    _allocate(w)
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    for url in ("/begroting/WK079410?jaar=2026", "/begroting/GM0794?jaar=2026", f"/programmas/{w['p_a'].id}/begroting"):
        html = client.get(url).get_data(as_text=True)
        assert "Geen inwonertal bekend" in html and "Toegekend per inwoner" not in html, url
    inhabitants = Indicator(code=services.POPULATION_INDICATOR, name="Aantal inwoners", higher_is_better=None)
    db.session.add(inhabitants)
    db.session.add_all(
        [  # the latest head count counts; a target is no head count
            Measurement(indicator=inhabitants, area=w["a"], period="2023", value=Decimal("14000")),
            Measurement(indicator=inhabitants, area=w["a"], period="2024", value=Decimal("16970")),
            Measurement(indicator=inhabitants, area=w["a"], period="2030", kind="streef", value=Decimal("20000")),
        ]
    )
    db.session.commit()
    html = client.get("/begroting/WK079410?jaar=2026").get_data(as_text=True)
    assert "Inwoners (CBS): 16.970" in html and "Geen inwonertal" not in html
    assert "€\xa01,77" in html  # toegekend 30.000,00 / 16.970 inwoners
    assert "€\xa01,77" in client.get(f"/programmas/{w['p_a'].id}/begroting?jaar=2026").get_data(as_text=True)


def test_index_title_and_breadcrumb_are_plain(client, ward_world, make_user):
    login(client, make_user("t@helmond.nl", "team_member", ward_world["a"]))
    html = client.get("/begroting").get_data(as_text=True)
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<h2" not in title and "Per wijkontwikkelprogramma" not in title
    assert html.count("Per wijkontwikkelprogramma") == 1


def test_budget_years_are_the_municipalitys_own_each_once_in_order(helmond, make_area, make_line):
    gm = helmond[0]
    for year, kind in ((2027, "na_wijziging"), (2024, "realisatie"), (2027, "realisatie"), (2030, "primitief")):
        make_line(gm, "100.00", year=year, kind=kind)
    make_line(make_area("GM0772", "Eindhoven"), "100.00", year=2025)
    db.session.commit()
    assert services.budget_years(gm) == [2024, 2027, 2030]
    assert services.has_budget_year(gm, 2027) and not services.has_budget_year(gm, 2025)
    assert services.budget_years(make_area("GM0014", "Groningen")) == []


def test_controller_sets_the_mandate_that_decides_shift_or_begrotingswijziging(client, ward_world, make_user):
    from planner.budget.models import BudgetMandate

    w = ward_world
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    overview = client.get("/begroting/GM0794?jaar=2026").get_data(as_text=True)
    assert "/begroting/GM0794/mandaat" in overview  # reachable from the budget page
    for typed in ("veel", "-5,00", "99999999999999,00"):
        html = client.post("/begroting/GM0794/mandaat", data={"amount": typed}).get_data(as_text=True)
        assert 'id="amount-fout"' in html, typed
        assert db.session.scalar(select(func.count(BudgetMandate.id))) == 0
    client.post("/begroting/GM0794/mandaat", data={"amount": "10.000,00"})
    assert services.mandate_of(w["gm"]) == Decimal("10000.00")
    assert "€\xa010.000,00 per overschrijding" in client.get("/begroting/GM0794?jaar=2026").get_data(as_text=True)
    # Within the mandate an overshoot is a shift; beyond it, a proposed begrotingswijziging.
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("95000.00"))
    shift = services.allocate(
        w["action_b"], w["line"], year=2026, amount=Decimal("10000.00"), override=True, reason="Extra spelen"
    )
    assert shift.amendment == "mandaat"
    db.session.rollback()
    client.post("/begroting/GM0794/mandaat", data={"amount": ""})  # empty: no mandate any more
    assert services.mandate_of(w["gm"]) is None
    client.post("/uitloggen")
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    assert client.get("/begroting/GM0794/mandaat").status_code in (403, 404)
    assert client.post("/begroting/GM0794/mandaat", data={"amount": "1,00"}).status_code in (403, 404)
    assert services.mandate_of(w["gm"]) is None


def test_the_mandate_page_sets_an_own_amount_per_begrotingsprogramma(client, ward_world, make_user):
    from planner.budget.models import ProgrammeMandate

    w = ward_world
    w["line"].budget_programme = "6. Sociaal domein"
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    services.set_mandate(w["gm"], Decimal("5000.00"))
    db.session.commit()
    page = client.get("/begroting/GM0794/mandaat").get_data(as_text=True)
    assert "6. Sociaal domein" in page and "mandaat van de gemeente" in page
    url = "/begroting/GM0794/mandaat/programma"
    for data, field in (
        ({"programma-budget_programme": "", "programma-amount": "1,00"}, "programma-budget_programme"),
        ({"programma-budget_programme": "9. Onbekend", "programma-amount": "1,00"}, "programma-budget_programme"),
        ({"programma-budget_programme": "6. Sociaal domein", "programma-amount": "-1,00"}, "programma-amount"),
    ):
        response = client.post(url, data=data)
        assert response.status_code == 422 and f'id="{field}-fout"' in response.get_data(as_text=True), data
        assert db.session.scalar(select(func.count(ProgrammeMandate.id))) == 0
    client.post(url, data={"programma-budget_programme": "6. Sociaal domein", "programma-amount": "25.000,00"})
    assert services.mandate_of(w["gm"], "6. Sociaal domein") == Decimal("25000.00")
    assert "eigen mandaat" in client.get("/begroting/GM0794/mandaat").get_data(as_text=True)


def test_municipality_page_query_count_does_not_grow_with_lines_and_allocations(
    client, ward_world, make_user, make_line
):
    w = ward_world
    _allocate(w)
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))

    def count_queries():
        counter = {"n": 0}

        def before(*_):
            counter["n"] += 1

        db.session.expire_all()  # both requests start alike: the logged-in user is loaded again
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            response = client.get("/begroting/GM0794?jaar=2026")
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        assert response.status_code == 200
        return counter["n"], response.get_data(as_text=True)

    first, _ = count_queries()
    for n in range(12):
        key = f"KPL{n + 2}/4300/6.{n % 3 + 1}"
        # A line with only a primitief budget counts that as its budget after amendment too.
        line = make_line(w["gm"], "1000.00", key=key, kind="primitief" if n % 2 else "na_wijziging")
        make_line(w["gm"], "250.00", key=key, kind="realisatie")
        make_line(w["gm"], "500.00", key=f"BATEN{n}", direction="baten")
        services.allocate(w["action_a" if n % 2 else "action_b"], line, year=2026, amount=Decimal("100.00"))
    db.session.commit()
    again, html = count_queries()
    assert again == first
    assert "€\xa0112.000,00" in html  # gewijzigd: 100,000 + 12 × 1,000 (primitief or na wijziging)
    assert "€\xa041.200,00" in html  # toegekend: 40,000 + 12 × 100
    assert "€\xa06.000,00" in html  # baten


def test_a_large_budget_is_searched_not_listed_and_any_found_line_can_be_allocated(
    client, ward_world, make_user, make_line, monkeypatch
):
    """A big city's budget has tens of thousands of lines: the action page offers a few and a search,
    and a line found by searching (beyond the first few) is allocated like any other."""
    w = ward_world
    monkeypatch.setattr(services, "LINE_CHOICE_LIMIT", 3)
    wanted = None
    for n in range(6):
        line = make_line(w["gm"], "5000.00", key=f"KPL{n + 20}/4300/6.1", description=f"Wijkregel {n}")
        wanted = line if n == 4 else wanted
    wanted.description = "Speeltuinen Binnenstad"
    db.session.commit()
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    url = f"/acties/{w['action_a'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "meer regels dan een keuzelijst kan tonen" in page and 'id="regel"' in page
    assert page.count('data-year="2026"') == 3 and "Speeltuinen Binnenstad" not in page
    found = client.get(url, query_string={"regel": "speeltuin binnenstad"}).get_data(as_text=True)
    assert '1 regel gevonden voor "speeltuin binnenstad"' in found and "Speeltuinen Binnenstad" in found
    for stale in ("3000000000", "99999999999999999999", "٣"):  # beyond the database's ids, or not ASCII
        refused = client.post(f"{url}/toekenningen", data={"year": 2026, "budget_line_id": stale, "amount": "1,00"})
        assert refused.status_code == 200, (stale, refused.status_code, refused.headers.get("Location"))
        assert 'id="budget_line_id-fout"' in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Allocation.id))) == 0
    response = client.post(
        f"{url}/toekenningen", data={"year": 2026, "budget_line_id": wanted.id, "amount": "1.000,00"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Allocation.budget_line_id)) == wanted.id
