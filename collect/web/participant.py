"""Participant pages: ``/f/<slug>`` shows a form and takes its answers. No sign-in.

The page works without JavaScript: a plain POST is validated on the server and the form
comes back with errors beside the questions and the typed answers kept; a repeat grows or
shrinks through "add another"/"remove" submit buttons that re-render the page. With
JavaScript, ``form.js`` reads the form definition embedded in the page, checks answers
as they are typed, and sends through an offline queue as JSON to ``/submit/<slug>``. Every
response carries a UUID made before sending, so a repeated POST stores nothing new.
``/f/sw.js`` is the service worker, served from ``/f/`` so that its scope covers forms;
``/submit/`` lies outside that scope on purpose (see ``submit_queued``).

An access code is typed into a form that posts it (``/f/<slug>/code``); a good code is
kept in a cookie for that link, never in an address, where it would end up in browser
history, proxy logs and the Referer header.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup
from marshmallow import ValidationError

from forms.browser import browser_definition, needs_more_functions
from forms.definition import text_in
from forms.outputs import dynamic_defaults, fill
from forms.steps import has_skip_logic, shown_keys, step_of, steps
from forms.validation import validate_submission

from ..problems import Problem
from ..services import submissions
from ..services.access_codes import check_unused, earlier_response, find_code, normalise
from ..services.links import check_open, find_link
from ..services.uploads import MAX_UPLOAD_BYTES, UPLOAD_TYPES
from ..store.form_versions import definition_of
from ..store.models import LinkAccess
from .assets import add_fingerprint
from .form_posts import answers_from_form, resize_repeat, uploads_from_files, uploads_from_json
from .language import select_language
from .participant_text import TEXT, text as ui_text
from .schemas.submission import HtmlSubmissionSchema, SubmissionSchema

bp = Blueprint("participant", __name__)
bp.app_url_defaults(add_fingerprint)

SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "sw.js"
#: Refusals after which the phone stops sending a queued form: the server will never
#: take it as it is. Anything else (5xx, 408, 429, no network, an answer the phone does
#: not understand) is tried again later.
FINAL_REFUSALS = ("link_not_found", "link_closed", "unknown_version", "code_required", "code_invalid",
                  "code_used", "invalid_submission", "uuid_conflict", "invalid_uuid", "answers_too_large",
                  "invalid_text", "file_too_large", "file_type_refused", "invalid_request", "too_deep", "too_large")
#: Schemas keep no state between loads: one of each serves every request.
SUBMISSION, HTML_SUBMISSION = SubmissionSchema(), HtmlSubmissionSchema()
#: The cookie that holds the access code a participant typed for one link.
CODE_COOKIE = "collect_code_{slug}"


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


def _words(definition, language):
    """The page's two text helpers: the form's own text, and the page's interface words."""
    return {"text": lambda t: text_in(t, language, [definition.default_language, "en", "lo"]),
            "ui": lambda key, **values: ui_text(key, language, **values)}


def participant_page(link, definition, version, *, answers=None, errors=None, response_uuid=None, code=None,
                     editing=False, status=200, action: str | None = None, preview: bool = False,
                     media_address=None, step: int | None = None, back: bool = False,
                     language: str | None = None):
    """The form page of ``version``. ``link`` None with ``preview`` is an organiser's
    preview: the page posts to ``action``, which checks and stores nothing, and
    ``media_address(name)`` says where the version's media files are.

    A form with skip logic is cut into steps (forms/steps.py) for a browser without
    JavaScript: the step shown is ``step`` (or, going ``back``, the one before it that
    shows anything), or the one with the first error, or the first that shows anything;
    what is not relevant to the answers so far is hidden, and choice filters are
    applied, by the server."""
    language = language or select_language(form_language(definition))
    action = action or url_for("participant.submit_form", slug=link.slug)
    words = _words(definition, language)
    if answers is None:
        answers = dynamic_defaults(definition)
    view = validate_submission(definition, answers, language, page=True)
    plan = steps(definition)
    if errors:
        step = min(step_of(plan, path) for path in errors)
    shown = [i for i, questions in enumerate(plan) if shown_keys(questions, view.hidden)] or [0]
    if step in shown:
        at = step
    elif back:
        at = max((i for i in shown if i < step), default=shown[0])
    else:
        at = next((i for i in shown if step is None or i > step), shown[-1])
    page = render_template(
        "participant/form.html",
        link=link, form=definition, version=version, language=language,
        answers=answers, errors=errors or {},
        response_uuid=response_uuid or str(uuid.uuid4()),
        upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024), code=code, editing=editing, action=action, preview=preview,
        multipart=any(q.type in UPLOAD_TYPES for q, _ in definition.walk()),
        more_functions=needs_more_functions(definition),
        embedded=_embed(_for_script(link, definition, code, action if preview else None)),
        steps=plan, at=at, first=at == shown[0], last=at == shown[-1],
        seen=" ".join(shown_keys(plan[at], view.hidden)), hidden=view.hidden, allowed=view.choices,
        problems=_problems(definition, errors or {}, words["text"]),
        ui=words["ui"], text=lambda t: fill(words["text"](t), view.answers),
        media=lambda item, kind: _media_url(item, kind, language, media_address or _link_media(link)),
    )
    return page, status


