"""Flask CLI commands: users, demo data."""
def init_app(app):
    pass
