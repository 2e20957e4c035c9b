"""Error pages in Dutch, rendered with the site layout.

A feature that answers in another form (the JSON API) adds a function to the hook `error_response`:
it gets the status code and the error, and returns its own response for the requests it serves, or
None. It is asked first, for every error: also a 405 or 404 that no route of the feature raised.
"""

from flask import render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from planner.core import hooks

MESSAGES = {
    400: (_l("Ongeldig verzoek"), _l("Het verzoek kon niet worden verwerkt.")),
    403: (_l("Geen toegang"), _l("U heeft geen rechten voor deze pagina of handeling.")),
    404: (_l("Pagina niet gevonden"), _l("Deze pagina bestaat niet of u heeft er geen toegang toe.")),
    405: (_l("Niet toegestaan"), _l("Deze handeling is hier niet toegestaan.")),
    413: (_l("Bestand te groot"), _l("Het bestand is groter dan toegestaan.")),
    500: (_l("Er ging iets mis"), _l("Er is een fout opgetreden. Er is niets opgeslagen; probeer het opnieuw.")),
    503: (
        _l("Even bezet"),
        _l(
            "De database is bezig met een grote wijziging, zoals een import. Er is niets opgeslagen; "
            "probeer het over een halve minuut opnieuw."
        ),
    ),
}
BUSY_RETRY_SECONDS = 30


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def _answer(code: int, error):
    for respond in hooks.functions("error_response"):
        response = respond(code, error)
        if response is not None:
            return response
    return None


def init_app(app) -> None:
    for code in (400, 403, 404, 405, 500):
        app.register_error_handler(code, lambda e, code=code: _answer(code, e) or _render(code))

    @app.errorhandler(HTTPException)
    def other_error(e):  # 401, 409, 422, 429 …: werkzeug's own page, unless a feature answers them
        return _answer(e.code or 500, e) or e

    @app.errorhandler(413)
    def too_large(e):
        mb = app.config["MAX_UPLOAD_MB"]
        return _answer(413, e) or _render(
            413, gettext("Het bestand is groter dan %(mb)s MB. Verklein het bestand of splits het op.", mb=mb)
        )

    @app.errorhandler(OperationalError)
    def database_busy(e):
        # SQLite: another writer (a long import) held the write lock longer than SQLITE_BUSY_SECONDS. That
        # is a wait, not a fault: say so and when to try again (the transaction is rolled back on 503).
        if "database is locked" not in str(e.orig):
            raise e
        busy = ServiceUnavailable(retry_after=BUSY_RETRY_SECONDS)
        response = app.make_response(_answer(503, busy) or _render(503))
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return _answer(400, e) or _render(
            400,
            gettext(
                "Het formulier is verlopen of niet geldig (CSRF-controle). "
                "Laad de pagina opnieuw en probeer het nog eens."
            ),
        )
