"""The demo tells a story a Helmond civil servant recognises: dates in the right order, Helmond's words."""

import csv
import re
from datetime import date, timedelta

from sqlalchemy import String, Text, select

from planner.actions.models import Action, Milestone
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.areas.models import Area
from planner.budget.demo import LINES, TAAKVELD_NAMES
from planner.config import ROOT
from planner.extensions import db
from planner.indicators.models import Indicator
from planner.opgaven.models import Agreement, Opgave, Organisation
from planner.participation.models import ConsultationPeriod, ParticipationMoment
from planner.programmes.models import ProgrammeVersion

ELECTIONS_2026 = date(2026, 3, 18)


def _item(title: str) -> AgendaItem | None:
    return db.session.scalar(select(AgendaItem).where(AgendaItem.title == title))


def _all_texts() -> list[str]:
    """Every text value in every table: what a reader of the demo can come across."""
    texts = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if columns:
            texts += [v for row in db.session.execute(select(*columns)) for v in row if v]
    return texts


def test_council_decides_two_months_after_the_consultation_and_the_college_in_between(demo):
    checked = 0
    for period in db.session.scalars(select(ConsultationPeriod)):
        programme = period.programme
        versions = sorted(programme.versions, key=lambda v: v.number)
        assert [v.created_at for v in versions] == sorted(v.created_at for v in versions), programme.title
        assert programme.created_at < versions[0].created_at
        weeks = (period.closes_on - period.opens_on).days / 7
        assert 4 <= weeks <= 6, programme.title
        moments = db.session.scalars(
            select(ParticipationMoment.date).where(ParticipationMoment.programme_id == programme.id)
        ).all()
        assert max(moments) <= max(period.closes_on, date.today()), programme.title
        proposal = _item(f"Raadsvoorstel {programme.title}")
        if programme.status == "consultatie":
            assert period.opens_on == versions[-1].created_at.date() <= date.today() <= period.closes_on
            continue
        to_college = next(v for v in versions if v.status == "besluitvorming")
        assert to_college.created_at.date() > period.closes_on, programme.title
        assert proposal is not None and proposal.date >= to_college.created_at.date(), programme.title
        decision = _item(f"Vaststelling {programme.title}")
        if decision is None:  # still with the council
            continue
        adopted = next(v for v in versions if v.status == "vastgesteld")
        assert decision.date == adopted.created_at.date(), programme.title
        assert decision.date >= period.closes_on + timedelta(weeks=8), programme.title
        assert decision.date not in moments, programme.title
        checked += 1
    assert checked >= 2
    assert all(v.created_at.date() <= date.today() for v in db.session.scalars(select(ProgrammeVersion)))
    assert all(d <= date.today() for d in db.session.scalars(select(AgendaItem.date)))


def test_coalition_agreement_2026_2030_carries_actions_over_from_2022_2026(demo):
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.kind == "coalitieakkoord")).all()
    old = [i for i in items if i.date < ELECTIONS_2026]
    new = [i for i in items if i.date > ELECTIONS_2026]
    assert old and all(i.status == "afgedaan" and "2022–2026" in i.description for i in old)
    assert new and all(i.status == "open" and "2026–2030" in i.description for i in new)

    def actions(group):
        return set(
            db.session.scalars(
                select(ActionAgendaLink.action_id).where(ActionAgendaLink.agenda_item_id.in_([i.id for i in group]))
            )
        )

    carried = actions(old) & actions(new)
    titles = set(db.session.scalars(select(Action.title).where(Action.id.in_(carried))))
    assert {"Pandenaanpak leegstaande winkels", "Renovatie portiekflats Planetenlaan"} <= titles


def test_helmond_has_wijkraden_and_an_industrial_estate_has_its_entrepreneurs(demo):
    texts = _all_texts()
    for word in ("stadsdeelcommissie", "bewonersplatform", "Karregat", "Eindhoven", "Strijp", "Evoluon"):
        assert not [t for t in texts if word.lower() in t.lower()], word
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.body == "wijkraad")) is not None
    estate = db.session.scalar(select(Organisation).where(Organisation.name.contains("Industriegebied Zuid")))
    assert estate.kind == "ondernemers" and "Wijkraad" not in estate.name
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Wijkraad Helmond-West")) is not None


def test_sociaal_plan_is_not_adopted_anywhere_in_the_story(demo):
    milestone = db.session.scalar(select(Milestone).where(Milestone.title == "Sociaal plan met huurders vastgesteld"))
    assert milestone.done_on is None
    assert not [t for t in _all_texts() if "in het sociaal plan staat" in t.lower()]
    assert "niet meer dan de jaarlijkse huurverhoging" not in " ".join(db.session.scalars(select(Agreement.text)).all())


def test_an_opgave_is_an_opportunity_and_residents_lead_an_action(demo):
    statements = db.session.scalars(select(Opgave.statement)).all()
    assert any(" kans " in s for s in statements)
    led = db.session.scalars(
        select(Action)
        .join(Organisation, Action.owner_organisation_id == Organisation.id)
        .where(Organisation.kind == "bewonersorganisatie")
    ).all()
    assert "Buurthuis De Fonkel weer open" in {a.title for a in led}


def test_indicators_use_the_wording_of_their_source(demo):
    indicators = {i.name: i for i in db.session.scalars(select(Indicator))}
    unsafe = indicators["Voelt zich weleens onveilig in de eigen buurt"]
    assert unsafe.source.startswith("Veiligheidsmonitor") and unsafe.unit == "%" and not unsafe.higher_is_better
    vacancy = indicators["Winkelleegstand als aandeel van het winkelvloeroppervlak"]
    assert vacancy.source.startswith("Locatus") and not vacancy.higher_is_better


