"""The database tables. The schema changes only through migrations in ``migrations/``.

A Response always points at the exact FormVersion it was filled against; a FormVersion is
never edited after it is stored (publishing an edit makes a new one). A Response's id is a
UUID made by the client before sending, unique, so that a retry can never store it twice.
"""
from __future__ import annotations

import enum
import uuid as uuid_module
from datetime import date, datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy import true as sa_true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

#: JSON on SQLite, JSONB on PostgreSQL.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    """Now in UTC, without tzinfo: both SQLite and PostgreSQL store it as given."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class EventKind(str, enum.Enum):
    LOCAL_CONSULTATION = "local_consultation"
    SDG_SEMINAR = "sdg_seminar"
    CAPACITY_ASSESSMENT = "capacity_assessment"
    MEETING = "meeting"


class ResponseStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class LinkAccess(str, enum.Enum):
    """Who may answer through a link: anyone, or holders of a code issued by the organisers
    (one response per code, or one that its holder may change until the link closes)."""

    OPEN = "open"
    CODE_ONCE = "code_once"
    CODE_EDITABLE = "code_editable"


class Role(str, enum.Enum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    ANALYST = "analyst"


def _enum(kind) -> db.Enum:
    """Enums stored by value as plain strings with a CHECK, the same on SQLite and PostgreSQL."""
    return db.Enum(kind, native_enum=False, values_callable=lambda k: [m.value for m in k],
                   length=32, validate_strings=True)


class Province(db.Model):
    """One of the 18 provinces of Lao PDR, keyed by its ISO 3166-2:LA code."""

    __tablename__ = "province"
    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name_lo: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class District(db.Model):
    """One of the 148 districts of Lao PDR, keyed ``<province>-<name>``."""

    __tablename__ = "district"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name_lo: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        return self.name_lo if language == "lo" else self.name_en


class Swg(db.Model):
    """A Sector Working Group of the Round Table Process, or (with a parent) one of its
    sub-sector working groups. Forms and events belong to one; users work in some."""

    __tablename__ = "swg"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_lo: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"))
    position: Mapped[int] = mapped_column(default=0)
    parent: Mapped["Swg | None"] = relationship(remote_side="Swg.id", back_populates="children")
    children: Mapped[list["Swg"]] = relationship(back_populates="parent", order_by="Swg.position")

    def name(self, language: str) -> str:
        return self.name_lo if language == "lo" else self.name_en

    @property
    def root(self) -> "Swg":
        """The SWG itself for a sub-group's parent, or the SWG."""
        return self.parent or self


class Form(db.Model):
    __tablename__ = "form"
    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(100), unique=True)
    #: The SWG whose space the form is in (its organisers manage it, its analysts read it).
    swg_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    swg: Mapped[Swg | None] = relationship()
    versions: Mapped[list["FormVersion"]] = relationship(
        back_populates="form", order_by="FormVersion.id", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> "FormVersion":
        return self.versions[-1]


class FormVersion(db.Model):
    """An immutable form definition (canonical JSON of ``forms.schema``)."""

    __tablename__ = "form_version"
    __table_args__ = (UniqueConstraint("form_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict] = mapped_column(JSONDocument)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form: Mapped[Form] = relationship(back_populates="versions")
    files: Mapped[list["FormVersionFile"]] = relationship(
        back_populates="version", order_by="FormVersionFile.id", cascade="all, delete-orphan")

    def file(self, role: str, filename: str | None = None) -> "FormVersionFile | None":
        """The version's XLSForm (role ``xlsform``) or one of its media files by name."""
        return next((f for f in self.files
                     if f.role == role and (filename is None or f.filename == filename)), None)


class StoredFile:
    """The columns of a small file kept in the database: its name, type, size and bytes."""

    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FormVersionFile(StoredFile, db.Model):
    """A file a form version was published from or with: the XLSForm workbook exactly as
    uploaded (``xlsform``), or a media file (``media``) — the CSV, XML or GeoJSON data of
    its choices and lookups, the images and sounds of its labels. Like the version, never
    changed once stored; small enough to keep in the database, as attachments are."""

    __tablename__ = "form_version_file"
    __table_args__ = (UniqueConstraint("version_id", "role", "filename"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    version: Mapped[FormVersion] = relationship(back_populates="files")


class Event(db.Model):
    """One consultation, seminar, assessment or meeting."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    #: The SWG, and the sub-group of it that holds the event, if one does.
    swg_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"), index=True)
    sub_group_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("province.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.code"))
    date: Mapped[date | None]
    theme_lo: Mapped[str] = mapped_column(Text, default="")
    theme_en: Mapped[str] = mapped_column(Text, default="")
    title_lo: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    province: Mapped[Province | None] = relationship()
    district: Mapped[District | None] = relationship()
    swg: Mapped[Swg | None] = relationship(foreign_keys=[swg_id])
    sub_group: Mapped[Swg | None] = relationship(foreign_keys=[sub_group_id])

    def title(self, language: str) -> str:
        return self.title_lo if language == "lo" and self.title_lo else self.title_en

    def theme(self, language: str) -> str:
        return self.theme_lo if language == "lo" and self.theme_lo else self.theme_en


class CollectionLink(db.Model):
    """A form offered at an event through an unguessable link."""

    __tablename__ = "collection_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    is_open: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    access: Mapped[LinkAccess] = mapped_column(_enum(LinkAccess), default=LinkAccess.OPEN,
                                               server_default=LinkAccess.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form: Mapped[Form] = relationship()
    event: Mapped[Event | None] = relationship()


class AccessCode(db.Model):
    """A participant's code for a link that asks for one; it points at the one response
    given with it."""

    __tablename__ = "access_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("collection_link.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]
    response_uuid: Mapped[str | None] = mapped_column(String(36))
    link: Mapped[CollectionLink] = relationship()


class Attachment(StoredFile, db.Model):
    """A photo or file uploaded with a response, kept in the database (uploads are small)."""

    __tablename__ = "attachment"
    __table_args__ = (UniqueConstraint("response_id", "path"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    #: The question's path in the answers: ``photo``, or ``visits[2]/photo`` in a repeat.
    path: Mapped[str] = mapped_column(String(300))


class Response(db.Model):
    __tablename__ = "response"
    __table_args__ = (
        #: Deleted responses are few: a partial index finds them without reading the others.
        Index("ix_response_deleted", "deleted_at", postgresql_where=text("deleted_at IS NOT NULL"),
              sqlite_where=text("deleted_at IS NOT NULL")),
        #: A form's responses in id order, whatever their versions: every page of a listing
        #: or a feed is a range of this index, never a sort of all the form's responses.
        Index("ix_response_form_id_id", "form_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    #: The form of ``form_version_id`` (a version never moves to another form), kept on the
    #: row so that reading a form's responses needs no join to find them.
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"))
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_version.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("collection_link.id"))
    answers: Mapped[dict] = mapped_column(JSONDocument)
    language: Mapped[str] = mapped_column(String(8))
    started_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[ResponseStatus] = mapped_column(
        _enum(ResponseStatus), default=ResponseStatus.SUBMITTED
    )
    #: SHA-256 of the submission as received (version and canonical answers), so that a
    #: re-sent UUID is told apart from different answers under the same UUID at no cost.
    digest: Mapped[str | None] = mapped_column(String(64))
    deleted_at: Mapped[datetime | None]
    form_version: Mapped[FormVersion] = relationship()
    event: Mapped[Event | None] = relationship()


class ResponseVersion(db.Model):
    """One instance document a field device sent for a response (ODK Collect, KoboCollect):
    its ``meta/instanceID``, the instance it edits (``meta/deprecatedID``), the XML exactly
    as received and a digest of what it means. A response made from an instance has one
    version; each edit adds one, and the response's answers become the edit's, while its
    UUID stays the first instance's — so every version, and who sent it, stays on record."""

    __tablename__ = "response_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    instance_id: Mapped[str] = mapped_column(String(36), unique=True)
    deprecated_id: Mapped[str | None] = mapped_column(String(36))
    #: SHA-256 of the form version and the answers the document gives (not of its files,
    #: which may come over several requests).
    digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[str] = mapped_column(Text)
    app_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class AppUser(db.Model):
    """A field device's account: ODK Collect or KoboCollect submitting to the forms of one
    SWG's events or of one event. It signs in with its token (in the server address its
    settings QR code gives the app) or, by HTTP Digest or Basic, with its name and password.
    The token grants what a collection link grants — listing and filling forms — so it is
    kept as is, to show the QR code again; of the password only the Digest hash is kept."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    swg_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    #: MD5 of ``name:realm:password`` (RFC 7616's HA1), or None for a token-only account.
    password_digest: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    event: Mapped[Event | None] = relationship()
    swg: Mapped[Swg | None] = relationship()

    @property
    def space(self) -> Swg | None:
        """The SWG whose organisers manage this app user."""
        return self.swg or (self.event.swg if self.event else None)


class User(db.Model):
    """An organiser, analyst or admin. ``role`` is the account's own: ``admin`` (the Round
    Table secretariat) may do anything in every SWG; for everyone else what they may do
    comes from their memberships, one role per SWG, and ``role`` is the role they were
    given first (shown on the users page)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(_enum(Role))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    #: A deactivated account cannot sign in and its sessions and tokens stop working.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    #: The language of the pages, remembered from the last sign-in or switch.
    language: Mapped[str] = mapped_column(String(8), default="lo", server_default="lo")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")
    memberships: Mapped[list["Membership"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class Membership(db.Model):
    """A user's role (organiser or analyst) in one SWG; it covers the SWG's sub-groups."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "swg_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    swg_id: Mapped[int] = mapped_column(ForeignKey("swg.id"))
    role: Mapped[Role] = mapped_column(_enum(Role))
    user: Mapped[User] = relationship(back_populates="memberships")
    swg: Mapped[Swg] = relationship()


class UserSession(db.Model):
    """A signed-in browser. The session cookie carries its token; signing out revokes the
    row, so a copied or replayed cookie stops working at once."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: A token stops working at this moment, when it has one.
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship(back_populates="tokens")


class AuditEntry(db.Model):
    """Who changed or exported what, and when."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    #: The SWG the change or export concerned, so that its organisers can read their log.
    swg_id: Mapped[int | None] = mapped_column(ForeignKey("swg.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped["User | None"] = relationship()
    swg: Mapped[Swg | None] = relationship()


class Review(db.Model):
    """One decision on a response: approved, rejected or back to submitted, with the
    reviewer's comment. The response keeps the latest decision as its status."""

    __tablename__ = "review"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[ResponseStatus] = mapped_column(_enum(ResponseStatus))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user: Mapped["User | None"] = relationship()


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class ExportRecord(db.Model):
    """A background export an analyst asked for: the job that writes it runs on RQ, this row
    lists it on the exports page until its file expires."""

    __tablename__ = "export_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64), unique=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    #: What the export holds, as the analyst chose it (filters, headers), for the list.
    options: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
