"""GET-only JSON endpoints under /api/v1/ for other tools (dashboards, the griffie's systems).

A request carries `Authorization: Bearer <token>`; every list and lookup goes through the same
scoping functions as the web pages, so a token sees exactly what its user sees in the browser.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import BadRequest, HTTPException

from planner.actions.access import visible_actions
from planner.actions.models import ACTION_STATUSES, Action
from planner.agenda import services as agenda
from planner.agenda.models import ITEM_KINDS, ITEM_STATUSES, AgendaItem
from planner.api import documents, openapi, services
from planner.areas.access import get_area_or_404, visible_areas
from planner.areas.models import Area
from planner.core import access, transaction
from planner.core.limits import parse_int
from planner.extensions import csrf, db
from planner.opgaven import services as opgaven
from planner.opgaven.access import get_opgave_or_404
from planner.opgaven.models import OPGAVE_STATUSES, ORGANISATION_KINDS, PRIORITIES, Opgave, Organisation, Theme
from planner.programmes.access import get_programme_or_404, visible_programmes
from planner.programmes.models import STATUSES, Programme

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

MAX_LIMIT = 500
ERRORS = {
    400: "Ongeldige parameter.",
    401: "Geen geldige API-sleutel. Stuur de header 'Authorization: Bearer <sleutel>'.",
    403: "U heeft geen toegang tot deze gegevens.",
    404: "Niet gevonden, of u heeft er geen toegang toe.",
    405: "Deze API is alleen-lezen: gebruik GET.",
    409: "De gegevens zijn intussen gewijzigd; haal ze opnieuw op.",
    413: "Het verzoek is te groot.",
    422: "Het verzoek kan niet worden verwerkt.",
    429: "Te veel verzoeken. Wacht even en probeer het dan opnieuw.",
    500: "Er ging iets mis bij Wijkplanner. Er is niets gewijzigd; probeer het later opnieuw.",
}
# Headers an error answer keeps from werkzeug's exception: which methods are allowed, when to retry.
_KEPT_HEADERS = ("Allow", "Retry-After")


def _error(code: int, message: str | None = None):
    response = jsonify(error={"status": code, "message": message or ERRORS.get(code, ERRORS[500])})
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="wijkplanner"'
    return response


def error_response(code: int, error):
    """The hook `error_response`: every error under /api/v1/ (also an unknown path or method, which no
    route of ours raised) as the documented JSON, never the site's HTML page."""
    if not (request.path + "/").startswith(bp.url_prefix + "/"):
        return None
    # Only our own 400s carry a Dutch description; werkzeug's defaults are English.
    response = _error(code, error.description if isinstance(error, ApiBadRequest) else None)
    if isinstance(error, HTTPException):
        for name, value in error.get_headers():
            if name in _KEPT_HEADERS:
                response.headers[name] = value
    return response


class ApiBadRequest(BadRequest):
    pass


def _bad_request(message: str):
    raise ApiBadRequest(message)


@bp.before_request
def _authenticate():
    if request.endpoint == "api.openapi_document":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    user = services.user_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return _error(401)
    g.api_user = user
    transaction.keep_on_error()  # the token's last use (last_used_at) stands, whatever the answer
    return None


@bp.after_request
def _no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _page_args() -> tuple[int, int]:
    try:
        limit = parse_int(request.args.get("limit", 100))  # ASCII digits within an integer column
        offset = parse_int(request.args.get("offset", 0))
    except ValueError:
        _bad_request("limit en offset moeten gehele getallen zijn.")
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        _bad_request(f"limit moet tussen 1 en {MAX_LIMIT} liggen en offset mag niet negatief zijn.")
    return limit, offset


def _paged(query, order_by, to_doc, endpoint: str, **filters):
    limit, offset = _page_args()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).unique().all()
    body = {"total": total, "limit": limit, "offset": offset, "items": [to_doc(r) for r in rows]}
    if offset + limit < total:
        body["next"] = url_for(endpoint, limit=limit, offset=offset + limit, **filters)
    return jsonify(body)


def _choice(name: str, allowed) -> str:
    value = request.args.get(name, "")
    if value and value not in allowed:
        _bad_request(f"Onbekende waarde voor {name}: '{value[:40]}'. Toegestaan: {', '.join(allowed)}.")
    return value


def _visible_area(code: str) -> Area:
    return get_area_or_404(g.api_user, code.strip().upper())


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document(request.url_root.rstrip("/")))


@bp.get("/")
def index():
    user = g.api_user
    return jsonify(
        user={
            "email": user.email,
            "name": user.name,
            "roles": [{"role": r.role, "area": r.area.code} for r in user.roles],
        },
        openapi=url_for("api.openapi_document"),
    )


@bp.get("/areas")
def areas():
    query = visible_areas(g.api_user)
    level = _choice("level", ("gemeente", "wijk", "buurt", "stadsdeel", "gebied"))
    if level:
        query = query.where(Area.level == level)
    return _paged(query, (Area.code,), documents.area_doc, "api.areas", **({"level": level} if level else {}))


@bp.get("/areas/<code>")
def area(code: str):
    return jsonify(documents.area_doc(_visible_area(code)))


@bp.get("/programmes")
def programmes():
    query = visible_programmes(g.api_user)
    filters = {}
    if status := _choice("status", STATUSES):
        query, filters["status"] = query.where(Programme.status == status), status
    if code := request.args.get("area", ""):
        area = _visible_area(code)
        query = query.where(access.path_condition(Area.path, [area.path]))
        filters["area"] = area.code
    return _paged(
        query, (Programme.start_year.desc(), Programme.id), documents.programme_doc, "api.programmes", **filters
    )


