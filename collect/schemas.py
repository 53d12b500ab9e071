"""Request data, parsed in one place.

``SubmissionSchema`` is a response as the JSON API and the offline queue send it.
``HtmlSubmissionSchema`` is the same response as a plain HTML form posts it (no
JavaScript): its metadata in underscored fields, its answers in fields named after the
questions, gathered by ``answers_from_form`` from the form definition — never from
whatever keys happen to be in the request.
"""
from __future__ import annotations

import re

from marshmallow import EXCLUDE, Schema, fields, validate
from werkzeug.datastructures import MultiDict

from forms.definition import FormDefinition, Question

LANGUAGES = ("lo", "en")


class SubmissionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    uuid = fields.UUID(required=True)
    version = fields.String(required=True, validate=validate.Length(min=1, max=64))
    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    started_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    submitted_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    answers = fields.Dict(keys=fields.String(), required=True)


class HtmlSubmissionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    uuid = fields.UUID(required=True, data_key="_uuid")
    version = fields.String(required=True, data_key="_version", validate=validate.Length(min=1, max=64))
    language = fields.String(load_default="lo", data_key="_language", validate=validate.OneOf(LANGUAGES))
    started_at = fields.NaiveDateTime(load_default=None, allow_none=True, data_key="_started_at")


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    next = fields.String(load_default="")


class ExportQuerySchema(Schema):
    """Export options and filters from a query string (``?event=1&event=2&from=2019-08-01``)."""

    class Meta:
        unknown = EXCLUDE

    LIST_FIELDS = ("event", "status", "province", "district", "version")

    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    headers = fields.String(load_default="labels", validate=validate.OneOf(("labels", "names", "both")))
    choices = fields.String(load_default="labels", validate=validate.OneOf(("labels", "codes")))
    event = fields.List(fields.Integer(), load_default=list)
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    status = fields.List(fields.String(validate=validate.OneOf(("submitted", "approved", "rejected"))),
                         load_default=list)
    province = fields.List(fields.String(validate=validate.Length(max=5)), load_default=list)
    district = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)
    version = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list)

    def load_args(self, args: MultiDict) -> dict:
        """Load from a query string, where a filter may be repeated."""
        data = {key: args.getlist(key) if key in self.LIST_FIELDS else args.get(key) for key in args}
        return self.load(data)


#: Question types whose HTML controls post several values under one name.
MULTI_VALUE_TYPES = frozenset({"select_multiple", "rank"})
_REPEAT_FIELD = re.compile(r"^(?P<repeat>[^\[\]/]+)\[(?P<position>\d{1,4})\]/(?P<name>.+)$")


def _collect(questions: list[Question], data: MultiDict, key_prefix: str, into: dict) -> None:
    for question in questions:
        if question.type == "group":
            _collect(question.children, data, key_prefix, into)
        elif question.type == "repeat":
            into[question.name] = _repeat_instances(question, data, key_prefix)
        elif question.carries_answer:
            key = key_prefix + question.name
            if question.type in MULTI_VALUE_TYPES:
                values = [v for v in data.getlist(key) if v != ""]
                if values:
                    into[question.name] = values
            elif key in data:
                into[question.name] = data.get(key)


def _repeat_instances(repeat: Question, data: MultiDict, key_prefix: str) -> list[dict]:
    positions = sorted({int(m["position"]) for key in data.keys()
                        if (m := _REPEAT_FIELD.match(key[len(key_prefix):] if key.startswith(key_prefix) else ""))
                        and m["repeat"] == repeat.name})
    instances = []
    for position in positions:
        instance: dict = {}
        _collect(repeat.children, data, f"{key_prefix}{repeat.name}[{position}]/", instance)
        instances.append(instance)
    return instances


def answers_from_form(form: FormDefinition, data: MultiDict) -> dict:
    """The answers of an HTML form post, keyed and shaped as the form definition says."""
    answers: dict = {}
    _collect(form.questions, data, "", answers)
    return {k: v for k, v in answers.items() if v != []}
