"""GET-only JSON endpoints under /api/v1/ for other tools (dashboards, the griffie's systems).

A request carries `Authorization: Bearer <token>`; every list and lookup goes through the same
scoping functions as the web pages, so a token sees exactly what its user sees in the browser.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import UTC
from functools import wraps

from flask import Blueprint, Response, abort, g, jsonify, request, url_for
from pydantic import ValidationError
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from werkzeug.exceptions import BadRequest, HTTPException

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.agenda import services as agenda
from planner.agenda.models import AgendaItem
from planner.api import documents, openapi, schemas, services
from planner.api.models import Tombstone
from planner.areas.access import get_area_or_404, visible_areas
from planner.areas.models import Area
from planner.budget import services as budget
from planner.budget.models import FundingSource
from planner.core import access, transaction
from planner.cycle import services as cycle
from planner.cycle.models import PcMoment
from planner.excel.csv_export import neutralise
from planner.extensions import csrf, db
from planner.indicators.access import visible_condition as indicator_visibility
from planner.indicators.models import GoalTarget, Indicator, Measurement
from planner.learning.models import Lesson, Reflection, lesson_actions
from planner.learning.search import visible_reflection_condition
from planner.opgaven import services as opgaven
from planner.opgaven.access import get_opgave_or_404, visible_opgaven
from planner.opgaven.models import Agreement, Opgave, Organisation, Theme, agreement_actions
from planner.programmes.access import get_programme_or_404, visible_programmes
from planner.programmes.models import Goal, Programme
from planner.subsidies import services as subsidy_services
from planner.subsidies.models import GRANTED, CapacityEntry, SubsidyApplication, SubsidyScheme
from planner.tracking.models import ProgressUpdate

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

ERRORS = {
    400: "Ongeldige parameter.",
    401: "Geen geldige API-sleutel. Stuur de header 'Authorization: Bearer <sleutel>'.",
    403: "U heeft geen toegang tot deze gegevens.",
    404: "Niet gevonden, of u heeft er geen toegang toe.",
    405: "Deze API is alleen-lezen: gebruik GET.",
    406: "Deze API antwoordt alleen met JSON (application/json).",
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
    token = services.token_for_secret(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        return _error(401)
    transaction.keep_on_error()  # the key's last use and request count stand, whatever the answer
    if wait := services.count_request(token):
        response = _error(429)
        response.headers["Retry-After"] = str(wait)
        return response
    g.api_user = token.user
    return None


@bp.after_request
def _no_store(response):
    response.headers.setdefault("Cache-Control", "no-store")
    return response


# ---------------------------------------------------------------- one definition per operation


def _refusal(error: dict, model: type) -> str:
    """A Dutch explanation of the first thing wrong with the parameters."""
    name = str(error["loc"][0]) if error["loc"] else "?"
    shown = name[:40]
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"Onbekende parameter '{shown}'. Toegestaan: {allowed}."
    field = model.model_fields.get(name)
    value = str(error.get("input", ""))[:40]
    if kind == "literal_error":
        allowed = ", ".join(str(v) for v in error["ctx"]["expected"].replace("'", "").split(" or "))
        return f"Onbekende waarde voor {name}: '{value}'. Toegestaan: {allowed}."
    if kind.startswith("int") or kind in ("greater_than_equal", "less_than_equal"):
        bounds = [m for m in (field.metadata if field else []) if hasattr(m, "ge") or hasattr(m, "le")]
        low = next((m.ge for m in bounds if hasattr(m, "ge")), None)
        high = next((m.le for m in bounds if hasattr(m, "le")), None)
        if low is not None and high is not None:
            return f"{name} moet een geheel getal tussen {low} en {high} zijn."
        return f"{name} moet een geheel getal zijn."
    if kind.startswith("datetime") or kind.startswith("date"):
        return f"{name} moet een tijdstip in ISO 8601 zijn, bijvoorbeeld 2026-03-01T12:00:00Z."
    description = field.description if field and field.description else ""
    return f"Ongeldige waarde voor {name}: '{value}'" + (f" ({description})." if description else ".")


def _parse(model: type):
    raw = {}
    for name in request.args:
        values = request.args.getlist(name)
        if len(values) > 1:
            _bad_request(f"Geef {name[:40]} maar één keer op.")
        raw[name] = values[0]
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        _bad_request(_refusal(error.errors(include_url=False)[0], model))


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _csv(page, labels: str) -> tuple[bytes, str]:
    """A page's items as CSV: one column per field, lists and nested objects as JSON text. Dutch
    labels come with semicolons and a byte-order mark, as Excel in Dutch opens them."""
    item_model = page.__class__.model_fields["items"].annotation.__args__[0]
    names = list(item_model.model_fields)
    dutch = labels == "nl"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow([schemas.dutch_label(item_model, n) for n in names] if dutch else names)
    for item in page.model_dump(mode="json", exclude_unset=True)["items"]:
        row = []
        for name in names:
            value = item.get(name)
            if isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False)
            elif value is None:
                value = ""
            elif isinstance(value, bool):
                value = ("ja" if value else "nee") if dutch else str(value).lower()
            if dutch and isinstance(value, str) and not _NUMBER.fullmatch(value):
                value = neutralise(value)  # Excel would run text starting with = + - @ as a formula
            row.append(value)
        writer.writerow(row)
    return ("\ufeff" if dutch else "").encode() + out.getvalue().encode(), "text/csv"


def _etagged(body: bytes, mimetype: str = "application/json") -> Response:
    etag = hashlib.blake2b(body, digest_size=16).hexdigest()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
        if mimetype == "text/csv":
            response.headers["Content-Disposition"] = f'inline; filename="{request.endpoint.removeprefix("api.")}.csv"'
    response.set_etag(etag)
    # A client may keep the answer, but asks again each time (with If-None-Match): never stale.
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# The lists a page may offer as a CSV download (page_csv), by their path: view and parameters.
LISTS: dict[str, tuple] = {}
PAGE_CSV_ROWS = 100_000  # the most rows a page's download holds


def page_csv(kind: str, user) -> Response:
    """A list of the API as a CSV download for a signed-in user (a page's "Download als CSV"): the same
    view, scoping and fields as /api/v1/<kind>?format=csv&labels=nl, the page's session instead of a key.
    Parameters of the list (e.g. programme, status) are taken from the query string."""
    if kind not in LISTS:
        abort(404)
    view, query = LISTS[kind]
    g.api_user = user
    args = {k: v for k, v in request.args.items() if k in query.model_fields and k not in ("limit", "offset")}
    try:
        q = query.model_validate(args | {"format": "csv", "labels": "nl"})
    except ValidationError:
        abort(400)
    q = q.model_copy(update={"limit": PAGE_CSV_ROWS, "offset": 0})
    body, mimetype = _csv(view(q), "nl")
    g.pop("api_next", None)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _flask_path(path: str, path_params: dict) -> str:
    """/programmes/{id} as Flask writes it: /programmes/<int:id>."""
    for name, (schema, _) in path_params.items():
        converter = "int:" if schema.get("type") == "integer" else ""
        path = path.replace("{" + name + "}", f"<{converter}{name}>")
    return path


def _refuse_unknown_ids(kwargs: dict) -> None:
    """Ids beyond the id range, and codes longer than any code, name nothing that exists: 404."""
    for value in kwargs.values():
        if isinstance(value, int) and not 1 <= value <= schemas.MAX_ID:
            abort(404)
        if isinstance(value, str) and len(value) > 20:
            abort(404)


def _respond(result, q) -> Response:
    """The answer as JSON or CSV, with its ETag and, for a page of a list, the Link to the next."""
    if getattr(q, "format", "json") == "csv":
        response = _etagged(*_csv(result, q.labels))
    else:
        response = _etagged(result.model_dump_json(exclude_unset=True).encode())
    if link := g.pop("api_next", None):
        response.headers["Link"] = f'<{link}>; rel="next"'
    return response


def operation(path: str, summary: str, response: type, query: type = schemas.NoQuery, **options):
    """Registers a GET route and its OpenAPI operation from one place. The view gets the parsed
    parameters (`q`) and its path arguments, and returns a schemas model."""
    path_params = options.pop("path_params", {})

    def register(view):
        if options.get("paged"):
            LISTS[path.strip("/")] = (view, query)

        @wraps(view)
        def answer(**kwargs):
            _refuse_unknown_ids(kwargs)
            q = _parse(query)
            return _respond(view(q, **kwargs), q)

        openapi.OPERATIONS.append(
            openapi.Operation(
                path=path,
                endpoint=f"api.{view.__name__}",
                summary=summary,
                response=response,
                query=query,
                path_params=path_params,
                **options,
            )
        )
        return bp.get(_flask_path(path, path_params), endpoint=view.__name__)(answer)

    return register


def _utc(moment):
    """A parameter's moment as stored: naive UTC (a moment without a zone is taken as UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def _since(query, column, q):
    """Only rows changed since `updated_since`. Written as an id IN (…) so that the database starts
    from the updated_at index (a few changed rows) instead of from everything the user may see."""
    if q.updated_since is None:
        return query
    model = column.class_
    return query.where(model.id.in_(select(model.id).where(column >= _utc(q.updated_since))))


def _paged(query, order_by, to_doc, page: type, q, many=None):
    """A page of `query` in the order `order_by`. With `many` (ids -> documents) only the ids are
    selected here and `many` builds the documents in bulk."""
    # Counted over the last sort key alone (unique per row): a subquery of every column lets SQLite
    # choose a plan that reads every row, and ignore the updated_at index.
    counted = query.with_only_columns(order_by[-1]).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted))
    query = query.order_by(*order_by).limit(q.limit).offset(q.offset)
    if many is not None:
        items = many(list(db.session.scalars(query.with_only_columns(order_by[-1].class_.id))))
    else:
        items = [to_doc(r) for r in db.session.scalars(query).unique().all()]
    body = page(total=total, limit=q.limit, offset=q.offset, items=items)
    if q.offset + q.limit < total:
        args = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}
        body.next = g.api_next = url_for(
            request.endpoint, limit=q.limit, offset=q.offset + q.limit, _external=True, **args
        )
    return body


