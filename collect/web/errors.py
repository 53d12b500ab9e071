"""Putting a :class:`~collect.problems.Problem` on the wire, in the reader's language.

The API (and any client that asks for JSON) gets ``{"error": {"code", "message",
"details"}}``; a browser gets a page that says what happened, in Lao or English. A
database that cannot be reached is a 503 with ``Retry-After``; an HTML form post refused
for that reason comes back as a page that keeps every typed answer in hidden fields and
sends them again with one tap. werkzeug's own HTTP errors (404, 405, 413, a request it
could not parse) are mapped to named problems too, so there is one shape on the wire.
"""
from __future__ import annotations

from flask import Flask, g, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from ..problems import Problem
from .language import select_language
from .openrosa_xml import CONTENT_TYPE, response_message
from .security import request_id

#: werkzeug's HTTP errors that reach the handler, mapped to our codes. 500 is ours:
#: anything else unexpected is ``internal``, never a client's fault.
HTTP_CODES = {400: "invalid_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 422: "invalid_request", 429: "too_many_attempts"}
#: Seconds a client is asked to wait before trying again when the database is away.
RETRY_AFTER = 5


def _field_errors(exc: HTTPException) -> dict:
    """The field errors webargs attached to a request it could not parse, all locations merged."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields = {name: problem for by_field in messages.values() for name, problem in by_field.items()}
    return {"fields": fields} if fields else {}


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.path.startswith("/submit/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _language() -> str:
    return select_language(getattr(g, "form_language", None))


def _device_text(problem: Problem, language: str) -> str:
    """The problem's message, with each answer to correct where a form was refused."""
    errors = problem.details.get("errors") or {}
    return " ".join([problem.message(language), *(f"{path}: {text}" for path, text in errors.items())])


def render_problem(problem: Problem):
    """The response for ``problem``: JSON or a page, with its status and headers."""
    language = _language()
    headers = {"Retry-After": str(RETRY_AFTER)} if problem.status == 503 else {}
    if problem.retry_after:
        headers["Retry-After"] = str(problem.retry_after)
    if request_id() and problem.status >= 500:
        problem.details.setdefault("request_id", request_id())
    if request.blueprint == "openrosa":  # a field device shows the message to its user
        return (response_message(_device_text(problem, language), "error"), problem.status,
                {**headers, "Content-Type": CONTENT_TYPE})
    if wants_json():
        body = {"error": {"code": problem.code, "message": problem.message(language), "details": problem.details}}
        return jsonify(body), problem.status, headers
    if problem.code == "unauthorised":  # a page asks a signed-out visitor to sign in
        return redirect(url_for("workspace.login", next=request.full_path.rstrip("?")))
    resend = (request.method == "POST" and problem.status == 503 and request.mimetype != "multipart/form-data")
    page = render_template("message.html", error=problem, status=problem.status, language=language,
                           resend=request.form if resend else None)
    return page, problem.status, headers


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(Problem, render_problem)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is not None and exc.code >= 500:
            return render_problem(Problem("internal"))
        return render_problem(Problem(HTTP_CODES.get(exc.code, "invalid_request"), details=_field_errors(exc)))
