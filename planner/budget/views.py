"""Budget pages: overviews per municipality, ward and programme; allocations on an action;
the deviation report of a P&C moment with its explanations and workbook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.actions.access import get_action_or_404
from planner.areas.access import get_area_or_404, visible_areas
from planner.areas.models import Area
from planner.budget import charts, frames, funding, services, spending
from planner.budget.exports import deviation_workbook, overview_workbook
from planner.budget.forms import (
    AllocationForm,
    FinanceCodeForm,
    FrameForm,
    FundingForm,
    MandateForm,
    NoteForm,
    ProgrammeMandateForm,
    SpendingForm,
)
from planner.budget.models import ActionFinanceCode, Allocation, BudgetLine, FundingSource
from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.i18n import N_, money
from planner.core.limits import amount_in_range
from planner.cycle.models import PcMoment
from planner.extensions import db
from planner.programmes.access import get_programme_or_404, visible_programmes
from planner.programmes.hub import Tab, may_open
from planner.programmes.models import Programme

bp = Blueprint("budget", __name__)
PAGE_SIZE = 50


def _year(years, programme=None) -> int:
    year = request.args.get("jaar", type=int)
    return year if year and 2000 <= year <= 2100 else services.default_year(years, programme)


@bp.get("/begroting")
@login_required
def index():
    areas = db.session.scalars(
        visible_areas(current_user).where(Area.level.in_(("gemeente", "stadsdeel", "wijk"))).order_by(Area.path)
    ).all()
    programmes = db.session.scalars(visible_programmes(current_user).order_by(Area.path, Programme.title)).all()
    return render_template("budget/index.html", areas=areas, programmes=programmes)


@bp.get("/begroting/<code>")
@login_required
def area(code):
    area = get_area_or_404(current_user, code)
    gm = services.municipality_of(area)
    if gm is None or area.level not in ("gemeente", "stadsdeel", "wijk", "buurt"):
        abort(404)
    year = _year(services.budget_years(gm))
    if area.level == "gemeente":
        overview = services.municipality_overview(current_user, gm, year)
        chart = charts.ward_bars(overview)
        moments = db.session.scalars(
            select(PcMoment)
            .where(PcMoment.area_id == gm.id, PcMoment.state == "gesloten")
            .order_by(PcMoment.year.desc(), PcMoment.kind)
        ).all()
    else:
        overview, moments = services.ward_overview(current_user, area, year), []
        chart = None
    return render_template(
        "budget/overview.html",
        area=area,
        gm=gm,
        overview=overview,
        programme=None,
        ward_chart=chart,
        taakveld_chart=charts.taakveld_bars(overview),
        moments=moments,
        mandate=services.mandate_of(gm) if area.level == "gemeente" else None,
        may_set_mandate=area.level == "gemeente" and access.can(current_user, "budget", gm),
    )


@bp.get("/begroting/<code>/vergelijking")
@login_required
def benchmark(code):
    from planner.budget.benchmark import benchmark as compare

    # A ward or stadsdeel is compared as its municipality: Iv3 knows municipalities only.
    gm = services.municipality_of(get_area_or_404(current_user, code)) or abort(404)
    years = compare(gm, 0).years
    year = request.args.get("jaar", type=int) or (years[-1] if years else date.today().year)
    return render_template("budget/benchmark.html", gm=gm, bench=compare(gm, year))


def _mandate_gm(code):
    gm = get_area_or_404(current_user, code)
    if gm.level != "gemeente":
        abort(404)
    access.require(current_user, "budget", gm)
    return gm


def _mandate_page(gm, form=None, programme_form=None, status: int = 200):
    current = services.mandate_of(gm)
    programmes = services.budget_programmes(gm)
    programme_form = programme_form or ProgrammeMandateForm(prefix="programma")
    programme_form.budget_programme.choices = [("", gettext("— kies een begrotingsprogramma —"))] + [
        (p, p) for p in programmes
    ]
    return render_template(
        "budget/mandate.html",
        gm=gm,
        form=form or MandateForm(amount=current),
        programme_form=programme_form,
        current=current,
        programmes=programmes,
        own=services.programme_mandates(gm),
    ), status


@bp.route("/begroting/<code>/mandaat", methods=["GET", "POST"])
@login_required
def mandate(code):
    """The shift within mandate set in the financial regulation, for an admin or controller of the municipality:
    one amount for the municipality, and an own amount for a begrotingsprogramma where the regulation sets one."""
    gm = _mandate_gm(code)
    form = MandateForm(amount=services.mandate_of(gm))
    if form.validate_on_submit():
        with refusals(form):
            services.set_mandate(gm, form.amount.data)
            flash(
                gettext("Het mandaat is opgeslagen.")
                if form.amount.data is not None
                else gettext(
                    "Het mandaat is verwijderd: elke overschrijding wordt een voorgestelde begrotingswijziging."
                ),
                "success",
            )
            return redirect(url_for("budget.area", code=gm.code))
    return _mandate_page(gm, form=form, status=422 if request.method == "POST" else 200)


@bp.post("/begroting/<code>/mandaat/programma")
@login_required
def programme_mandate(code):
    gm = _mandate_gm(code)
    form = ProgrammeMandateForm(prefix="programma")
    if form.validate_on_submit():
        with refusals(form):
            services.set_programme_mandate(gm, form.budget_programme.data, form.amount.data)
            flash(
                gettext("Het mandaat voor %(programme)s is opgeslagen.", programme=form.budget_programme.data)
                if form.amount.data is not None
                else gettext(
                    "%(programme)s volgt weer het mandaat van de gemeente.", programme=form.budget_programme.data
                ),
                "success",
            )
            return redirect(url_for("budget.mandate", code=gm.code) + "#kop-per-programma")
    return _mandate_page(gm, programme_form=form, status=422)


@bp.get("/begroting/<code>/begroting.xlsx")
@login_required
def area_xlsx(code):
    area = get_area_or_404(current_user, code)
    gm = services.municipality_of(area)
    if gm is None or area.level not in ("gemeente", "stadsdeel", "wijk", "buurt"):
        abort(404)
    year = _year(services.budget_years(gm))
    if area.level == "gemeente":
        overview = services.municipality_overview(current_user, gm, year)
    else:
        overview = services.ward_overview(current_user, area, year)
    return send_file(
        overview_workbook(overview, f"{area.name} {year}"),
        as_attachment=True,
        download_name=f"begroting-{area.code}-{year}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.get("/programmas/<int:programme_id>/begroting")
@login_required
def programme(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    gm = services.municipality_of(programme.area)
    year = _year(services.budget_years(gm), programme)
    overview = services.programme_overview(current_user, programme, year)
    return render_template(
        "budget/overview.html",
        area=programme.area,
        gm=gm,
        overview=overview,
        programme=programme,
        ward_chart=charts.ward_bars(overview),
        taakveld_chart=charts.taakveld_bars(overview),
        moments=[],
    )


def _may_allocate(programme) -> bool:
    return access.can(current_user, "edit", programme.area) or access.can(current_user, "budget", programme.area)


def _action_to_change(action_id: int):
    """The action whose money the user changes: 404 when they may not see it, 403 when they may only look."""
    action = get_action_or_404(current_user, action_id)
    if not _may_allocate(action.programme):
        abort(403)
    return action


def _part_to_change(model, part_id: int):
    """A part of an action's money (allocation, funding source, finance code) and its action, checked as above."""
    part = db.session.get(model, part_id) or abort(404)
    return part, _action_to_change(part.action_id)


