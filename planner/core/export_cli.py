import click
export_group = click.Group("export", help="Exporteer naar Excel")
