"""A form's data as an OData 4.0 service, for Excel's and Power BI's OData connectors.

As ODK Central does, each form is a service with one entity set per table of
:mod:`exports.tables`: ``Submissions`` (one entity per response) and ``Submissions_<repeat>``
per repeat, keyed by ``KEY``, a repeat's rows pointing at their parent by ``PARENT_KEY``,
and a navigation property from each entity to its repeat rows (``$expand`` is not offered:
a connector joins the sets on the keys). The reader's permissions hold as for every
export: the form must be of an SWG they read in, and analysts never receive the answers
marked sensitive.

A page is read from the database in key order (a keyset on the response id, a batch of
responses at a time), so memory does not grow with the number of responses and the last
page costs what the first does. Pages hold at most ``page_size`` rows; the page's
``@odata.nextLink`` carries a ``$skiptoken`` — the response id to go on from and how many
of its rows were already given — since a response may give many rows of a repeat's set.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator
from xml.sax.saxutils import quoteattr

from exports.tables import DataTable, identifier, plan

from ..problems import Problem
from ..store import responses
from ..store.models import User
from .exporting import omits_sensitive, versions_of
from .odata_query import FeedQuery, not_implemented
from .publishing import form_for

#: Responses read from the database at a time.
BATCH = 500
#: The set of the main table.
MAIN_SET = "Submissions"
_EDM = {"text": "Edm.String", "choice": "Edm.String", "integer": "Edm.Int64", "flag": "Edm.Int64",
        "number": "Edm.Decimal", "date": "Edm.Date", "time": "Edm.String", "datetime": "Edm.DateTimeOffset"}


def _datetime(value) -> str | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:  # stored times without a zone are UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat().replace("+00:00", "Z")


def _date(value) -> str | None:
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return value[:10]
    return None


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


#: How a typed value of these column types goes into JSON (the others go as they are).
_JSON = {"number": _number, "date": _date, "datetime": _datetime}


@dataclass(frozen=True)
class EntitySet:
    name: str
    type_name: str
    table: DataTable
    #: (property name, EDM type) of each column, in the table's order.
    properties: tuple[tuple[str, str], ...]
    #: The sets of the repeats directly inside this one's rows.
    children: tuple[str, ...]

    @property
    def property_names(self) -> list[str]:
        return [name for name, _ in self.properties]


@dataclass(frozen=True)
class Feed:
    """One form's service, as one reader sees it."""

    form_pk: int
    form_id: str
    language: str
    sets: dict[str, EntitySet]

    @property
    def namespace(self) -> str:
        return f"org.collect.form{self.form_pk}"

    def entity_set(self, name: str) -> EntitySet:
        """The set called ``name``. Raises odata_set_not_found, and odata_not_implemented
        for one entity addressed by its key (``Submissions('…')``)."""
        found = self.sets.get(name)
        if found is None:
            set_name, parenthesis, _ = name.partition("(")
            if parenthesis and set_name in self.sets:
                raise not_implemented("(key)", f"Read {set_name} and its pages; "
                                               "one entity by its key is not supported.")
            raise Problem("odata_set_not_found", name=name)
        return found


def _properties(data_table: DataTable) -> tuple[tuple[str, str], ...]:
    names, taken = [], set()
    for column in data_table.columns:
        base = identifier(column.name, 128)
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name.lower())
        names.append((name, _EDM[column.type]))
    return tuple(names)


def feed_for(form_id: int, reader: User, language: str = "lo", choice_values: str = "labels") -> Feed:
    """The service of form ``form_id`` for ``reader``. Raises form_not_found, forbidden."""
    form = form_for(reader, form_id)
    versions = versions_of(form, omits_sensitive(reader))
    tables = plan(versions, language=language, choice_values=choice_values)
    set_names = {t.name: MAIN_SET if t.repeat is None else f"{MAIN_SET}_{identifier(t.name, 100)}" for t in tables}
    sets = {}
    for t in tables:
        children = tuple(set_names[c.name] for c in tables if c.repeat is not None and c.table.path[:-1] == t.table.path)
        name = set_names[t.name]
        sets[name] = EntitySet(name, identifier(name, 128), t, _properties(t), children)
    return Feed(form.id, form.form_id, language, sets)


def service_document(feed: Feed, base: str) -> dict:
    """The service document: the entity sets, each at ``base`` + its name."""
    return {"@odata.context": f"{base}$metadata",
            "value": [{"name": name, "kind": "EntitySet", "url": name} for name in feed.sets]}


