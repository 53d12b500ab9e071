"""The API's resources as clients send and read them: forms, events, links, responses,
accounts, tokens, the audit log. Enums travel as their values (``"meeting"``); an SWG,
a sub-group or a district as its code."""
from __future__ import annotations

from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from ...store.models import EventKind, LinkAccess, ResponseStatus, Role
from ..language import LANGUAGES
from .queries import STATUSES


class _Loose(Schema):
    """A schema that ignores fields it does not know."""

    class Meta:
        unknown = EXCLUDE


class _BlankIsMissing(_Loose):
    """A schema for HTML forms too: a field left empty is a field not given."""

    @pre_load
    def _blank_is_missing(self, data, **kwargs):
        return {key: value for key, value in data.items() if value != ""}


class SwgSchema(Schema):
    code = fields.String()
    name_lo = fields.String()
    name_en = fields.String()
    sub_groups = fields.List(fields.Nested(lambda: SwgSchema(exclude=("sub_groups",))), attribute="children")


class SwgListSchema(Schema):
    swgs = fields.List(fields.Nested(SwgSchema))


class UploadSchema(_Loose):
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


class PublishQuerySchema(_Loose):
    swg = fields.String(load_default=None, validate=validate.Length(max=40),
                        metadata={"description": "The SWG (code) a new form goes into; a new version stays in its form's"})


class PublishedSchema(Schema):
    id = fields.Integer(metadata={"description": "The form's number, used in other addresses"})
    form_id = fields.String()
    version = fields.String()
    swg = fields.String(allow_none=True)
    created = fields.Boolean(metadata={"description": "False when this exact version was already published"})
    warnings = fields.List(fields.Nested(IssueSchema), metadata={
        "description": "What the organiser should know: settings and columns collect does not use, pyxform's warnings"})


class LinkSummarySchema(Schema):
    slug = fields.String()
    state = fields.String(metadata={"description": "open, scheduled or closed"})
    responses = fields.Integer()
    event = fields.String(allow_none=True)


class VersionSchema(Schema):
    version = fields.String()
    created_at = fields.NaiveDateTime()
    xlsform = fields.String(allow_none=True, metadata={"description": "Where to download this version's XLSForm"})
    definition = fields.String(metadata={"description": "Where to download this version's JSON definition"})


class FormSummarySchema(Schema):
    id = fields.Integer()
    form_id = fields.String()
    title = fields.String()
    swg = fields.String(allow_none=True)
    versions = fields.List(fields.Nested(VersionSchema))
    current_version = fields.String()
    responses = fields.Integer()
    last_submission = fields.NaiveDateTime(allow_none=True)
    links = fields.List(fields.Nested(LinkSummarySchema))


class FormListSchema(Schema):
    forms = fields.List(fields.Nested(FormSummarySchema))


class EventSchema(_BlankIsMissing):
    id = fields.Integer(dump_only=True)
    kind = fields.Enum(EventKind, by_value=True, required=True)
    swg = fields.String(required=True, validate=validate.Length(max=40), metadata={"description": "The SWG's code"})
    sub_group = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    province_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5))
    district_code = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    date = fields.Date(load_default=None, allow_none=True)
    title_lo = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title_en = fields.String(required=True, validate=validate.Length(min=1, max=300))
    theme_lo = fields.String(load_default="", validate=validate.Length(max=2000))
    theme_en = fields.String(load_default="", validate=validate.Length(max=2000))


class EventUpdateSchema(EventSchema):
    class Meta:
        unknown = EXCLUDE
        partial = True

    kind = fields.Enum(EventKind, by_value=True)
    swg = fields.String(validate=validate.Length(max=40))
    sub_group = fields.String(allow_none=True, validate=validate.Length(max=40))
    province_code = fields.String(allow_none=True, validate=validate.Length(max=5))
    district_code = fields.String(allow_none=True, validate=validate.Length(max=40))
    date = fields.Date(allow_none=True)
    title_lo = fields.String(validate=validate.Length(min=1, max=300))
    title_en = fields.String(validate=validate.Length(min=1, max=300))
    theme_lo = fields.String(validate=validate.Length(max=2000))
    theme_en = fields.String(validate=validate.Length(max=2000))


