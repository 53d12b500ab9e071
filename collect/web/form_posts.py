"""Reading a participant's plain HTML form post (no JavaScript) and the offline queue's files.

A form posted without JavaScript names each field after its question's key (``name``, or
``group/name`` where a name is used twice; ``repeat[2]/child`` inside the second instance
of a repeat); ``answers_from_form`` gathers
the answers the form definition expects — never whatever keys happen to be in the
request. "Add another" and "Remove this one" are submit buttons; ``resize_repeat``
applies them. Uploaded files become :class:`~collect.services.uploads.Upload` values,
from multipart files or from the base64 ``files`` of the offline queue's JSON.
"""
from __future__ import annotations

import base64
import binascii
import re

from werkzeug.datastructures import FileStorage, MultiDict

from forms.definition import FormDefinition, Question

from ..problems import Problem
from ..services.uploads import MAX_UPLOAD_BYTES, Upload

#: Question types whose HTML controls post several values under one name.
MULTI_VALUE_TYPES = frozenset({"select_multiple", "rank"})
_REPEAT_FIELD = re.compile(r"^(?P<repeat>[^\[\]/]+)\[(?P<position>\d{1,4})\]/(?P<name>.+)$")


def _collect(questions: list[Question], data: MultiDict, key_prefix: str, into: dict) -> None:
    for question in questions:
        if question.type == "group":
            _collect(question.children, data, key_prefix, into)
        elif question.type == "repeat":
            into[question.key] = _repeat_instances(question, data, key_prefix)
        elif question.carries_answer:
            key = key_prefix + question.key
            if question.type in MULTI_VALUE_TYPES:
                values = [v for v in data.getlist(key) if v != ""]
                if values:
                    into[question.key] = values
            elif key in data:
                into[question.key] = data.get(key)


def _repeat_instances(repeat: Question, data: MultiDict, key_prefix: str) -> list[dict]:
    positions = sorted({int(m["position"]) for key in data.keys()
                        if (m := _REPEAT_FIELD.match(key[len(key_prefix):] if key.startswith(key_prefix) else ""))
                        and m["repeat"] == repeat.key})
    instances = []
    for position in positions:
        instance: dict = {}
        _collect(repeat.children, data, f"{key_prefix}{repeat.key}[{position}]/", instance)
        instances.append(instance)
    return instances


def answers_from_form(form: FormDefinition, data: MultiDict) -> dict:
    """The answers of an HTML form post, keyed and shaped as the form definition says."""
    answers: dict = {}
    _collect(form.questions, data, "", answers)
    return {k: v for k, v in answers.items() if v != []}


_INSTANCE = re.compile(r"^(?P<name>[^\[\]/]+)\[(?P<position>\d{1,4})\]$")


def _repeat_list(answers: dict, path: str) -> list | None:
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


def resize_repeat(answers: dict, add: str, remove: str) -> None:
    """Apply an "add another" or "remove" button of a page posted without JavaScript."""
    parent, _, last = remove.rpartition("/")
    if add:
        instances = _repeat_list(answers, add)
        if instances is not None:
            instances.extend([{}] * (1 if instances else 2))  # an empty repeat shows one already
    elif match := _INSTANCE.match(last):
        instances = _repeat_list(answers, (parent + "/" if parent else "") + match["name"])
        if instances and 0 < int(match["position"]) <= len(instances):
            del instances[int(match["position"]) - 1]


def uploads_from_files(files: MultiDict[str, FileStorage]) -> list[Upload]:
    """The files of a multipart form post, each under the path of the question it answers."""
    return [Upload(path, (storage.filename or "upload")[-200:],
                   (storage.mimetype or "application/octet-stream")[:100],
                   storage.read(MAX_UPLOAD_BYTES + 1))
            for path, storage in files.items()]


def uploads_from_json(files: dict) -> list[Upload]:
    """The ``files`` of a JSON submission: ``{path: {"name", "type", "data" (base64)}}``.
    Raises invalid_request for data that is not base64."""
    found = []
    for path, item in files.items():
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise Problem("invalid_request", details={"fields": {"files": {path: "not base64"}}}) from None
        found.append(Upload(path, item["name"][-200:] or "upload", item["type"][:100] or "application/octet-stream",
                            data))
    return found
