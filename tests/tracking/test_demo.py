"""The demo municipality: residents' input answered and linked to actions,
late actions and indicator gaps on the ward comparison, progress stories on the ward page."""

import io
import re
from datetime import date, datetime
from html import unescape

import openpyxl
from sqlalchemy import func, select

from planner.demo import content
from planner.extensions import db
from planner.indicators.models import GoalTarget, Indicator, Measurement
from planner.participation.models import Contribution, ContributionContact
from planner.tracking.models import ProgressUpdate
from tests.helpers import login


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _row(html: str, caption: str, ward: str) -> str:
    """The text of one ward's row in the table with this caption."""
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    row = next(r for r in re.split(r"<tr\b", table) if f">{ward}<" in r)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", "<tr" + row))).strip()


def test_feedback_page_of_the_adopted_programme_shows_the_response_and_the_action_it_led_to(client, demo):
    binnenstad = demo.programmes["binnenstad"]
    assert binnenstad.status == "uitvoering"
    text = _text(client.get(f"/inspraak/{binnenstad.id}/terugkoppeling"))
    assert "Boven de winkels in de Veestraat staat bijna alles leeg." in text
    assert "Overgenomen. In de pandenaanpak benaderen we eigenaren van leegstaande panden actief" in text
    # … and residents see where that action stands now.
    assert (
        "Heeft geleid tot Actie 1: Pandenaanpak leegstaande winkels (loopt, 49% klaar) "
        "Actie 3: Transformatie Markt 12–16 tot 18 woningen (loopt, 40% klaar)"
    ) in text
    assert "Actie 4: Pop-upwinkels voor starters (vertraagd, 15% klaar)" in text
    assert "Dit nemen we niet over in dit programma." in text  # a refusal is answered with its reason too
    assert "Het team heeft deze reactie nog niet beantwoord." in text  # and a fresh letter is still open
    assert re.search(
        r"10 gepubliceerde reacties: 5 overgenomen, 3 deels overgenomen, 1 niet overgenomen, 1 nog in behandeling", text
    )
    assert "fase: uitvoering" in text and "Een pand langer vasthouden kan de gemeente niet" in text  # in execution too

    west = demo.programmes["west"]
    text = _text(client.get(f"/inspraak/{west.id}/terugkoppeling"))
    assert "Keukentafelgesprek" in text and "Actie 1: Renovatie portiekflats Planetenlaan" in text


def test_reactions_on_the_draft_in_consultation_wait_for_moderation(client, demo):
    oost = demo.programmes["oost"]
    assert oost.status == "consultatie"
    pending = db.session.scalars(
        select(Contribution).where(Contribution.programme_id == oost.id, Contribution.moderation == "te_modereren")
    ).all()
    assert len(pending) == 4 and {c.source for c in pending} == {"publiek"}
    public = _text(client.get(f"/inspraak/{oost.id}/terugkoppeling"))
    assert "woensdagmiddag" not in public and "Amrani" not in public
    assert "Overgenomen. In de tweede versie van het programma staat een wijkkamer voor ouders" in public
    # Only the one resident who chose to leave a name and e-mail has personal data, kept with a retention date.
    contacts = db.session.scalars(select(ContributionContact)).all()
    assert [(c.name, c.keep_until > date.today()) for c in contacts] == [("F. el Amrani", True)]

    login(client, demo.users["oost"], password=content.PASSWORD)
    team = _text(client.get(f"/programmas/{oost.id}/inbreng?moderatie=te_modereren"))
    assert "Is de wijkkamer ook open op woensdagmiddag?" in team and "Graag ook bankjes voor de ouders" in team