def action_budget(action, **_) -> str:
    """Hook `action_detail`: what the action draws from the budget, and the form to add to it."""
    programme = action.programme
    allowed = _may_allocate(programme) and programme.status != "geevalueerd"
    form = choices = None
    if allowed:
        choices = services.line_choices(programme, request.args.get("regel", "").strip()[:100])
        form = AllocationForm(year=min(max(date.today().year, programme.start_year), programme.end_year))
        form.prepare(programme, choices.lines)
    allocations = services.action_allocations(action)
    years, bookings = spending.action_spending(action)
    spending_form = code_form = funding_form = None
    if allowed:
        funding_form = _funding_form(action, choices.lines)
        spending_form = SpendingForm(year=min(max(date.today().year, programme.start_year), programme.end_year))
        spending_form.prepare(programme)
        code_form = FinanceCodeForm()
    budget = {
        "allocations": allocations,
        "form": form,
        "can_allocate": allowed,
        "total": sum((a.amount for a in allocations), Decimal(0)),
        "years": years,
        "bookings": bookings,
        "codes": spending.finance_codes(action),
        "spending_form": spending_form,
        "code_form": code_form,
        "funding": funding.funding_sources(action),
        "funding_form": funding_form,
        "line_choices": choices,
        "line_limit": services.LINE_CHOICE_LIMIT,
    }
    return render_template("budget/_action_allocations.html", action=action, budget=budget)


