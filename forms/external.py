"""Read the data files a form is published with: CSV, XML and GeoJSON.

XLSForm lets a form take choices or looked-up values from files uploaded beside it
(``select_one_from_file districts.csv``, ``pulldata('prices', …)``, ``csv-external``,
``xml-external``). Whatever the format, a file becomes a list of items, each a mapping
of column to text, in file order — the shape of a secondary instance in ODK
(``instance('districts')/root/item``), which is what expressions and choice lists read.

- CSV: the first row names the columns; UTF-8, with or without a byte order mark.
- XML: the children of the root element are the items and each item's children its
  columns, as ODK's ``<root><item><name>…</name><label>…</label></item></root>``.
- GeoJSON: a FeatureCollection; each feature's properties are its columns, its id
  (when the feature has one) the column ``id``, and its geometry the column
  ``geometry`` in ODK's notation (``lat lon 0 0`` points joined by ``;``).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import PurePosixPath

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

Item = dict[str, str]

#: File suffixes read as data, and the choice columns a select reads by default.
DATA_SUFFIXES = (".csv", ".xml", ".geojson")
DEFAULT_COLUMNS = {".csv": ("name", "label"), ".xml": ("name", "label"),
                   ".geojson": ("id", "title")}


class ExternalDataError(ValueError):
    """A data file that cannot be read; the message says why, in English."""


def suffix(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower()


def read_items(filename: str, data: bytes) -> list[Item]:
    """The items of the data file ``filename`` holding ``data``."""
    kind = suffix(filename)
    try:
        if kind == ".csv":
            return _csv(data)
        if kind == ".xml":
            return _xml(data)
        if kind == ".geojson":
            return _geojson(data)
    except UnicodeDecodeError:
        raise ExternalDataError("it is not UTF-8 text") from None
    raise ExternalDataError(f"collect reads {', '.join(DATA_SUFFIXES)} files, not {kind or 'this one'}")


def _csv(data: bytes) -> list[Item]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    if not reader.fieldnames:
        raise ExternalDataError("it has no header row")
    try:
        return [{str(k).strip(): (v or "").strip() for k, v in row.items() if k}
                for row in reader]
    except csv.Error as problem:
        raise ExternalDataError(f"line {reader.line_num}: {problem}") from None


def _xml(data: bytes) -> list[Item]:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as problem:
        raise ExternalDataError(f"it is not well-formed XML ({problem})") from None
    return [{_local(column.tag): (column.text or "").strip() for column in item}
            for item in root]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _geojson(data: bytes) -> list[Item]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except json.JSONDecodeError as problem:
        raise ExternalDataError(f"it is not JSON ({problem.msg}, line {problem.lineno})") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ExternalDataError("it is not a GeoJSON FeatureCollection")
    items = []
    for number, feature in enumerate(document.get("features") or [], start=1):
        if not isinstance(feature, dict):
            raise ExternalDataError(f"feature {number} is not an object")
        item = {str(k): _text(v) for k, v in (feature.get("properties") or {}).items()}
        if feature.get("id") is not None:
            item.setdefault("id", _text(feature["id"]))
        item["geometry"] = _geometry(feature.get("geometry"), number)
        items.append(item)
    return items


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _geometry(geometry, number: int) -> str:
    """A GeoJSON Point, LineString or Polygon (outer ring) in ODK's notation."""
    if not isinstance(geometry, dict):
        raise ExternalDataError(f"feature {number} has no geometry")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Point":
            points = [coordinates]
        elif kind == "LineString":
            points = coordinates
        elif kind == "Polygon":
            points = coordinates[0]
        else:
            raise ExternalDataError(f"feature {number} is a {kind}; collect reads points, lines and polygons")
        return ";".join(f"{float(p[1])} {float(p[0])} 0 0" for p in points)
    except (TypeError, IndexError, ValueError):
        raise ExternalDataError(f"feature {number} has coordinates that are not numbers") from None
