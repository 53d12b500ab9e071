"""Receiving one participant submission: validate it against its form version, store it once.

Shared by the HTML form post and the JSON endpoint the offline queue uses, so that both
paths apply the very same rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from forms.validation import validate_submission

from .errors import AppError
from .form_versions import definition_of, find_version
from .links import check_open
from .models import CollectionLink, Response
from .responses import Submission, already_received, store


@dataclass
class Receipt:
    response: Response
    created: bool


def receive(link: CollectionLink, uuid: str, version: str, answers: dict, language: str,
            started_at=None, submitted_at=None) -> Receipt:
    """Validate and store; raises ``invalid_submission`` with errors keyed by question path.

    A UUID that was already received is acknowledged without validating again: the
    participant's earlier, identical send has been stored, and a retry must never fail.
    """
    form_version = find_version(link.form, version)
    stored = already_received(uuid, form_version)
    if stored is not None:
        return Receipt(stored, created=False)
    check_open(link)
    result = validate_submission(definition_of(form_version), answers, language)
    if not result.ok:
        raise AppError("invalid_submission", details={"errors": result.errors})
    response, created = store(
        Submission(uuid, form_version, result.answers, language, started_at, submitted_at), link
    )
    return Receipt(response, created)
