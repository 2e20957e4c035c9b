"""Every route × every identity × objects of ward A, ward B and another municipality: who may open it (200 or
a redirect), who may see the object but not do this (403), who may not know it exists (404), and what an
anonymous visitor gets (the login page, 401 from the API, or the public page).

The expectations are rules, one per endpoint in ROUTES: the kind of object the route is tried on (which also
says who may know it exists), the capability needed on that object's area, and whether a partner without an
area role is admitted. A route without an entry fails the test: add one (see CONTRIBUTING.md). Besides the
status, no page an identity opens may show the title of a programme, action or opgave it may not know of
(lists, counts, search and exports included); a refused POST must leave the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g
from sqlalchemy import text

from planner.core.access import CAPABILITIES
from planner.extensions import db
from tests.core.authorisation_world import (
    A_ADOPTED,
    A_CONCEPT,
    A_CONSULTATION,
    ANY,
    IDENTITIES,
    A,
    G,
    Scope,
    World,
    build_world,
)
from tests.helpers import PASSWORD

OK, LOGIN = "200/302", "302 to login"
NOTHING = "200/302 with nothing changed"  # a refusal in a message, as for an object that does not exist

# Who may know an object of each kind exists, by the kind's family (see `sees`).
PROGRAMME_KINDS = {
    "programme",
    "goal",
    "action",
    "milestone",
    "commitment",
    "allocation",
    "funding",
    "finance_code",
    "link",
    "flag",
    "gathering",
    "attachment",
    "contribution",
    "comment",
    "reflection",
    "lesson",
}
OPGAVE_KINDS = {"opgave", "meeting", "agreement", "seat"}
RELATED_KINDS = {"item", "pc_moment"}  # seen from their area, from anywhere below it and by partners never
OWN_KINDS = {"run", "token"}  # the admin's own: nobody else learns they exist
NATIONAL_KINDS = {"indicator", "theme"}
# Seen by staff who see drafts anywhere in its municipality: programme templates, subsidy regelingen.
TEMPLATE_KINDS = {"template", "scheme"}

# The kind of object that fills a URL argument, unless a route's `args` says otherwise.
ARG_KINDS = {
    "programme_id": "programme",
    "goal_id": "goal",
    "action_id": "action",
    "milestone_id": "milestone",
    "commitment_id": "commitment",
    "allocation_id": "allocation",
    "funding_id": "funding",
    "code_id": "finance_code",
    "link_id": "link",
    "flag_id": "flag",
    "attachment_id": "attachment",
    "contribution_id": "contribution",
    "comment_id": "comment",
    "opgave_id": "opgave",
    "meeting_id": "meeting",
    "agreement_id": "agreement",
    "organisation_id": "seat",
    "item_id": "item",
    "moment_id": "pc_moment",
    "indicator_id": "indicator",
    "code": "area",
    "signal_id": "signal",
    "application_id": "subsidy",
    "scheme_id": "scheme",
    "gm_code": "area",
    "run_id": "run",
    "token_id": "token",
    "user_id": "user",
    "grant_id": "grant",
    "theme_id": "theme",
    "party_id": "organisation",
    "template_id": "template",
    "reflection_id": "reflection",
    "lesson_id": "lesson",
}


@dataclass(frozen=True)
class Route:
    """What an endpoint demands of whom.

    on: the kind of object the route is tried on, in each scope the world has it (None: on no object); the
        kind also says who may know the object exists (`sees`), unless `see` names another kind's rule.
    need: the capability (or any of several) on the object's area, or anywhere for a route on no object, to
        open the route; without it the answer is `refused` (403: may see, may not do). `need_post`: another
        capability for POST. `need_on`: the scope whose area counts instead of the object's.
    gate: (capability anywhere, status) checked before the object is looked up, as a blueprint's guard does.
    partner: a partner (only a grant on opgave A) is admitted; if not, every answer to them is 404.
    partner_acts: the partner may also do it, on what their grant covers (report on their actions).
    anonymous: what a visitor without an account gets; everyone / signed_in: one answer (or one per scope)
        for all identities / all signed-in ones, for routes that do not depend on the role.
    args, body: fixed URL arguments and form fields; "kind:<kind>" takes the id of that kind in the scope, a
        function of the world computes one. query: a query string the route needs to answer at all.
    """

    on: str | None = None
    need: str | tuple[str, ...] | None = None
    need_post: str | tuple[str, ...] | None = "same"
    need_on: Scope | None = None
    see: str | None = None
    refused: object = 403
    gate: tuple[str, int] | None = None
    partner: bool = False
    partner_acts: bool = False
    anonymous: object = LOGIN
    everyone: object = None
    everyone_post: object = None
    signed_in: object = None
    args: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)
    query: str = ""


PUBLIC = Route(anonymous=OK, partner=True)
API = Route(partner=True, anonymous=401)
GATHERING = {"moment_id": "kind:gathering"}
ORGANISATION = {"organisation_id": "kind:organisation"}
ADMIN_PAGE = ("admin", 403)  # the user administration answers 403 to whoever administers nothing
DIVISION = ("admin", 404)  # the area division does not exist for whoever administers nothing
# The public pages of a programme, per scope: a concept never, an adopted one only for its feedback and photos.
WHILE_CONSULTING = {A_CONCEPT: 404, A_ADOPTED: 404, A_CONSULTATION: OK}
FROM_CONSULTATION = {A_CONCEPT: 404, A_ADOPTED: OK, A_CONSULTATION: OK}
STAFF = "staff"  # `see`: what only staff who see drafts (and partners at the table) see, whatever the status


def action_of_a(world: World) -> int:
    """A form field: the adopted action of ward A (visible to the council, changed only by its editors)."""
    return world.ids["action"][A_ADOPTED]


# Keep this sorted by endpoint. An endpoint with several URL rules has one entry for all of them.
ROUTES: dict[str, Route] = {
    "account.password": Route(partner=True),
    "actions.add_commitment": Route("action", "edit", partner=True),
    "actions.add_milestone": Route(
        "action", "edit", partner=True, body={"title": "Mijlpaal", "due_date": "2026-05-01"}
    ),
    "actions.change_milestone": Route("milestone", "edit", partner=True, args={"change": "verwijderen"}),
    "actions.correct": Route(
        "action", "edit", partner=True, body={"corrected_on": "01-01-2026", "aspects": "scope", "reason": "Bewoners"}
    ),
    "actions.create": Route("programme", "edit", partner=True, body={"title": "Nieuwe actie"}),
    "actions.detail": Route("action", partner=True),
    "actions.edit": Route("action", "edit", partner=True),
    "actions.history": Route("action", partner=True),
    "actions.move_milestone": Route(
        "milestone", "edit", partner=True, body={"due_date": "01-07-2026", "reason": "Weer"}
    ),
    "actions.remove_commitment": Route("commitment", "edit", partner=True),
    "admin.add_grant": Route("user", "admin", gate=ADMIN_PAGE, body={"role": "reader"}),
    "admin.add_partner_grant": Route("partner_user", "admin", gate=ADMIN_PAGE, args={"user_id": "kind:partner_user"}),
    "admin.audit_trail": Route(None, "admin"),
    "admin.change": Route("user", "admin", gate=ADMIN_PAGE, args={"change": "blokkeren"}),
    "admin.details": Route("user", "admin", gate=ADMIN_PAGE, body={"name": "Ander", "email": "ander@matrix.nl"}),
    "admin.end_sessions": Route("user", "admin", gate=ADMIN_PAGE),
    "admin.new_partner": Route(None, "admin"),
    "admin.new_user": Route(None, "admin"),
    "admin.outbox": Route(None, "admin"),
    "admin.remove_grant": Route("user", "admin", gate=ADMIN_PAGE),
    "admin.remove_partner_grant": Route(
        "partner_user",
        "admin",
        gate=ADMIN_PAGE,
        args={"user_id": "kind:partner_user", "grant_id": "kind:partner_grant"},
    ),
    "admin.user": Route("user", "admin", gate=ADMIN_PAGE),
    "admin.users": Route(None, "admin"),
    "agenda.council": Route(),
    "agenda.create": Route(None, "edit"),
    "agenda.detail": Route("item"),
    "agenda.edit": Route("item", "edit"),
    "agenda.import_commit": Route(None, "edit", need_on=G),
    "agenda.import_items": Route(None, "edit", need_on=G),
    "agenda.index": Route(),
    # Linking needs the right to change the action, not the item: refused with a message, as an unknown action.
    "agenda.link": Route("item", "edit", need_on=A, refused=NOTHING, body={"action_id": action_of_a}),
    "agenda.link_from_action": Route("action", "edit"),
    "agenda.trail": Route("action", partner=True),
    "agenda.unlink": Route("link", "edit"),
    "api.action": Route("action", partner=True, anonymous=401),
    "api.actions": API,
    "api.agenda_item": Route("item", anonymous=401, partner=True),
    "api.agenda_items": API,
    "api.area": Route("area", anonymous=401, partner=True),
    "api.areas": API,
    "api.deleted": API,
    "api.lessons": API,
    "api.budget_totals": API,
    "api.goals": API,
    "api.progress_updates": API,
    "api.funding_sources": API,
    "api.subsidy_schemes": API,
    "api.subsidy_scheme": Route("scheme", anonymous=401),
    "api.subsidy_list": API,
    "api.subsidy": Route("subsidy", see=STAFF, anonymous=401),
    "api.capacity": API,
    "api.agreements": API,
    "api.measurements": API,
    "api.pc_moments": API,
    "api.index": API,
    "api.openapi_document": PUBLIC,
    "api.opgave": Route("opgave", partner=True, anonymous=401),
    "api.opgaven_list": API,
    "api.parties": API,
    "api.party": Route(None, partner=True, anonymous=401, args={"party_id": "kind:organisation"}),
    "api.programme": Route("programme", partner=True, anonymous=401),
    "api.programmes": API,
    "api_lists.list_csv": Route(partner=True, args={"kind": "actions"}),
    "api_tokens.index": Route(partner=True),
    "api_tokens.revoke": Route("token"),
    "areas.area_list_csv": Route(),
    "areas.dashboard": Route(partner=True),
    "areas.detail": Route("area"),
    "areas.index": Route(),
    "areas_admin.create": Route(
        "municipality", "admin", gate=DIVISION, refused=404, args={"gm_code": "kind:municipality"}
    ),
    "areas_admin.edit": Route("district", "admin", gate=DIVISION, refused=404, args={"code": "kind:district"}),
    "areas_admin.end": Route("district", "admin", gate=DIVISION, refused=404, args={"code": "kind:district"}),
    "areas_admin.index": Route(None, "admin", refused=404),
    "assets.favicon": PUBLIC,
    "assets.vendor": Route(anonymous=OK, partner=True, args={"name": "theme.css"}),
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.set_language": PUBLIC,
    "budget.allocate": Route("action", ("edit", "budget")),
    "budget.add_finance_code": Route("action", ("edit", "budget")),
    "budget.add_funding": Route("action", ("edit", "budget")),
    "budget.record_spending": Route("action", ("edit", "budget")),
    "budget.area": Route("area"),
    "budget.area_xlsx": Route("area"),
    "budget.benchmark": Route("area"),
    "budget.mandate": Route("municipality", "budget", args={"code": "kind:municipality"}),
    "budget.programme_mandate": Route("municipality", "budget", args={"code": "kind:municipality"}),
    "budget.deviations": Route("pc_moment"),
    "budget.opgave_frame": Route("opgave", ("edit", "budget")),
    "budget.programme_frame": Route("programme", ("edit", "budget")),
    "budget.deviations_xlsx": Route("pc_moment"),
    "budget.index": Route(),
    "budget.programme": Route("programme"),
    "budget.remove": Route("allocation", ("edit", "budget")),
    "budget.remove_finance_code": Route("finance_code", ("edit", "budget")),
    "budget.remove_funding": Route("funding", ("edit", "budget")),
    "budget.save_note": Route(
        "pc_moment", ("budget", "adopt"), body={"subject": "line", "key": "lasten|KPL1/4300/6.1"}
    ),
    "cycle.add_moment": Route(None, ("adopt", "budget")),
    "cycle.calendar": Route(),
    "cycle.change_state": Route("pc_moment", ("adopt", "budget"), args={"change": "sluiten"}),
    "cycle.edit_moment": Route("pc_moment", ("adopt", "budget")),
    "cycle.export": Route("pc_moment"),
    # Flagging needs the right to change the action, not the moment: refused with a message.
    "cycle.flag": Route(
        "pc_moment", "edit", need_on=A, refused=NOTHING, body={"action_id": action_of_a, "purpose": "bijsturing"}
    ),
    "cycle.flag_from_action": Route("action", "edit"),
    "cycle.generate": Route(None, ("adopt", "budget")),
    "cycle.ics": Route(everyone=404),  # the feed answers its personal token, not a session: without one, 404
    "cycle.moment": Route("pc_moment"),
    "cycle.subscription": Route(),
    "cycle.timeline": Route("programme", partner=True),
    "cycle.unflag": Route("flag", "edit"),
    "health.healthz": PUBLIC,
    # An upload is its uploader's own: whoever has none (and may import nothing) is told it does not exist.
    "imports.commit": Route(None, ("edit", "budget"), refused=404),
    "imports.mapping": Route(signed_in=404, args={"sha": "0" * 64}),  # an upload that does not exist
    "imports.preview": Route(signed_in=404, args={"sha": "0" * 64}),
    "imports.preview_errors": Route(signed_in=404, args={"sha": "0" * 64}),
    "imports.progress": Route("run"),
    "imports.progress_json": Route("run"),
    "imports.result": Route("run"),
    "imports.revert": Route("run", "admin"),
    "imports.run_errors": Route("run"),
    "imports.runs": Route(),
    "imports.upload": Route(None, ("edit", "budget")),
    "indicators.delete": Route("indicator", "admin"),
    "indicators.detail": Route("indicator"),
    "indicators.edit": Route("indicator", "admin"),
    "indicators.index": Route(),
    "indicators.targets": Route("programme", need_post="edit"),
    "initiatieven.answers": Route("ward", everyone=OK, args={"code": "kind:ward"}),
    # The request form is open where the ward's municipality has a wijkbudget (the world's G and X have none).
    "initiatieven.request_budget": Route("ward", everyone=404, args={"code": "kind:ward"}),
    "inspraak.draft": Route("public", everyone=WHILE_CONSULTING, args={"programme_id": "kind:public"}),
    "inspraak.feedback": Route("public", everyone=FROM_CONSULTATION, args={"programme_id": "kind:public"}),
    "inspraak.index": PUBLIC,
    "inspraak.photo": Route(
        "public",
        everyone=FROM_CONSULTATION,
        args={"programme_id": "kind:public", "attachment_id": "kind:public_photo"},
    ),
    "inspraak.privacy": PUBLIC,
    "inspraak.react": Route(
        "public",
        everyone=WHILE_CONSULTING,
        everyone_post={A_CONCEPT: 409, A_ADOPTED: 409, A_CONSULTATION: OK},
        args={"programme_id": "kind:public"},
    ),
    "inspraak.signal": Route("ward", everyone=OK, args={"code": "kind:ward"}),
    "inspraak.signal_thanks": Route("ward", everyone=OK, args={"code": "kind:ward"}),
    "inspraak.thanks": Route("public", everyone=WHILE_CONSULTING, args={"programme_id": "kind:public"}),
    # Learning is for the area roles: a partner at the table is not admitted (404), as for the budget.
    "learning.add_lesson": Route("reflection", "edit"),
    "learning.evaluation": Route("programme", "edit"),
    "learning.index": Route(),
    "learning.new_opgave_reflection": Route("opgave", "edit"),
    "learning.new_principle": Route(None, "adopt"),
    "learning.new_programme_reflection": Route("programme", "edit"),
    "learning.opgave_log": Route("opgave"),
    "learning.principles": Route(),
    "learning.programme_log": Route("programme"),
    "learning.programme_log_xlsx": Route("programme"),
    "learning.reflection": Route("reflection"),
    "learning.support_principle": Route("lesson", "adopt"),
    "opgaven.add_seat": Route("opgave", "edit", partner=True),
    "opgaven.agreement_form": Route("agreement", "edit", partner=True),
    "opgaven.create": Route(None, "edit", partner=True),
    "opgaven.detail": Route("opgave", partner=True),
    "opgaven.edit": Route("opgave", "edit", partner=True),
    "opgaven.edit_seat": Route("seat", "edit", partner=True),
    "opgaven.index": Route(partner=True),
    "opgaven.meeting_form": Route("meeting", "edit", partner=True),
    "opgaven.missing": Route("opgave", partner=True),
    "opgaven.portfolio": Route(partner=True),
    "opgaven.remove_seat": Route("seat", "edit", partner=True),
    "opgaven.status": Route("opgave", "edit", partner=True),
    "opgaven.table": Route("opgave", partner=True),
    "opgaven_admin.merge": Route(None, "admin", args=ORGANISATION),
    "opgaven_admin.organisation": Route(None, "admin", args=ORGANISATION),
    "opgaven_admin.organisation_active": Route(None, "admin", args=ORGANISATION | {"change": "deactiveren"}),
    "opgaven_admin.organisations": Route(None, "admin"),
    "opgaven_admin.theme": Route("theme", "admin", gate=ADMIN_PAGE),
    "opgaven_admin.theme_change": Route("theme", "admin", gate=ADMIN_PAGE, args={"change": "deactiveren"}),
    "opgaven_admin.themes": Route(None, "admin"),
    "participation.attachment": Route("attachment", see=STAFF, args=GATHERING),
    "participation.attachment_public": Route("attachment", "edit", see=STAFF, args=GATHERING),
    "participation.bulk": Route("programme", "edit", see=STAFF),
    "participation.create": Route("programme", "edit", see=STAFF),
    "participation.delete_attachment": Route("attachment", "edit", see=STAFF, args=GATHERING),
    "participation.detail": Route("contribution", see=STAFF),
    "participation.export": Route("programme", see=STAFF),
    "participation.index": Route("programme", see=STAFF),
    "participation.moderate": Route("contribution", "edit", see=STAFF),
    "participation.moment": Route("gathering", see=STAFF, args=GATHERING),
    "participation.moments": Route("programme", see=STAFF),
    "participation.period": Route("programme", "edit", see=STAFF),
    "participation.phases": Route("programme", "edit", see=STAFF),
    "participation.upload_attachment": Route("gathering", "edit", see=STAFF, args=GATHERING),
    "participation_policy.policies": Route(None, "admin", refused=404),
    "participation_policy.policy": Route(
        "municipality", "admin", gate=DIVISION, refused=404, args={"gm_code": "kind:municipality"}
    ),
    "programme_comments.add": Route(
        "programme", "edit", see=STAFF, partner=True, partner_acts=True, body={"text": "Opmerking"}
    ),
    "programme_comments.answer": Route("comment", "edit", see=STAFF),
    "programme_comments.index": Route("programme", see=STAFF, partner=True),
    "programme_delete.delete": Route("programme", "edit"),
    "programmes.action_list_csv": Route("programme", partner=True),
    "programmes.compare": Route("programme", partner=True, query="a=huidig&b=huidig"),
    "programmes.create": Route(None, "edit", partner=True),
    "programmes.detail": Route("programme", partner=True),
    "programmes.edit": Route("programme", "edit", partner=True),
    "programmes.goal_form": Route("goal", "edit", partner=True),
    "programmes.history": Route("programme", partner=True),
    "programmes.index": Route(partner=True),
    "programmes.programme_list_csv": Route(partner=True),
    "programmes.programme_workbook": Route("programme", partner=True),
    "programmes.search": Route(partner=True),
    "programmes.transition": Route("programme", "edit", partner=True, args={"to_status": "consultatie"}),
    "programmes.versions": Route("programme", partner=True),
    "static": Route(anonymous=OK, partner=True, args={"filename": "css/wijkplanner.css"}),
    # Residents' signals may carry names: whoever cannot edit the ward does not learn they exist.
    # Rolling a template out or editing it asks for drafting rights somewhere in its municipality; each new
    # programme then needs its own ward.
    "rollout.apply": Route("template", "edit", need_on=ANY),
    "rollout.close_revision": Route("programme", "adopt"),
    "rollout.detail": Route("template"),
    "rollout.edit": Route("template", "edit", need_on=ANY),
    "rollout.index": Route(None, "view_draft"),
    "rollout.revise": Route("programme", "adopt"),
    "rollout.save": Route("programme", "edit"),
    "rollout.tick": Route("programme", "edit", body={"step": "Bewonersavond", "done_on": "01-01-2026"}),
    "signals.index": Route("ward", "edit", refused=404, args={"code": "kind:ward"}),
    "signals.triage": Route("signal", "edit", refused=404, args={"code": "kind:ward"}),
    # Subsidies are staff's: a reader or partner does not learn an application exists.
    "subsidies.add_payment": Route("subsidy", ("budget", "adopt"), see=STAFF),
    "subsidies.advise": Route("subsidy", "edit", see=STAFF),
    "subsidies.answer": Route("subsidy", "edit", see=STAFF),
    "subsidies.decide": Route("subsidy", ("budget", "adopt"), see=STAFF),
    "subsidies.detail": Route("subsidy", see=STAFF),
    # A regeling is known to staff anywhere in its municipality; changing it needs what creating one does.
    "subsidies.edit_scheme": Route("scheme", "budget"),
    "subsidies.mark_paid": Route("subsidy", ("budget", "adopt"), see=STAFF),
    "subsidies.index": Route(None, "view_draft"),
    "subsidies.moderate": Route("subsidy", "edit", see=STAFF),
    "subsidies.new_application": Route(None, "edit"),
    "subsidies.new_scheme": Route(None, "budget"),
    "subsidies.record_capacity": Route("opgave", "edit"),
    "subsidies.settle": Route("subsidy", ("budget", "adopt"), see=STAFF),
    "tracking.comparison": Route(),
    "tracking.comparison_xlsx": Route(),
    "tracking.programme_delays": Route("programme"),
    "tracking.report": Route("action", "edit", partner=True, partner_acts=True),
    "tracking.ward": Route("ward", args={"code": "kind:ward"}),
}


# ---- what each identity may do ------------------------------------------------------------------


def _covers(granted: str | None, area: str) -> bool:
    return granted is not None and (granted == area or (granted == "G" and area in ("A", "B")))


def has(who: str, capability: str, scope: Scope) -> bool:
    role, where = IDENTITIES[who]
    if role not in CAPABILITIES[capability]:
        return False
    return scope is ANY or _covers(where, scope.area)


def sees(who: str, kind: str | None, scope: Scope) -> bool:
    """`who` may know that this object exists."""
    role, where = IDENTITIES[who]
    partner = who == "partner" and scope.partner
    if kind is None or scope is ANY and kind not in OWN_KINDS:
        return True
    if kind == STAFF:
        return has(who, "view_draft", scope) or partner
    if kind in PROGRAMME_KINDS:
        return has(who, "view_draft", scope) or (not scope.concept and has(who, "view", scope)) or partner
    if kind in OPGAVE_KINDS:
        return has(who, "view", scope) or partner
    if kind in RELATED_KINDS:
        return has(who, "view", scope) or (scope.area == "G" and where in ("A", "B"))
    if kind in OWN_KINDS:
        return who == "admin"
    if kind in TEMPLATE_KINDS:
        return has(who, "view_draft", ANY) and (where == scope.area or (scope.area == "G" and where in ("A", "B")))
    if kind in NATIONAL_KINDS:
        return role is not None and (scope.area == "N" or (scope.area == "G" and where in ("G", "A", "B")))
    return has(who, "view", scope)


def _one(value, scope: Scope):
    return value.get(scope) if isinstance(value, dict) else value


def expected(route: Route, who: str, scope: Scope, method: str):
    fixed = _one(route.everyone_post if method == "POST" and route.everyone_post is not None else route.everyone, scope)
    if fixed is not None:
        return fixed
    if who == "anonymous":
        return route.anonymous
    if route.signed_in is not None:
        return route.signed_in
    if who == "partner" and not route.partner:
        return 404
    if route.gate and not has(who, route.gate[0], ANY):
        return route.gate[1]
    if not sees(who, route.see or route.on, scope):
        return 404
    need = route.need_post if method == "POST" and route.need_post != "same" else route.need
    if need:
        needs = (need,) if isinstance(need, str) else need
        where = route.need_on or scope
        if route.partner_acts and who == "partner" and scope.partner:
            return OK
        if not any(has(who, capability, where) for capability in needs):
            return route.refused
    return OK


# ---- running the matrix -------------------------------------------------------------------------


def _value(world: World, scope: Scope, arg: str, given):
    """A URL argument or form field: fixed, the id of a kind in this scope ("kind:<kind>"), or computed."""
    if callable(given):
        return given(world)
    if given is not None and not str(given).startswith("kind:"):
        return given
    by_scope = world.ids.get(given[5:] if given else ARG_KINDS.get(arg), {})
    return by_scope.get(scope, by_scope.get(ANY))


def _url(rule, route: Route, world: World, scope: Scope) -> str | None:
    named = set(rule.arguments) - set(rule.defaults or ())
    values = {arg: _value(world, scope, arg, route.args.get(arg)) for arg in named}
    if None in values.values():
        return None
    url = rule.build(values, append_unknown=False)[1]
    return f"{url}?{route.query}" if route.query else url


def _scopes(rule, route: Route, world: World) -> list[Scope]:
    """The scopes of the route's object if this URL rule names it; for a rule that does not (a "new" form
    under an opgave or a programme), those of the object it names instead; else none in particular."""
    named = set(rule.arguments) - set(rule.defaults or ())
    kinds = [(route.args.get(a) or "")[5:] or ARG_KINDS.get(a) for a in sorted(named)]
    if route.on in kinds:
        return list(world.ids[route.on])
    for kind in kinds:
        if kind in world.ids and ANY not in world.ids[kind]:
            return list(world.ids[kind])
    return [ANY]


def _secrets(world: World, who: str) -> list[str]:
    """Titles of programmes, actions and opgaven `who` may not know exist: no page they open may show one."""
    if who == "anonymous":  # residents read programmes from the consultation on, with their actions
        return [title for (kind, scope), title in world.titles.items() if kind != "opgave" and scope.concept]
    return [title for (kind, scope), title in world.titles.items() if not sees(who, kind, scope)]


def _leaks(response, secrets: list[str]) -> list[str]:
    if response.status_code != 200 or not response.mimetype.startswith(("text/", "application/json")):
        return []
    body = response.get_data(as_text=True)
    return [title for title in secrets if title in body]


def _outcome(response) -> object:
    if response.status_code == 302 and "/inloggen" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code in (200, 302):
        return OK
    return response.status_code


def _fingerprint() -> tuple:
    """Row counts of every table and the sum of every lock_version: what a refused POST must leave alone."""
    parts = []
    for table in sorted(db.metadata.tables.values(), key=lambda t: t.name):
        parts.append(f"(SELECT COUNT(*) FROM {table.name})")
        if "lock_version" in table.c:
            parts.append(f"(SELECT COALESCE(SUM(lock_version), 0) FROM {table.name})")
    return tuple(db.session.execute(text("SELECT " + ", ".join(parts))).one())


def _clients(app) -> dict:
    clients = {}
    for who in IDENTITIES:
        g.pop("_login_user", None)
        clients[who] = app.test_client()
        if who != "anonymous":
            response = clients[who].post("/inloggen", data={"email": f"{who}@matrix.nl", "password": PASSWORD})
            assert response.status_code == 302
    return clients


def _send(clients, world: World, who: str, method: str, url: str, body: dict):
    g.pop("_login_user", None)  # the tests share one app context: Flask-Login's cached user would carry over
    headers = {}
    if url.startswith("/api/") and who != "anonymous":
        headers["Authorization"] = f"Bearer {world.secrets[who]}"
    if method == "GET":
        return clients[who].get(url, headers=headers)
    return clients[who].post(url, data={"bevestigd": "ja", **body}, headers=headers)


def _cases(app, world: World, method: str):
    """(url, identity, scope label, route, expected outcome) for every rule that answers `method`."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if method not in rule.methods:
            continue
        route = ROUTES[rule.endpoint]
        for scope in _scopes(rule, route, world):
            url = _url(rule, route, world, scope)
            if url is None:
                raise AssertionError(
                    f"{rule.rule} ({rule.endpoint}): the world has nothing to try it on in {scope.label}"
                )
            for who in IDENTITIES:
                yield url, who, scope, route, expected(route, who, scope, method)


