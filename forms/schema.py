"""The project's own JSON form definition, described by marshmallow schemas.

``load_definition`` turns JSON (a dict) into a :class:`~forms.definition.FormDefinition`
and ``dump_definition`` turns it back. Dumping leaves out every field that holds its
default, so the canonical JSON of a form is short and JSON → model → JSON is the identity.
"""
from __future__ import annotations

import re

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_dump,
    post_load,
    validate,
    validates_schema,
)

from .definition import Choice, FormDefinition, Question
from .types import SELECT_TYPES, SUPPORTED_TYPES

NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")


class TextField(fields.Dict):
    """Text in several languages: a mapping of language code to non-empty string."""

    def __init__(self, **kwargs):
        super().__init__(
            keys=fields.String(validate=validate.Regexp(LANGUAGE_PATTERN)),
            values=fields.String(),
            **({} if kwargs.get("required") else {"load_default": dict}),
            **kwargs,
        )


class FlagOrExpression(fields.Field):
    """A boolean, or an expression (non-empty text) that decides the flag per submission."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or (isinstance(value, str) and value.strip()):
            return value
        raise ValidationError("Must be true, false or an expression.")


def _name_field(**kwargs):
    return fields.String(
        required=True,
        validate=validate.Regexp(NAME_PATTERN, error="Not a valid name: {input}"),
        **kwargs,
    )


class _OmitDefaultsSchema(Schema):
    """Dumps without the fields that hold their default value."""

    class Meta:
        unknown = RAISE

    DEFAULTS: dict = {}

    @post_dump
    def _omit_defaults(self, data, **kwargs):
        return {k: v for k, v in data.items() if k not in self.DEFAULTS or v != self.DEFAULTS[k]}


def _media_field():
    """Media by kind (image, audio, video, big-image), then by language code ("" for none)."""
    return fields.Dict(keys=fields.String(validate=validate.OneOf(MEDIA_KINDS)),
                       values=fields.Dict(keys=fields.String(), values=fields.String()),
                       load_default=dict)


MEDIA_KINDS = ("image", "big-image", "audio", "video")


class ChoiceSchema(_OmitDefaultsSchema):
    DEFAULTS = {"label": {}, "extra": {}, "media": {}}

    name = fields.String(required=True, validate=validate.Length(min=1))
    label = TextField()
    extra = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    media = _media_field()

    @post_load
    def _make(self, data, **kwargs):
        return Choice(**data)


class QuestionSchema(_OmitDefaultsSchema):
    DEFAULTS = {
        "label": {}, "hint": {}, "required": False, "required_message": {}, "relevant": None,
        "constraint": None, "constraint_message": {}, "calculation": None, "bind_type": None, "default": None,
        "appearance": None, "choice_list": None, "choice_filter": None, "or_other": False,
        "read_only": False, "parameters": {}, "repeat_count": None, "sensitive": False,
        "dynamic_default": None, "media": {}, "trigger": None, "instance": {},
        "guidance_hint": {}, "children": [],
    }

    name = _name_field()
    type = fields.String(
        required=True,
        validate=validate.OneOf(sorted(SUPPORTED_TYPES), error="Unsupported question type: {input}"),
    )
    label = TextField()
    hint = TextField()
    required = FlagOrExpression(load_default=False)
    required_message = TextField()
    relevant = fields.String(load_default=None, allow_none=True)
    constraint = fields.String(load_default=None, allow_none=True)
    constraint_message = TextField()
    calculation = fields.String(load_default=None, allow_none=True)
    bind_type = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("int", "decimal")))
    default = fields.String(load_default=None, allow_none=True)
    appearance = fields.String(load_default=None, allow_none=True)
    choice_list = fields.String(load_default=None, allow_none=True)
    choice_filter = fields.String(load_default=None, allow_none=True)
    or_other = fields.Boolean(load_default=False)
    read_only = fields.Boolean(load_default=False)
    parameters = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    repeat_count = fields.String(load_default=None, allow_none=True)
    sensitive = fields.Boolean(load_default=False)
    dynamic_default = fields.String(load_default=None, allow_none=True)
    media = _media_field()
    trigger = fields.String(load_default=None, allow_none=True)
    instance = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    guidance_hint = TextField()
    children = fields.List(fields.Nested(lambda: QuestionSchema()), load_default=list)

    @validates_schema
    def _check_shape(self, data, **kwargs):
        qtype = data.get("type")
        if qtype in SELECT_TYPES and not data.get("choice_list"):
            raise ValidationError(f"A {qtype} question needs a choice_list.", "choice_list")
        if data.get("children") and qtype not in ("group", "repeat"):
            raise ValidationError("Only groups and repeats have children.", "children")

    @post_load
    def _make(self, data, **kwargs):
        return Question(**data)


class FormDefinitionSchema(_OmitDefaultsSchema):
    DEFAULTS = {"choices": {}, "instance_name": None, "report": None, "style": None,
                "language_names": {}, "instances": {}}

    form_id = _name_field()
    title = TextField(required=True)
    version = fields.String(required=True, validate=validate.Length(min=1, max=64))
    languages = fields.List(
        fields.String(validate=validate.Regexp(LANGUAGE_PATTERN)),
        required=True,
        validate=validate.Length(min=1),
    )
    default_language = fields.String(required=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)
    choices = fields.Dict(
        keys=fields.String(), values=fields.List(fields.Nested(ChoiceSchema)), load_default=dict
    )
    instance_name = fields.String(load_default=None, allow_none=True)
    report = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(["satisfaction", "capacity", "sdg_seminar", "consultation"]),
    )
    style = fields.String(load_default=None, allow_none=True)
    language_names = fields.Dict(keys=fields.String(validate=validate.Regexp(LANGUAGE_PATTERN)),
                                 values=fields.String(), load_default=dict)
    instances = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Dict(keys=fields.String(), values=fields.String())),
        load_default=dict,
    )

    @validates_schema
    def _check_references(self, data, **kwargs):
        if data.get("default_language") not in data.get("languages", []):
            raise ValidationError("default_language must be one of languages.", "default_language")
        # Names are scoped as in pyxform: unique among siblings; a repeat's name is unique
        # in the whole form.
        repeats: set[str] = set()
        choices = data.get("choices", {})

        def visit(questions):
            seen: set[str] = set()
            for q in questions:
                if q.name in seen:
                    raise ValidationError(f"Duplicate question name: {q.name}", "questions")
                seen.add(q.name)
                if q.type == "repeat":
                    if q.name in repeats:
                        raise ValidationError(f"Duplicate repeat name: {q.name}", "questions")
                    repeats.add(q.name)
                if q.choice_list and q.choice_list not in choices:
                    raise ValidationError(
                        f"Question {q.name} uses the missing choice list {q.choice_list}.",
                        "questions",
                    )
                visit(q.children)

        visit(data.get("questions", []))

    @post_load
    def _make(self, data, **kwargs):
        return FormDefinition(**data)


def load_definition(data: dict) -> FormDefinition:
    """Validate JSON form definition ``data``; raises marshmallow's ValidationError."""
    return FormDefinitionSchema().load(data)


def dump_definition(form: FormDefinition) -> dict:
    """The canonical JSON of ``form``."""
    return FormDefinitionSchema().dump(form)

