"""Helpers for tests that build apps of their own beside the ``app`` fixture."""
from collect.extensions import db


#: A password the policy takes (long, not guessable); tests sign in with it.
PASSWORD = "ກອງປະຊຸມ-correct-horse-battery"

#: Reference data the migrations load: kept between tests, as on a real server.
REFERENCE_TABLES = frozenset({"province", "district", "swg", "alembic_version"})


def empty_tables(app) -> None:
    """Remove every row a test left (but the reference data), and close the app's connections."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    connection.execute(table.delete())
        db.engine.dispose()


def governance():
    """The Governance SWG, where the tests' forms live (inside an app context)."""
    from collect.services.reference import swg_by_code

    return swg_by_code("governance")
