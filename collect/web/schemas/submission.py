"""A participant's submission, as the offline queue sends it and as a plain form posts it.

``SubmissionSchema`` is a response as the JSON API and the offline queue send it.
``HtmlSubmissionSchema`` is the same response's metadata as a plain HTML form posts it
(no JavaScript), in underscored fields; its answers are gathered by
``collect/web/form_posts.py`` from the form definition. The answers themselves are kept
as a plain mapping here: the service checks them against the form's limits first, then
validates them against the form.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from ...problems import Problem
from ...services.submissions import check_uuid
from ..language import LANGUAGES


class SubmissionUuid(fields.String):
    """A response's UUID, as the device made it: RFC 4122, never the nil UUID; loaded in
    its canonical lower-case text."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return check_uuid(text[:64])
        except Problem as problem:
            raise ValidationError(problem.message("en")) from None


class SubmissionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    uuid = SubmissionUuid(required=True)
    version = fields.String(required=True, validate=validate.Length(min=1, max=64))
    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    started_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    submitted_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    answers = fields.Dict(required=True)
    #: The participant's access code, for links that ask for one.
    code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))
    #: Uploads of the offline queue: question path -> file (see collect/uploads.py).
    files = fields.Dict(keys=fields.String(validate=validate.Length(max=300)),
                        values=fields.Nested("SubmittedFileSchema"), load_default=dict)


class SubmittedFileSchema(Schema):
    """A photo or file sent through the offline queue, its bytes base64-encoded."""

    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(max=500))
    type = fields.String(load_default="application/octet-stream", validate=validate.Length(max=200))
    data = fields.String(required=True)


class HtmlSubmissionSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    uuid = SubmissionUuid(required=True, data_key="_uuid")
    version = fields.String(required=True, data_key="_version", validate=validate.Length(min=1, max=64))
    language = fields.String(load_default="lo", data_key="_language", validate=validate.OneOf(LANGUAGES))
    started_at = fields.NaiveDateTime(load_default=None, allow_none=True, data_key="_started_at")
    code = fields.String(load_default=None, data_key="_code", validate=validate.Length(max=32))
    #: A page without JavaScript served in steps: the step shown, the button pressed
    #: (next or back), what the step showed, and the language a switch asks for.
    at = fields.Integer(load_default=0, data_key="_at", validate=validate.Range(min=0, max=10_000))
    step = fields.String(load_default=None, data_key="_step", validate=validate.OneOf(("next", "back")))
    seen = fields.String(load_default=None, data_key="_seen", validate=validate.Length(max=100_000))
    switch = fields.String(load_default=None, data_key="_switch", validate=validate.OneOf(LANGUAGES))
