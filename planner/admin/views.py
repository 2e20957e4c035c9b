"""Pages for the functioneel beheerder: accounts and their roles within the admin's areas."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from planner.admin import audit, services
from planner.admin.forms import (
    GrantForm,
    NewPartnerForm,
    NewUserForm,
    PartnerGrantForm,
    PasswordForm,
    UserDetailsForm,
)
from planner.areas.models import Area
from planner.core import mail
from planner.core.access import ROLE_LABELS
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.core.security import keep_session
from planner.extensions import db
from planner.opgaven.models import Opgave, Organisation
from planner.programmes.models import Programme

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.before_request
@login_required
def _admins_only():
    if not services.administered_areas(current_user):
        abort(403)


def _area_choices(form) -> None:
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in services.administered_areas(current_user)]


@bp.get("/gebruikers")
def users():
    text = request.args.get("zoek", "")[:100]
    return render_template(
        "admin/users.html", users=services.users_in_scope(current_user, text), text=text, role_labels=ROLE_LABELS
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
def new_user():
    form = NewUserForm()
    _area_choices(form)
    if form.validate_on_submit():
        with refusals(form):
            user = services.add_user(
                current_user,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                role=form.role.data,
                area=db.session.get(Area, form.area_id.data),
            )
            flash(
                gettext(
                    "Gebruiker %(email)s is aangemaakt. Geef het eerste wachtwoord persoonlijk door.", email=user.email
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_user.html", form=form)


@bp.route("/gebruikers/nieuwe-partner", methods=["GET", "POST"])
def new_partner():
    form = NewPartnerForm()
    _partner_choices(form)
    if form.validate_on_submit():
        with refusals(form):
            user = services.add_partner_user(
                current_user,
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                **_partner_targets(form),
            )
            flash(
                gettext(
                    "Partner %(email)s is aangemaakt. Geef het eerste wachtwoord persoonlijk door.", email=user.email
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_partner.html", form=form)


def _partner_targets(form) -> dict:
    """The opgave or programme and the organisation a partner form names (None where left empty)."""

    def chosen(model, field):
        return db.session.get(model, field.data) if field.data else None

    return {
        "opgave": chosen(Opgave, form.opgave_id),
        "programme": chosen(Programme, form.programme_id),
        "organisation": chosen(Organisation, form.organisation_id),
    }


def _user_or_404(user_id: int):
    return services.user_in_scope(current_user, user_id) or abort(404)


def _partner_choices(form) -> None:
    none = [("", gettext("— geen —"))]
    form.opgave_id.choices = none + [(o.id, o.title) for o in services.opgaven_in_scope(current_user)]
    form.programme_id.choices = none + [
        (p.id, f"{p.title} ({gettext(p.status_label)})") for p in services.programmes_in_scope(current_user)
    ]
    form.organisation_id.choices = [("", gettext("— kies —"))] + [
        (o.id, o.name) for o in services.active_organisations()
    ]


def _user_page(user, grant_form=None, password_form=None, partner_form=None, details_form=None, status=200):
    grant_form = grant_form or GrantForm(formdata=None)
    _area_choices(grant_form)
    partner_form = partner_form or PartnerGrantForm(formdata=None)
    _partner_choices(partner_form)
    return render_template(
        "admin/user.html",
        user=user,
        grants=services.grants_in_scope(current_user, user),
        grant_form=grant_form,
        partner_grants=services.partner_grants_in_scope(current_user, user),
        partner_form=partner_form,
        password_form=password_form or PasswordForm(formdata=None),
        details_form=details_form or UserDetailsForm(formdata=None, obj=user),
        plain_form=FlaskForm(),
        role_labels=ROLE_LABELS,
    ), status


@bp.get("/gebruikers/<int:user_id>")
def user(user_id: int):
    return _user_page(_user_or_404(user_id))


@bp.post("/gebruikers/<int:user_id>/rollen")
def add_grant(user_id: int):
    user = _user_or_404(user_id)
    form = GrantForm()
    _area_choices(form)
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        with refusals(form):
            services.add_grant(current_user, user, form.role.data, area)
            flash(
                gettext(
                    "Rol %(role)s op %(area)s toegekend.",
                    role=gettext(ROLE_LABELS[form.role.data]),
                    area=area.name if area else "",
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, grant_form=form, status=422)


@bp.post("/gebruikers/<int:user_id>/rollen/<int:grant_id>/intrekken")
def remove_grant(user_id: int, grant_id: int):
    user = _user_or_404(user_id)
    require_button_post()
    with refusals():
        grant = services.grant_to_remove(current_user, user, grant_id)
        label = gettext("%(role)s op %(area)s", role=gettext(ROLE_LABELS[grant.role]), area=grant.area.name)
        if not confirmed():
            return confirm_page(
                title=gettext("Rol %(role)s van %(name)s intrekken?", role=label, name=user.name),
                message=gettext(
                    "%(name)s (%(email)s) verliest de rol %(role)s en daarmee wat die rol in dat gebied liet zien en "
                    "doen. Opnieuw toekennen kan later.",
                    name=user.name,
                    email=user.email,
                    role=label,
                ),
                kept=gettext(
                    "Het account, de andere rollen en alles wat %(name)s heeft vastgelegd blijven bestaan; de "
                    "audittrail houdt vast wie de rol introk.",
                    name=user.name,
                ),
                button=gettext("Ja, rol intrekken"),
                cancel_url=url_for("admin.user", user_id=user.id),
            )
        services.remove_grant(current_user, user, grant_id)
        flash(gettext("Rol %(role)s ingetrokken.", role=label), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/gebruikers/<int:user_id>/partnerrollen")
def add_partner_grant(user_id: int):
    user = _user_or_404(user_id)
    form = PartnerGrantForm()
    _partner_choices(form)
    if form.validate_on_submit():
        targets = _partner_targets(form)
        opgave, programme, organisation = targets["opgave"], targets["programme"], targets["organisation"]
        with refusals(form):
            services.add_partner_grant(current_user, user, opgave, organisation, programme)
            flash(
                gettext(
                    "Partnerrol op programma %(target)s voor %(organisation)s toegekend.",
                    target=programme.title,
                    organisation=organisation.name,
                )
                if programme
                else gettext(
                    "Partnerrol op opgave %(opgave)s voor %(organisation)s toegekend.",
                    opgave=opgave.title,
                    organisation=organisation.name,
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, partner_form=form, status=422)


@bp.post("/gebruikers/<int:user_id>/partnerrollen/<int:grant_id>/intrekken")
def remove_partner_grant(user_id: int, grant_id: int):
    user = _user_or_404(user_id)
    require_button_post()
    with refusals():
        grant = services.partner_grant_to_remove(current_user, user, grant_id)
        target = (
            gettext("programma '%(title)s'", title=grant.programme.title)
            if grant.programme
            else gettext("opgave '%(title)s'", title=grant.opgave.title)
        )
        if not confirmed():
            return confirm_page(
                title=gettext("Partnerrol van %(name)s op %(target)s intrekken?", name=user.name, target=target),
                message=gettext(
                    "%(name)s (%(email)s, voor %(organisation)s) kan %(target)s dan niet meer lezen, er geen "
                    "opmerkingen meer bij geven en geen voortgang meer melden op de acties van %(organisation)s. "
                    "Opnieuw toekennen kan later.",
                    name=user.name,
                    email=user.email,
                    organisation=grant.organisation.name,
                    target=target,
                ),
                kept=gettext(
                    "Het account, de opmerkingen en voortgangsmeldingen die %(name)s al gaf en de audittrail blijven "
                    "bewaard.",
                    name=user.name,
                ),
                button=gettext("Ja, partnerrol intrekken"),
                cancel_url=url_for("admin.user", user_id=user.id),
            )
        services.remove_partner_grant(current_user, user, grant_id)
        flash(gettext("Partnerrol ingetrokken."), "success")
    return redirect(url_for("admin.user", user_id=user.id))


def _flash_result(user, action, success: str):
    """A button without fields: the outcome, or the refusal, is a message on the user's page."""
    with refusals():
        action()
        flash(success, "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/gebruikers/<int:user_id>/gegevens")
