"""What people type into the sign-in and account pages."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    email = fields.String(required=True, validate=validate.Length(min=3, max=200))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    next = fields.String(load_default="")


class PasswordChangeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    current = fields.String(required=True, validate=validate.Length(max=200))
    new = fields.String(required=True, validate=validate.Length(max=200))