@bp.get("/programmes/<int:programme_id>")
def programme(programme_id: int):
    programme = get_programme_or_404(g.api_user, programme_id)
    doc = documents.programme_doc(programme)
    doc["goals"] = [documents.goal_doc(goal) for goal in programme.goals]
    doc["actions"] = url_for("api.actions", programme=programme.id)
    return jsonify(doc)


def _actions_query():
    return visible_actions(g.api_user).options(
        selectinload(Action.partners),
        selectinload(Action.areas),
        selectinload(Action.milestones),
        selectinload(Action.owner_organisation),
        selectinload(Action.commitments),
    )


@bp.get("/actions")
def actions():
    query, filters = _actions_query(), {}
    if programme_id := request.args.get("programme", ""):
        if not programme_id.isdigit():
            _bad_request("programme moet het nummer (id) van een programma zijn.")
        query, filters["programme"] = query.where(Action.programme_id == int(programme_id)), int(programme_id)
    if status := _choice("status", ACTION_STATUSES):
        query, filters["status"] = query.where(Action.status == status), status
    return _paged(query, (Action.programme_id, Action.number), documents.action_doc, "api.actions", **filters)


@bp.get("/actions/<int:action_id>")
def action(action_id: int):
    action = db.session.scalar(_actions_query().where(Action.id == action_id))
    if action is None:
        abort(404)
    doc = documents.action_doc(action)
    doc["agenda_items"] = [
        {"id": link.agenda_item_id, "meaning": link.meaning} for link in agenda.political_trail(g.api_user, action)
    ]
    return jsonify(doc)


@bp.get("/agenda-items")
def agenda_items():
    query, filters = agenda.visible_items(g.api_user), {}
    if kind := _choice("kind", tuple(ITEM_KINDS)):
        query, filters["kind"] = query.where(AgendaItem.kind == kind), kind
    if status := _choice("status", tuple(ITEM_STATUSES)):
        query, filters["status"] = query.where(AgendaItem.status == status), status
    return _paged(
        query, (AgendaItem.date.desc(), AgendaItem.id), documents.agenda_item_doc, "api.agenda_items", **filters
    )


@bp.get("/agenda-items/<int:item_id>")
def agenda_item(item_id: int):
    item = agenda.visible_item(g.api_user, item_id) or abort(404)
    doc = documents.agenda_item_doc(item)
    doc["actions"] = [
        {"id": link.action_id, "meaning": link.meaning} for link in agenda.carrying_links(g.api_user, item)
    ]
    return jsonify(doc)


@bp.get("/opgaven")
def opgaven_list():
    filters, args = opgaven.Filters(), {}
    if status := _choice("status", tuple(OPGAVE_STATUSES)):
        filters.status = args["status"] = status
    if priority := _choice("priority", tuple(PRIORITIES)):
        filters.priority = args["priority"] = priority
    # Municipalities may each have a theme of the same name: the filter matches any theme by that name.
    theme = _choice("theme", tuple(db.session.scalars(select(Theme.name).distinct().order_by(Theme.name))))
    if theme:
        args["theme"] = theme
    if code := request.args.get("area", ""):
        filters.area = _visible_area(code)
        args["area"] = filters.area.code
    query = opgaven.filtered_opgaven(g.api_user, filters).options(selectinload(Opgave.themes))
    if theme:
        query = query.where(Opgave.themes.any(Theme.name == theme))
    return _paged(query, (Area.path, Opgave.title, Opgave.id), documents.opgave_doc, "api.opgaven_list", **args)


@bp.get("/opgaven/<int:opgave_id>")
def opgave(opgave_id: int):
    user = g.api_user
    opgave = get_opgave_or_404(user, opgave_id)
    contacts = access.can(user, "view_draft", opgave.area)
    linked = {a.id for agreement in opgave.agreements for a in agreement.actions}
    visible = set(db.session.scalars(visible_actions(user).with_only_columns(Action.id).where(Action.id.in_(linked))))
    doc = documents.opgave_doc(opgave) | {
        "description": opgave.description,
        "desired_situation": opgave.desired_situation,
        "status_reason": opgave.status_reason,
        "lifecycle": [documents.step_doc(step) for step in opgaven.lifecycle(opgave)],
        "programmes": [
            {"id": p.id, "title": p.title, "status": p.status, "url": url_for("api.programme", programme_id=p.id)}
            for p in opgaven.opgave_programmes(user, opgave)
        ],
        "table": {
            "seats": [
                documents.seat_doc(seat, contacts)
                for seat in sorted(opgave.seats, key=lambda s: s.organisation.name.casefold())
            ],
            "agreements": [
                documents.agreement_doc(a, [act.id for act in a.actions if act.id in visible])
                for a in opgave.agreements
            ],
            "meetings": [documents.meeting_doc(m) for m in opgave.meetings],
        },
    }
    return jsonify(doc)


@bp.get("/partijen")
def parties():
    query, filters = select(Organisation), {}
    if kind := _choice("kind", tuple(ORGANISATION_KINDS)):
        query, filters["kind"] = query.where(Organisation.kind == kind), kind
    return _paged(query, (Organisation.name, Organisation.id), documents.party_doc, "api.parties", **filters)


@bp.get("/partijen/<int:party_id>")
def party(party_id: int):
    organisation = db.session.get(Organisation, party_id) or abort(404)
    doc = documents.party_doc(organisation)
    doc["seats"] = [
        documents.seat_doc(seat, access.can(g.api_user, "view_draft", seat.opgave.area))
        for seat in opgaven.seats_of(g.api_user, organisation)
    ]
    return jsonify(doc)