def _visible_area(code: str) -> Area:
    return get_area_or_404(g.api_user, code.strip().upper())


_ID = {"type": "integer", "minimum": 1, "maximum": schemas.MAX_ID}
_CODE = {"type": "string", "minLength": 1, "maxLength": 20, "pattern": "^[A-Za-z0-9_-]+$"}

AreaPage = schemas.page_of(schemas.Area)
ProgrammePage = schemas.page_of(schemas.Programme)
ActionPage = schemas.page_of(schemas.Action)
AgendaItemPage = schemas.page_of(schemas.AgendaItem)
OpgavePage = schemas.page_of(schemas.Opgave)
PartyPage = schemas.page_of(schemas.Party)
DeletedPage = schemas.page_of(schemas.Deleted)
MeasurementPage = schemas.page_of(schemas.Measurement)
PcMomentPage = schemas.page_of(schemas.PcMoment)
LessonPage = schemas.page_of(schemas.Lesson)
BudgetTotalPage = schemas.page_of(schemas.BudgetTotal)


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document(request.url_root.rstrip("/")))


@operation("/", "De gebruiker achter de sleutel en zijn rollen", schemas.Me)
def index(q):
    user = g.api_user
    return schemas.Me(
        user=schemas.User(
            email=user.email,
            name=user.name,
            roles=[schemas.Role(role=r.role, area=r.area.code) for r in user.roles],
        ),
        openapi=url_for("api.openapi_document"),
    )