def metadata(feed: Feed) -> str:
    """The service's CSDL (``$metadata``) as XML."""
    ns = feed.namespace
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">',
           "<edmx:DataServices>",
           f'<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace={quoteattr(ns)}>']
    for entity_set in feed.sets.values():
        out.append(f'<EntityType Name={quoteattr(entity_set.type_name)}>'
                   '<Key><PropertyRef Name="KEY"/></Key>')
        for name, edm in entity_set.properties:
            nullable = ' Nullable="false"' if name == "KEY" else ""
            out.append(f"<Property Name={quoteattr(name)} Type={quoteattr(edm)}{nullable}/>")
        for child in entity_set.children:
            child_type = feed.sets[child].type_name
            out.append(f'<NavigationProperty Name={quoteattr(child)} Type={quoteattr(f"Collection({ns}.{child_type})")}/>')
        out.append("</EntityType>")
    out.append(f"<EntityContainer Name={quoteattr(identifier(feed.form_id, 128))}>")
    for entity_set in feed.sets.values():
        out.append(f"<EntitySet Name={quoteattr(entity_set.name)} EntityType={quoteattr(f'{ns}.{entity_set.type_name}')}>")
        for child in entity_set.children:
            out.append(f"<NavigationPropertyBinding Path={quoteattr(child)} Target={quoteattr(child)}/>")
        out.append("</EntitySet>")
    out.append("</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>")
    return "\n".join(out)


def _rows(feed: Feed, entity_set: EntitySet, query: FeedQuery,
          wanted: int | None = None) -> Iterator[tuple[int, int, list]]:
    """(response id, row of that response, typed row) of every row of the set that passes
    the filter, in key order, from where the previous page stopped. ``wanted`` (the rows
    the caller means to read) keeps the batches from reading far past them."""
    first_id, given = query.resume or (0, 0)
    rows_of = entity_set.table.typed_rows
    produced = 0
    while True:
        size = BATCH if wanted is None else max(1, min(BATCH, wanted - produced))
        batch = responses.feed_batch(feed.form_pk, query.comparisons, first_id, size, feed.language)
        for response_id, record in batch:
            for index, row in enumerate(rows_of(record)):
                if response_id == first_id and index < given:
                    continue
                produced += 1
                yield response_id, index, row
        if len(batch) < size:
            return
        first_id, given = batch[-1][0] + 1, 0


def _entity(entity_set: EntitySet, select: tuple[str, ...]) -> Callable[[list], dict]:
    """A function making a typed row the mapping JSON writes (the ``$select`` ones only)."""
    names = entity_set.property_names
    chosen = [names.index(name) for name in select] if select else list(range(len(names)))
    chosen_names = [names[i] for i in chosen]
    columns = entity_set.table.columns
    converted = [(position, _JSON[columns[i].type]) for position, i in enumerate(chosen)
                 if columns[i].type in _JSON]

    def entity(row: list) -> dict:
        values = [row[i] for i in chosen]
        for position, convert in converted:
            if values[position] is not None:
                values[position] = convert(values[position])
        return dict(zip(chosen_names, values))

    return entity


def count_rows(feed: Feed, entity_set: EntitySet, query: FeedQuery) -> int:
    """How many rows of the set pass the filter (``$count``)."""
    if entity_set.table.repeat is None:
        return responses.feed_count(feed.form_pk, query.comparisons)
    return sum(1 for _ in _rows(feed, entity_set, FeedQuery(comparisons=query.comparisons)))


def page(feed: Feed, entity_set: EntitySet, query: FeedQuery, page_size: int,
         next_link: Callable[[tuple[int, int], int | None], str], context: str) -> str:
    """One page of the set as OData JSON text: at most ``page_size`` rows (and ``$top``),
    with ``@odata.nextLink`` from ``next_link(resume, top left)`` when rows remain."""
    limit = page_size if query.top is None else min(page_size, query.top)
    entity = _entity(entity_set, query.select)
    skip = 0 if query.resume else query.skip
    values, resume, skipped = [], None, 0
    for response_id, index, row in _rows(feed, entity_set, query, wanted=skip + limit + 1):
        if skipped < skip:
            skipped += 1
            continue
        if len(values) == limit:
            if query.top is None or query.top > limit:
                resume = (response_id, index)
            break
        values.append(entity(row))
    body = {"@odata.context": context}
    if query.count:
        body["@odata.count"] = count_rows(feed, entity_set, query)
    body["value"] = values
    if resume is not None:
        body["@odata.nextLink"] = next_link(resume, None if query.top is None else query.top - limit)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))
