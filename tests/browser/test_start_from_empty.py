"""A municipality starts from an empty database: only the CBS areas imported and one administrator made on the
command line. Through the browser alone the administrator sets up a theme, five parties, a stadsdeel and its
team; a team member frames an opgave for the stadsdeel, seats five parties at its table, records a meeting and
an agreement and starts a programme for it; the administrator makes an account for a partner at the table, who
comments on the draft in the internal round and, once the programme is in execution, reports progress on the
action their organisation leads; "wie ontbreekt" names the theme that has no party at the table. axe-core runs
on every page on the way."""

from __future__ import annotations

from pathlib import Path

from tests.browser.helpers import log_in
from tests.helpers import PASSWORD

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples" / "cbs"

PARTIES = [
    ("Woonpartners Helmond", "Woningcorporatie", "trekker"),
    ("Bewonersplatform Helmond-Noord", "Bewoners en bewonersorganisaties", "mede_eigenaar"),
    ("Stichting Welzijn Helmond", "Zorg en welzijn", "uitvoerder"),
    ("Basisschool De Rakt", "Onderwijs", "betrokken"),
    ("Gemeente Helmond, team Wijkzaken", "Gemeentelijke afdeling", "financier"),
]


def _cli(runner, *args, input=None) -> None:
    result = runner.invoke(args=list(args), input=input)
    assert result.exit_code == 0, result.output


def _follow(page, axe_check, link: str, what: str, *, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=exact).first.click()
    assert page.locator("h1").count() == 1, what
    axe_check(page, what)


