"""Sign-in and sign-out, the page language, one's own account and API tokens, and the
admins' users page.

Sign-in attempts are limited per address and per account (``SIGN_IN_LIMIT``, 10 per 15
minutes by default, ``sign_in_limits.py``): beyond it the answer is 429 with Retry-After,
whether or not the password was right. A wrong e-mail and a wrong password get the same answer, after the
same work.
"""
from __future__ import annotations

from flask import flash, g, redirect, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from ...problems import Problem
from ...services import accounts
from ...services.reference import top_level_swgs
from ...store.models import Role
from ..auth import current_user, login_required, sign_in, sign_out
from ..language import COOKIE, LANGUAGES, ONE_YEAR, select_language
from ..schemas.accounts import LoginSchema, PasswordChangeSchema
from ..schemas.resources import NewTokenSchema
from ..security import check_csrf
from ..sign_in_limits import count_attempt
from . import bp, page


def _safe_next(target: str | None) -> str | None:
    """A place on this site to go back to, never another site's."""
    return target if target and target.startswith("/") and not target.startswith("//") else None


@bp.get("/")
def index():
    return redirect(url_for("workspace.forms"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The sign-in page; a wrong e-mail or password shows it again with a message (401)."""
    error = None
    if request.method == "POST":
        count_attempt(request.remote_addr or "", accounts.normal_email(request.form.get("email", ""))[:200])
        check_csrf(request.form.get("csrf"))
        try:
            data = LoginSchema().load(request.form)
        except ValidationError:
            data = None
        user = accounts.authenticate(data["email"], data["password"]) if data else None
        if user is not None:
            if request.cookies.get(COOKIE) in LANGUAGES:
                accounts.set_language(user, request.cookies[COOKIE])
            sign_in(user)
            return redirect(_safe_next(data["next"]) or url_for("workspace.forms"))
        error = _("Wrong e-mail or password.")
    return page("workspace/login.html", error=error, next=request.values.get("next", ""),
                status=401 if error else 200)


@bp.post("/logout")
@login_required()
def logout():
    sign_out()
    return redirect(url_for("workspace.login"))


@bp.post("/language")
def choose_language():
    """Switch the pages' language; remembered in a cookie and, when signed in, for the account."""
    check_csrf(request.form.get("csrf"))
    language = request.form.get("language")
    if language not in LANGUAGES:
        raise Problem("invalid_request", details={"fields": {"language": [f"One of {', '.join(LANGUAGES)}."]}})
    if current_user() is not None:
        accounts.set_language(current_user(), language)
    response = redirect(_safe_next(request.form.get("next")) or url_for("workspace.forms"))
    response.set_cookie(COOKIE, language, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure)
    return response


@bp.get("/account")
@login_required()
def account():
    """One's own account: roles, password, API tokens."""
    user = current_user()
    return page("workspace/account.html", tokens=accounts.tokens_of(user, user), new_token=g.pop("new_token", None))


@bp.post("/account/password")
@login_required()
def change_password():
    try:
        data = PasswordChangeSchema().load(request.form)
        accounts.change_password(current_user(), data["current"], data["new"])
    except ValidationError:
        flash(_("Fill in both passwords."), "error")
    except Problem as problem:
        flash(problem.message(select_language()), "error")
    else:
        flash(_("Your password is changed."), "info")
    return redirect(url_for("workspace.account"))


@bp.post("/account/tokens")
@login_required()
def create_token():
    """A new API token, shown once on the account page."""
    user = current_user()
    try:
        data = NewTokenSchema().load(request.form)
        g.new_token = accounts.issue_token(user, data["name"], data["expires_at"], user)
    except ValidationError as problem:
        flash(_("A token needs a name: %(fields)s", fields=", ".join(sorted(problem.messages))), "error")
        return redirect(url_for("workspace.account"))
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        return redirect(url_for("workspace.account"))
    return account()


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required()
def revoke_token(token_id: int):
    accounts.revoke_token(token_id, current_user())
    flash(_("The token is revoked."), "info")
    return redirect(url_for("workspace.user", user_id=int(request.form["user"]))
                    if request.form.get("user") else url_for("workspace.account"))


def _memberships_from(form) -> list[tuple[str, Role]]:
    """The roles chosen on a users page: a select per SWG, ``role-<code>``."""
    return [(swg.code, Role(form[f"role-{swg.code}"])) for swg in top_level_swgs()
            if form.get(f"role-{swg.code}") in (Role.ORGANISER.value, Role.ANALYST.value)]


@bp.get("/users")
@login_required(admin=True)
def users():
    """Every account, its roles in the SWGs, and a form to add one (admins only)."""
    return page("workspace/users.html", section="workspace.users", users=accounts.all_users(current_user()),
                swgs=top_level_swgs(), made=g.pop("made", None))


@bp.post("/users")
@login_required(admin=True)
def create_user():
    """Add an account; the password made up for it is shown once."""
    form = request.form
    password = accounts.new_password()
    role = Role.ADMIN if form.get("admin") == "yes" else Role.ORGANISER
    try:
        user = accounts.create_user(form.get("email", ""), role, password, form.get("name", "")[:200],
                                    swgs=tuple(_memberships_from(form)), actor=current_user())
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        return redirect(url_for("workspace.users"))
    user.language = form.get("language") if form.get("language") in LANGUAGES else "lo"
    g.made = {"email": user.email, "password": password}
    return users()


@bp.get("/users/<int:user_id>")
@login_required(admin=True)
def user(user_id: int):
    """One account: its roles, whether it may sign in, its tokens; reset its password."""
    found = accounts.user_for(current_user(), user_id)
    return page("workspace/user.html", section="workspace.users", account=found, swgs=top_level_swgs(),
                roles={m.swg_id: m.role.value for m in found.memberships},
                tokens=accounts.tokens_of(found, current_user()), password=g.pop("password", None))


@bp.post("/users/<int:user_id>")
@login_required(admin=True)
def change_user(user_id: int):
    form = request.form
    changes = {"name": form.get("name", "")[:200], "active": form.get("active") == "yes",
               "swgs": [{"swg": code, "role": role} for code, role in _memberships_from(form)]}
    try:
        accounts.update_user(user_id, changes, current_user())
    except Problem as problem:
        flash(problem.message(select_language()), "error")
    else:
        flash(_("The account is saved."), "info")
    return redirect(url_for("workspace.user", user_id=user_id))


@bp.post("/users/<int:user_id>/password")
@login_required(admin=True)
def reset_password(user_id: int):
    g.password = accounts.reset_password(user_id, current_user())
    return user(user_id)
