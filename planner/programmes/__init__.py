"""Neighbourhood development programmes, their goals, workflow, versions and the internal comment round."""


def init_app(app) -> None:
    from flask_login import current_user

    from planner.core import hooks
    from planner.core.cli import export_group
    from planner.excel import targets
    from planner.programmes import cli, deletion, hub, importers, views, worklist
    from planner.programmes.comments import views as comment_views
    from planner.programmes.partner_reach import close_partner_objects_elsewhere

    app.register_blueprint(views.bp)
    app.register_blueprint(deletion.bp)
    app.register_blueprint(comment_views.bp)
    app.add_template_global(comment_views.round_link, "comment_round")
    app.add_template_global(lambda programme: hub.programme_tabs(current_user, programme), "programme_tabs")
    hooks.add(app, "programme_tabs", hub.own_tabs)
    hooks.add(app, "action_detail", comment_views.action_round)
    app.before_request(lambda: close_partner_objects_elsewhere(current_user))
    hooks.add(app, "worklist", worklist.awaiting_decision)
    export_group.add_command(cli.export_wijkprogramma)
    targets.register_target(app, "programme_workbook", importers.apply_programme_workbook)
    for target in importers.HANDLED_BY_PROGRAMME_WORKBOOK:
        targets.register_target(app, target, importers.handled_by_programme_workbook)
    targets.register_table_label(app, "programmes", "programma's")
