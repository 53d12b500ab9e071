"""Queries on user accounts, their sessions and their API tokens (only hashes are stored)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from ..extensions import db
from .models import ApiToken, User, UserSession, utcnow

#: A token's last use is written at most this often.
TOKEN_TOUCH_EVERY = timedelta(minutes=5)


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


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


def tokens_of(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def get_token(token_id: int) -> ApiToken | None:
    return db.session.get(ApiToken, token_id)


def _touch(table, row_id: int, column, now: datetime, every: timedelta) -> None:
    """Write a row's last-use time in a short transaction of its own, so that a long
    request (an export) never holds that row locked and never blocks the next request."""
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.id == row_id, or_(column.is_(None), column < now - every))
                           .values({column.key: now}))


def touch_token(token_id: int, now: datetime) -> None:
    _touch(ApiToken, token_id, ApiToken.last_used_at, now, TOKEN_TOUCH_EVERY)


def add_session(session: UserSession) -> None:
    db.session.add(session)


def live_session(token_hash: str) -> UserSession | None:
    return db.session.scalar(select(UserSession).where(UserSession.token_hash == token_hash,
                                                       UserSession.revoked_at.is_(None)))


def touch_session(session_id: int, now: datetime) -> None:
    _touch(UserSession, session_id, UserSession.last_seen_at, now, timedelta(0))


def revoke_sessions(user_id: int) -> None:
    db.session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def flush() -> None:
    db.session.flush()