def _funding_form(action, lines=None) -> FundingForm:
    programme = action.programme
    form = FundingForm() if request.method == "POST" else FundingForm(year=programme.start_year)
    if lines is None:  # a posted form: the first lines, and the one it names
        lines = services.line_choices(
            programme, chosen=form.budget_line_id.raw_data and form.budget_line_id.raw_data[0]
        ).lines
    form.prepare(programme, lines, funding.table_parties(action))
    return form


@bp.route("/acties/<int:action_id>/financiering", methods=["GET", "POST"])
@login_required
def add_funding(action_id):
    action = _action_to_change(action_id)
    programme = action.programme
    form = _funding_form(action)
    if form.validate_on_submit():
        line = db.session.get(BudgetLine, form.budget_line_id.data) if form.budget_line_id.data else None
        with refusals(form):
            funding.add_funding_source(
                action,
                kind=form.kind.data,
                year=form.year.data,
                amount=form.amount.data,
                status=form.status.data,
                description=form.description.data or "",
                budget_line=line,
                depreciation_years=form.depreciation_years.data,
                interest_percent=form.interest_percent.data,
                grant_reference=form.grant_reference.data or "",
                grant_ceiling=form.grant_ceiling.data,
                conditions=form.conditions.data or "",
                accountability_date=form.accountability_date.data,
                organisation_id=form.organisation_id.data,
            )
            flash(gettext("De financiering is opgeslagen."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#financiering")
    return render_template("budget/funding.html", action=action, programme=programme, form=form)


@bp.route("/acties/<int:action_id>/realisatie", methods=["GET", "POST"])
@login_required
def record_spending(action_id):
    action = _action_to_change(action_id)
    programme = action.programme
    form = SpendingForm()
    form.prepare(programme)
    if form.validate_on_submit():
        with refusals(form):
            spending.record_spending(
                action,
                year=form.year.data,
                period=form.period.data,
                amount=form.amount.data,
                description=form.description.data or "",
                user=current_user,
            )
            flash(gettext("De realisatie is opgeslagen."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#realisatie")
    return render_template("budget/spending.html", action=action, programme=programme, form=form)


@bp.route("/acties/<int:action_id>/financiele-codes", methods=["GET", "POST"])
@login_required
def add_finance_code(action_id):
    action = _action_to_change(action_id)
    form = FinanceCodeForm()
    if form.validate_on_submit():
        with refusals(form):
            spending.add_finance_code(
                action,
                project_code=form.project_code.data or "",
                cost_centre=form.cost_centre.data or "",
                cost_type=form.cost_type.data or "",
            )
            flash(gettext("De financiële code is gekoppeld."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#realisatie")
    return render_template("budget/finance_code.html", action=action, programme=action.programme, form=form)


@bp.post("/financiering/<int:funding_id>/verwijderen")
@login_required
def remove_funding(funding_id):
    source, action = _part_to_change(FundingSource, funding_id)
    back = url_for("actions.detail", action_id=action.id) + "#financiering"
    refused = funding.removal_refused(source)
    if refused:
        flash(refused, "error")
        return redirect(back)
    if not confirmed():
        return confirm_page(
            title=gettext(
                "Financiering %(year)s van %(amount)s van actie %(number)s verwijderen?",
                year=source.year,
                amount=money(source.amount),
                number=action.number,
            ),
            message=gettext(
                "Actie %(number)s '%(action)s' heeft dan in %(year)s geen %(amount)s meer uit '%(kind)s'. Dit kan "
                "niet ongedaan worden gemaakt; opnieuw vastleggen kan wel.",
                number=action.number,
                action=action.title,
                year=source.year,
                amount=money(source.amount),
                kind=gettext(source.kind_label),
            ),
            kept=gettext(
                "De toekenningen uit de begroting en de realisatie van de actie blijven staan; de "
                "wijzigingshistorie van de actie houdt de financiering vast."
            ),
            button=gettext("Ja, financiering verwijderen"),
            cancel_url=back,
        )
    with refusals():
        funding.remove_funding_source(source)
        flash(gettext("De financiering is verwijderd."), "success")
    return redirect(back)


@bp.post("/financiele-codes/<int:code_id>/verwijderen")
@login_required
def remove_finance_code(code_id):
    code, action = _part_to_change(ActionFinanceCode, code_id)
    back = url_for("actions.detail", action_id=action.id) + "#realisatie"
    if not confirmed():
        booked = spending.bookings_under(code)
        return confirm_page(
            title=gettext(
                "Financiële code %(code)s van actie %(number)s ontkoppelen?", code=code.label, number=action.number
            ),
            message=gettext(
                "Een volgende import van de realisatie vindt bij %(code)s dan geen actie meer en meldt die "
                "boekingen als fout, tot de code weer aan een actie is gekoppeld.",
                code=code.label,
            ),
            kept=ngettext(
                "De %(num)d boeking die al onder deze code is geïmporteerd, blijft op de actie staan.",
                "De %(num)d boekingen die al onder deze code zijn geïmporteerd, blijven op de actie staan.",
                booked,
            )
            if booked
            else gettext("Er zijn nog geen boekingen onder deze code geïmporteerd."),
            button=gettext("Ja, code ontkoppelen"),
            cancel_url=back,
        )
    spending.remove_finance_code(code)
    flash(gettext("De financiële code is ontkoppeld."), "success")
    return redirect(back)


@bp.route("/acties/<int:action_id>/toekenningen", methods=["GET", "POST"])
@login_required
def allocate(action_id):
    action = _action_to_change(action_id)
    programme = action.programme
    form = AllocationForm()
    form.prepare(programme, services.line_choices(programme, chosen=request.form.get("budget_line_id")).lines)
    if form.validate_on_submit():
        line = db.session.get(BudgetLine, form.budget_line_id.data) if form.budget_line_id.data else None
        with refusals(form):
            services.allocate(
                action,
                line,
                year=form.year.data,
                amount=form.amount.data,
                user=current_user,
                override=form.override.data,
                reason=form.override_reason.data or "",
            )
            flash(gettext("De toekenning is opgeslagen."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#begroting")
    return render_template("budget/allocate.html", action=action, programme=programme, form=form)


@bp.post("/toekenningen/<int:allocation_id>/verwijderen")
@login_required
def remove(allocation_id):
    allocation, action = _part_to_change(Allocation, allocation_id)
    back = url_for("actions.detail", action_id=action.id) + "#begroting"
    if not confirmed():
        line = allocation.budget_line
        return confirm_page(
            title=gettext(
                "Toekenning %(year)s van %(amount)s aan actie %(number)s verwijderen?",
                year=allocation.year,
                amount=money(allocation.amount),
                number=action.number,
            ),
            message=gettext(
                "Actie %(number)s '%(action)s' krijgt dan in %(year)s geen %(amount)s meer uit begrotingsregel "
                "%(line)s. Dit kan niet ongedaan worden gemaakt; opnieuw toekennen kan wel.",
                number=action.number,
                action=action.title,
                year=allocation.year,
                amount=money(allocation.amount),
                line=f"{line.taakveld_code} · {line.description or line.line_key}",
            ),
            kept=gettext(
                "De begrotingsregel blijft staan; gesloten P&C-momenten houden hun vastgelegde cijfers en de "
                "wijzigingshistorie van de actie houdt de toekenning vast."
            ),
            button=gettext("Ja, toekenning verwijderen"),
            cancel_url=back,
        )
    services.remove_allocation(allocation)
    flash(gettext("De toekenning is verwijderd."), "success")
    return redirect(back)


def _moment_or_404(moment_id: int) -> PcMoment:
    # Whoever sees the municipality's P&C calendar (a ward team sees its municipality's moments).
    from planner.cycle.services import visible_moments

    moment = db.session.execute(visible_moments(current_user).where(PcMoment.id == moment_id)).scalar_one_or_none()
    return moment or abort(404)


def _thresholds() -> tuple[Decimal | None, Decimal | None]:
    def number(name, default):
        raw = (request.args.get(name) or "").strip().replace(" ", "").replace("€", "")
        if not raw:
            return default
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return default
        return value if amount_in_range(value) and value >= 0 else default

    return number("bedrag", services.DEFAULT_THRESHOLD_AMOUNT), number("procent", services.DEFAULT_THRESHOLD_PERCENT)


@bp.get("/begroting/pc/<int:moment_id>")
@login_required
def deviations(moment_id):
    moment = _moment_or_404(moment_id)
    amount, percent = _thresholds()
    report = services.deviation_report(current_user, moment, amount, percent)
    # The largest deviations first, a page at a time; the workbook holds them all.
    page = max(request.args.get("pagina", 1, type=int), 1)
    start = (page - 1) * PAGE_SIZE
    pages = max(1, -(-max(len(report.lines), len(report.actions)) // PAGE_SIZE))
    return render_template(
        "budget/deviations.html",
        moment=moment,
        report=report,
        note_form=NoteForm(),
        lines=report.lines[start : start + PAGE_SIZE],
        actions=report.actions[start : start + PAGE_SIZE],
        page=page,
        pages=pages,
    )


@bp.get("/begroting/pc/<int:moment_id>/afwijkingen.xlsx")
@login_required
def deviations_xlsx(moment_id):
    moment = _moment_or_404(moment_id)
    amount, percent = _thresholds()
    report = services.deviation_report(current_user, moment, amount, percent)
    name = f"afwijkingen-{moment.kind}-{moment.year}-{moment.area.code}.xlsx"
    return send_file(
        deviation_workbook([report]),
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.post("/begroting/pc/<int:moment_id>/toelichting")
@login_required
def save_note(moment_id):
    moment = _moment_or_404(moment_id)
    form = NoteForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
    else:
        try:
            with refusals():
                services.save_note(current_user, moment, form.subject.data or "", form.key.data or "", form.text.data)
                flash(gettext("De toelichting is opgeslagen."), "success")
        except PermissionError:
            abort(403)
        except LookupError:
            abort(404)
    return redirect(
        url_for(
            "budget.deviations",
            moment_id=moment.id,
            bedrag=request.args.get("bedrag"),
            procent=request.args.get("procent"),
        )
    )


def programme_money(programme, **_) -> str:
    """Hook `programme_money`: on the programme page, the money allocated to its actions per year and action."""
    may_open_budget = may_open(current_user, "budget.programme", programme)
    status = frames.programme_frame(current_user, programme)
    form = FrameForm(amount=status.frame) if _may_allocate(programme) else None
    money_ = services.programme_money(current_user, programme)
    spent = spending.spent_by_action_and_year([row.action.id for row in money_.actions])
    return render_template(
        "budget/_programme_money.html",
        money=money_,
        spent={a: sum(years.values(), Decimal(0)) for a, years in spent.items()},
        budget_url=url_for("budget.programme", programme_id=programme.id) if may_open_budget else None,
        frame=status,
        frame_form=form,
        frame_url=url_for("budget.programme_frame", programme_id=programme.id),
    )


def _may_set_opgave_frame(opgave) -> bool:
    return access.can(current_user, "edit", opgave.area) or access.can(current_user, "budget", opgave.area)


def opgave_money(opgave, **_) -> str:
    """Hook `opgave_money`: on the opgave page, its kader and what is free within it."""
    status = frames.opgave_frame(current_user, opgave)
    form = FrameForm(amount=status.frame) if _may_set_opgave_frame(opgave) else None
    return render_template(
        "budget/_frame.html",
        frame=status,
        frame_form=form,
        frame_url=url_for("budget.opgave_frame", opgave_id=opgave.id),
    )


@bp.route("/programmas/<int:programme_id>/kader", methods=["GET", "POST"])
@login_required
def programme_frame(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    if not _may_allocate(programme):
        abort(403)
    return _set_frame(
        FrameForm(),
        url_for("programmes.detail", programme_id=programme.id),
        url_for("budget.programme_frame", programme_id=programme.id),
        programme.title,
        programme=programme,
    )


@bp.route("/opgaven/<int:opgave_id>/kader", methods=["GET", "POST"])
@login_required
def opgave_frame(opgave_id):
    from planner.opgaven.access import get_opgave_or_404

    opgave = get_opgave_or_404(current_user, opgave_id)
    if not _may_set_opgave_frame(opgave):
        abort(403)
    return _set_frame(
        FrameForm(),
        url_for("opgaven.detail", opgave_id=opgave.id),
        url_for("budget.opgave_frame", opgave_id=opgave.id),
        opgave.title,
        opgave=opgave,
    )


def _set_frame(form, back: str, frame_url: str, subject: str, **target):
    if form.validate_on_submit():
        with refusals(form):
            frames.set_frame(form.amount.data, **target)
            flash(gettext("Het kader is opgeslagen."), "success")
            return redirect(back + "#kader")
    return render_template("budget/frame.html", form=form, back=back, frame_url=frame_url, subject=subject)


def programme_tabs(user, programme) -> list:
    """Hook `programme_tabs`: the programme's money."""
    url = url_for("budget.programme", programme_id=programme.id)
    return [Tab("money", N_("Geld"), "budget.programme", url)]
