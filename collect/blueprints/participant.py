"""Participant pages: ``/f/<slug>`` shows a form and takes its answers. No sign-in.

The page works without JavaScript: a plain POST is validated on the server and the form
comes back with errors beside the questions and the typed answers kept; a repeat grows or
shrinks through "add another"/"remove" submit buttons that re-render the page. With
JavaScript, ``form.js`` reads the form definition embedded in the page, checks answers
as they are typed, and sends through an offline queue as JSON to ``/submit/<slug>``. Every
response carries a UUID made before sending, so a repeated POST stores nothing new.
``/f/sw.js`` is the service worker, served from ``/f/`` so that its scope covers forms;
``/submit/`` lies outside that scope on purpose (see ``submit_queued``).
"""
from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, render_template, request, url_for
from markupsafe import Markup
from marshmallow import ValidationError

from forms.browser import browser_definition
from forms.definition import text_in
from forms.outputs import fill, has_outputs
from forms.validation import validate_submission

from ..access import check_unused, earlier_response, find_code, normalise
from ..assets import add_fingerprint, cache_and_compress
from ..errors import AppError
from ..form_versions import definition_of, find_version
from ..language import select_language
from ..links import check_open, find_link
from ..models import LinkAccess
from ..participant_text import TEXT, text as ui_text
from ..schemas import HtmlSubmissionSchema, SubmissionSchema, answers_from_form
from ..submissions import receive
from ..uploads import MAX_UPLOAD_BYTES, UPLOAD_TYPES, uploads_from_form, uploads_from_json

bp = Blueprint("participant", __name__)
bp.app_url_defaults(add_fingerprint)
bp.after_app_request(cache_and_compress)

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "sw.js"
_INSTANCE = re.compile(r"^(?P<name>[^\[\]/]+)\[(?P<position>\d{1,4})\]$")


def _embed(value) -> Markup:
    """JSON safe inside <script>: Lao kept as UTF-8 (half the bytes of \\u escapes)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def form_language(definition) -> str:
    """The form's default language (its settings' default_language) when the page speaks
    it, else Lao whenever the form has it."""
    if definition.default_language in current_app.config["LANGUAGES"]:
        return definition.default_language
    return "lo" if "lo" in definition.languages else definition.default_language


def _page(link, definition, version, *, answers=None, errors=None, response_uuid=None,
          code=None, editing=False, status=200):
    language = select_language(form_language(definition))
    upload_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    outputs = _outputs(definition, answers or {}, language)
    page = render_template(
        "participant/form.html",
        link=link, form=definition, version=version, language=language,
        answers=answers or {}, errors=errors or {},
        response_uuid=response_uuid or str(uuid.uuid4()),
        text=lambda t: fill(text_in(t, language, [definition.default_language, "en", "lo"]), outputs),
        ui=lambda key, **values: ui_text(key, language, **values),
        media=lambda item, kind: _media_url(link, item, kind, language),
        upload_mb=upload_mb, code=code, editing=editing,
        multipart=any(q.type in UPLOAD_TYPES for q, _ in definition.walk()),
        embedded=_embed(_for_script(link, definition, code)),
    )
    return page, status


def _outputs(definition, answers: dict, language: str) -> dict:
    """The values ``${name}`` shows in labels, hints and notes on a page served without
    JavaScript: the answers as the server validates them, calculations included."""
    if not any(has_outputs(text) for question, _ in definition.walk()
               for text in (*question.label.values(), *question.hint.values())):
        return {}
    return validate_submission(definition, answers, language).answers


def _media_url(link, item, kind: str, language: str) -> str | None:
    """The address of a question's or choice's media of ``kind`` in ``language`` (or the
    file given for every language), if it has one."""
    files = item.media.get(kind) or {}
    name = files.get(language) or files.get("") or next(iter(files.values()), None)
    return url_for("participant.form_media", slug=link.slug, filename=name) if name else None


def _for_script(link, definition, code) -> dict:
    """What form.js reads from the page: the form, the page's words, the link's settings."""
    return {
        "form": browser_definition(definition), "ui": TEXT, "slug": link.slug, "code": code,
        "submitUrl": url_for("participant.submit_queued", slug=link.slug),
        "access": link.access.value, "uploadBytes": MAX_UPLOAD_BYTES,
        "event": {lang: link.event.title(lang) for lang in definition.languages} if link.event else {},
    }


@bp.get("/f/sw.js")
def service_worker():
    """The offline service worker; never cached long, so that a new one is picked up."""
    response = current_app.response_class(SERVICE_WORKER.read_bytes(), mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@bp.get("/f/<slug>/media/<filename>")
def form_media(slug: str, filename: str):
    """A media file published with the link's form (a label's picture or sound). Raises
    link_not_found, not_found."""
    found = find_link(slug).form.current_version.file("media", filename)
    if found is None:
        raise AppError("not_found")
    response = current_app.response_class(found.data, mimetype=found.content_type)
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # a version's files never change; a day keeps it fresh
    return response


@bp.get("/f/<slug>")
def show_form(slug: str):
    """The form, in the participant's language. Raises link_not_found, link_closed, link_not_open."""
    link = find_link(slug)
    version = link.form.current_version
    definition = definition_of(version)
    g.form_language = form_language(definition)
    check_open(link)
    if link.access == LinkAccess.OPEN:
        return _page(link, definition, version.version)
    return _page_for_code(link, definition, version.version)


