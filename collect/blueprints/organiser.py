"""Organiser and analyst pages: sign in, see forms, links and response counts, download
exports. Signed-in sessions are protected against cross-site posts by a per-session token."""
from __future__ import annotations

import secrets

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from .. import forms_listing
from ..auth import check_password, current_user, login_required
from ..language import select_language
from ..models import Role
from ..schemas import LoginSchema

bp = Blueprint("organiser", __name__)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, session.get("csrf", "")):
        abort(400)


@bp.get("/")
def index():
    return redirect(url_for("organiser.dashboard" if current_user() else "organiser.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign-in page; a wrong e-mail or password shows the page again with a message (401)."""
    error = None
    if request.method == "POST":
        _check_csrf()
        try:
            data = LoginSchema().load(request.form)
        except ValidationError:
            data = None
        user = check_password(data["email"], data["password"]) if data else None
        if user:
            session.clear()
            session["user_id"] = user.id
            target = data["next"] if data["next"].startswith("/") and not data["next"].startswith("//") else None
            return redirect(target or url_for("organiser.dashboard"))
        error = True
    page = render_template("organiser/login.html", error=error, csrf=csrf_token(),
                           next=request.args.get("next", ""))
    return page, 401 if error else 200


@bp.post("/logout")
def logout():
    _check_csrf()
    session.clear()
    return redirect(url_for("organiser.login"))


@bp.get("/dashboard")
@login_required(Role.ORGANISER, Role.ANALYST)
def dashboard():
    language = select_language()
    return render_template("organiser/dashboard.html", forms=forms_listing.summaries(language),
                           user=current_user(), csrf=csrf_token())
