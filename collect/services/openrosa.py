"""The OpenRosa use cases: what ODK Collect and KoboCollect list, download and submit.

A device signs in as a :class:`Caller` — an app user (the forms of its SWG's or event's
links), or a participant's access code (the form of the code's one link). It lists the
forms it may fill now, downloads each as the XForm kept with its version (made by
pyxform at publishing, ``forms.xform``) with the version's media, and submits instance
documents. An instance goes through ``submissions`` like any web submission — the same
link checks, access codes, limits, validation and single ``INSERT`` — once
``forms.instances`` has read it as the same answers a web page sends. What OpenRosa adds:

- identity is ``meta/instanceID`` (a UUID; empty or missing is refused) and a digest of
  the form version and answers; every document received is kept as a ``ResponseVersion``;
- a document whose instanceID is known is a re-send: with the same answers it is
  acknowledged (and brings the files it carries that are not stored yet: a device splits
  a large submission over several POSTs, each with the whole XML), with other answers it
  is refused (``uuid_conflict``), nothing changed;
- a document with ``meta/deprecatedID`` edits the response whose latest version that is:
  the response takes the new answers and keeps its UUID, the new version is recorded and
  the audit log says what replaced what; an edit of a version since replaced is refused.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from forms.instances import InstanceError, answers_of, read_instance
from forms.xform import XFORM_NAME

from ..problems import Problem
from ..store import app_users, attachments, links, responses
from ..store.models import AccessCode, AppUser, CollectionLink, FormVersion, FormVersionFile, LinkAccess
from .access_codes import check_unused, normalise
from .links import check_open
from .submissions import ALREADY_RECEIVED, RECEIVED, Receipt, Submission, check_uuid, place, receive, revise
from .uploads import Upload, checked_uploads, keep


@dataclass(frozen=True)
class Caller:
    """Who a device signs in as: an app user, or a participant's access code."""

    app_user: AppUser | None = None
    code: AccessCode | None = None


@dataclass(frozen=True)
class Part:
    """A file of a multipart submission, under the name the instance gives it."""

    content_type: str
    data: bytes


@dataclass(frozen=True)
class Offer:
    """A form version a device may download: its XForm and its media."""

    version: FormVersion
    xform: FormVersionFile
    media: list[FormVersionFile]


def caller_for_token(token: str) -> Caller:
    """The app user whose token this is; raises app_forbidden."""
    user = app_users.by_token(token)
    if user is None:
        raise Problem("app_forbidden")
    return Caller(app_user=user)


def caller_for_code(code: str) -> Caller:
    """The access code ``code`` signing in for its link; raises app_forbidden."""
    found = links.by_code(normalise(code))
    if found is None:
        raise Problem("app_forbidden")
    return Caller(code=found)


def _links(caller: Caller) -> list[CollectionLink]:
    return [caller.code.link] if caller.code else app_users.links_of(caller.app_user)


def _may_fill(caller: Caller, link: CollectionLink) -> bool:
    """Whether the caller may fill the link's form now (as ``submissions`` will decide)."""
    try:
        check_open(link)
        if caller.code is not None:
            check_unused(link, caller.code)
            return True
    except Problem:
        return False
    return link.access == LinkAccess.OPEN


def _offer(version: FormVersion) -> Offer | None:
    xform = version.file("xform", XFORM_NAME)
    if xform is None:  # a form published from a JSON definition has no XForm
        return None
    media = [f for f in version.files if f.role == "media" or (f.role == "xform" and f.filename != XFORM_NAME)]
    return Offer(version, xform, media)


def form_list(caller: Caller) -> list[Offer]:
    """The current versions of the forms the caller may fill now, once each."""
    offers: dict[int, Offer] = {}
    for link in _links(caller):
        if link.form_id not in offers and _may_fill(caller, link):
            offer = _offer(link.form.current_version)
            if offer is not None:
                offers[link.form_id] = offer
    return list(offers.values())


def offer(caller: Caller, version_id: int) -> Offer:
    """A version of a form the caller has a link to; raises not_found."""
    for link in _links(caller):
        version = next((v for v in link.form.versions if v.id == version_id), None)
        if version is not None and (found := _offer(version)) is not None:
            return found
    raise Problem("not_found")


