"""Queries on user accounts and their API tokens (only a token's SHA-256 is stored)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from ..extensions import db
from .models import ApiToken, User

#: A token's last use is written at most this often.
TOKEN_TOUCH_EVERY = timedelta(minutes=5)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def add_user(**values) -> User:
    user = User(**values)
    db.session.add(user)
    return user


def live_token(token_hash: str) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash,
                                                    ApiToken.revoked_at.is_(None)))


def add_token(**values) -> ApiToken:
    token = ApiToken(**values)
    db.session.add(token)
    return token


def touch_token(token_id: int, now: datetime) -> None:
    """Note a token's use in a short transaction of its own, so that a long request (an
    export) never holds the token's row locked and never blocks the token's next request."""
    with db.engine.begin() as connection:
        connection.execute(update(ApiToken)
                           .where(ApiToken.id == token_id,
                                  or_(ApiToken.last_used_at.is_(None),
                                      ApiToken.last_used_at < now - TOKEN_TOUCH_EVERY))
                           .values(last_used_at=now))
