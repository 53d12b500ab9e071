"""Accounts, their roles in the SWGs, sign-in sessions and API tokens.

Passwords are kept as werkzeug hashes and must be at least ``MIN_PASSWORD`` characters
and not easy to guess (zxcvbn, which knows the common passwords, names and patterns,
scores it at least ``MIN_STRENGTH`` of 4). Checking a password for an unknown e-mail
does the same hashing work as for a known one, so the answer's timing tells nothing.

A sign-in starts a server-side session: the browser's cookie holds a random token whose
SHA-256 is stored; signing out, deactivating the account or resetting its password
revokes it, so a copied cookie stops working at once. An API token is shown once and
only its SHA-256 is stored; it may expire and may be revoked.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from marshmallow import ValidationError, validate
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from ..problems import Problem
from ..store import accounts, reference
from ..store.models import ApiToken, Membership, Role, User, UserSession, utcnow
from .audit import record

TOKEN_PREFIX = "collect_"
MIN_PASSWORD = 10
MIN_STRENGTH = 2
#: A session not seen for this long is over.
SESSION_IDLE = timedelta(days=14)
#: How often a session's last use is written.
SESSION_TOUCH_EVERY = timedelta(minutes=5)
#: The hash checked when nobody has the e-mail, so that the work is the same.
_NOBODY = generate_password_hash(secrets.token_urlsafe(16))
_check_email = validate.Email()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normal_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str, email: str = "", name: str = "") -> None:
    """Raise weak_password unless ``password`` is long and hard enough to guess."""
    if len(password) < MIN_PASSWORD or zxcvbn(password[:100], user_inputs=[email, name])["score"] < MIN_STRENGTH:
        raise Problem("weak_password", length=MIN_PASSWORD)


def _checked_email(email: str) -> str:
    email = normal_email(email)
    try:
        _check_email(email)
    except ValidationError:
        raise Problem("invalid_email", email=email[:100]) from None
    return email


def create_user(email: str, role: Role, password: str | None, name: str = "", *,
                swgs: tuple[tuple[str, Role], ...] = (), actor: User | None = None) -> User:
    """A new account; ``swgs`` are (SWG code, role) pairs of its memberships. Raises
    invalid_email, email_taken, weak_password, unknown_swg, forbidden (only admins create
    accounts)."""
    _require_admin(actor)
    email = _checked_email(email)
    if accounts.user_by_email(email) is not None:
        raise Problem("email_taken", email=email)
    if password is not None:
        check_new_password(password, email, name)
    user = accounts.add_user(email=email, role=role, name=name,
                             password_hash=generate_password_hash(password) if password else None)
    set_memberships(user, swgs, actor)
    record("create_user", f"user:{email}", actor, role=role.value)
    return user


def set_memberships(user: User, swgs: tuple[tuple[str, Role], ...] | list, actor: User | None) -> None:
    """Replace the user's roles in the SWGs. Raises unknown_swg, forbidden."""
    _require_admin(actor)
    wanted = {}
    for code, role in swgs:
        swg = reference.swg_named(code)
        if swg is None or swg.parent_id is not None:
            raise Problem("unknown_swg", swg=code)
        if Role(role) == Role.ADMIN:
            raise Problem("invalid_request", details={"fields": {"swgs": ["A role in an SWG is organiser or analyst."]}})
        wanted[swg.id] = (swg, Role(role))
    user.memberships = [Membership(swg=swg, role=role) for swg, role in wanted.values()]
    if user.id is not None:
        record("set_roles", f"user:{user.email}", actor, roles={swg.code: role.value for swg, role in wanted.values()})


def _require_admin(actor: User | None) -> None:
    """The console (no actor) and admins manage accounts; nobody else."""
    if actor is not None and not actor.is_admin:
        raise Problem("forbidden")


def find_user(email: str) -> User | None:
    return accounts.user_by_email(normal_email(email))


def get_user(user_id: int) -> User | None:
    return accounts.get_user(user_id)


def user_for(actor: User, user_id: int) -> User:
    """The account, for an admin; raises forbidden and user_not_found."""
    _require_admin(actor)
    user = accounts.get_user(user_id)
    if user is None:
        raise Problem("user_not_found")
    return user


