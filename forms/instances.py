"""An XForm instance (what ODK Collect and KoboCollect send) read as a submission's answers.

A device sends what it filled as the form's primary instance in XML: one element per
question, nested in the elements of its groups, a repeat as one element per instance,
files by name, and the metadata block (``meta/instanceID``, ``meta/deprecatedID`` when the
instance edits an earlier one). collect's own submissions are JSON answers keyed as
``forms.definition`` keys them. ``read_instance`` parses the XML (defusedxml: no DTD, no
entities) and ``answers_of`` maps it onto the same answers a web page sends for the same
replies, walking the form definition — never whatever elements happen to be in the
document — so that both are validated by the same rules and stored alike:

- groups are transparent, a repeat is a list of mappings, an empty element is no answer;
- select_multiple and rank (space-separated in XML) become lists of choice names;
- a time or dateTime is kept as the wall-clock time the person entered, as the web page
  keeps it: the device's UTC offset and milliseconds are dropped (the XML as received is
  stored beside the response, offset included);
- an image, audio, video or file answer is the file's name, and its answer path
  (``photo``, ``visits[2]/photo``) is listed in ``files`` for the upload sent with it.

Element names are compared without namespaces: JavaRosa writes plain elements, other
engines may put the instance in the XForms namespace or ``meta`` in OpenRosa's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .definition import FormDefinition, Question
from .types import UPLOAD_TYPES

#: Answers whose XML text is a list of choice names separated by spaces.
LIST_TYPES = frozenset({"select_multiple", "rank"})
#: Answers written with a time of day, and so with the device's offset.
CLOCK_TYPES = frozenset({"time", "datetime", "start", "end"})
#: The offset (Z, +07:00, +0700) and the fraction of a second of an XML Schema time.
_OFFSET = re.compile(r"(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")
_TEMPLATE = "{http://openrosa.org/javarosa}template"


class InstanceError(ValueError):
    """The document is not an instance that can be read (``not_xml``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Instance:
    """An instance document: which form and version it fills, its identity, its elements."""

    form_id: str
    version: str
    #: ``meta/instanceID`` without its ``uuid:`` prefix; "" when missing or empty.
    instance_id: str
    #: ``meta/deprecatedID`` (the instance this one edits) without its prefix; "" for none.
    deprecated_id: str
    root: Element = field(repr=False, compare=False)


@dataclass(frozen=True)
class Answers:
    answers: dict
    #: Answer path -> file name, for every file the instance names.
    files: dict[str, str]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name and child.get(_TEMPLATE) is None]


def _meta_text(root: Element, name: str) -> str:
    for meta in _children(root, "meta"):
        for found in _children(meta, name):
            text = (found.text or "").strip()
            return text[5:] if text.startswith("uuid:") else text
    return ""


def read_instance(document: bytes) -> Instance:
    """Parse an instance document; raises InstanceError("not_xml") for anything else."""
    try:
        root = fromstring(document)
    except (ParseError, DefusedXmlException, ValueError):
        raise InstanceError("not_xml") from None
    return Instance(form_id=root.get("id") or _local(root.tag), version=root.get("version") or "",
                    instance_id=_meta_text(root, "instanceID"), deprecated_id=_meta_text(root, "deprecatedID"),
                    root=root)


def _value(question: Question, text: str):
    if question.type in LIST_TYPES:
        return text.split()
    if question.type in CLOCK_TYPES:
        return _OFFSET.sub("", text)
    return text


def _collect(questions: list[Question], element: Element, prefix: str, into: dict, files: dict) -> None:
    for question in questions:
        found = _children(element, question.name)
        if question.type == "group":
            if found:
                _collect(question.children, found[0], prefix, into, files)
        elif question.is_repeat:
            instances = []
            for position, item in enumerate(found, start=1):
                answers: dict = {}
                _collect(question.children, item, f"{prefix}{question.key}[{position}]/", answers, files)
                instances.append(answers)
            if instances:
                into[question.key] = instances
        elif question.carries_answer and found:
            text = (found[0].text or "").strip()
            if text:
                into[question.key] = _value(question, text)
                if question.type in UPLOAD_TYPES:
                    files[prefix + question.key] = text


def answers_of(form: FormDefinition, instance: Instance) -> Answers:
    """The answers ``instance`` gives to the questions of ``form``, keyed as a web page keys
    them, and the files it names by answer path."""
    answers: dict = {}
    files: dict[str, str] = {}
    _collect(form.questions, instance.root, "", answers, files)
    return Answers(answers, files)
