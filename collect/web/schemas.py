"""Request data, parsed in one place.

``SubmissionSchema`` is a response as the JSON API and the offline queue send it.
``HtmlSubmissionSchema`` is the same response's metadata as a plain HTML form posts it
(no JavaScript), in underscored fields; its answers are gathered by
``collect/web/form_posts.py`` from the form definition. The answers themselves are kept
as a plain mapping here: the service checks them against the form's limits first, then
validates them against the form.
"""
from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from ..problems import Problem
from ..services.submissions import check_uuid

LANGUAGES = ("lo", "en")


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


class NewLinkSchema(Schema):
    """The organiser page's form that sets up an event and its link in one step."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.String(required=True, validate=validate.OneOf(
        ("local_consultation", "sdg_seminar", "capacity_assessment", "meeting")))
    title_lo = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title_en = fields.String(required=True, validate=validate.Length(min=1, max=300))
    province_code = fields.String(load_default=None, validate=validate.Length(max=5))
    district = fields.String(load_default="", validate=validate.Length(max=100))
    date = fields.Date(load_default=None)
    sub_group = fields.String(load_default="", validate=validate.Length(max=100))
    swg = fields.String(load_default="", validate=validate.Length(max=100))

    @pre_load
    def _blank_is_missing(self, data, **kwargs):
        return {key: value for key, value in data.items() if value != ""}


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

    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    headers = fields.String(load_default="labels", validate=validate.OneOf(("labels", "names", "both")))
    choices = fields.String(load_default="labels", validate=validate.OneOf(("labels", "codes")))
    sensitive = fields.String(load_default="include", validate=validate.OneOf(("include", "omit")),
                              metadata={"description": "Leave out questions marked sensitive (analysts: always)"})
    group_by = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list,
                           metadata={"description": "Crosstab groupings: event, province, district or a question name"})
    event = fields.List(fields.Integer(), load_default=list)
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    status = fields.List(fields.String(validate=validate.OneOf(("submitted", "approved", "rejected"))),
                         load_default=list)
    province = fields.List(fields.String(validate=validate.Length(max=5)), load_default=list)
    district = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list)
    version = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list)



class UploadSchema(Schema):
    file = Upload(required=True, metadata={
        "description": "An XLSForm (.xlsx, .xls, or pyxform's .csv / .md) or a JSON definition (.json)"})
    media = fields.List(Upload(), load_default=list, metadata={
        "description": "Files the form uses (repeat the field): CSV, XML or GeoJSON data for "
                       "select_*_from_file, external choices and pulldata(); images and sounds of labels"})


class IssueSchema(Schema):
    sheet = fields.String(allow_none=True)
    row = fields.Integer(allow_none=True)
    column = fields.String(allow_none=True)
    message = fields.String()
    message_en = fields.String()
    message_lo = fields.String()


class PublishedSchema(Schema):
    id = fields.Integer(metadata={"description": "The form's number, used in other addresses"})
    form_id = fields.String()
    version = fields.String()
    created = fields.Boolean(metadata={"description": "False when this exact version was already published"})
    warnings = fields.List(fields.Nested(IssueSchema), metadata={
        "description": "What the organiser should know: settings and columns collect does not use, pyxform's warnings"})


class LinkSummarySchema(Schema):
    slug = fields.String()
    is_open = fields.Boolean()
    responses = fields.Integer()
    event = fields.String(allow_none=True)


class FormSummarySchema(Schema):
    id = fields.Integer()
    form_id = fields.String()
    title = fields.String()
    versions = fields.List(fields.String())
    current_version = fields.String()
    responses = fields.Integer()
    links = fields.List(fields.Nested(LinkSummarySchema))


class FormListSchema(Schema):
    forms = fields.List(fields.Nested(FormSummarySchema))


class EventSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(
        ("local_consultation", "sdg_seminar", "capacity_assessment", "meeting")))
    swg = fields.String(load_default="", validate=validate.Length(max=100))
    sub_group = fields.String(load_default="", validate=validate.Length(max=100))
    province_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5))
    district = fields.String(load_default="", validate=validate.Length(max=100))
    date = fields.Date(load_default=None, allow_none=True)
    title_lo = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title_en = fields.String(required=True, validate=validate.Length(min=1, max=300))
    theme_lo = fields.String(load_default="")
    theme_en = fields.String(load_default="")


class LinkSchema(Schema):
    """A collection link as organisers create, change and read it."""

    class Meta:
        unknown = EXCLUDE

    slug = fields.String(dump_only=True)
    form_id = fields.Integer(dump_only=True)
    event_id = fields.Integer(load_default=None, allow_none=True)
    is_open = fields.Boolean(load_default=True)
    opens_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    closes_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    url = fields.Method("_url", dump_only=True)

    def _url(self, link) -> str:
        return url_for("participant.show_form", slug=link.slug, _external=True)


class LinkUpdateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    is_open = fields.Boolean()
    opens_at = fields.NaiveDateTime(allow_none=True)
    closes_at = fields.NaiveDateTime(allow_none=True)


class ExportJobSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"description": "queued, started, finished or failed"})
    done = fields.Integer(metadata={"description": "Responses written so far"})
    total = fields.Integer(allow_none=True, metadata={"description": "Responses the export holds"})
    download = fields.String(metadata={"description": "Where to get the file, once finished"})
    error = fields.String()


class ExportKindSchema(ExportQuerySchema):
    kind = fields.String(load_default="workbook", validate=validate.OneOf(("workbook", "raw", "csv")))


class ResponseListQuerySchema(ExportQuerySchema):
    after = fields.Integer(load_default=None, metadata={"description": "The ``next`` of the previous page"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    total = fields.Boolean(load_default=False, metadata={"description": "Also count every matching response"})


class ResponseSchema(Schema):
    """A stored response as analysts read it through the API."""

    uuid = fields.String()
    version = fields.String()
    event_id = fields.Integer(allow_none=True)
    answers = fields.Dict()
    language = fields.String()
    status = fields.String()
    started_at = fields.NaiveDateTime(allow_none=True)
    submitted_at = fields.NaiveDateTime(allow_none=True)
    received_at = fields.NaiveDateTime()


class ResponsePageSchema(Schema):
    responses = fields.List(fields.Nested(ResponseSchema))
    next = fields.Integer(allow_none=True, metadata={"description": "Pass as ``after`` for the next page; "
                                                                    "null on the last page"})
    total = fields.Integer(metadata={"description": "Every matching response, when asked with total=true"})


class AppUserSchema(Schema):
    """An app user (ODK Collect, KoboCollect) as organisers create and read it."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    swg = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100),
                        metadata={"description": "The SWG whose events' forms it fills (or give event_id)"})
    event_id = fields.Integer(load_default=None, allow_none=True)
    password = fields.String(load_only=True, load_default=None, allow_none=True,
                             validate=validate.Length(min=8, max=200),
                             metadata={"description": "For HTTP Digest (or Basic over HTTPS) sign-in by name"})
    server_url = fields.String(dump_only=True, metadata={"description": "The address with its token, for the app"})
    settings = fields.Dict(dump_only=True, metadata={"description": "ODK Collect's settings, as its QR code holds them"})
    qr = fields.String(dump_only=True, metadata={"description": "The settings QR code (PNG)"})


class ReviewSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(("submitted", "approved", "rejected")))
