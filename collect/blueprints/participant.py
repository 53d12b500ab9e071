"""Participant pages: ``/f/<slug>`` shows a form and takes its answers. No sign-in.

The page works without JavaScript: a plain POST is validated on the server and the form
comes back with errors beside the questions and the typed answers kept. The same address
takes JSON (``Content-Type: application/json``), which is how the offline queue sends.
Every response carries a UUID made before sending, so a repeated POST stores nothing new.
"""
from __future__ import annotations

import uuid

from flask import Blueprint, g, jsonify, render_template, request
from marshmallow import ValidationError

from forms.definition import text_in

from ..errors import AppError
from ..form_versions import definition_of, find_version
from ..language import select_language
from ..links import check_open, find_link
from ..schemas import HtmlSubmissionSchema, SubmissionSchema, answers_from_form
from ..submissions import receive

bp = Blueprint("participant", __name__)


def _page(link, definition, version, *, answers=None, errors=None, response_uuid=None, status=200):
    language = select_language(definition.default_language)
    page = render_template(
        "participant/form.html",
        link=link, form=definition, version=version, language=language,
        answers=answers or {}, errors=errors or {},
        response_uuid=response_uuid or str(uuid.uuid4()),
        text=lambda t: text_in(t, language, [definition.default_language, "en", "lo"]),
    )
    return page, status


@bp.get("/f/<slug>")
def show_form(slug: str):
    """The form, in the participant's language. Raises link_not_found, link_closed, link_not_open."""
    link = find_link(slug)
    version = link.form.current_version
    g.form_language = definition_of(version).default_language
    check_open(link)
    return _page(link, definition_of(version), version.version)


@bp.post("/f/<slug>")
def submit_form(slug: str):
    """Store one response. JSON in → JSON out (201 new, 200 already received); a form post →
    the thank-you page, or the form again with errors (422). Raises link_not_found,
    link_closed, link_not_open, unknown_version, invalid_submission, uuid_conflict."""
    link = find_link(slug)
    if request.is_json:
        return _submit_json(link)
    return _submit_html(link)


def _submit_json(link):
    try:
        data = SubmissionSchema().load(request.get_json(silent=True) or {})
    except ValidationError as problem:
        raise AppError("invalid_request", details={"fields": problem.messages}) from None
    receipt = receive(link, str(data["uuid"]), data["version"], data["answers"], data["language"],
                      data["started_at"], data["submitted_at"])
    body = {"uuid": receipt.response.uuid,
            "status": "received" if receipt.created else "already_received"}
    return jsonify(body), 201 if receipt.created else 200


def _submit_html(link):
    try:
        meta = HtmlSubmissionSchema().load(request.form)
    except ValidationError as problem:
        raise AppError("invalid_request", details={"fields": problem.messages}) from None
    g.form_language = meta["language"]
    version = find_version(link.form, meta["version"])
    definition = definition_of(version)
    answers = answers_from_form(definition, request.form)
    try:
        receipt = receive(link, str(meta["uuid"]), meta["version"], answers, meta["language"],
                          meta["started_at"])
    except AppError as problem:
        if problem.code != "invalid_submission":
            raise
        return _page(link, definition, version.version, answers=answers,
                     errors=problem.details["errors"], response_uuid=str(meta["uuid"]), status=422)
    language = select_language(definition.default_language)
    return render_template("participant/thanks.html", form=definition, link=link,
                           created=receipt.created, language=language,
                           text=lambda t: text_in(t, language, ["en", "lo"]))
