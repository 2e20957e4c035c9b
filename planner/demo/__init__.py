"""The demo municipality: Helmond with its real CBS wards and plausible programmes."""


def init_app(app) -> None:
    from planner.demo import cli

    app.cli.add_command(cli.cli)
