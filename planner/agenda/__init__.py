"""The political agenda: council decisions, moties and toezeggingen, linked to actions."""


def init_app(app) -> None:
    from planner.agenda import demo, importers, views
    from planner.core import hooks
    from planner.excel import targets

    app.register_blueprint(views.bp)
    targets.register_target(app, "agenda_items", importers.apply_agenda_items)
    targets.register_document_reader(app, "ori", importers.read_ori_document)
    targets.register_table_label(app, "agenda_items", "agendapunten")
    targets.register_table_label(app, "action_agenda_links", "koppelingen met acties")
    hooks.add(app, "action_detail", views.action_trail)
    hooks.add(app, "demo", demo.add_political_agenda)
