"""Flask extensions, created once here and bound to an app in ``create_app``."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
api = Api()
#: Rate limits (sign-in attempts): in Redis when RATELIMIT_STORAGE_URI says so, else in memory.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True, strategy="moving-window")
