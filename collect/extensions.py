"""Flask extensions, created once here and bound to an app in ``create_app``."""
from contextvars import ContextVar

from flask_babel import Babel
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


#: The connection a unit of work began without the ORM session (``collect.store.connection``).
LEASED: ContextVar[Connection | None] = ContextVar("collect_leased_connection", default=None)


class JoiningSession(Session):
    """The session of ``db.session``: when the unit of work has already begun on a leased
    connection, the session joins that connection's transaction instead of opening a
    second one, so that a request stays one transaction whichever way it reached the
    database first."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None:
            bind = LEASED.get()
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": JoiningSession})
migrate = Migrate()
babel = Babel()
api = Api()
