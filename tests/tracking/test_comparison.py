"""The ward comparison: scoped by role, filtered, counted in SQL, exported as real numbers."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import event, text

from planner.extensions import db
from tests.helpers import login


@pytest.fixture
def world(helmond, make_area, make_programme, make_action, make_milestone):
    gm, binnenstad, oost = helmond
    from planner.opgaven.models import Opgave, Theme

    wonen = db.session.query(Theme).filter_by(name="Wonen").one()
    opgave = Opgave(area=gm, title="Armoede aanpakken")
    db.session.add(opgave)
    db.session.commit()
    p_b = make_programme(binnenstad, title="WOP Binnenstad")
    p_o = make_programme(oost, title="WOP Helmond-Oost")
    p_b.goals[0].theme_id = wonen.id
    db.session.commit()
    a1 = make_action(p_b, "Buurtkamer", status="loopt", progress=50, goal_id=p_b.goals[0].id)
    a2 = make_action(
        p_b, "Speeltuin", status="loopt", progress=20, start_date=date(2026, 1, 1), end_date=date(2026, 2, 1)
    )  # late on 1 July
    a3 = make_action(p_b, "Schoolplein", status="afgerond", progress=100)
    b1 = make_action(p_o, "Huiskamer Oost", status="gepland", progress=0, opgave_id=opgave.id)
    b2 = make_action(p_o, "Groen", status="loopt", progress=40)
    make_milestone(b2, "Ontwerp klaar", date(2026, 5, 1))  # overdue on 1 July
    eindhoven = make_area("GM0772", "Eindhoven")
    strijp = make_area("WK077201", "Strijp", eindhoven)
    db.session.commit()
    make_action(make_programme(strijp, title="WOP Strijp"), "Geheim plan", status="loopt")
    return {
        "gm": gm,
        "b": binnenstad,
        "o": oost,
        "wonen": wonen,
        "opgave": opgave,
        "ehv": eindhoven,
        "a": (a1, a2, a3),
        "bb": (b1, b2),
    }


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    from planner.tracking import views

    monkeypatch.setattr(views, "today", lambda: date(2026, 7, 1))


def _rows(html):
    return html


def test_area_manager_sees_all_wards_with_counts_and_late_share(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Binnenstad" in html and "Helmond-Oost" in html and "Strijp" not in html
    from planner.core.models import User
    from planner.tracking.comparison import compare

    user = db.session.query(User).filter_by(email="gm@helmond.nl").one()
    c = compare(user, world["gm"], year=2026, today=date(2026, 7, 1))
    rows = {r.code: r for r in c.rows}
    b, o = rows["WK079410"], rows["WK079411"]
    assert (b.total, b.late, b.by_status) == (3, 1, {"loopt": 2, "afgerond": 1})
    assert b.on_schedule_pct == 67 and b.avg_progress == 57  # (50+20+100)/3
    assert (o.total, o.late, o.on_schedule_pct) == (2, 1, 50)
    assert c.total.total == 5 and c.total.late == 2


def test_team_member_sees_only_own_ward(client, world, make_user):
    login(client, make_user("team@binnenstad.nl", "team_member", world["b"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Binnenstad" in html and "Helmond-Oost" not in html and "Huiskamer" not in html
    assert client.get("/vergelijking?gebied=GM0772").status_code == 404
    assert client.get("/vergelijking.xlsx?gebied=GM0772").status_code == 404
    assert client.get("/wijken/WK079411/overzicht").status_code == 404


def test_other_municipality_is_invisible_to_area_manager(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    assert client.get("/vergelijking?gebied=GM0772").status_code == 404
    html = client.get("/vergelijking").get_data(as_text=True)  # defaults to the own municipality
    assert "Helmond" in html and "Eindhoven" not in html


def test_reader_does_not_count_draft_programmes(client, world, make_user):
    login(client, make_user("raad@helmond.nl", "reader", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Binnenstad" in html
    from planner.core.models import User
    from planner.tracking.comparison import compare

    user = db.session.query(User).filter_by(email="raad@helmond.nl").one()
    assert compare(user, world["gm"], year=2026).total.total == 0


def test_filters_theme_opgave_and_year(client, world, make_user):
    from planner.tracking.comparison import compare

    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    assert compare(user, world["gm"], year=2026, theme_id=world["wonen"].id).total.total == 1
    assert compare(user, world["gm"], year=2026, opgave_id=world["opgave"].id).total.total == 1
    assert compare(user, world["gm"], year=2031).total.total == 0  # programmes run 2026–2029
    login(client, user)
    html = client.get(f"/vergelijking?gebied=GM0794&jaar=2026&thema={world['wonen'].id}").get_data(as_text=True)
    assert f'<option value="{world["wonen"].id}" selected>' in html


def test_sorting_by_query_parameters_with_aria_sort(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026&sorteer=acties&richting=af").get_data(as_text=True)
    assert html.index("Binnenstad</a>") < html.index("Helmond-Oost</a>")
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026&sorteer=acties&richting=op").get_data(as_text=True)
    assert html.index("Helmond-Oost</a>") < html.index("Binnenstad</a>")
    assert 'aria-sort="ascending"' in html


def test_charts_have_table_alternatives_and_local_plotly(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert 'id="grafiek-status"' in html and 'href="#tabel-wijken"' in html and 'id="tabel-wijken"' in html
    assert "/vendor/plotly.min.js" in html and "cdn" not in html.lower()


def _measure(code, area, value, period="2024", kind="realisatie", unit="%", name="Koopwoningen"):
    from planner.indicators.models import Indicator, Measurement

    indicator = db.session.query(Indicator).filter_by(code=code).one_or_none()
    if indicator is None:
        indicator = Indicator(code=code, name=name, unit=unit, higher_is_better=True)
        db.session.add(indicator)
        db.session.flush()
    db.session.add(Measurement(indicator=indicator, area=area, period=period, kind=kind, value=Decimal(value)))
    db.session.commit()
    return indicator


def test_indicators_against_target_and_municipal_average_and_per_resident_population(client, world, make_user):
    gm, b, o = world["gm"], world["b"], world["o"]
    _measure("AantalInwoners_5", b, 12000, unit="aantal", name="Aantal inwoners")
    _measure("AantalInwoners_5", o, 8000, unit="aantal", name="Aantal inwoners")
    koop = _measure("Koopwoningen_47", b, 30, period="2023", kind="nulmeting")
    _measure("Koopwoningen_47", b, 34)
    _measure("Koopwoningen_47", o, 55)
    _measure("Koopwoningen_47", gm, 50)
    from planner.indicators.services import set_goal_target

    set_goal_target(
        world["a"][0].programme.goals[0],
        koop,
        b,
        baseline_period="2023",
        target_period="2028",
        target_value=Decimal(45),
    )
    db.session.commit()
    user = make_user("gm@helmond.nl", "area_manager", gm)
    from planner.tracking.comparison import compare

    c = compare(user, gm, year=2026)
    rows = {r.code: r for r in c.rows}
    assert rows["WK079410"].population == 12000 and c.total.population == 20000
    assert [i.code for i in c.indicators] == ["Koopwoningen_47"]
    assert c.indicators[0].average == 50 and c.indicators[0].average_source == "gemeente"
    cell = rows["WK079410"].indicators[koop.id]
    assert cell["value"] == 34 and cell["target"] == 45 and cell["verdict"] == "nog niet op streefwaarde"
    assert rows["WK079411"].indicators[koop.id]["verdict"] == "beter dan gemiddeld"
    login(client, user)
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "grafiek-indicatoren" in html and "streef" in html and "12.000" in html


def test_query_count_does_not_grow_with_actions(client, world, make_user, make_action):
    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    login(client, user)

    def count_queries():
        counter = {"n": 0}

        def before(*_):
            counter["n"] += 1

        db.session.expire_all()  # both requests start alike: the logged-in user is loaded again, not found in memory
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            assert client.get("/vergelijking?gebied=GM0794&jaar=2026").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return counter["n"]

    first = count_queries()
    programme = world["a"][0].programme
    for n in range(15):
        make_action(programme, f"Extra {n}", status="loopt", progress=n)
    assert count_queries() == first


def test_export_workbook_has_numbers_and_frozen_bold_header(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    response = client.get("/vergelijking.xlsx?gebied=GM0794&jaar=2026")
    assert response.status_code == 200 and "vergelijking-GM0794-2026.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Wijken"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["WK079410"]["Acties"] == 3 and isinstance(rows["WK079410"]["Acties"], (int, float))
    assert rows["WK079410"]["Niet op schema"] == 1 and rows["WK079410"]["Op schema (%)"] == 67


def test_cli_export_vergelijking(app, world, tmp_path):
    out = tmp_path / "vergelijking.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "vergelijking", "--area", "GM0794", "--year", "2026", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2 wijken van Helmond" in result.output
    sheet = openpyxl.load_workbook(out)["Wijken"]
    values = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["WK079411"][3] == 2  # Acties
    bad = app.test_cli_runner().invoke(
        args=["export", "vergelijking", "--area", "GM9999", "--year", "2026", "-o", str(out)]
    )
    assert bad.exit_code == 2 and "Onbekende gemeentecode" in bad.output


def test_ward_page_tells_the_story(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/wijken/WK079410/overzicht?jaar=2026").get_data(as_text=True)
    assert "Binnenstad" in html and "WOP Binnenstad" in html and "Speeltuin" in html
    assert "De einddatum 01-02-2026 is verstreken" in html
    assert "Helmond-Oost" not in html.split("<main")[1].split("Vergelijk met andere wijken")[1]


def test_budget_per_resident_where_present_and_recomputed_after_a_change(client, world, make_user):
    from planner.budget.models import BudgetLine
    from planner.budget.services import allocate
    from planner.tracking.comparison import compare

    gm, b = world["gm"], world["b"]
    _measure("AantalInwoners_5", b, 1000, unit="aantal", name="Aantal inwoners")
    user = make_user("gm@helmond.nl", "area_manager", gm)
    assert compare(user, gm, year=2026).has_budget is False  # no budget lines: no money columns
    line = BudgetLine(
        area=gm,
        fiscal_year=2026,
        line_key="KPL1",
        taakveld_code="6.1",
        direction="lasten",
        kind="na_wijziging",
        amount=Decimal("100000"),
    )
    db.session.add_all(
        [
            line,
            BudgetLine(
                area=gm,
                fiscal_year=2026,
                line_key="KPL1",
                taakveld_code="6.1",
                direction="lasten",
                kind="realisatie",
                amount=Decimal("50000"),
            ),
        ]
    )
    db.session.flush()
    allocate(world["a"][0], line, year=2026, amount=Decimal("20000"), user=user)
    db.session.commit()
    row = {r.code: r for r in compare(user, gm, year=2026).rows}["WK079410"]
    assert row.budget.toegekend == Decimal("20000.00") and row.allocated_per_resident == Decimal("20.00")
    assert row.realised_per_resident == Decimal("50.00")  # the line's only holder carries its realisation
    allocate(world["a"][1], line, year=2026, amount=Decimal("30000"), user=user)
    db.session.commit()
    row = {r.code: r for r in compare(user, gm, year=2026).rows}["WK079410"]
    assert row.budget.toegekend == Decimal("50000.00")  # not a stale cached figure
    login(client, user)
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Toegekend per inwoner" in html and "grafiek-geld" in html


def _budget_for_binnenstad(world, user, amount="20000"):
    from planner.budget.models import BudgetLine
    from planner.budget.services import allocate

    line = BudgetLine(
        area=world["gm"],
        fiscal_year=2026,
        line_key="KPL1",
        taakveld_code="6.1",
        direction="lasten",
        kind="na_wijziging",
        amount=Decimal("100000"),
    )
    db.session.add(line)
    db.session.flush()
    allocate(world["a"][0], line, year=2026, amount=Decimal(amount), user=user)
    db.session.commit()


def test_page_shows_each_wards_budget_figures_and_per_resident(client, world, make_user):
    _measure("AantalInwoners_5", world["b"], 1000, unit="aantal", name="Aantal inwoners")
    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    _budget_for_binnenstad(world, user, "20000")
    login(client, user)
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    binnenstad = html.split('href="/wijken/WK079410/overzicht">Binnenstad</a>', 1)[1].split("</tr>", 1)[0]
    assert "€\xa020.000,00" in binnenstad and "€\xa020,00" in binnenstad  # allocated, and per resident


@pytest.mark.parametrize("reads", ["budget", "indicator"])
def test_a_failed_read_fails_the_request_and_frees_its_connection(client, world, make_user, monkeypatch, reads):
    from planner.budget import services as budget
    from planner.indicators import services as indicators

    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    _budget_for_binnenstad(world, user)
    _measure("AantalInwoners_5", world["b"], 1000, unit="aantal", name="Aantal inwoners")
    login(client, user)

    def broken(*args, **kwargs):
        db.session.execute(text("SELECT 1"))  # the session holds a connection now
        raise RuntimeError(f"{reads} read failed")

    module, name = {"budget": (budget, "ward_figure_rows"), "indicator": (indicators, "latest_values")}[reads]
    monkeypatch.setattr(module, name, broken)
    db.session.remove()
    checked_out = db.engine.pool.checkedout()
    with pytest.raises(RuntimeError, match=f"{reads} read failed"):  # not a page without money or indicator columns
        client.get("/vergelijking?gebied=GM0794&jaar=2026")
    db.session.remove()
    assert db.engine.pool.checkedout() == checked_out  # the request gave its connection back


def test_cached_page_follows_a_change_on_the_next_request(client, world, make_user, make_action):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    url = "/vergelijking?gebied=GM0794&jaar=2026"
    assert "Nieuwe speelplek" not in client.get(url).get_data(as_text=True)
    first = client.get(url).get_data(as_text=True)
    make_action(world["a"][0].programme, "Nieuwe speelplek", status="vertraagd")
    second = client.get(url).get_data(as_text=True)
    assert first != second  # 4 actions in Binnenstad now, one more late
    from planner.tracking import cache

    assert len(cache.PAGES._items) == 1


def test_cached_page_follows_a_goal_theme_change(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    url = f"/vergelijking?gebied=GM0794&jaar=2026&thema={world['wonen'].id}"
    first = client.get(url).get_data(as_text=True)
    goal = world["a"][0].programme.goals[0]
    goal.theme_id = None
    db.session.commit()
    assert client.get(url).get_data(as_text=True) != first


def test_ward_and_indicator_rows_escape_names_and_link_each_ward(client, world, make_user):
    # The table bodies are built in Python (planner/tracking/tables.py), outside Jinja's autoescaping.
    world["o"].name = "Oost <b>& West</b>"
    _measure("Koopwoningen_47", world["o"], 55)
    db.session.commit()
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    wards = html.split('id="tabel-wijken"', 1)[1].split("</table>", 1)[0]
    indicators = html.split('id="tabel-indicatoren"', 1)[1].split("</table>", 1)[0]
    assert "<b>&" not in wards and "<b>&" not in indicators
    assert 'href="/wijken/WK079411/overzicht">Oost &lt;b&gt;&amp; West&lt;/b&gt;</a>' in wards
    assert 'href="/wijken/WK079410/overzicht">Binnenstad</a>' in wards
    assert '<th class="utrecht-table__cell" scope="row">Oost &lt;b&gt;&amp; West&lt;/b&gt;</th>' in indicators
    assert "55 <span" in indicators


def test_theme_is_the_goals_theme_not_the_opgaves(world, make_user):
    from planner.tracking.comparison import compare

    world["opgave"].themes.append(world["wonen"])  # b1 serves this opgave, but its goal has no theme
    db.session.commit()
    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    c = compare(user, world["gm"], year=2026, theme_id=world["wonen"].id)
    assert c.total.total == 1 and {r.code: r.total for r in c.rows} == {"WK079410": 1, "WK079411": 0}


def test_theme_and_opgave_narrow_the_money_columns_too(client, world, make_user):
    from planner.budget.models import BudgetLine
    from planner.budget.services import allocate
    from planner.tracking.comparison import compare

    user = make_user("gm@helmond.nl", "area_manager", world["gm"])
    _budget_for_binnenstad(world, user, "20000")  # to the Wonen action
    line = db.session.query(BudgetLine).one()
    allocate(world["a"][1], line, year=2026, amount=Decimal("5000"), user=user)  # no theme
    allocate(world["bb"][0], line, year=2026, amount=Decimal("7000"), user=user)  # the opgave's action
    db.session.commit()
    total = compare(user, world["gm"], year=2026).total.budget.toegekend
    wonen = compare(user, world["gm"], year=2026, theme_id=world["wonen"].id).total.budget.toegekend
    opgave = compare(user, world["gm"], year=2026, opgave_id=world["opgave"].id).total.budget.toegekend
    assert (total, wonen, opgave) == (Decimal("32000.00"), Decimal("20000.00"), Decimal("7000.00"))
    login(client, user)
    html = client.get(f"/vergelijking?gebied=GM0794&jaar=2026&thema={world['wonen'].id}").get_data(as_text=True)
    assert "€\xa020.000,00" in html and "€\xa032.000,00" not in html
    assert "inwoners en indicatoren gelden voor de hele wijk" in html


def test_workbook_records_the_selection_in_a_sheet_and_its_name(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    response = client.get(f"/vergelijking.xlsx?gebied=GM0794&jaar=2026&thema={world['wonen'].id}")
    assert "vergelijking-GM0794-2026-thema-wonen.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[0] == "Selectie"
    chosen = {r[0]: r[1] for r in book["Selectie"].iter_rows(min_row=2, max_row=7, values_only=True)}
    assert chosen["Thema"] == "Wonen" and chosen["Opgave"] == "alle opgaven" and chosen["Jaar"] == "2026"
    header = [c.value for c in book["Wijken"][1]]
    assert "Status vertraagd" in header and "Niet op schema" in header and "Vertraagd" not in header


def test_an_invalid_year_is_named_in_dutch_not_replaced_silently(client, world, make_user):
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    html = client.get("/vergelijking?gebied=GM0794&jaar=20x6").get_data(as_text=True)
    assert "&#39;20x6&#39; is geen geldig jaar: kies een jaar van 2000 tot en met 2100. U ziet nu 2026." in html
    assert "geen geldig jaar" not in client.get("/vergelijking?gebied=GM0794&jaar=2027").get_data(as_text=True)
    assert "&#39;1850&#39; is geen geldig jaar" in client.get("/wijken/WK079410/overzicht?jaar=1850").get_data(
        as_text=True
    )


def test_export_puts_capacity_hours_beside_the_money_as_the_page_does(client, world, make_user):
    from planner.opgaven.models import Opgave
    from planner.subsidies.capacity import record_capacity

    opgave = Opgave(area=world["b"], title="Binnenstad leefbaar")
    db.session.add(opgave)
    db.session.flush()
    record_capacity(opgave, year=2026, who="Wijkteam", planned=Decimal("120"), actual=Decimal("80.5"))
    record_capacity(opgave, year=2026, who="Woonbedrijf", planned=Decimal("40"), actual=Decimal("10"))
    db.session.commit()
    login(client, make_user("gm@helmond.nl", "area_manager", world["gm"]))
    page = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Geplande uren" in page and "160,0" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get("/vergelijking.xlsx?gebied=GM0794&jaar=2026").data))
    sheet = book["Wijken"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert (rows["WK079410"]["Geplande uren"], rows["WK079410"]["Bestede uren"]) == (160, 90.5)
    assert rows["WK079411"]["Geplande uren"] is None
    assert (rows["GM0794"]["Geplande uren"], rows["GM0794"]["Bestede uren"]) == (160, 90.5)
