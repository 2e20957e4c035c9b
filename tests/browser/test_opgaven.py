"""Starting from the opgave in Chromium: a ward team member creates an opgave, sees a missing reason beside
the field when moving it on, seats a party at the table and records an agreement with it. axe-core runs
on the list, the opgave page, the table, every form (also with an error) and "wie ontbreekt"."""

from __future__ import annotations

from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.browser.helpers import log_in


def _go(page, link: str, axe_check, what: str, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=exact).first.click()
    assert page.locator("h1").count() == 1, what
    axe_check(page, what)
    page.set_viewport_size({"width": 320, "height": 720})  # a phone: no sideways scrolling
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), f"{what} at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _save(page, label: str = "Opslaan") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_team_member_creates_an_opgave_seats_a_party_and_records_an_agreement(page, axe_check, helmond, make_user):
    _, ward, _ = helmond
    db.session.add(Organisation(name="Woonbedrijf", kind="woningcorporatie"))
    db.session.commit()
    make_user("team@helmond.nl", "team_member", ward, name="Tessa Team")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, "team@helmond.nl")
    _go(page, "Opgaven", axe_check, "opgavenlijst")
    _go(page, "Nieuwe opgave", axe_check, "nieuwe opgave")
    page.get_by_label("Titel").fill("Samen wonen boven winkels")
    page.get_by_label("De opgave in één zin").fill("Leegstaande bovenverdiepingen zijn de kans op betaalbare woningen.")
    page.get_by_label("Wonen", exact=True).check()
    page.get_by_label("Prioriteit").select_option("hoog")
    page.get_by_label("Opgaveregisseur").fill("Bas Verhagen")
    _save(page)
    assert "De opgave is aangemaakt" in page.inner_text("main")
    assert page.locator("h1").inner_text() == "Samen wonen boven winkels"
    axe_check(page, "opgavepagina")

    _go(page, "Fase wijzigen", axe_check, "fase wijzigen")
    _save(page, "Fase wijzigen")
    assert "Geef de reden" in page.inner_text("#reason-fout")
    axe_check(page, "fase wijzigen met fout")
    page.get_by_label("Reden").fill("Eigenaren en Woonbedrijf willen samen verkennen.")
    _save(page, "Fase wijzigen")
    assert "Eigenaren en Woonbedrijf willen samen verkennen." in page.inner_text("main")

    _go(page, "Samenwerkingstafel", axe_check, "samenwerkingstafel (leeg)", exact=False)
    _go(page, "Partij aan tafel zetten", axe_check, "partij aan tafel zetten")
    page.get_by_label("Organisatie").select_option(label="Woonbedrijf (Woningcorporatie)")
    page.get_by_label("Rol aan deze tafel").select_option("financier")
    page.get_by_label("Geld", exact=True).check()
    page.get_by_label("Contactpersonen").fill("Ria Jansen (projectleider)")
    _save(page)
    assert "Woonbedrijf zit nu aan tafel." in page.inner_text("main")
    axe_check(page, "samenwerkingstafel met partij")

    _go(page, "Afspraak vastleggen", axe_check, "afspraak vastleggen")
    page.get_by_label("Wat is er afgesproken?").fill("Woonbedrijf onderzoekt vijf panden op transformatie.")
    _save(page)
    assert "Kies de partij" in page.inner_text("#organisation_id-fout")
    axe_check(page, "afspraak met fout")
    page.get_by_label("Partij").select_option(label="Woonbedrijf")
    page.get_by_label("Uiterlijk klaar op").fill("2027-06-30")
    _save(page)
    assert "De afspraak is opgeslagen." in page.inner_text("main")
    assert "Woonbedrijf onderzoekt vijf panden" in page.inner_text("section[aria-labelledby=afspraken]")
    axe_check(page, "samenwerkingstafel met afspraak")

    _go(page, "Wie ontbreekt?", axe_check, "wie ontbreekt")
    assert "Woonbedrijf onderzoekt vijf panden" in page.inner_text("main")  # an open agreement without an action
    page.goto("/opgaven/portfolio")
    axe_check(page, "portfolio")
    assert not errors, errors


def test_admin_reference_lists_pass_axe(page, axe_check, helmond, make_user):
    gm, _, _ = helmond
    db.session.add_all(
        [
            Organisation(name="Woonbedrijf", kind="woningcorporatie"),
            Organisation(name="Woon Bedrijf", kind="woningcorporatie"),
        ]
    )
    db.session.commit()
    make_user("beheer@helmond.nl", "admin", gm)
    log_in(page, "beheer@helmond.nl")
    _go(page, "Organisaties en thema's", axe_check, "organisaties")
    _go(page, "Woon Bedrijf", axe_check, "organisatie")
    page.get_by_label("Samenvoegen met").select_option(label="Woonbedrijf")
    _save(page, "Samenvoegen")
    assert "Woon Bedrijf samenvoegen met Woonbedrijf?" in page.inner_text("h1")
    axe_check(page, "samenvoegen bevestigen")
    _save(page, "Ja, samenvoegen met Woonbedrijf")
    assert "Woon Bedrijf is samengevoegd met Woonbedrijf." in page.inner_text("main")
    _go(page, "Organisaties", axe_check, "organisaties")
    _go(page, "Thema's", axe_check, "thema's")
    _go(page, "Wonen", axe_check, "thema bewerken")
