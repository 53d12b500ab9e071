"""What an export needs to know about one response, independent of how it was stored."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class EventInfo:
    """The event a response was collected at (all optional: a form may have no event)."""

    id: int | None = None
    title: str = ""
    kind: str = ""
    swg: str = ""
    sub_group: str = ""
    province: str = ""
    #: The province's ISO 3166-2 code (``LA-VT``), to filter and join on.
    province_code: str = ""
    district: str = ""
    date: date | None = None
    theme: str = ""


@dataclass(frozen=True)
class ResponseRecord:
    """One stored response: identity, version, event, metadata and the answers mapping.

    ``answers`` maps question name to value; a repeat maps to a list of such mappings.
    """

    uuid: str
    version: str
    answers: dict[str, Any]
    submitted_at: datetime | None = None
    language: str = ""
    status: str = "submitted"
    event: EventInfo = field(default_factory=EventInfo)