@operation("/areas", "Gebieden die u mag zien", AreaPage, schemas.AreasQuery, paged=True, link=("area", "code", "code"))
def areas(q):
    query = _since(visible_areas(g.api_user), Area.updated_at, q)
    if q.level:
        query = query.where(Area.level == q.level)
    return _paged(query, (Area.code,), documents.area_doc, AreaPage, q)


@operation(
    "/areas/{code}", "Eén gebied (CBS-code)", schemas.Area, path_params={"code": (_CODE, "CBS-code")}, lookup=True
)
def area(q, code: str):
    return documents.area_doc(_visible_area(code))


@operation(
    "/programmes",
    "Wijkontwikkelprogramma's",
    ProgrammePage,
    schemas.ProgrammesQuery,
    lookup=True,
    paged=True,
    link=("programme", "programme_id", "id"),
)
def programmes(q):
    query = _since(visible_programmes(g.api_user), Programme.updated_at, q)
    if q.status:
        query = query.where(Programme.status == q.status)
    if q.area:
        query = query.where(access.path_condition(Area.path, [_visible_area(q.area).path]))
    return _paged(query, (Programme.start_year.desc(), Programme.id), documents.programme_doc, ProgrammePage, q)


@operation(
    "/programmes/{programme_id}",
    "Eén programma met zijn doelen",
    schemas.ProgrammeDetail,
    path_params={"programme_id": (_ID, "id")},
    lookup=True,
)
def programme(q, programme_id: int):
    programme = get_programme_or_404(g.api_user, programme_id)
    targets = db.session.scalars(
        select(GoalTarget)
        .join(Goal, Goal.id == GoalTarget.goal_id)
        .where(Goal.programme_id == programme.id)
        .order_by(Goal.number, GoalTarget.id)
    )
    money = budget.programme_money(g.api_user, programme)
    return documents.programme_detail(programme, url_for("api.actions", programme=programme.id), targets, money)


def _actions_query():
    return visible_actions(g.api_user).options(
        selectinload(Action.partners),
        selectinload(Action.areas),
        selectinload(Action.milestones),
        joinedload(Action.owner_organisation),
        selectinload(Action.commitments),
    )


@operation("/actions", "Acties", ActionPage, schemas.ActionsQuery, paged=True, link=("action", "action_id", "id"))
def actions(q):
    query = _since(visible_actions(g.api_user), Action.updated_at, q)
    if q.programme:
        query = query.where(Action.programme_id == q.programme)
    if q.status:
        query = query.where(Action.status == q.status)
    order = (Action.programme_id, Action.number, Action.id)
    return _paged(query, order, None, ActionPage, q, many=documents.action_docs)


