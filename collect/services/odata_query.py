"""The query options of collect's OData feed, read strictly.

The feed implements OData 4.0's minimal conformance plus what the connectors of Excel
and Power BI send: ``$top``, ``$skip``, ``$count``, ``$select``, ``$skiptoken`` (the
server's own paging) and a small ``$filter``. A ``$filter`` is a conjunction of
comparisons of a response field with a literal::

    submitted_at ge 2019-10-01T00:00:00Z and status ne 'rejected' and province_code eq 'LA-VT'

Fields are ``submitted_at`` (a DateTimeOffset, or a date meaning its midnight UTC),
``event_id`` (an integer), ``province_code`` and ``status`` (text, ``eq`` and ``ne`` only);
operators ``eq``, ``ne``, ``gt``, ``ge``, ``lt``, ``le``, joined by ``and``, in parentheses
if one likes. Nothing is guessed at, and nothing answers 500: what OData defines but the
feed does not do — ``$orderby``, ``$expand``, ``or``, ``not``, functions, filtering on
other properties, another ``$format`` — is ``odata_not_implemented`` (501, as the minimal
conformance level asks, so that a client such as Power Query does the step itself); what
is not valid OData is ``odata_invalid_query`` (400). Each says why. The comparisons become
SQL through :mod:`collect.store.responses`, never text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from ..problems import Problem

#: The options the feed reads; any other ``$`` option is refused.
KNOWN_OPTIONS = ("$top", "$skip", "$count", "$select", "$filter", "$skiptoken", "$format")
#: The system query options OData 4.0 defines that the feed does not implement.
UNIMPLEMENTED_OPTIONS = ("$orderby", "$expand", "$search", "$apply", "$compute", "$levels", "$index",
                         "$schemaversion", "$deltatoken", "$id")
#: Formats OData defines beside JSON (the feed answers in JSON only).
OTHER_FORMATS = ("atom", "xml", "application/atom+xml", "application/xml")
#: The statuses a response may have.
STATUSES = ("submitted", "approved", "rejected")
#: OData's comparison operators.
OPERATORS = ("eq", "ne", "gt", "ge", "lt", "le")
#: Fields and the operators they take.
FIELDS = {"submitted_at": OPERATORS, "event_id": OPERATORS, "province_code": ("eq", "ne"), "status": ("eq", "ne")}
#: What may begin a comparison in OData but not in this feed: ``not`` and the functions.
UNIMPLEMENTED_FILTERS = ("not", "contains", "startswith", "endswith", "length", "indexof", "substring",
                         "tolower", "toupper", "trim", "year", "month", "day")
_AND_ONLY = "comparisons are joined by 'and' only (no or, not or functions)."
_TOKEN = re.compile(r"""\s*(?:
    (?P<string>'(?:[^']|'')*')
  | (?P<datetime>\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2}))?)
  | (?P<number>-?\d+(?![\w.:-]))
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<paren>[()])
  | (?P<comma>,)
)""", re.VERBOSE)


@dataclass(frozen=True)
class FeedQuery:
    """The options of one request for an entity set, checked."""

    top: int | None = None
    skip: int = 0
    count: bool = False
    select: tuple[str, ...] = ()
    #: (field, operator, value) comparisons, all of which must hold.
    comparisons: tuple = ()
    #: Where the previous page stopped: (response id, rows of that response already given).
    resume: tuple[int, int] | None = None


def _refuse(option: str, reason: str) -> Problem:
    """``option`` is not valid OData (400)."""
    return Problem("odata_invalid_query", details={"option": option, "reason": reason}, option=option)


def not_implemented(option: str, reason: str) -> Problem:
    """``option`` is valid OData that the feed does not implement (501)."""
    return Problem("odata_not_implemented", details={"option": option, "reason": reason}, option=option)


def _tokens(text: str) -> list[tuple[str, str]]:
    found, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise _refuse("$filter", f"Cannot read the filter from {text[position:].strip()[:40]!r} on.")
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _literal(field: str, kind: str, text: str):
    if field == "submitted_at":
        if kind != "datetime":
            raise _refuse("$filter", "submitted_at is compared with a date-time such as 2019-10-01T00:00:00Z.")
        try:
            if len(text) == 10:
                return datetime.combine(date.fromisoformat(text), datetime.min.time())
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _refuse("$filter", f"{text} is not a date-time.") from None
        return moment.astimezone(timezone.utc).replace(tzinfo=None)  # stored as UTC without a zone
    if field == "event_id":
        if kind != "number":
            raise _refuse("$filter", "event_id is compared with a whole number.")
        return int(text)
    if kind != "string":
        raise _refuse("$filter", f"{field} is compared with text in single quotes, such as 'LA-VT'.")
    value = text[1:-1].replace("''", "'")
    if field == "status" and value not in STATUSES:
        raise _refuse("$filter", f"status is one of {', '.join(STATUSES)}.")
    return value


def parse_filter(text: str, properties: list[str] = ()) -> tuple:
    """The comparisons of a ``$filter`` on an entity set with ``properties`` (see the
    module's note); raises odata_invalid_query and odata_not_implemented."""
    tokens = _tokens(text)
    comparisons, position, depth = [], 0, 0
    expect_comparison = True
    while position < len(tokens):
        kind, value = tokens[position]
        if expect_comparison:
            if kind == "paren" and value == "(":
                depth, position = depth + 1, position + 1
                continue
            if kind == "name" and value in UNIMPLEMENTED_FILTERS:
                raise not_implemented("$filter", f"{value!r}: {_AND_ONLY}")
            if kind == "name" and value not in FIELDS and value in properties:
                raise not_implemented("$filter", f"{value!r}: only {', '.join(FIELDS)} can be filtered on.")
            if kind != "name" or value not in FIELDS:
                raise _refuse("$filter", f"{value!r} is not a property of this entity set "
                                         f"(filter on {', '.join(FIELDS)}).")
            if position + 2 >= len(tokens):
                raise _refuse("$filter", f"{value} needs an operator and a value.")
            operator = tokens[position + 1]
            if operator[0] == "name" and operator[1] in OPERATORS:
                if operator[1] not in FIELDS[value]:
                    raise not_implemented("$filter", f"{value} takes the operators {', '.join(FIELDS[value])}.")
            elif operator[0] != "name" or operator[1] not in FIELDS[value]:
                raise _refuse("$filter", f"{value} takes the operators {', '.join(FIELDS[value])}.")
            literal_kind, literal = tokens[position + 2]
            comparisons.append((value, operator[1], _literal(value, literal_kind, literal)))
            position += 3
            expect_comparison = False
        elif kind == "paren" and value == ")" and depth > 0:
            depth, position = depth - 1, position + 1
        elif kind == "name" and value == "and":
            expect_comparison, position = True, position + 1
        elif kind == "name" and value == "or":
            raise not_implemented("$filter", f"{value!r}: {_AND_ONLY}")
        else:
            raise _refuse("$filter", f"{value!r}: comparisons are joined by 'and'.")
    if expect_comparison or depth:
        raise _refuse("$filter", "The filter ends too early (a comparison or a parenthesis is missing).")
    return tuple(comparisons)


def _whole(option: str, text: str, least: int) -> int:
    if not re.fullmatch(r"\d{1,9}", text.strip()) or int(text) < least:
        raise _refuse(option, f"{option} is a whole number of at least {least}.")
    return int(text)


def parse_query(args: dict[str, str], properties: list[str]) -> FeedQuery:
    """The options in ``args`` (a request's query string) for an entity set with
    ``properties``; raises odata_not_implemented for what OData defines and the feed does
    not do, odata_invalid_query for what is not valid."""
    for name in args:
        if name in UNIMPLEMENTED_OPTIONS:
            raise not_implemented(name, f"{name} is not supported by this feed "
                                       f"(it supports {', '.join(KNOWN_OPTIONS)}).")
        if name.startswith("$") and name not in KNOWN_OPTIONS:
            raise _refuse(name, f"{name} is not an OData query option this feed knows "
                                f"(it supports {', '.join(KNOWN_OPTIONS)}).")
    given_format = args.get("$format", "json").split(";")[0].strip()
    if given_format in OTHER_FORMATS:
        raise not_implemented("$format", "This feed answers in JSON only.")
    if given_format not in ("json", "application/json"):
        raise _refuse("$format", f"{given_format!r} is not a format (this feed answers in JSON).")
    count = args.get("$count", "false")
    if count not in ("true", "false"):
        raise _refuse("$count", "$count is true or false.")
    select = ()
    if args.get("$select", "").strip() not in ("", "*"):
        select = tuple(name.strip() for name in args["$select"].split(","))
        wrong = [name for name in select if name not in properties]
        if wrong:
            raise _refuse("$select", f"{wrong[0]!r} is not a property of this entity set.")
    resume = None
    if "$skiptoken" in args:
        match = re.fullmatch(r"(\d{1,18})-(\d{1,9})", args["$skiptoken"])
        if match is None:
            raise _refuse("$skiptoken", "Use the @odata.nextLink of the previous page as it is.")
        resume = (int(match.group(1)), int(match.group(2)))
    return FeedQuery(
        top=_whole("$top", args["$top"], 0) if "$top" in args else None,
        skip=_whole("$skip", args["$skip"], 0) if "$skip" in args else 0,
        count=count == "true", select=select,
        comparisons=parse_filter(args["$filter"], properties) if args.get("$filter", "").strip() else (), resume=resume)
