"""Reading responses back and reviewing them: listing, approve / reject, soft deletion.

Analysts never receive the answers to questions marked sensitive; organisers may ask to
leave them out too. A review never changes answers; a deletion hides a response from
listings and exports but keeps the row for the audit trail.
"""
from __future__ import annotations

from ..problems import Problem
from ..store import form_versions, responses
from ..store.models import Form, Response, ResponseStatus, Role, User, utcnow
from ..store.responses import ResponseFilter
from .audit import record


def sensitive_names(form: Form) -> set[str]:
    """The questions that any version of ``form`` marks sensitive."""
    return {question.name for version in form.versions
            for question, _ in form_versions.definition_of(version).walk() if question.sensitive}


def hidden_for(form: Form, reader: User, omit_sensitive: bool = False) -> set[str]:
    """The questions whose answers ``reader`` does not get."""
    return sensitive_names(form) if reader.role == Role.ANALYST or omit_sensitive else set()


def as_mapping(response: Response, hidden: set[str] = frozenset()) -> dict:
    """A response as the API shows it, without the answers to the ``hidden`` questions."""
    return {"uuid": response.uuid, "version": response.form_version.version, "event_id": response.event_id,
            "language": response.language, "status": response.status.value,
            "started_at": response.started_at, "submitted_at": response.submitted_at,
            "received_at": response.received_at, "answers": _strip(response.answers, hidden)}


def _strip(answers: dict, hidden: set[str]) -> dict:
    return {name: [_strip(item, hidden) for item in value] if isinstance(value, list) and value
            and isinstance(value[0], dict) else value
            for name, value in answers.items() if name not in hidden}


def page(form: Form, reader: User, filters: ResponseFilter, after: int | None, size: int,
         omit_sensitive: bool = False, with_total: bool = False) -> dict:
    """One page of the form's live responses, newest first, from the keyset cursor
    ``after`` (the last response id of the previous page)."""
    rows = responses.page(form.id, filters, after, size + 1)
    hidden = hidden_for(form, reader, omit_sensitive)
    body = {"responses": [as_mapping(r, hidden) for r in rows[:size]],
            "next": rows[size - 1].id if len(rows) > size else None}
    if with_total:
        body["total"] = responses.count(form.id, filters)
    return body


def get_response(uuid: str) -> Response:
    """The live response with this UUID; raises response_not_found."""
    response = responses.by_uuid(uuid)
    if response is None:
        raise Problem("response_not_found")
    return response


def review(uuid: str, status: str, actor: User) -> dict:
    """Mark a response approved, rejected or back to submitted."""
    response = get_response(uuid)
    response.status = ResponseStatus(status)
    record("review", f"response:{uuid}", actor, status=status)
    return as_mapping(response, hidden_for(response.form_version.form, actor))


def soft_delete(uuid: str, actor: User) -> None:
    """Hide a response from listings and exports; the row stays for the audit trail."""
    get_response(uuid).deleted_at = utcnow()
    record("delete", f"response:{uuid}", actor)