def _page_for_code(link, definition, version):
    """Ask for the access code; with a good one, the form (filled in again when the code
    has answered and may still change its answers). Raises code_used."""
    language = select_language(form_language(definition))
    code = request.args.get("code")
    try:
        access = find_code(link, code)
        check_unused(link, access)
    except AppError as problem:
        if problem.code == "code_used":
            raise
        error = problem.message(language) if code else None
        page = render_template("participant/code.html", link=link, form=definition, error=error,
                               language=language, ui=lambda key: ui_text(key, language),
                               text=lambda t: text_in(t, language, [definition.default_language, "en", "lo"]))
        return page, problem.status if code else 200
    earlier = earlier_response(access)
    return _page(link, definition, version, answers=earlier.answers if earlier else None,
                 code=normalise(code), editing=earlier is not None)


@bp.post("/f/<slug>")
def submit_form(slug: str):
    """Store one response. JSON in → JSON out (201 new, 200 already received); a form post →
    the thank-you page, or the form again with errors (422), or with one repeat instance
    more or fewer. Raises link_not_found, link_closed, link_not_open, unknown_version,
    invalid_submission, uuid_conflict, code_required, code_invalid, code_used,
    file_too_large."""
    link = find_link(slug)
    if request.is_json:
        return _submit_json(link)
    return _submit_html(link)


@bp.post("/submit/<slug>")
def submit_queued(slug: str):
    """Where form.js sends its queue: JSON only, answered as ``submit_form`` answers JSON.

    The address lies outside the service worker's scope, so a send never wakes the worker
    and never passes through it to the network: with no network it fails at once and the
    form stays queued. (Requests a worker lets fall through can escape the browser's own
    offline state; Playwright's ``set_offline`` does not hold for them.) Raises what
    ``submit_form`` raises, and invalid_request for a body that is not JSON."""
    link = find_link(slug)
    if not request.is_json:
        raise AppError("invalid_request", details={"fields": {"body": ["Send the answers as JSON."]}})
    return _submit_json(link)


def _submit_json(link):
    try:
        data = SubmissionSchema().load(request.get_json(silent=True) or {})
    except ValidationError as problem:
        raise AppError("invalid_request", details={"fields": problem.messages}) from None
    uploads = uploads_from_json(definition_of(find_version(link.form, data["version"])), data["files"])
    receipt = receive(link, str(data["uuid"]), data["version"], data["answers"], data["language"],
                      data["started_at"], data["submitted_at"], code=data["code"], uploads=uploads)
    status = "received" if receipt.created else "updated" if receipt.replaced else "already_received"
    return jsonify({"uuid": receipt.response.uuid, "status": status}), 201 if receipt.created else 200


def _repeat_instances(answers: dict, path: str) -> list | None:
    """The instance list a repeat path names (``people``, ``people[2]/children``), if any."""
    *outer, last = path.split("/")
    scope = answers
    for segment in outer:
        match = _INSTANCE.match(segment)
        instances = scope.get(match["name"]) if match else None
        if not isinstance(instances, list) or not 0 < int(match["position"]) <= len(instances):
            return None
        scope = instances[int(match["position"]) - 1]
    return scope.setdefault(last, [])


def _resize_repeat(answers: dict, add: str, remove: str) -> None:
    """Apply an "add another" or "remove" button of a page posted without JavaScript."""
    parent, _, last = remove.rpartition("/")
    if add:
        instances = _repeat_instances(answers, add)
        if instances is not None:
            instances.extend([{}] * (1 if instances else 2))  # an empty repeat shows one already
    elif match := _INSTANCE.match(last):
        instances = _repeat_instances(answers, (parent + "/" if parent else "") + match["name"])
        if instances and 0 < int(match["position"]) <= len(instances):
            del instances[int(match["position"]) - 1]


def _submit_html(link):
    try:
        meta = HtmlSubmissionSchema().load(request.form)
    except ValidationError as problem:
        raise AppError("invalid_request", details={"fields": problem.messages}) from None
    g.form_language = meta["language"]
    version = find_version(link.form, meta["version"])
    definition = definition_of(version)
    answers = answers_from_form(definition, request.form)
    if request.form.get("_add") or request.form.get("_remove"):
        _resize_repeat(answers, request.form.get("_add", ""), request.form.get("_remove", ""))
        return _page(link, definition, version.version, answers=answers,
                     response_uuid=str(meta["uuid"]), code=meta["code"])
    try:
        receipt = receive(link, str(meta["uuid"]), meta["version"], answers, meta["language"],
                          meta["started_at"], code=meta["code"],
                          uploads=uploads_from_form(definition, request.files))
    except AppError as problem:
        if problem.code != "invalid_submission":
            raise
        return _page(link, definition, version.version, answers=answers, code=meta["code"],
                     errors=problem.details["errors"], response_uuid=str(meta["uuid"]), status=422)
    language = select_language(form_language(definition))
    return render_template("participant/thanks.html", form=definition, link=link,
                           created=receipt.created, replaced=receipt.replaced, language=language,
                           code=meta["code"], ui=lambda key: ui_text(key, language),
                           text=lambda t: text_in(t, language, ["en", "lo"]))
