"""Neighbourhood development programmes, their goals, workflow and versions."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.core.cli import export_group
    from planner.excel import targets
    from planner.programmes import cli, importers, views, worklist

    app.register_blueprint(views.bp)
    hooks.add(app, "worklist", worklist.awaiting_decision)
    export_group.add_command(cli.export_wijkprogramma)
    targets.register_target(app, "programme_workbook", importers.apply_programme_workbook)
    for target in importers.HANDLED_BY_PROGRAMME_WORKBOOK:
        targets.register_target(app, target, importers.handled_by_programme_workbook)
    targets.register_table_label(app, "programmes", "programma's")
