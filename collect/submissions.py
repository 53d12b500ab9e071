"""Receiving one participant submission: validate it against its form version, store it once.

Shared by the HTML form post and the JSON endpoint the offline queue uses, so that both
paths apply the very same rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from forms.validation import validate_submission

from .access import bind, check_unused, earlier_response, find_code, replace_response
from .errors import AppError
from .form_versions import definition_of, find_version
from .links import check_open
from .models import CollectionLink, Response
from .responses import Submission, already_received, store
from .uploads import Upload, keep, name_answers


@dataclass
class Receipt:
    response: Response
    created: bool
    #: True when an editable access code's earlier response took these answers.
    replaced: bool = False


def receive(link: CollectionLink, uuid: str, version: str, answers: dict, language: str,
            started_at=None, submitted_at=None, *, code: str | None = None,
            uploads: list[Upload] = ()) -> Receipt:
    """Validate and store; raises ``invalid_submission`` with errors keyed by question path.

    A UUID that was already received is acknowledged without validating again: the
    participant's earlier, identical send has been stored, and a retry must never fail.
    A link that asks for access codes raises code_required, code_invalid or code_used;
    an editable code's later submission replaces the answers of its earlier response.
    Uploads answer their questions with their file names and are stored with the response.
    """
    form_version = find_version(link.form, version)
    stored = already_received(uuid, form_version)
    if stored is not None:
        return Receipt(stored, created=False)
    check_open(link)
    access = find_code(link, code)
    check_unused(link, access)
    definition = definition_of(form_version)
    name_answers(definition, answers, uploads)
    result = validate_submission(definition, answers, language)
    if not result.ok:
        raise AppError("invalid_submission", details={"errors": result.errors})
    submission = Submission(uuid, form_version, result.answers, language, started_at, submitted_at)
    earlier = earlier_response(access)
    if earlier is not None:
        replace_response(earlier, submission)
        keep(earlier, uploads)
        return Receipt(earlier, created=False, replaced=True)
    response, created = store(submission, link)
    if created:
        if access is not None:
            bind(access, response)
        keep(response, uploads)
    return Receipt(response, created)
