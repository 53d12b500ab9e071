"""Helpers for tests that build apps of their own beside the ``app`` fixture."""
from collect.extensions import db


def empty_tables(app) -> None:
    """Remove every row a test left, and close the app's connections."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()