def media_file(caller: Caller, version_id: int, filename: str) -> FormVersionFile:
    """Raises not_found."""
    found = next((f for f in offer(caller, version_id).media if f.filename == filename), None)
    if found is None:
        raise Problem("not_found")
    return found


def _link_for(caller: Caller, form_id: str) -> CollectionLink:
    """The link an instance of ``form_id`` goes to: the one the caller may fill now, else
    the latest (whose refusal then says why). Raises form_not_offered, link_ambiguous."""
    candidates = [link for link in _links(caller) if link.form.form_id == form_id]
    if not candidates:
        raise Problem("form_not_offered", form_id=form_id[:100])
    fillable = [link for link in candidates if _may_fill(caller, link)]
    if len(fillable) > 1:
        raise Problem("link_ambiguous", form_id=form_id[:100])
    return (fillable or candidates)[-1]


def _moment(definition, answers: dict, kind: str) -> datetime | None:
    """When the form was started (``start``) or finished (``end``), if the form records it."""
    for question in definition.answer_questions():
        if question.type == kind and answers.get(question.key):
            try:
                return datetime.fromisoformat(answers[question.key])
            except ValueError:
                return None
    return None


def receive_instance(caller: Caller, document: bytes, parts: dict[str, Part], language: str) -> Receipt:
    """Store one instance document and the files sent with it, or acknowledge it again.

    Raises instance_not_xml, instance_id_missing, invalid_uuid, form_not_offered,
    link_ambiguous, uuid_conflict, attachment_conflict, edit_unknown, edit_stale, and
    what ``submissions.receive`` raises."""
    try:
        instance = read_instance(document)
    except InstanceError:
        raise Problem("instance_not_xml") from None
    if not instance.instance_id:
        raise Problem("instance_id_missing")
    instance_id = check_uuid(instance.instance_id)
    where = place(_link_for(caller, instance.form_id).slug, instance.version)
    read = answers_of(where.definition, instance)
    submission = Submission(
        uuid=instance_id, version=instance.version, answers=read.answers, language=language,
        started_at=_moment(where.definition, read.answers, "start"),
        submitted_at=_moment(where.definition, read.answers, "end"),
        code=caller.code.code if caller.code else None)
    digest = submission.digest  # of the version and answers: every part of a split send has it
    uploads = tuple(Upload(path, name, parts[name].content_type[:100] or "application/octet-stream",
                           parts[name].data) for path, name in read.files.items() if name in parts)
    known = app_users.version_of_instance(instance_id)
    if known is not None:
        if known.digest != digest:
            raise Problem("uuid_conflict")
        return _attach(known.response_id, where, uploads, instance_id)
    if instance.deprecated_id:
        response = _edited(check_uuid(instance.deprecated_id), where.link_id)
        receipt = revise(where, replace(submission, uploads=uploads), response)
    else:
        receipt = receive(where, replace(submission, uploads=uploads))
        if receipt.outcome == ALREADY_RECEIVED:
            return receipt
    app_users.add_version(response_id=responses.identity_of(receipt.uuid).id, instance_id=instance_id,
                          deprecated_id=instance.deprecated_id or None, digest=digest,
                          document=document.decode("utf-8", "replace"),
                          app_user_id=caller.app_user.id if caller.app_user else None)
    return receipt


def _attach(response_id: int, where, uploads: tuple[Upload, ...], instance_id: str) -> Receipt:
    """Store the files of a re-sent instance that are not stored yet; the same name with
    other bytes is refused (attachment_conflict)."""
    stored = attachments.of_response(response_id)
    new = []
    for upload in checked_uploads(where.definition, list(uploads)):
        known = stored.get(upload.path)
        if known is None:
            new.append(upload)
        elif known.data != upload.data:
            raise Problem("attachment_conflict", name=upload.filename[:100])
    keep(response_id, new)
    return Receipt(instance_id, RECEIVED if new else ALREADY_RECEIVED)


def _edited(deprecated_id: str, link_id: int):
    """The response an edit replaces: the one whose latest version is ``deprecated_id``.
    Raises edit_unknown and edit_stale."""
    version = app_users.version_of_instance(deprecated_id)
    response = responses.by_id(version.response_id) if version else responses.by_uuid(deprecated_id)
    if response is None or response.deleted_at is not None or response.link_id != link_id:
        raise Problem("edit_unknown")
    if (app_users.current_instance(response.id) or response.uuid) != deprecated_id:
        raise Problem("edit_stale")
    return response