def details(user_id: int):
    user = _user_or_404(user_id)
    form = UserDetailsForm()
    if form.validate_on_submit():
        with refusals(form):
            services.update_details(current_user, user, name=form.name.data, email=form.email.data)
            flash(gettext("De gegevens van %(name)s zijn opgeslagen.", name=user.name), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, details_form=form, status=422)


def _audit_filters() -> audit.AuditFilters:
    def day(key):
        try:
            return date.fromisoformat(request.args.get(key, ""))
        except ValueError:
            return None

    return audit.AuditFilters(
        user_id=request.args.get("wie", type=int),
        entity_type=request.args.get("wat", "")[:40],
        date_from=day("van"),
        date_to=day("tot"),
        area_id=request.args.get("gebied", type=int),
    )


@bp.get("/audittrail")
def audit_trail():
    filters = _audit_filters()
    page = max(request.args.get("pagina", 1, type=int), 1)
    events, total = audit.events(current_user, filters, page)
    return render_template(
        "admin/audit.html",
        events=events,
        total=total,
        page=page,
        pages=max((total + audit.PER_PAGE - 1) // audit.PER_PAGE, 1),
        filters=filters,
        people=services.users_in_scope(current_user),
        entity_types=audit.entity_types(current_user),
        entity_labels=audit.ENTITY_LABELS,
        areas=services.administered_areas(current_user),
        args={k: v for k, v in request.args.items() if k != "pagina" and v},
    )


@bp.get("/uitgaande-mail")
def outbox():
    return render_template(
        "admin/outbox.html",
        messages=mail.outbox(current_app, current_user),
        server=current_app.config.get("MAIL_SERVER"),
    )


@bp.post("/gebruikers/<int:user_id>/overal-uitloggen")
def end_sessions(user_id: int):
    user = _user_or_404(user_id)
    require_button_post()

    def end_them():
        services.end_all_sessions(current_user, user)
        if user.id == current_user.id:
            keep_session(current_user)  # an admin signing out their other devices stays signed in here

    return _flash_result(user, end_them, gettext("%(name)s is overal uitgelogd.", name=user.name))


@bp.post("/gebruikers/<int:user_id>/<change>")
def change(user_id: int, change: str):
    user = _user_or_404(user_id)
    if change not in ("blokkeren", "deblokkeren", "wachtwoord"):
        abort(404)
    if change == "wachtwoord":
        form = PasswordForm()
        if form.validate_on_submit():
            with refusals(form):
                services.set_password(current_user, user, form.password.data)
                flash(gettext("Het wachtwoord van %(name)s is gewijzigd.", name=user.name), "success")
                return redirect(url_for("admin.user", user_id=user.id))
        return _user_page(user, password_form=form, status=422)
    require_button_post()
    if change == "blokkeren" and user.is_enabled and user.id != current_user.id and not confirmed():
        return confirm_page(
            title=gettext("%(name)s blokkeren?", name=user.name),
            message=gettext(
                "%(name)s (%(email)s) kan dan niet meer inloggen; open sessies, API-sleutels en de agenda-link "
                "werken niet meer. Rollen en audittrail blijven bewaard; deblokkeren kan later.",
                name=user.name,
                email=user.email,
            ),
            button=gettext("Ja, %(name)s blokkeren", name=user.name),
            cancel_url=url_for("admin.user", user_id=user.id),
        )
    return _flash_result(
        user,
        lambda: services.set_enabled(current_user, user, change == "deblokkeren"),
        gettext("%(name)s kan weer inloggen.", name=user.name)
        if change == "deblokkeren"
        else gettext("%(name)s kan niet meer inloggen.", name=user.name),
    )
