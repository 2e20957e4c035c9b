"""Participation: residents' contributions to a programme, consultation moments and the public pages."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.excel import targets
    from planner.participation import cli, demo, importers, jobs, phases, public, signal_views, views, worklist

    app.register_blueprint(views.bp)
    app.register_blueprint(views.policy_bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(signal_views.bp)
    app.cli.add_command(cli.cli)
    jobs.init_app(app)
    targets.register_target(app, "contributions", importers.apply_contributions)
    hooks.add(app, "programme_compare", views.version_contributions)
    hooks.add(app, "programme_tabs", views.programme_tabs)
    hooks.add(app, "programme_consultation", views.programme_consultation)
    # Residents' input is the team's: a history read through a partner grant leaves these events out.
    hooks.add(app, "team_only_audit_types", lambda: views.TEAM_ONLY_AUDIT_TYPES)
    hooks.add(app, "programme_created", phases.apply_policy)
    hooks.add(app, "demo", demo.add_participation)
    hooks.add(app, "worklist", worklist.reactions_to_moderate)
    hooks.add(app, "worklist", signal_views.signals_to_triage)
    hooks.add(app, "area_actions", signal_views.ward_link)
