"""The field-device audience: the OpenRosa 1.0 API that ODK Collect and KoboCollect speak.

A device is set up with a server address and appends ``/formList`` and ``/submission``
to it. Three addresses serve the same views, each with its own way of signing in:

- ``/key/<token>`` — an app user's token, the address its settings QR code gives the app;
- ``/code/<code>`` — a participant's access code, for the one form of its link;
- the server itself — an app user's name and password, by HTTP Digest (Basic over HTTPS).

Every response carries ``X-OpenRosa-Version: 1.0`` and ``X-OpenRosa-Accept-Content-Length``
(the largest body this server takes; a device splits a larger submission over several
POSTs, each with the whole XML), errors included, and refusals are OpenRosaResponse
messages in the device's language (``Accept-Language``), which Collect shows as they are.
``HEAD /submission`` answers 204: Collect sends it first to learn how to sign in and how
large a POST may be, and gives up on anything else. A POST answers 201 when it stored
something (a new form, an edit, files of a split send) and 202 when everything in it was
already here (a re-send: the device must not send it again, and nothing was stored twice).
"""
from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, g, request, url_for

from forms.definition import text_in

from ..problems import Problem
from ..services import openrosa
from ..services.openrosa import Caller, Part
from ..services.submissions import ALREADY_RECEIVED, UPDATED
from ..store.form_versions import definition_of
from .app_auth import SignInRefused, challenges, signed_in_app_user
from .language import select_language
from .openrosa_xml import CONTENT_TYPE, ListedFile, ListedForm, form_list, manifest, response_message

bp = Blueprint("openrosa", __name__)

#: The addresses the same views answer at; the signed-in ones first, so that url_for
#: with a token or a code builds their address.
SCOPES = ("/key/<token>", "/code/<code>", "")
INSTANCE_PART = "xml_submission_file"
#: What the enumerator reads after a send.
MESSAGES = {
    "received": {"lo": "ໄດ້ຮັບແບບຟອມແລ້ວ. ຂໍຂອບໃຈ!", "en": "The form was received. Thank you!"},
    "already_received": {"lo": "ແບບຟອມນີ້ໄດ້ຮັບແລ້ວ; ບໍ່ມີຫຍັງບັນທຶກຊ້ຳ.",
                         "en": "This form was already received; nothing was stored twice."},
    "updated": {"lo": "ໄດ້ຮັບການແກ້ໄຂແລ້ວ. ຂໍຂອບໃຈ!", "en": "The changes were received. Thank you!"},
}


def _route(rule: str, **options):
    def register(view):
        for scope in SCOPES:
            bp.add_url_rule(scope + rule, view_func=view, **options)
        return view
    return register


@bp.before_request
def _device_language() -> None:
    g.form_language = request.accept_languages.best_match(current_app.config["LANGUAGES"])


@bp.after_request
def _openrosa_headers(response: Response) -> Response:
    response.headers["X-OpenRosa-Version"] = "1.0"
    response.headers["X-OpenRosa-Accept-Content-Length"] = str(current_app.config["MAX_CONTENT_LENGTH"])
    response.headers.setdefault("Content-Language", select_language())
    if response.status_code == 401:
        for challenge in challenges(stale=g.get("stale_nonce", False)):
            response.headers.add("WWW-Authenticate", challenge)
    return response


def _caller(token: str | None, code: str | None) -> Caller:
    """Raises app_forbidden (a token or code that is not valid) and app_unauthorised."""
    if token is not None:
        return openrosa.caller_for_token(token)
    if code is not None:
        return openrosa.caller_for_code(code)
    try:
        return Caller(app_user=signed_in_app_user())
    except SignInRefused as refused:
        g.stale_nonce = refused.stale
        raise


def _xml(body: bytes, status: int = 200) -> Response:
    return Response(body, status=status, content_type=CONTENT_TYPE)


def _md5(data: bytes) -> str:
    return "md5:" + hashlib.md5(data).hexdigest()


@_route("/formList", methods=["GET"])
def list_forms(token: str | None = None, code: str | None = None):
    """The forms this device may fill now (OpenRosa Form List API); ``formID`` keeps one.
    Raises app_unauthorised, app_forbidden."""
    caller = _caller(token, code)
    language, wanted = select_language(), request.args.get("formID")
    listed = []
    for offer in openrosa.form_list(caller):
        form_id = offer.version.form.form_id
        if wanted and wanted != form_id:
            continue
        definition = definition_of(offer.version)
        scope = {"token": token, "code": code, "version_id": offer.version.id}
        listed.append(ListedForm(
            form_id=form_id, name=text_in(definition.title, language, [definition.default_language, "en", "lo"]),
            version=offer.version.version, hash=_md5(offer.xform.data),
            download_url=url_for("openrosa.download_form", _external=True, **scope),
            manifest_url=url_for("openrosa.form_manifest", _external=True, **scope) if offer.media else None))
    return _xml(form_list(listed))


@_route("/xforms/<int:version_id>", methods=["GET"])
def download_form(version_id: int, token: str | None = None, code: str | None = None):
    """The XForm of one form version, as pyxform made it when it was published. Raises
    app_unauthorised, app_forbidden, not_found."""
    return _xml(openrosa.offer(_caller(token, code), version_id).xform.data)


@_route("/xforms/<int:version_id>/manifest", methods=["GET"])
def form_manifest(version_id: int, token: str | None = None, code: str | None = None):
    """The media a form version uses (OpenRosa manifest). Raises as download_form."""
    offer = openrosa.offer(_caller(token, code), version_id)
    return _xml(manifest([ListedFile(item.filename, _md5(item.data), url_for(
        "openrosa.form_media", token=token, code=code, version_id=version_id, filename=item.filename,
        _external=True)) for item in offer.media]))


@_route("/xforms/<int:version_id>/media/<filename>", methods=["GET"])
def form_media(version_id: int, filename: str, token: str | None = None, code: str | None = None):
    """One media file of a form version. Raises as download_form."""
    found = openrosa.media_file(_caller(token, code), version_id, filename)
    return Response(found.data, content_type=found.content_type)


@_route("/submission", methods=["HEAD", "POST"])
def submission(token: str | None = None, code: str | None = None):
    """HEAD: 204, once signed in. POST: one instance document (``xml_submission_file``) and
    files named as the instance names them: 201 stored, 202 nothing new. Raises
    app_unauthorised, app_forbidden, instance_missing and what
    ``openrosa.receive_instance`` raises."""
    caller = _caller(token, code)
    if request.method == "HEAD":
        return Response(status=204)
    document, parts = _instance_parts()
    language = select_language()
    receipt = openrosa.receive_instance(caller, document, parts, language)
    key = {ALREADY_RECEIVED: "already_received", UPDATED: "updated"}.get(receipt.outcome, "received")
    body = response_message(MESSAGES[key][language], "submit_success")
    return _xml(body, 202 if receipt.outcome == ALREADY_RECEIVED else 201)


def _instance_parts() -> tuple[bytes, dict[str, Part]]:
    """The instance document and the other parts of a multipart submission, by part name.
    Raises instance_missing."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    sent = request.files.get(INSTANCE_PART)
    document = sent.read(limit + 1) if sent is not None else request.form.get(INSTANCE_PART, "").encode("utf-8")
    if not document.strip():
        raise Problem("instance_missing")
    parts = {name: Part(storage.mimetype or "application/octet-stream", storage.read(limit + 1))
             for name, storage in request.files.items() if name != INSTANCE_PART}
    return document, parts