@operation(
    "/actions/{action_id}",
    "Eén actie met haar politieke spoor",
    schemas.ActionDetail,
    path_params={"action_id": (_ID, "id")},
    lookup=True,
)
def action(q, action_id: int):
    action = db.session.scalar(_actions_query().where(Action.id == action_id))
    if action is None:
        abort(404)
    updates = db.session.scalars(
        select(ProgressUpdate)
        .where(ProgressUpdate.action_id == action.id)
        .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
    )
    return documents.action_detail(action, agenda.political_trail(g.api_user, action), updates)


@operation(
    "/agenda-items",
    "Agendapunten: besluiten, moties, toezeggingen…",
    AgendaItemPage,
    schemas.AgendaItemsQuery,
    paged=True,
    link=("agenda_item", "item_id", "id"),
)
def agenda_items(q):
    query = _since(agenda.visible_items(g.api_user), AgendaItem.updated_at, q)
    if q.kind:
        query = query.where(AgendaItem.kind == q.kind)
    if q.status:
        query = query.where(AgendaItem.status == q.status)
    return _paged(query, (AgendaItem.date.desc(), AgendaItem.id), documents.agenda_item_doc, AgendaItemPage, q)


@operation(
    "/agenda-items/{item_id}",
    "Eén agendapunt met de acties die het uitvoeren",
    schemas.AgendaItemDetail,
    path_params={"item_id": (_ID, "id")},
    lookup=True,
)
def agenda_item(q, item_id: int):
    item = agenda.visible_item(g.api_user, item_id) or abort(404)
    return documents.agenda_item_detail(item, agenda.carrying_links(g.api_user, item))


@operation(
    "/opgaven",
    "Opgaven in gebieden die u mag zien",
    OpgavePage,
    schemas.OpgavenQuery,
    lookup=True,
    paged=True,
    link=("opgave", "opgave_id", "id"),
)
def opgaven_list(q):
    filters = opgaven.Filters()
    if q.status:
        filters.status = q.status
    if q.priority:
        filters.priority = q.priority
    # Municipalities may each have a theme of the same name: the filter matches any theme by that name
    # (an unknown name finds nothing, as any filter that matches nothing).
    if q.area:
        filters.area = _visible_area(q.area)
    query = _since(opgaven.filtered_opgaven(g.api_user, filters), Opgave.updated_at, q)
    query = query.options(selectinload(Opgave.themes))
    if q.theme:
        query = query.where(Opgave.themes.any(Theme.name == q.theme))
    return _paged(query, (Area.path, Opgave.title, Opgave.id), documents.opgave_doc, OpgavePage, q)


@operation(
    "/opgaven/{opgave_id}",
    "Eén opgave met haar verloop, programma's en tafel",
    schemas.OpgaveDetail,
    path_params={"opgave_id": (_ID, "id")},
    lookup=True,
)
def opgave(q, opgave_id: int):
    user = g.api_user
    opgave = get_opgave_or_404(user, opgave_id)
    contacts = access.can(user, "view_draft", opgave.area)
    linked = {a.id for agreement in opgave.agreements for a in agreement.actions}
    visible = set(db.session.scalars(visible_actions(user).with_only_columns(Action.id).where(Action.id.in_(linked))))
    return documents.opgave_detail(
        opgave,
        description=opgave.description or "",
        desired_situation=opgave.desired_situation or "",
        status_reason=opgave.status_reason or "",
        lifecycle=[documents.step_doc(step) for step in opgaven.lifecycle(opgave)],
        programmes=[
            schemas.ProgrammeRef(
                id=p.id, title=p.title, status=p.status, url=url_for("api.programme", programme_id=p.id)
            )
            for p in opgaven.opgave_programmes(user, opgave)
        ],
        table=schemas.Table(
            seats=[
                documents.seat_doc(seat, contacts)
                for seat in sorted(opgave.seats, key=lambda s: s.organisation.name.casefold())
            ],
            agreements=[
                documents.agreement_doc(a, [act.id for act in a.actions if act.id in visible])
                for a in opgave.agreements
            ],
            meetings=[documents.meeting_doc(m) for m in opgave.meetings],
        ),
    )


@operation(
    "/partijen",
    "Partijen (organisaties)",
    PartyPage,
    schemas.PartiesQuery,
    paged=True,
    link=("party", "party_id", "id"),
)
def parties(q):
    query = _since(select(Organisation), Organisation.updated_at, q)
    if q.kind:
        query = query.where(Organisation.kind == q.kind)
    return _paged(query, (Organisation.name, Organisation.id), documents.party_doc, PartyPage, q)


