"""Implementation tracking: derived delays, periodic progress updates and the ward comparison."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.core.cli import export_group
    from planner.tracking import cli, demo, views, worklist

    app.register_blueprint(views.bp)
    export_group.add_command(cli.vergelijking)
    hooks.add(app, "programme_tabs", views.programme_tabs)
    hooks.add(app, "action_detail", views.action_story)
    hooks.add(app, "demo", demo.add_progress_stories)
    hooks.add(app, "worklist", worklist.reports_due)
    hooks.add(app, "worklist", worklist.wards_with_late_actions)
