"""Query strings of exports and listings: filters, options, cursors."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from ...config import LANGUAGES

STATUSES = ("submitted", "approved", "rejected")


class ExportQuerySchema(Schema):
    """Export options and filters from a query string (``?event=1&event=2&from=2019-08-01``)."""

    class Meta:
        unknown = EXCLUDE

    #: Checked where every export is described (services.exporting.describe): lo, en or lo+en.
    language = fields.String(load_default="lo", validate=validate.Length(max=10))
    headers = fields.String(load_default="labels", validate=validate.Length(max=40), metadata={
        "description": "labels, names, both (two rows) or paths (group/name, unique); checked by the export"})
    choices = fields.String(load_default="labels", validate=validate.OneOf(("labels", "codes")))
    sensitive = fields.String(load_default="include", validate=validate.OneOf(("include", "omit")),
                              metadata={"description": "Leave out questions marked sensitive (analysts: always)"})
    group_by = fields.List(fields.String(validate=validate.Length(max=100)), load_default=list,
                           metadata={"description": "Crosstab groupings: event, province, district or a question name"})
    event = fields.List(fields.Integer(), load_default=list)
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    status = fields.List(fields.String(validate=validate.OneOf(STATUSES)), load_default=list)
    province = fields.List(fields.String(validate=validate.Length(max=5)), load_default=list)
    district = fields.List(fields.String(validate=validate.Length(max=40)), load_default=list,
                           metadata={"description": "District codes, as ``LA-VT-chanthabuly``"})
    version = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list)
    table = fields.String(load_default=None, validate=validate.Length(max=200),
                          metadata={"description": "A repeat's table instead of the main one (CSV, SPSS, Stata)"})


class FeedOptionsSchema(Schema):
    """The options of an OData feed beside OData's own ``$`` options."""

    class Meta:
        unknown = EXCLUDE

    language = fields.String(load_default="lo", validate=validate.OneOf(LANGUAGES))
    choices = fields.String(load_default="labels", validate=validate.OneOf(("labels", "codes")))


class ExportKindSchema(ExportQuerySchema):
    kind = fields.String(load_default="workbook",
                         validate=validate.OneOf(("workbook", "raw", "csv", "zip", "sav", "dta")))


class ResponseListQuerySchema(ExportQuerySchema):
    after = fields.Integer(load_default=None, metadata={"description": "The ``next`` of the previous page"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    total = fields.Boolean(load_default=False, metadata={"description": "Also count every matching response"})


class AuditQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    action = fields.String(load_default=None, validate=validate.Length(max=50))
    user = fields.Integer(load_default=None, metadata={"description": "The account that acted"})
    swg = fields.String(load_default=None, validate=validate.Length(max=40), metadata={"description": "An SWG's code"})
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    before = fields.Integer(load_default=None, metadata={"description": "The ``next`` of the previous page"})
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))