class EventOutSchema(Schema):
    """An event as clients read it."""

    id = fields.Integer()
    kind = fields.Enum(EventKind, by_value=True)
    swg = fields.Function(lambda e: e.swg.code if e.swg else None)
    sub_group = fields.Function(lambda e: e.sub_group.code if e.sub_group else None)
    province_code = fields.String(allow_none=True)
    district_code = fields.String(allow_none=True)
    date = fields.Date(allow_none=True)
    title_lo = fields.String()
    title_en = fields.String()
    theme_lo = fields.String()
    theme_en = fields.String()


class LinkSchema(_BlankIsMissing):
    """A collection link as organisers create and read it."""

    slug = fields.String(load_default=None, validate=validate.Length(max=64),
                         metadata={"description": "A readable address of your choice; made up when left out"})
    form_id = fields.Integer(dump_only=True)
    event_id = fields.Integer(load_default=None, allow_none=True)
    is_open = fields.Boolean(load_default=True)
    opens_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    closes_at = fields.NaiveDateTime(load_default=None, allow_none=True)
    access = fields.Enum(LinkAccess, by_value=True, dump_only=True)
    state = fields.String(dump_only=True)
    url = fields.Method("_url", dump_only=True)

    def _url(self, link) -> str:
        return url_for("participant.show_form", slug=link["slug"], _external=True)


class LinkUpdateSchema(_Loose):
    is_open = fields.Boolean()
    opens_at = fields.NaiveDateTime(allow_none=True)
    closes_at = fields.NaiveDateTime(allow_none=True)


class CodesRequestSchema(_Loose):
    count = fields.Integer(required=True, validate=validate.Range(min=1, max=10_000))
    access = fields.Enum(LinkAccess, by_value=True, load_default=None,
                         metadata={"description": "code_once (default for an open link) or code_editable"})


class AccessCodeSchema(Schema):
    code = fields.String()
    used_at = fields.NaiveDateTime(allow_none=True)
    response_uuid = fields.String(allow_none=True)


class AccessCodeListSchema(Schema):
    access = fields.Enum(LinkAccess, by_value=True)
    codes = fields.List(fields.Nested(AccessCodeSchema))


class ReviewOutSchema(Schema):
    status = fields.Enum(ResponseStatus, by_value=True)
    comment = fields.String()
    at = fields.NaiveDateTime()
    by = fields.Function(lambda r: r.user.email if r.user else None)


class ResponseSchema(Schema):
    """A stored response as organisers and analysts read it through the API."""

    uuid = fields.String()
    version = fields.String()
    event_id = fields.Integer(allow_none=True)
    answers = fields.Dict()
    language = fields.String()
    status = fields.String()
    started_at = fields.NaiveDateTime(allow_none=True)
    submitted_at = fields.NaiveDateTime(allow_none=True)
    received_at = fields.NaiveDateTime()
    deleted = fields.Boolean()
    reviews = fields.List(fields.Nested(ReviewOutSchema))


class ResponsePageSchema(Schema):
    responses = fields.List(fields.Nested(ResponseSchema))
    next = fields.Integer(allow_none=True, metadata={"description": "Pass as ``after`` for the next page; "
                                                                    "null on the last page"})
    total = fields.Integer(metadata={"description": "Every matching response, when asked with total=true"})


class ReviewSchema(_Loose):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class MembershipSchema(Schema):
    swg = fields.String(required=True, validate=validate.Length(max=40))
    role = fields.Enum(Role, by_value=True, required=True)


class UserSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    role = fields.Enum(Role, by_value=True)
    active = fields.Boolean()
    language = fields.String()
    swgs = fields.Function(lambda u: [{"swg": m.swg.code, "role": m.role.value} for m in u.memberships])