def _problems(definition, errors: dict, text) -> list[tuple[str, str, str]]:
    """The summary's lines: (the question's element id, its label, the message)."""
    lines = []
    for path, message in errors.items():
        found = definition.locate(path)
        if found is not None:
            lines.append((f"q-{path}", text(found[1].label) or found[1].name, message))
        else:  # a whole repeat (its count), or a key the form does not have
            key = path.rsplit("/", 1)[-1].split("[", 1)[0]
            repeat = next((q for q, _ in definition.walk() if q.is_repeat and q.key == key), None)
            lines.append((f"g-{path}", text(repeat.label) if repeat else path, message))
    return lines


def _next_step(definition, answers: dict, language: str, at: int, seen: set[str]) -> tuple[int, dict]:
    """Where "next" goes on a page without JavaScript: the same step, with its errors or
    with the questions the answers just made relevant, or the next step."""
    plan = steps(definition)
    view = validate_submission(definition, answers, language)
    errors = {path: text for path, text in view.errors.items() if step_of(plan, path) == at}
    if errors or _newly_shown(plan, view, at, seen):
        return at, errors
    return at + 1, {}


def _newly_shown(plan, view, at: int, seen: set[str]) -> bool:
    """Whether the answers posted made questions of step ``at`` relevant that the page
    did not show and that are still unanswered: they are shown before anything moves on
    or is stored."""
    new = set(shown_keys(plan[min(at, len(plan) - 1)], view.hidden)) - seen
    return any(view.answers.get(key) in (None, "", []) for key in new)


def _media_url(item, kind: str, language: str, address) -> str | None:
    """The address of a question's or choice's media of ``kind`` in ``language`` (or the
    file given for every language), if it has one; ``address(name)`` makes it."""
    files = item.media.get(kind) or {}
    name = files.get(language) or files.get("") or next(iter(files.values()), None)
    return address(name) if name else None


def _link_media(link):
    return lambda name: url_for("participant.form_media", slug=link.slug, filename=name)


def _for_script(link, definition, code, preview_url: str | None = None) -> dict:
    """What form.js reads from the page: the form, the page's words, the link's settings."""
    return {
        "form": browser_definition(definition), "ui": TEXT, "code": code,
        "slug": link.slug if link else f"preview-{definition.form_id}",
        "submitUrl": preview_url or url_for("participant.submit_queued", slug=link.slug),
        "access": link.access.value if link else "open", "uploadBytes": MAX_UPLOAD_BYTES, "final": FINAL_REFUSALS,
        "event": {lang: link.event.title(lang) for lang in definition.languages} if link and link.event else {},
    }


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever a page says: they get the page's own icon."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


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
        raise Problem("not_found")
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
    g.form_title = definition.title
    check_open(link)
    if link.access == LinkAccess.OPEN:
        return participant_page(link, definition, version.version)
    return _page_for_code(link, definition, version.version, request.cookies.get(CODE_COOKIE.format(slug=slug)))


def _code_page(link, definition, error: str | None = None, status: int = 200):
    language = select_language(form_language(definition))
    page = render_template("participant/code.html", link=link, form=definition, error=error,
                           language=language, **_words(definition, language))
    return page, status


def _page_for_code(link, definition, version, code: str | None):
    """Ask for the access code; with a good one, the form (filled in again when the code
    has answered and may still change its answers). Raises code_used."""
    try:
        access = find_code(link, code)
        check_unused(link, access)
    except Problem as problem:
        if problem.code == "code_used":
            raise
        return _code_page(link, definition)
    earlier = earlier_response(access)
    return participant_page(link, definition, version, answers=earlier.answers if earlier else None,
                 code=normalise(code), editing=earlier is not None)


@bp.post("/f/<slug>/code")
def enter_code(slug: str):
    """Check a typed access code; a good one is kept in a cookie for this link and the form
    opens. Raises link_not_found, link_closed, link_not_open, code_used; a wrong code shows
    the code page again with the reason (403)."""
    link = find_link(slug)
    definition = definition_of(link.form.current_version)
    g.form_language = form_language(definition)
    check_open(link)
    code = request.form.get("code", "")[:32]
    try:
        check_unused(link, find_code(link, code))
    except Problem as problem:
        if problem.code == "code_used":
            raise
        return _code_page(link, definition, problem.message(select_language(g.form_language)), problem.status)
    target = url_for("participant.show_form", slug=slug, lang=request.form.get("lang") or None)
    response = redirect(target, 303)
    response.set_cookie(CODE_COOKIE.format(slug=slug), normalise(code), max_age=180 * 24 * 3600,
                        httponly=True, samesite="Lax", secure=request.is_secure)
    return response