@operation(
    "/partijen/{party_id}",
    "Eén partij met haar plaatsen aan tafel",
    schemas.PartyDetail,
    path_params={"party_id": (_ID, "id")},
    lookup=True,
)
def party(q, party_id: int):
    organisation = db.session.get(Organisation, party_id) or abort(404)
    seats = [
        documents.seat_doc(seat, access.can(g.api_user, "view_draft", seat.opgave.area))
        for seat in opgaven.seats_of(g.api_user, organisation)
    ]
    return documents.party_detail(organisation, seats)


_SUBSIDY_KINDS = ("subsidies", "subsidy-schemes")


@operation(
    "/deleted", "Verwijderde objecten, om ze ook uit uw kopie te halen", DeletedPage, schemas.DeletedQuery, paged=True
)
def deleted(q):
    query = select(Tombstone)
    if q.kind:
        query = query.where(Tombstone.kind == q.kind)
    if q.since:
        query = query.where(Tombstone.deleted_at >= _utc(q.since))
    # What belonged to an area: for whoever may see that area; parties belong to no area. Subsidies only
    # for those who see them: applications in the areas where they work, regelingen in their municipalities.
    user = g.api_user
    paths, working = access.grant_paths(user, "view"), access.grant_paths(user, "view_draft")
    municipalities = sorted({path.split("/")[0] for path in working})
    query = query.where(
        or_(
            Tombstone.kind.not_in(_SUBSIDY_KINDS)
            & (Tombstone.area_path.is_(None) | access.path_condition(Tombstone.area_path, paths)),
            (Tombstone.kind == "subsidies") & access.path_condition(Tombstone.area_path, working),
            (Tombstone.kind == "subsidy-schemes") & Tombstone.area_path.in_(municipalities),
        )
    )
    return _paged(
        query,
        (Tombstone.deleted_at, Tombstone.id),
        lambda t: schemas.Deleted(kind=t.kind, id=t.object_key, deleted_at=t.deleted_at),
        DeletedPage,
        q,
    )


@operation(
    "/measurements",
    "Metingen van indicatoren per gebied en periode",
    MeasurementPage,
    schemas.MeasurementsQuery,
    lookup=True,
    paged=True,
)
def measurements(q):
    user = g.api_user
    query = (
        select(Measurement)
        .join(Measurement.indicator)
        .join(Measurement.area)
        .where(indicator_visibility(user), Measurement.area_id.in_(visible_areas(user).with_only_columns(Area.id)))
        .options(contains_eager(Measurement.indicator), contains_eager(Measurement.area))
    )
    query = _since(query, Measurement.updated_at, q)
    if q.area:
        query = query.where(access.path_condition(Area.path, [_visible_area(q.area).path]))
    if q.indicator:
        query = query.where(Indicator.code == q.indicator)
    order = (Area.path, Indicator.code, Measurement.period, Measurement.kind, Measurement.id)
    return _paged(query, order, documents.measurement_doc, MeasurementPage, q)


@operation("/pc-moments", "P&C-documenten met hun data", PcMomentPage, schemas.PcMomentsQuery, paged=True)
def pc_moments(q):
    query = _since(cycle.visible_moments(g.api_user), PcMoment.updated_at, q)
    if q.year:
        query = query.where(PcMoment.year == q.year)
    if q.kind:
        query = query.where(PcMoment.kind == q.kind)
    order = (PcMoment.year, PcMoment.input_deadline, PcMoment.id)
    return _paged(query, order, documents.pc_moment_doc, PcMomentPage, q)


@operation(
    "/lessons", "Leerpunten uit reflecties, zoals het zoeken ze toont", LessonPage, schemas.LessonsQuery, paged=True
)
def lessons(q):
    """Scoped as the learning search: only lessons of reflections on a programme the user may read or
    an opgave the user may see. Lessons are not edited, so `updated_since` reads when they were recorded."""
    user = g.api_user
    query = (
        select(Lesson)
        .join(Lesson.reflection)
        .where(visible_reflection_condition(user))
        .options(
            contains_eager(Lesson.reflection).options(
                joinedload(Reflection.programme).joinedload(Programme.area),
                joinedload(Reflection.opgave).joinedload(Opgave.area),
            ),
            selectinload(Lesson.themes),
            selectinload(Lesson.goals),
            selectinload(Lesson.actions),
        )
    )
    query = _since(query, Lesson.created_at, q)
    if q.programme:
        query = query.where(Reflection.programme_id == q.programme)
    if q.opgave:
        query = query.where(Reflection.opgave_id == q.opgave)
    linked = select(lesson_actions.c.action_id)
    visible = set(db.session.scalars(visible_actions(user).with_only_columns(Action.id).where(Action.id.in_(linked))))
    return _paged(
        query,
        (Reflection.held_on.desc(), Lesson.id),
        lambda lesson: documents.lesson_doc(lesson, visible),
        LessonPage,
        q,
    )