class UserListSchema(Schema):
    users = fields.List(fields.Nested(UserSchema))


class NewUserSchema(_Loose):
    email = fields.String(required=True, validate=validate.Length(max=200))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    role = fields.Enum(Role, by_value=True, load_default=Role.ORGANISER)
    password = fields.String(load_default=None, validate=validate.Length(max=200),
                             metadata={"description": "Made up (and shown once) when left out"})
    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    swgs = fields.List(fields.Nested(MembershipSchema), load_default=list)


class NewUserOutSchema(UserSchema):
    password = fields.String(metadata={"description": "The password made up for the account, shown this once"})


class UserUpdateSchema(_Loose):
    name = fields.String(validate=validate.Length(max=200))
    active = fields.Boolean()
    swgs = fields.List(fields.Nested(MembershipSchema))


class PasswordResetSchema(Schema):
    password = fields.String(metadata={"description": "The new password, shown this once"})


class TokenSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.NaiveDateTime()
    expires_at = fields.NaiveDateTime(allow_none=True)
    last_used_at = fields.NaiveDateTime(allow_none=True)
    revoked_at = fields.NaiveDateTime(allow_none=True)


class TokenListSchema(Schema):
    tokens = fields.List(fields.Nested(TokenSchema))


class NewTokenSchema(_BlankIsMissing):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    expires_at = fields.NaiveDateTime(load_default=None, allow_none=True)


class NewTokenOutSchema(TokenSchema):
    token = fields.String(metadata={"description": "The token itself, shown this once"})


class AuditEntrySchema(Schema):
    id = fields.Integer()
    at = fields.NaiveDateTime()
    user = fields.Function(lambda e: e.user.email if e.user else None)
    action = fields.String()
    target = fields.String()
    swg = fields.Function(lambda e: e.swg.code if e.swg else None)
    details = fields.Dict()


class AuditPageSchema(Schema):
    entries = fields.List(fields.Nested(AuditEntrySchema))
    next = fields.Integer(allow_none=True)


class DayCountSchema(Schema):
    day = fields.String()
    responses = fields.Integer()


class EventCountSchema(Schema):
    event_id = fields.Integer(allow_none=True)
    title = fields.String()
    date = fields.Date(allow_none=True)
    responses = fields.Integer()


class ProvinceCountSchema(Schema):
    code = fields.String()
    name = fields.String()
    responses = fields.Integer()


class DistrictCountSchema(ProvinceCountSchema):
    province_code = fields.String()
    province_name = fields.String()


class MonitoringSchema(Schema):
    total = fields.Integer()
    by_day = fields.List(fields.Nested(DayCountSchema))
    by_event = fields.List(fields.Nested(EventCountSchema))
    provinces = fields.List(fields.Nested(ProvinceCountSchema))
    districts = fields.List(fields.Nested(DistrictCountSchema))


class AppUserSchema(_Loose):
    """An app user (ODK Collect, KoboCollect) as organisers create and read it."""

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    swg = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40),
                        metadata={"description": "The SWG (code) whose events' forms it fills (or give event_id)"})
    event_id = fields.Integer(load_default=None, allow_none=True)
    password = fields.String(load_only=True, load_default=None, allow_none=True,
                             validate=validate.Length(min=8, max=200),
                             metadata={"description": "For HTTP Digest (or Basic over HTTPS) sign-in by name"})
    server_url = fields.String(dump_only=True, metadata={"description": "The address with its token, for the app"})
    settings = fields.Dict(dump_only=True, metadata={"description": "ODK Collect's settings, as its QR code holds them"})
    qr = fields.String(dump_only=True, metadata={"description": "The settings QR code (PNG)"})


class ExportJobSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"description": "queued, started, finished or failed"})
    done = fields.Integer(metadata={"description": "Responses written so far"})
    total = fields.Integer(allow_none=True, metadata={"description": "Responses the export holds"})
    download = fields.String(metadata={"description": "Where to get the file, once finished"})
    error = fields.String()