def test_every_route_answers_every_identity_as_the_rules_say(app, ctx):
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, "Routes without an entry in ROUTES (tests/core/test_authorisation_matrix.py):\n" + "\n".join(
        f"add an entry for endpoint {e}" for e in missing
    )
    stale = sorted(set(ROUTES) - endpoints)
    assert not stale, f"ROUTES has entries for endpoints that no longer exist: {', '.join(stale)}"

    world = build_world()
    clients = _clients(app)
    problems = []
    secrets = {who: _secrets(world, who) for who in IDENTITIES}
    for url, who, scope, route, want in _cases(app, world, "GET"):
        response = _send(clients, world, who, "GET", url, {})
        public = route.anonymous == OK or route.everyone is not None  # shows what residents may read
        got = _outcome(response)
        if got != (OK if want == NOTHING else want):
            problems.append(f"GET {url} as {who} ({scope.label}): expected {want}, got {got}")
        for title in _leaks(response, secrets["anonymous" if public else who]):
            problems.append(f"GET {url} as {who} ({scope.label}): shows '{title}', which {who} may not know of")
    # Only refused POSTs are sent (those let through would change the world for the next ones): each must
    # answer as the rules say and leave every table as it was.
    for url, who, scope, route, want in _cases(app, world, "POST"):
        if want == OK:
            continue
        body = {key: _value(world, scope, key, value) for key, value in route.body.items()}
        before = _fingerprint()
        got = _outcome(_send(clients, world, who, "POST", url, body))
        changed = _fingerprint() != before
        if got != (OK if want == NOTHING else want) or changed:
            problems.append(
                f"POST {url} as {who} ({scope.label}): expected {want}, got {got}"
                + (", and the database changed" if changed else "")
            )
    assert not problems, f"{len(problems)} answers differ from the rules:\n" + "\n".join(problems)
