"""Reading responses back and reviewing them: listing, approve / reject, soft deletion.

Analysts never receive the answers to questions marked sensitive; organisers may ask to
leave them out too. Only organisers review (approve, reject, with a comment kept with
the decision) and delete or restore; a review never changes answers; a deletion hides a
response from listings and exports but keeps the row for the audit trail.
"""
from __future__ import annotations

from ..problems import Problem
from ..store import form_versions, responses
from ..store.models import Form, Response, ResponseStatus, Review, Role, User, utcnow
from ..store.responses import ResponseFilter
from .audit import record
from .permissions import Action, require, require_visible


def sensitive_names(form: Form) -> set[str]:
    """The questions that any version of ``form`` marks sensitive."""
    return {question.name for version in form.versions
            for question, _ in form_versions.definition_of(version).walk() if question.sensitive}


def hidden_for(form: Form, reader: User, omit_sensitive: bool = False) -> set[str]:
    """The questions whose answers ``reader`` does not get."""
    return sensitive_names(form) if reader.role == Role.ANALYST or omit_sensitive else set()


def as_mapping(response: Response, hidden: set[str] = frozenset(), with_reviews: bool = False) -> dict:
    """A response as the API shows it, without the answers to the ``hidden`` questions."""
    found = {"uuid": response.uuid, "version": response.form_version.version, "event_id": response.event_id,
             "language": response.language, "status": response.status.value,
             "started_at": response.started_at, "submitted_at": response.submitted_at,
             "received_at": response.received_at, "answers": _strip(response.answers, hidden),
             "deleted": response.deleted_at is not None}
    if with_reviews:
        found["reviews"] = responses.reviews_of(response.id)
    return found


def _strip(answers: dict, hidden: set[str]) -> dict:
    return {name: [_strip(item, hidden) for item in value] if isinstance(value, list) and value
            and isinstance(value[0], dict) else value
            for name, value in answers.items() if name not in hidden}


def page(form: Form, reader: User, filters: ResponseFilter, after: int | None, size: int,
         omit_sensitive: bool = False, with_total: bool = False, deleted: bool = False) -> dict:
    """One page of the form's live (or, for its managers, deleted) responses, newest first,
    from the keyset cursor ``after`` (the last response id of the previous page)."""
    if deleted:
        require(reader, Action.MANAGE, form.swg)
    rows = responses.page(form.id, filters, after, size + 1, deleted=deleted)
    hidden = hidden_for(form, reader, omit_sensitive)
    body = {"responses": [as_mapping(r, hidden) for r in rows[:size]],
            "next": rows[size - 1].id if len(rows) > size else None}
    if with_total:
        body["total"] = responses.count(form.id, filters, deleted=deleted)
    return body


def get_response(uuid: str, reader: User | None = None, action: Action = Action.READ, *,
                 include_deleted: bool = False) -> Response:
    """The response with this UUID, if ``reader`` may see it; raises response_not_found
    and forbidden."""
    response = responses.by_uuid(uuid, include_deleted=include_deleted)
    if response is None:
        raise Problem("response_not_found")
    if reader is not None:
        swg = response.form_version.form.swg
        require_visible(reader, swg, Problem("response_not_found"))
        require(reader, action, swg)
    return response


def review(uuid: str, status: str, comment: str, actor: User) -> dict:
    """Mark a response approved, rejected or back to submitted, with a comment."""
    response = get_response(uuid, actor, Action.MANAGE)
    response.status = ResponseStatus(status)
    responses.add_review(Review(response_id=response.id, user_id=actor.id, status=response.status,
                                comment=comment))
    record("review", f"response:{uuid}", actor, swg=response.form_version.form.swg, status=status,
           comment=comment)
    return as_mapping(response, hidden_for(response.form_version.form, actor), with_reviews=True)


def one(uuid: str, reader: User) -> dict:
    """A response with its reviews, as ``reader`` may see it (deleted ones for managers)."""
    response = get_response(uuid, reader, include_deleted=True)
    if response.deleted_at is not None:
        require(reader, Action.MANAGE, response.form_version.form.swg)
    return as_mapping(response, hidden_for(response.form_version.form, reader), with_reviews=True)


def soft_delete(uuid: str, actor: User) -> None:
    """Hide a response from listings and exports; the row stays for the audit trail."""
    response = get_response(uuid, actor, Action.MANAGE)
    response.deleted_at = utcnow()
    record("delete", f"response:{uuid}", actor, swg=response.form_version.form.swg)


def restore(uuid: str, actor: User) -> dict:
    """Bring a deleted response back into listings and exports."""
    response = get_response(uuid, actor, Action.MANAGE, include_deleted=True)
    response.deleted_at = None
    record("restore", f"response:{uuid}", actor, swg=response.form_version.form.swg)
    return as_mapping(response, hidden_for(response.form_version.form, actor), with_reviews=True)