def all_users(actor: User) -> list[User]:
    _require_admin(actor)
    return accounts.all_users()


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None (with the same work)."""
    user = accounts.user_by_email(normal_email(email))
    if user is None or not user.password_hash:
        check_password_hash(_NOBODY, password)
        return None
    if check_password_hash(user.password_hash, password) and user.active:
        return user
    return None


def start_session(user: User) -> str:
    """A new signed-in session for ``user``; returns the token for its cookie."""
    token = secrets.token_urlsafe(32)
    accounts.add_session(UserSession(user=user, token_hash=hash_token(token)))
    record("sign_in", f"user:{user.email}", user)
    return token


def user_for_session(token: str) -> User | None:
    """The active account of a live session, noting its use now and then."""
    session = accounts.live_session(hash_token(token))
    now = utcnow()
    if session is None or not session.user.active or session.last_seen_at < now - SESSION_IDLE:
        return None
    if session.last_seen_at < now - SESSION_TOUCH_EVERY:
        accounts.touch_session(session.id, now)
    return session.user


def end_session(token: str) -> None:
    """Sign out: the session's cookie no longer opens anything."""
    session = accounts.live_session(hash_token(token))
    if session is not None:
        session.revoked_at = utcnow()
        record("sign_out", f"user:{session.user.email}", session.user)


def set_language(user: User, language: str) -> None:
    user.language = language


def deactivate(user_id: int, actor: User, active: bool = False) -> User:
    """Stop (or allow again) an account: its sessions end and its tokens stop working."""
    user = user_for(actor, user_id)
    if user.id == actor.id:
        raise Problem("invalid_request", details={"fields": {"active": ["You cannot deactivate your own account."]}})
    user.active = active
    if not active:
        accounts.revoke_sessions(user.id)
    record("activate_user" if active else "deactivate_user", f"user:{user.email}", actor)
    return user


def new_password() -> str:
    """A random password to hand over once: four groups of six hex digits (96 bits)."""
    return "-".join(secrets.token_hex(3) for _ in range(4))


def update_user(user_id: int, changes: dict, actor: User) -> User:
    """Rename an account, replace its roles, or deactivate / reactivate it."""
    user = user_for(actor, user_id)
    if "name" in changes:
        user.name = changes["name"]
    if "swgs" in changes:
        set_memberships(user, [(m["swg"], m["role"]) for m in changes["swgs"]], actor)
    if "active" in changes and changes["active"] != user.active:
        deactivate(user_id, actor, active=changes["active"])
    return user


def reset_password(user_id: int, actor: User) -> str:
    """Give the account a new random password (shown once to the admin, who passes it on);
    its sessions end."""
    user = user_for(actor, user_id)
    password = new_password()
    user.password_hash = generate_password_hash(password)
    accounts.revoke_sessions(user.id)
    record("reset_password", f"user:{user.email}", actor)
    return password


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change of password. Raises wrong_password, weak_password."""
    if not user.password_hash or not check_password_hash(user.password_hash, current):
        raise Problem("wrong_password")
    check_new_password(new, user.email, user.name)
    user.password_hash = generate_password_hash(new)
    record("change_password", f"user:{user.email}", user)


def issue_token_row(user: User, name: str = "", expires_at: datetime | None = None,
                    actor: User | None = None) -> tuple[str, ApiToken]:
    """Make a new API token for ``user``: the token (never stored in clear) and its row.
    Users make their own; admins may make anyone's."""
    if actor is not None and actor.id != user.id:
        _require_admin(actor)
    if expires_at is not None and expires_at <= utcnow():
        raise Problem("invalid_request", details={"fields": {"expires_at": ["Choose a moment in the future."]}})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = accounts.add_token(user=user, name=name, token_hash=hash_token(token), expires_at=expires_at)
    accounts.flush()
    record("create_token", f"user:{user.email}", actor or user, name=name)
    return token, row


def issue_token(user: User, name: str = "", expires_at: datetime | None = None, actor: User | None = None) -> str:
    """:func:`issue_token_row`'s token alone (for the console and tests)."""
    return issue_token_row(user, name, expires_at, actor)[0]


def tokens_of(user: User, actor: User) -> list[ApiToken]:
    if actor.id != user.id:
        _require_admin(actor)
    return accounts.tokens_of(user.id)


def revoke_token(token_id: int, actor: User) -> ApiToken:
    """Stop a token: a user their own, an admin anyone's. Raises token_not_found."""
    token = accounts.get_token(token_id)
    if token is None or (token.user_id != actor.id and not actor.is_admin):
        raise Problem("token_not_found")
    token.revoked_at = token.revoked_at or utcnow()
    record("revoke_token", f"user:{token.user.email}", actor, name=token.name)
    return token


def user_for_token(token: str) -> User | None:
    """The active owner of a live, unexpired API token, noting when it was last used."""
    api_token = accounts.live_token(hash_token(token))
    now = utcnow()
    if api_token is None or not api_token.user.active or (api_token.expires_at and api_token.expires_at <= now):
        return None
    if api_token.last_used_at is None or api_token.last_used_at < now - accounts.TOKEN_TOUCH_EVERY:
        accounts.touch_token(api_token.id, now)
    return api_token.user