@bp.post("/f/<slug>")
def submit_form(slug: str):
    """Store one response. JSON in → JSON out (201 new, 200 already received); a form post →
    the thank-you page, or the form again with errors (422), or with one repeat instance
    more or fewer. Raises what ``submissions.receive`` raises, and invalid_request."""
    if request.is_json:
        return _submit_json(slug)
    return _submit_html(slug)


@bp.post("/submit/<slug>")
def submit_queued(slug: str):
    """Where form.js sends its queue: JSON only, answered as ``submit_form`` answers JSON.

    The address lies outside the service worker's scope, so a send never wakes the worker
    and never passes through it to the network: with no network it fails at once and the
    form stays queued. (Requests a worker lets fall through can escape the browser's own
    offline state; Playwright's ``set_offline`` does not hold for them.) Raises what
    ``submit_form`` raises, and invalid_request for a body that is not JSON."""
    if not request.is_json:
        raise Problem("invalid_request", details={"fields": {"body": ["Send the answers as JSON."]}})
    return _submit_json(slug)


def _json_body() -> dict:
    """The request's JSON object; raises invalid_request, or too_deep for a body nested
    beyond what the JSON parser can follow."""
    try:
        body = json.loads(request.get_data(cache=False))
    except RecursionError:
        raise Problem("too_deep") from None
    except ValueError:
        raise Problem("invalid_request", details={"fields": {"body": ["Not a JSON document."]}}) from None
    if not isinstance(body, dict):
        raise Problem("invalid_request", details={"fields": {"body": ["Send a JSON object."]}})
    return body


def _submit_json(slug: str):
    try:
        data = SUBMISSION.load(_json_body())
    except ValidationError as problem:
        raise Problem("invalid_request", details={"fields": problem.messages}) from None
    submission = submissions.Submission(
        uuid=data["uuid"], version=data["version"], answers=data["answers"],
        language=data["language"], started_at=data["started_at"], submitted_at=data["submitted_at"],
        code=data["code"], uploads=tuple(uploads_from_json(data["files"])))
    receipt = submissions.receive(submissions.place(slug, data["version"]), submission)
    # The receipt is two short strings: dumped as they are, without jsonify's key sorting.
    return current_app.response_class(json.dumps({"uuid": receipt.uuid, "status": receipt.outcome}),
                                      201 if receipt.created else 200, mimetype="application/json")


def _submit_html(slug: str):
    try:
        meta = HTML_SUBMISSION.load(request.form)
    except ValidationError as problem:
        raise Problem("invalid_request", details={"fields": problem.messages}) from None
    g.form_language = meta["switch"] or meta["language"]
    where = submissions.place(slug, meta["version"])
    definition, version = where.definition, where.version.version
    answers = answers_from_form(definition, request.form)
    code = meta["code"] or request.cookies.get(CODE_COOKIE.format(slug=slug))
    at, move, language = meta["at"], meta["step"], meta["switch"] or meta["language"]
    if request.form.get("_add") or request.form.get("_remove"):
        resize_repeat(answers, request.form.get("_add", ""), request.form.get("_remove", ""))
        return participant_page(find_link(slug), definition, version, answers=answers, response_uuid=meta["uuid"],
                                code=code, step=at, language=language)
    if meta["switch"] or move == "back":
        # Another language, or a step back: the same answers, nothing checked yet.
        return participant_page(find_link(slug), definition, version, answers=answers, response_uuid=meta["uuid"],
                                code=code, step=at if meta["switch"] else at - 1, back=move == "back",
                                language=language)
    if move == "next":
        at, errors = _next_step(definition, answers, language, at, set((meta["seen"] or "").split()))
        return participant_page(find_link(slug), definition, version, answers=answers, response_uuid=meta["uuid"],
                                code=code, step=at, errors=errors, language=language,
                                status=422 if errors else 200)
    if has_skip_logic(definition) and meta["seen"] is not None:  # posted from our page
        plan = steps(definition)
        if _newly_shown(plan, validate_submission(definition, answers, language), at, set(meta["seen"].split())):
            return participant_page(find_link(slug), definition, version, answers=answers,
                                    response_uuid=meta["uuid"], code=code, step=at, language=language)
    submission = submissions.Submission(
        uuid=meta["uuid"], version=meta["version"], answers=answers,
        language=meta["language"], started_at=meta["started_at"], code=code,
        uploads=tuple(uploads_from_files(request.files)))
    try:
        receipt = submissions.receive(where, submission)
    except Problem as problem:
        if problem.code != "invalid_submission":
            raise
        return participant_page(find_link(slug), definition, version, answers=answers, code=code,
                                errors=problem.details["errors"], response_uuid=meta["uuid"], status=422,
                                language=language)
    language = select_language(form_language(definition))
    return render_template("participant/thanks.html", form=definition, link=find_link(slug),
                           created=receipt.created, replaced=receipt.outcome == submissions.UPDATED,
                           language=language, **_words(definition, language))
