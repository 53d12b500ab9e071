"""The XML documents of the OpenRosa API: the form list, the manifest, and the
OpenRosaResponse envelope whose message ODK Collect shows the enumerator.

Built with ElementTree, so every text is escaped; Lao stays UTF-8.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

RESPONSE_NS = "http://openrosa.org/http/response"
LIST_NS = "http://openrosa.org/xforms/xformsList"
MANIFEST_NS = "http://openrosa.org/xforms/xformsManifest"
CONTENT_TYPE = "text/xml; charset=utf-8"


@dataclass(frozen=True)
class ListedForm:
    form_id: str
    name: str
    version: str
    hash: str
    download_url: str
    manifest_url: str | None


@dataclass(frozen=True)
class ListedFile:
    filename: str
    hash: str
    download_url: str


def _document(root: Element) -> bytes:
    return b"<?xml version='1.0' encoding='UTF-8' ?>\n" + tostring(root, encoding="utf-8", xml_declaration=False)


def _fields(parent: Element, tag: str, values: dict[str, str | None]) -> None:
    item = SubElement(parent, tag)
    for name, value in values.items():
        if value is not None:
            SubElement(item, name).text = value


def response_message(text: str, nature: str) -> bytes:
    """An OpenRosaResponse with one message (``nature``: submit_success, error …)."""
    root = Element("OpenRosaResponse", {"xmlns": RESPONSE_NS})
    SubElement(root, "message", {"nature": nature}).text = text
    return _document(root)


def form_list(forms: list[ListedForm]) -> bytes:
    root = Element("xforms", {"xmlns": LIST_NS})
    for form in forms:
        _fields(root, "xform", {"formID": form.form_id, "name": form.name, "version": form.version,
                                "hash": form.hash, "downloadUrl": form.download_url,
                                "manifestUrl": form.manifest_url})
    return _document(root)


def manifest(files: list[ListedFile]) -> bytes:
    root = Element("manifest", {"xmlns": MANIFEST_NS})
    for file in files:
        _fields(root, "mediaFile", {"filename": file.filename, "hash": file.hash, "downloadUrl": file.download_url})
    return _document(root)