def _press(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def _flash(page) -> str:
    return page.inner_text("main")


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_a_municipality_sets_up_its_first_opgave_from_an_empty_database(page, axe_check, runner):
    _cli(runner, "import", "run", str(SAMPLES / "gemeenten-2023.csv"), "--profile", "cbs-gebieden")
    _cli(runner, "import", "run", str(SAMPLES / "wijken-autobezit-2023.csv"), "--profile", "cbs-gebieden")
    _cli(
        runner,
        *("users", "create", "beheer@helmond.nl", "--role", "admin", "--area", "GM0794"),
        *("--name", "Bea Beheer", "--password-stdin"),
        input=PASSWORD + "\n",
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # The administrator: a theme that needs the police at the table, five parties, a team member.
    log_in(page, "beheer@helmond.nl")
    _follow(page, axe_check, "Organisaties en thema's", "organisaties (leeg)")
    _follow(page, axe_check, "Thema's", "thema's")
    _follow(page, axe_check, "Nieuw thema", "nieuw thema")
    page.get_by_label("Naam").fill("Veilig opgroeien")
    page.get_by_label("Politie en veiligheid").check()
    _press(page, "Opslaan")
    assert "Veilig opgroeien" in _flash(page)

    for name, kind, _ in PARTIES:
        _follow(page, axe_check, "Organisaties", "organisaties")
        _follow(page, axe_check, "Nieuwe organisatie", "nieuwe organisatie")
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Soort organisatie").select_option(label=kind)
        _press(page, "Opslaan")
        assert name in _flash(page)

    _follow(page, axe_check, "Gebiedsindeling", "gebiedsindeling (leeg)")
    _follow(page, axe_check, "Nieuw stadsdeel of gebied in Helmond", "nieuw stadsdeel")
    page.get_by_label("Naam").fill("Stadsdeel Noord")
    page.get_by_label("Wijk 12 Helmond-Noord (WK079412)").check()
    page.get_by_label("Wijk 19 Dierdonk (WK079419)").check()
    _press(page, "Opslaan")
    assert "Stadsdeel Noord is opgeslagen" in _flash(page)

    _follow(page, axe_check, "Gebruikers", "gebruikers")
    _follow(page, axe_check, "Nieuwe gebruiker", "nieuwe gebruiker")
    page.get_by_label("Naam").fill("Tessa Team")
    page.get_by_label("E-mailadres").fill("team@helmond.nl")
    page.get_by_label("Eerste wachtwoord").fill(PASSWORD)
    page.get_by_label("Rol").select_option(label="Opgaveteamlid")
    page.get_by_label("Gebied").select_option(label="Stadsdeel Noord (SD0794-01)")
    _press(page, "Gebruiker aanmaken")
    assert "team@helmond.nl is aangemaakt" in _flash(page)
    _log_out(page)

    # The team member frames the opgave and sets its table.
    log_in(page, "team@helmond.nl")
    _follow(page, axe_check, "Opgaven", "opgaven (leeg)")
    _follow(page, axe_check, "Nieuwe opgave", "nieuwe opgave")
    page.get_by_label("Titel").fill("Samen sterk in Helmond-Noord")
    page.get_by_label("De opgave in één zin").fill("Kinderen in Noord groeien veilig op in een wijk die bij hen past.")
    page.get_by_label("Gebied", exact=True).select_option(label="Stadsdeel Noord (SD0794-01)")
    page.get_by_label("Wonen", exact=True).check()
    page.get_by_label("Veilig opgroeien", exact=True).check()
    _press(page, "Opslaan")
    assert "De opgave is aangemaakt" in _flash(page)

    _follow(page, axe_check, "Samenwerkingstafel", "samenwerkingstafel (leeg)", exact=False)
    for name, kind, role in PARTIES:
        _follow(page, axe_check, "Partij aan tafel zetten", "partij aan tafel zetten")
        page.get_by_label("Organisatie").select_option(label=f"{name} ({kind})")
        page.get_by_label("Rol aan deze tafel").select_option(role)
        _press(page, "Opslaan")
        assert f"{name} zit nu aan tafel." in _flash(page)

    _follow(page, axe_check, "Tafeloverleg vastleggen", "tafeloverleg vastleggen")
    page.get_by_label("Datum").fill("2026-11-12")
    page.get_by_label("Onderwerp").fill("Eerste tafel")
    for name, _, _ in PARTIES[:3]:
        page.get_by_label(name, exact=True).check()
    _press(page, "Opslaan")
    assert "Eerste tafel" in _flash(page)

    _follow(page, axe_check, "Afspraak vastleggen", "afspraak vastleggen")
    page.get_by_label("Partij").select_option(label=PARTIES[0][0])
    page.get_by_label("Datum van de afspraak").fill("2026-11-12")
    page.get_by_label("Wat is er afgesproken?").fill("Woonpartners leidt de aanpak van de speelplekken.")
    page.get_by_label("Uiterlijk klaar op").fill("2027-06-30")
    _press(page, "Opslaan")
    assert "De afspraak is opgeslagen." in _flash(page)

    # "Wie ontbreekt": no police at the table for "Veilig opgroeien".
    _follow(page, axe_check, "Wie ontbreekt?", "wie ontbreekt")
    themes_without_party = page.inner_text("section[aria-labelledby=kop-themas] ul")
    assert "Veilig opgroeien: geen politie en veiligheid aan tafel" in themes_without_party
    assert "Wonen" not in themes_without_party  # Woonpartners sits at the table

    # A programme for the opgave, started from its page, with a goal and an action led by Woonpartners.
    _follow(page, axe_check, "Samen sterk in Helmond-Noord", "opgavepagina")
    _follow(page, axe_check, "Programma starten voor deze opgave", "nieuw programma")
    page.get_by_label("Titel").fill("Wijkprogramma Helmond-Noord 2027–2030")
    page.get_by_label("Beginjaar").fill("2027")
    page.get_by_label("Eindjaar").fill("2030")
    _press(page, "Opslaan")
    assert "Het programma is aangemaakt." in _flash(page)
    assert "Samen sterk in Helmond-Noord" in page.inner_text("main")
    _follow(page, axe_check, "Doel toevoegen", "doel toevoegen")
    page.get_by_label("Titel").fill("Veilige speelplekken in elke buurt")
    _press(page, "Opslaan")
    _follow(page, axe_check, "Actie toevoegen", "actie toevoegen")
    page.get_by_label("Titel", exact=True).fill("Speelplekken opknappen met bewoners")
    page.get_by_label("Trekker", exact=True).select_option(label=PARTIES[0][0])
    _press(page, "Opslaan")
    assert "Speelplekken opknappen met bewoners" in page.inner_text("main")
    _log_out(page)

    # The administrator gives a person of Woonpartners a seat at the opgave's table, and nothing else.
    log_in(page, "beheer@helmond.nl")
    _follow(page, axe_check, "Gebruikers", "gebruikers")
    _follow(page, axe_check, "Nieuwe partner", "nieuwe partner")
    page.get_by_label("Naam").fill("Ria Hendriks")
    page.get_by_label("E-mailadres").fill("ria@woonpartners.nl")
    page.get_by_label("Eerste wachtwoord").fill(PASSWORD)
    page.get_by_label("Opgave", exact=True).select_option(label="Samen sterk in Helmond-Noord")
    _press(page, "Partner aanmaken")
    assert "Kies de organisatie" in page.inner_text("#organisation_id-fout")
    axe_check(page, "nieuwe partner met fout")
    page.get_by_label("Eerste wachtwoord").fill(PASSWORD)
    page.get_by_label("Organisatie").select_option(label=PARTIES[0][0])
    _press(page, "Partner aanmaken")
    assert "ria@woonpartners.nl is aangemaakt" in _flash(page)
    _log_out(page)

    # The partner reads the draft and comments on the action in the internal round.
    log_in(page, "ria@woonpartners.nl")
    _follow(page, axe_check, "Programma's", "programma's van de partner")
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "concept (partner)")
    _follow(page, axe_check, "Interne ronde", "interne ronde", exact=False)
    page.get_by_label("Waarover gaat uw opmerking?").select_option(label="Actie 1: Speelplekken opknappen met bewoners")
    page.get_by_label("Uw opmerking", exact=True).fill(
        "Begin bij de speeltuin aan de Azalealaan: daar wonen de meeste kinderen."
    )
    _press(page, "Opmerking opslaan")
    assert "Uw opmerking is opgeslagen." in _flash(page)
    _log_out(page)

    # The team answers and takes the programme to the council.
    log_in(page, "team@helmond.nl")
    _follow(page, axe_check, "Programma's", "programma's")
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "programmapagina")
    _follow(page, axe_check, "Interne ronde (1 onbeantwoord)", "interne ronde (team)")
    page.get_by_label("Antwoord van het team").fill("Goed punt: de Azalealaan komt als eerste aan bod.")
    page.get_by_label("Wat is ermee gedaan?").select_option(label="Verwerkt")
    _press(page, "Antwoord opslaan")
    assert "Het antwoord is opgeslagen." in _flash(page)
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "programmapagina")
    for step in ("Naar consultatie", "Naar besluitvorming"):
        _follow(page, axe_check, step, step.lower())
        _press(page, "Ja, zet op " + step.removeprefix("Naar "))
    _log_out(page)

    # The administrator (also the area's manager here) adopts the programme and starts its execution.
    log_in(page, "beheer@helmond.nl")
    _follow(page, axe_check, "Programma's", "programma's")
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "programmapagina")
    _follow(page, axe_check, "Naar vastgesteld", "vaststellen")
    # No besluit on the political agenda yet: the page leads there, the besluit is added, then the adoption.
    _follow(page, axe_check, "Voeg het besluit toe op de politieke agenda", "politieke agenda")
    _follow(page, axe_check, "Nieuw agendapunt", "nieuw agendapunt")
    page.select_option("#kind", "besluit")
    page.fill("#number", "RB2027-04")
    page.fill("#title", "Vaststelling wijkprogramma Helmond-Noord 2027–2030")
    page.select_option("#body", "raad")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    _follow(page, axe_check, "Programma's", "programma's")
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "programmapagina")
    _follow(page, axe_check, "Naar vastgesteld", "vaststellen")
    page.select_option("#competent_body", "raad")
    page.select_option(
        "#decision_item_id", label=page.locator("#decision_item_id option", has_text="RB2027-04").inner_text()
    )
    _press(page, "Ja, zet op vastgesteld")
    _follow(page, axe_check, "Naar uitvoering", "naar uitvoering")
    _press(page, "Ja, zet op uitvoering")
    _log_out(page)

    # In execution, the partner reports progress on the action Woonpartners leads.
    log_in(page, "ria@woonpartners.nl")
    _follow(page, axe_check, "Programma's", "programma's van de partner")
    _follow(page, axe_check, "Wijkprogramma Helmond-Noord 2027–2030", "programma in uitvoering (partner)")
    _follow(page, axe_check, "Speelplekken opknappen met bewoners", "actie (partner)", exact=False)
    _follow(page, axe_check, "Voortgang rapporteren", "voortgang rapporteren")
    page.get_by_label("Periode", exact=True).fill("2027-Q2")
    page.get_by_label("Voortgang (%)").fill("30")
    page.get_by_label("Wat is er deze periode gebeurd?").fill("Eerste twee speelplekken samen met bewoners ontworpen.")
    _press(page, "Rapportage opslaan")
    assert "Eerste twee speelplekken" in page.inner_text("main")
    _log_out(page)

    assert not errors, errors