def _listed(items: list, page: type, q):
    """A page of a list computed whole (totals, not rows of a table), with the same next link."""
    total = len(items)
    body = page(total=total, limit=q.limit, offset=q.offset, items=items[q.offset : q.offset + q.limit])
    if q.offset + q.limit < total:
        args = {k: v for k, v in request.args.items() if k not in ("limit", "offset")}
        body.next = g.api_next = url_for(
            request.endpoint, limit=q.limit, offset=q.offset + q.limit, _external=True, **args
        )
    return body


@operation(
    "/budget-totals",
    "Begrotingstotalen per gebied, per wijkontwikkelprogramma en per begrotingsprogramma",
    BudgetTotalPage,
    schemas.BudgetTotalsQuery,
    paged=True,
)
def budget_totals(q):
    """The figures of the budget pages the user may open, for one year: a municipality's page
    (/begroting/<gemeente>) for whoever sees the whole municipality, else the page of each ward or
    stadsdeel the user may see (a ward team's), and each programme's budget page. Totals are
    recomputed on every request: a dashboard syncs them with the ETag."""
    user = g.api_user
    scopes = _budget_scopes(user)
    if q.municipality:
        code = q.municipality.strip().upper()
        scopes = [(gm, wards) for gm, wards in scopes if gm.code == code]
        if not scopes:
            abort(404)
    items = []
    for gm, wards in scopes:
        year = q.year or budget.default_year(budget.budget_years(gm))
        row = {"municipality": gm.code, "year": year}
        if q.group in (None, "area", "budget_programme"):
            if wards is None:
                overview = budget.municipality_overview(user, gm, year)
                by_area = []
                for area_id, figures in overview.by_ward.items():
                    area = overview.areas.get(area_id)
                    by_area.append((area.code, area.name, figures) if area else ("", "Zonder gebied", figures))
                by_budget_programme = overview.by_budget_programme
            else:
                overviews = [(ward, budget.ward_overview(user, ward, year)) for ward in wards]
                by_area = [(ward.code, ward.name, overview.total) for ward, overview in overviews]
                by_budget_programme = _summed(overview.by_budget_programme for _, overview in overviews)
            if q.group in (None, "area"):
                items += [documents.budget_total(row, "area", key, name, figures) for key, name, figures in by_area]
            if q.group in (None, "budget_programme"):
                for name, figures in by_budget_programme.items():
                    items.append(documents.budget_total(row, "budget_programme", name, name, figures))
        if q.group in (None, "programme"):
            programmes = visible_programmes(user).where(access.path_condition(Area.path, [gm.path]))
            for programme in db.session.scalars(programmes.order_by(Programme.id)).all():
                figures = budget.programme_overview(user, programme, year).total
                items.append(documents.budget_total(row, "programme", str(programme.id), programme.title, figures))
    return _listed(items, BudgetTotalPage, q)


def _budget_scopes(user) -> list[tuple[Area, list[Area] | None]]:
    """Per municipality whose budget the user may see: (municipality, None) for the whole of it, or
    (municipality, the highest wards and stadsdelen the user may see in it), as the budget index lists them."""
    levels = ("gemeente", "stadsdeel", "wijk")
    roots: list[Area] = []
    for area in db.session.scalars(visible_areas(user).where(Area.level.in_(levels)).order_by(Area.path)):
        if not access.covers([r.path for r in roots], area.path):
            roots.append(area)
    scopes: dict[str, tuple] = {}
    for root in roots:
        if root.level == "gemeente":
            scopes[root.code] = (root, None)
        elif (gm := budget.municipality_of(root)) is not None:
            scopes.setdefault(gm.code, (gm, []))[1].append(root)
    return [scopes[code] for code in sorted(scopes)]


def _summed(groups) -> dict:
    """Figures per name, added over several overviews (a ward team's wards), in name order."""
    out: dict = {}
    for group in groups:
        for name, figures in group.items():
            out.setdefault(name, type(figures)()).add(figures)
    return dict(sorted(out.items()))


GoalPage = schemas.page_of(schemas.ProgrammeGoal)
ProgressUpdatePage = schemas.page_of(schemas.ActionProgressUpdate)
FundingSourcePage = schemas.page_of(schemas.FundingSource)
SubsidySchemePage = schemas.page_of(schemas.SubsidyScheme)
SubsidyPage = schemas.page_of(schemas.Subsidy)
CapacityPage = schemas.page_of(schemas.Capacity)