def test_demo_budget_lines_sit_on_real_taakvelden_that_fit_them():
    with (ROOT / "imports/samples/bbv/taakvelden.csv").open(encoding="utf-8-sig") as f:
        names = {row[0]: row[1] for row in csv.reader(f, delimiter=";") if row}
    assert all(names[code] == name for code, name in TAAKVELD_NAMES.items())
    assert {line[2] for line in LINES} <= set(TAAKVELD_NAMES)
    centrummanagement = next(line for line in LINES if "Centrummanagement" in line[3])
    assert centrummanagement[2] in ("3.3", "3.4")


def test_programme_title_period_and_consultation_agree(demo):
    from planner.programmes.models import Programme

    for programme in db.session.scalars(select(Programme)):
        if re.search(r"\d{4}", programme.title):  # a title that names a period names the programme's own
            assert f"{programme.start_year}–{programme.end_year}" in programme.title, programme.title
        period = db.session.get(ConsultationPeriod, programme.id)
        if period is not None:  # a draft is consulted before its period starts, or in its first year at the latest
            assert period.opens_on.year <= programme.start_year, programme.title
    stad = db.session.scalar(select(Programme).where(Programme.title.startswith("Stedelijke wijkaanpak")))
    assert stad.status == "uitvoering"
    assert _item(f"Vaststelling {stad.title}").date == date(2025, 2, 6)


def test_history_is_dated_in_the_story_not_at_load_time(demo):
    from planner.core.models import AuditEvent, utcnow
    from planner.opgaven.services import lifecycle
    from planner.participation.models import Contribution

    loaded = utcnow() - timedelta(hours=1)
    for opgave in db.session.scalars(select(Opgave)):
        steps = lifecycle(opgave)
        assert [s.at for s in steps] == sorted(s.at for s in steps), opgave.title
        assert all(s.at < loaded for s in steps), opgave.title
    answered = db.session.scalars(select(Contribution).where(Contribution.responded_at.is_not(None))).all()
    assert answered and all(c.submitted_at <= c.responded_at < loaded for c in answered)
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "Contribution", AuditEvent.after.is_not(None))
    ).all()
    assert any(e.at < loaded for e in events)


def test_signals_reach_a_programme_an_answer_and_the_triage(demo):
    from planner.participation.models import Signal

    outcomes = {s.outcome: s for s in db.session.scalars(select(Signal))}
    assert {"programma", "beantwoord", "nieuw"} <= set(outcomes)
    assert outcomes["programma"].contribution.programme.status == "uitvoering"
    assert outcomes["programma"].contribution.phase == "uitvoering"
    assert outcomes["beantwoord"].answer and outcomes["beantwoord"].triaged_at > outcomes["beantwoord"].submitted_at


def test_a_programme_in_execution_hears_residents_on_its_actions(demo):
    from planner.participation import phases
    from planner.participation.models import Contribution

    reaction = db.session.scalar(
        select(Contribution).where(Contribution.phase == "uitvoering", Contribution.action_id.is_not(None))
    )
    programme = reaction.programme
    assert programme.status == "uitvoering" and phases.current(programme)[2] == "open"
    assert reaction.action is not None and reaction.moderation == "gepubliceerd" and reaction.response
    consulted = db.session.get(ConsultationPeriod, programme.id)
    assert phases.stored(programme)["uitvoering"].opens_on > consulted.closes_on


def test_the_money_story_has_what_a_controller_looks_for(demo):
    """Helmond's begrotingsprogramma's with baten (a SPUK grant, the corporations' contribution), an
    investment credit and a reserve withdrawal, a granted and a refused application, a residents'
    initiative, bookings on every Binnenstad action with a projectnummer, hours on an opgave, a paid advance
    and a begrotingsprogramma with its own mandate."""
    from sqlalchemy import func

    from planner.budget import services
    from planner.budget.demo import PROJECTS
    from planner.budget.models import ActionFinanceCode, ActionSpending, BudgetLine, FundingSource
    from planner.subsidies.models import CapacityEntry, SubsidyApplication, SubsidyPayment

    gm = db.session.scalar(select(Area).where(Area.code == "GM0794"))
    programmes = services.budget_programmes(gm)
    assert "6. Sociaal Helmond" in programmes and "8. Wonen en stedelijke ontwikkeling" in programmes
    baten = set(db.session.scalars(select(BudgetLine.description).where(BudgetLine.direction == "baten")))
    assert {"SPUK Gezonde Leefstijl (GALA), rijksbijdrage", "Bijdragen woningcorporaties wijkvernieuwing"} <= baten
    kinds = set(db.session.scalars(select(FundingSource.kind)))
    assert {"investering", "reserve", "subsidie", "partner"} <= kinds
    by_status = {
        a.status: a for a in db.session.scalars(select(SubsidyApplication).where(~SubsidyApplication.initiative))
    }
    assert by_status["verleend"].conditions and by_status["geweigerd"].reasons
    initiative = db.session.scalar(select(SubsidyApplication).where(SubsidyApplication.initiative))
    assert initiative is not None and initiative.public_answer
    assert db.session.scalar(
        select(func.count()).select_from(SubsidyPayment).where(SubsidyPayment.paid_on.is_not(None))
    )
    coded = set(db.session.scalars(select(ActionFinanceCode.action_id)))
    booked = set(db.session.scalars(select(ActionSpending.action_id)))
    assert len(coded) == len(PROJECTS) and coded <= booked
    assert db.session.scalar(select(func.count(func.distinct(CapacityEntry.opgave_id)))) >= 1
    assert services.mandate_of(gm, "6. Sociaal Helmond") is not None
    assert services.mandate_of(gm, "3. Werkend en ondernemend Helmond") is None