def test_area_manager_comparison_lists_late_actions_and_indicator_values_against_targets(client, demo):
    # Four targets of the demo's own programmes, two re-based ones in each of the two rolled-out drafts.
    assert db.session.scalar(select(func.count()).select_from(GoalTarget)) == 8
    population = db.session.scalar(select(Indicator).where(Indicator.code == "AantalInwoners_5"))
    assert population is not None and population.source == "CBS Kerncijfers wijken en buurten 2024"
    login(client, demo.users["manager"], password=content.PASSWORD)
    response = client.get("/vergelijking?jaar=2026")
    html = response.get_data(as_text=True)
    text = _text(response)

    # CBS key figures 2024 of Helmond's real wards: inhabitants per ward, in Dutch notation.
    assert _row(html, "Acties, voortgang en geld per wijk", "Wijk 10 Binnenstad").startswith(
        "Wijk 10 Binnenstad 16.970"
    )
    assert _row(html, "Acties, voortgang en geld per wijk", "Wijk 15 Helmond-West").startswith(
        "Wijk 15 Helmond-West 4.665"
    )

    # Late actions named, with the ward, the programme and why they are late.
    late = html.split("Vertraagde acties met wijk, programma en de reden", 1)[1].split("</table>", 1)[0]
    late_text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", late)))
    assert (
        "Buurthuis De Fonkel weer open Wijk 15 Helmond-West Wijkontwikkelprogramma Helmond-West 2025–2028" in late_text
    )
    assert "Mijlpaal 'Gebruiksovereenkomst De Fonkel met Volksbelang getekend' had op" in late_text
    assert "Energiecoaches aan huis Wijk 12 Helmond-Noord, Wijk 15 Helmond-West" in late_text
    assert "Pop-upwinkels voor starters" in late_text
    assert re.search(r"\d+ vertraagde acties, vroegste einddatum eerst", text)

    # Indicators: the latest measurement, the goal's target where there is one, the municipal average.
    caption = "Indicatoren per wijk, met streefwaarde en gemeentelijk gemiddelde"
    assert (
        "Voelt zich weleens onveilig in de eigen buurt (%)" in text
        and "Kinderen met overgewicht in groep 7 (%)" in text
    )
    binnenstad = _row(html, caption, "Wijk 10 Binnenstad")
    assert "11,4 (2026) streef 8 in 2028 nog niet op streefwaarde" in binnenstad  # empty shops
    assert "26 (2025) streef 22 in 2028 nog niet op streefwaarde" in binnenstad  # feeling unsafe
    oost = _row(html, caption, "Wijk 11 Helmond-Oost")
    assert "17 (2025) streef 14 in 2029 nog niet op streefwaarde" in oost
    assert "3 (2025) beter dan gemiddeld" in _row(html, caption, "Wijk 19 Dierdonk")
    assert _row(html, caption, "Gemeentelijk gemiddelde") == "Gemeentelijk gemiddelde 8,9 10 6,1 12"

    # The workbook names every late action, with real number and date cells.
    book = openpyxl.load_workbook(io.BytesIO(client.get("/vergelijking.xlsx?jaar=2026").data))
    rows = list(book["Vertraagde acties"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Programma", "Actie", "Titel") and book["Vertraagde acties"].freeze_panes == "A2"
    total = int(re.search(r"(\d+) vertraagde acties", text).group(1))
    assert len(rows) - 1 == total
    fonkel = next(r for r in rows if r[2] == "Buurthuis De Fonkel weer open")
    assert fonkel[:6] == (
        "Wijkontwikkelprogramma Helmond-West 2025–2028",
        3,
        "Buurthuis De Fonkel weer open",
        "Wijk 15 Helmond-West",
        "Gepland",
        0,
    )
    assert (
        fonkel[6] == datetime(2026, 12, 31) and "Gebruiksovereenkomst De Fonkel met Volksbelang getekend" in fonkel[7]
    )


def test_ward_page_and_action_page_tell_the_progress_story(client, demo):
    assert db.session.scalar(select(func.count()).select_from(ProgressUpdate)) >= 15
    assert db.session.scalar(select(func.count()).select_from(Measurement).where(Measurement.kind == "nulmeting")) == 4
    login(client, demo.users["manager"], password=content.PASSWORD)
    text = _text(client.get("/wijken/WK079410/overzicht"))
    assert "Aanbesteding uitgesteld: kabels en leidingen onder het Kasteelplein" in text
    assert (
        "Winkelleegstand als aandeel van het winkelvloeroppervlak (%)" in text
        and "Voelt zich weleens onveilig in de eigen buurt (%)" in text
    )
    action = next(a for a in demo.programmes["binnenstad"].actions if a.title == "Pop-upwinkels voor starters")
    story = _text(client.get(f"/acties/{action.id}"))
    assert (
        "Vier starters aangemeld" in story
        and "De eerste drie pop-upwinkels zijn niet op de geplande datum open" in story
    )
    assert "Noor Bakker" in story