@operation("/goals", "Doelen van programma's met hun streefwaarden", GoalPage, schemas.GoalsQuery, paged=True)
def goals(q):
    """The goals of the programmes the user may read. A goal changes with its programme: `updated_since`
    reads the programme's updated_at, which every change of a goal or a target moves."""
    query = (
        select(Goal)
        .join(Programme, Programme.id == Goal.programme_id)
        .where(Programme.id.in_(visible_programmes(g.api_user).with_only_columns(Programme.id)))
        .options(contains_eager(Goal.programme), joinedload(Goal.theme))
    )
    if q.updated_since is not None:
        query = query.where(Programme.updated_at >= _utc(q.updated_since))
    if q.programme:
        query = query.where(Goal.programme_id == q.programme)
    return _paged(query, (Goal.programme_id, Goal.number, Goal.id), None, GoalPage, q, many=documents.goal_docs)


@operation(
    "/progress-updates",
    "Voortgangsrapportages van acties",
    ProgressUpdatePage,
    schemas.ProgressUpdatesQuery,
    paged=True,
)
def progress_updates(q):
    """Reports on the actions the user may see; never edited, so `updated_since` reads when they were added."""
    query = select(ProgressUpdate).where(
        ProgressUpdate.action_id.in_(visible_actions(g.api_user).with_only_columns(Action.id))
    )
    query = _since(query, ProgressUpdate.created_at, q)
    if q.action:
        query = query.where(ProgressUpdate.action_id == q.action)
    order = (ProgressUpdate.action_id, ProgressUpdate.created_at, ProgressUpdate.id)
    return _paged(query, order, documents.progress_update_doc, ProgressUpdatePage, q)


@operation(
    "/funding-sources",
    "Financieringsbronnen van acties per jaar",
    FundingSourcePage,
    schemas.FundingSourcesQuery,
    paged=True,
)
def funding_sources(q):
    """The sources on the action pages the user may see. A source is part of its action: `updated_since`
    reads the action's updated_at, which adding or removing a source moves."""
    query = (
        select(FundingSource)
        .join(Action, Action.id == FundingSource.action_id)
        .where(Action.id.in_(visible_actions(g.api_user).with_only_columns(Action.id)))
        .options(contains_eager(FundingSource.action), joinedload(FundingSource.organisation))
    )
    if q.updated_since is not None:
        query = query.where(Action.updated_at >= _utc(q.updated_since))
    if q.action:
        query = query.where(FundingSource.action_id == q.action)
    if q.year:
        query = query.where(FundingSource.year == q.year)
    if q.kind:
        query = query.where(FundingSource.kind == q.kind)
    order = (FundingSource.action_id, FundingSource.year, FundingSource.id)
    return _paged(query, order, documents.funding_source_doc, FundingSourcePage, q)


@operation(
    "/subsidy-schemes",
    "Subsidieregelingen van de gemeenten waar u werkt",
    SubsidySchemePage,
    schemas.SubsidySchemesQuery,
    lookup=True,
    paged=True,
    link=("subsidy_scheme", "scheme_id", "id"),
)
def subsidy_schemes(q):
    """As the subsidies page: the regelingen of the municipalities where the user works (not readers)."""
    query = _since(_visible_schemes(g.api_user), SubsidyScheme.updated_at, q)
    query = query.options(selectinload(SubsidyScheme.goals), joinedload(SubsidyScheme.area))
    if q.area:
        area = _visible_area(q.area)
        query = query.where(SubsidyScheme.area_id.in_(_area_ids_under(area)))
    return _paged(query, (SubsidyScheme.name, SubsidyScheme.id), None, SubsidySchemePage, q, many=_scheme_docs)


def _visible_schemes(user):
    """subsidies.visible_schemes as a query: the regelingen of the municipalities where `user` works."""
    codes = sorted({path.split("/")[0] for path in access.grant_paths(user, "view_draft")})
    return (
        select(SubsidyScheme)
        .join(Area, Area.id == SubsidyScheme.municipality_id)
        .where(Area.path.in_(codes) if codes else false())
    )


def _granted_per_scheme(ids: list[int]) -> dict:
    """What the beschikkingen of each scheme commit, as subsidies.granted_in_scheme: one grouped query."""
    claim = func.coalesce(SubsidyApplication.settled_amount, SubsidyApplication.granted_amount)
    rows = db.session.execute(
        select(SubsidyApplication.scheme_id, func.sum(claim))
        .where(SubsidyApplication.scheme_id.in_(ids), SubsidyApplication.status.in_(GRANTED))
        .group_by(SubsidyApplication.scheme_id)
    )
    return {scheme_id: budget.cents(total or 0) for scheme_id, total in rows}


def _area_ids_under(area):
    return select(Area.id).where(access.path_condition(Area.path, [area.path]))


def _scheme_docs(ids: list[int]) -> list:
    schemes = {s.id: s for s in db.session.scalars(select(SubsidyScheme).where(SubsidyScheme.id.in_(ids)))}
    granted = _granted_per_scheme(ids)
    return [documents.scheme_doc(schemes[i], granted.get(i)) for i in ids]


@operation(
    "/subsidy-schemes/{scheme_id}",
    "Eén subsidieregeling",
    schemas.SubsidyScheme,
    path_params={"scheme_id": (_ID, "id")},
    lookup=True,
)
def subsidy_scheme(q, scheme_id: int):
    if db.session.scalar(_visible_schemes(g.api_user).where(SubsidyScheme.id == scheme_id)) is None:
        abort(404)
    return _scheme_docs([scheme_id])[0]


def _subsidies_query():
    return subsidy_services.visible_applications(g.api_user).options(
        joinedload(SubsidyApplication.scheme),
        joinedload(SubsidyApplication.area),
        joinedload(SubsidyApplication.organisation),
        selectinload(SubsidyApplication.payments),
    )


@operation(
    "/subsidies",
    "Subsidieaanvragen en beschikkingen (zonder persoonsgegevens)",
    SubsidyPage,
    schemas.SubsidiesQuery,
    lookup=True,
    paged=True,
    link=("subsidy", "application_id", "id"),
)
def subsidy_list(q):
    """As the subsidies page: applications in the areas where the user works (teams their ward,
    controllers and managers their municipality); never a resident's name or e-mail."""
    query = _since(_subsidies_query(), SubsidyApplication.updated_at, q)
    if q.scheme:
        query = query.where(SubsidyApplication.scheme_id == q.scheme)
    if q.status:
        query = query.where(SubsidyApplication.status == q.status)
    if q.area:
        query = query.where(access.path_condition(Area.path, [_visible_area(q.area).path]))
    order = (SubsidyApplication.submitted_on.desc(), SubsidyApplication.id)
    return _paged(query, order, documents.subsidy_doc, SubsidyPage, q)


@operation(
    "/subsidies/{application_id}",
    "Eén subsidieaanvraag met haar beschikking",
    schemas.SubsidyDetail,
    path_params={"application_id": (_ID, "id")},
    lookup=True,
)
def subsidy(q, application_id: int):
    application = db.session.scalar(_subsidies_query().where(SubsidyApplication.id == application_id))
    if application is None:
        abort(404)
    return documents.subsidy_detail(application)


@operation(
    "/capacity",
    "Capaciteit: geplande en bestede uren per opgave, actie, afdeling of partij en jaar",
    CapacityPage,
    schemas.CapacityQuery,
    paged=True,
)
def capacity(q):
    """The hours on the pages of the opgaven the user may see (all of an opgave's entries, as its page)."""
    visible = visible_opgaven(g.api_user).with_only_columns(Opgave.id)
    query = _since(select(CapacityEntry).where(CapacityEntry.opgave_id.in_(visible)), CapacityEntry.updated_at, q)
    if q.opgave:
        query = query.where(CapacityEntry.opgave_id == q.opgave)
    if q.year:
        query = query.where(CapacityEntry.year == q.year)
    order = (CapacityEntry.opgave_id, CapacityEntry.year, CapacityEntry.who, CapacityEntry.id)
    return _paged(query, order, documents.capacity_doc, CapacityPage, q)


AgreementPage = schemas.page_of(schemas.OpgaveAgreement)


@operation(
    "/agreements",
    "Afspraken aan de tafels van opgaven",
    AgreementPage,
    schemas.AgreementsQuery,
    paged=True,
)
def agreements(q):
    """The afspraken of the opgaven the user may see, with the actions carrying them that the user may see.
    An agreement is part of its opgave's table: `updated_since` reads the opgave's updated_at."""
    user = g.api_user
    query = (
        select(Agreement)
        .join(Opgave, Opgave.id == Agreement.opgave_id)
        .where(Opgave.id.in_(visible_opgaven(user).with_only_columns(Opgave.id)))
        .options(contains_eager(Agreement.opgave), selectinload(Agreement.actions))
    )
    if q.updated_since is not None:
        query = query.where(Opgave.updated_at >= _utc(q.updated_since))
    if q.opgave:
        query = query.where(Agreement.opgave_id == q.opgave)
    if q.status:
        query = query.where(Agreement.status == q.status)
    linked = select(agreement_actions.c.action_id)
    visible = set(db.session.scalars(visible_actions(user).with_only_columns(Action.id).where(Action.id.in_(linked))))
    order = (Agreement.opgave_id, Agreement.made_on.desc(), Agreement.id)
    return _paged(query, order, lambda a: documents.opgave_agreement_doc(a, visible), AgreementPage, q)
