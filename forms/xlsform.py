"""Import an XLSForm (.xlsx, .xls, or pyxform's .csv and .md forms) into the canonical model.

Organisers already write forms as XLSForm in Excel, KoboToolbox or ODK, so a workbook is
the main way a form enters collect. pyxform is the reference reader of XLSForm: it reads
the file, resolves column and type aliases, ``label::Language (code)`` and legacy
``label:language`` headers, and checks the structure (names, groups, choice lists,
references). ``read_xlsform`` lets pyxform do all of that, then maps its JSON result into
:class:`~forms.definition.FormDefinition`. A type alias becomes the canonical type whose
XForm it produces (``QUESTION_TYPE_DICT`` says which), so no list of aliases is kept here.

pyxform's JSON has no row numbers and adds nodes of its own (the ``meta`` group, a
``<repeat>_count`` calculation, the ``other`` choice and ``<name>_other`` question of
``or_other``, table-list label notes). Before pyxform sees the survey and choices rows,
each row gets a hidden cell holding its spreadsheet row number; pyxform carries unknown
columns through untouched, so every element it built from a row says where it came from,
and everything it generated has no row and is left out.

pyxform stops at its first error, so before it runs, ``forms.xlsform_rows`` reads every
row itself (types, names, references, expressions, columns) and reports all it finds;
pyxform's own error is added to those. Files uploaded with the form (``media``) give the
choices of ``select_*_from_file`` and the data of ``csv-external``/``xml-external`` and
``pulldata()``; ``forms.external`` reads them.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from io import BytesIO
from os import PathLike
from pathlib import Path
from typing import Any

from pyxform import aliases
from pyxform.errors import PyXFormError
from pyxform.parsing.parameters import parse as parse_parameters
from pyxform.parsing.sheet_headers import dealias_and_group_headers
from pyxform.question import Option
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from .definition import Choice, FormDefinition, Question, Text
from .external import DATA_SUFFIXES, DEFAULT_COLUMNS, ExternalDataError, read_items, suffix
from .languages import Languages
from .schema import NAME_PATTERN
from .types import SELECT_TYPES
from .xlsform_issues import (
    MESSAGES, PyxformTranslator, XLSFormError, XLSFormIssue, make_issue,
)
from .xlsform_rows import (
    EXTERNAL_INSTANCE_TYPES, ROW, canonical_type, check_rows, check_settings, check_sheets, pyxform_type,
)

__all__ = ["MESSAGES", "XLSFormError", "XLSFormIssue", "make_issue", "read_xlsform", "SUFFIXES"]

#: The file types pyxform reads, by suffix.
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")
REPORTS = ("satisfaction", "capacity", "sdg_seminar", "consultation")
_OR_OTHER = re.compile(r"\s(or_other|or other|or specify other)\s*$")
#: The bind types of a calculation whose result is a number (``bind::type``).
NUMERIC_BIND_TYPES = ("int", "decimal")
#: A form title in another language: XLSForm has one form_title, and pyxform cannot turn
#: a translated ``form_title::Language (code)`` into an XForm, so collect also reads
#: ``form_title_<code>`` columns, which ODK and KoboToolbox simply ignore.
_TITLE_IN = re.compile(r"^form_title_([a-z]{2,3})$")
#: A loop's children name its current choice as %(name)s and %(label)s.
_LOOP_FIELD = re.compile(r"%\((name|label)\)s")
#: The secondary instance an expression reads: pulldata('name', …) or instance('name').
_LOOKUP = re.compile(r"""\b(?:pulldata|instance)\s*\(\s*['"]([^'"]+)['"]""")


def read_xlsform(source: str | PathLike | bytes, *, filename: str | None = None,
                 media: Mapping[str, bytes] | None = None,
                 warnings: list[XLSFormIssue] | None = None) -> FormDefinition:
    """Read an XLSForm (a path, or the bytes of a file named ``filename``) into a
    FormDefinition.

    ``media`` holds the files uploaded with the form, by file name. A form without a
    form_id is named after its file, as pyxform names it. What the organiser should know
    but that does not stop the form (settings collect does not use, pyxform's warnings)
    is appended to ``warnings`` when it is given. Raises :class:`XLSFormError` listing
    every problem found.
    """
    workbook = read_workbook(source, filename)
    found = warnings if warnings is not None else []
    return _Import(workbook, dict(media or {}), found).run()


def form_name(filename: str | None) -> str | None:
    """The form_id a file name gives a form without one: its stem made a valid name."""
    if not filename:
        return None
    stem = re.sub(r"[^A-Za-z0-9_.\-]+", "_", Path(filename).stem).strip("_.-")
    if not stem:
        return None
    return stem if NAME_PATTERN.match(stem) else f"_{stem}"


def _file_type(data: bytes, name: str | None) -> str | None:
    kind = suffix(name or "")
    if kind in SUFFIXES:
        return kind
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".xls"
    return None  # pyxform tries each reader in turn


def read_workbook(source: str | PathLike | bytes, filename: str | None) -> DefinitionData:
    """The workbook as pyxform reads it, named after ``filename`` when it has no form_id.
    Raises XLSFormError for a file pyxform cannot read."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        filename = filename or Path(source).name
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise XLSFormError([make_issue("unreadable_file", value=str(source), detail=err.strerror)])
    try:
        workbook = get_xlsform(BytesIO(data), file_type=_file_type(data, filename))
    except PyXFormError as err:
        # pyxform raises a duplicate header while reading, before any other check.
        found = re.match(r"Duplicate column header: (.+)", str(err))
        if found:
            raise XLSFormError([make_issue("duplicate_column", column=found.group(1))])
        raise XLSFormError([make_issue("not_xlsform")]) from err
    except Exception as err:  # a reader of pyxform's failing on a file it half-recognised
        raise XLSFormError([make_issue("not_xlsform")]) from err
    return dataclasses.replace(workbook, fallback_form_name=form_name(filename))


def _mark(rows) -> list[dict]:
    return [dict(row, **{ROW: str(number)}) if row else row for number, row in enumerate(rows or (), 2)]


def _marked_header(header):
    return [{**(header or [{}])[0], ROW: None}]


class _Import:
    """One import: the workbook, pyxform's view of it, and the issues found so far."""

    def __init__(self, workbook: DefinitionData, media: dict[str, bytes], warnings: list[XLSFormIssue]):
        self.workbook = workbook
        self.media = media
        self.warnings = warnings
        self.issues: list[XLSFormIssue] = []
        self.seen: set[tuple] = set()
        self.languages = Languages(self.add)
        self.choices: dict[str, list[Choice]] = {}
        self.instances: dict[str, list[dict[str, str]]] = {}
        #: id(question) -> the spreadsheet row it came from.
        self.rows: dict[int, int] = {}

    def add(self, code: str, sheet: str | None = "survey", row: int | None = None,
            column: str | None = None, **values: Any) -> None:
        """Note the issue ``code``, once for each place it is found at."""
        place = (code, sheet, row, column)
        if place not in self.seen:
            self.seen.add(place)
            self.issues.append(make_issue(code, sheet, row, column, **values))

    def add_unless_found(self, code: str, sheet: str | None = "survey", row: int | None = None,
                         column: str | None = None, **values: Any) -> None:
        """Note pyxform's error, unless collect's own checks found a problem at that cell:
        they read the row first and say what is wrong there more precisely."""
        if not any((i.sheet, i.row, i.column) == (sheet, row, column) for i in self.issues):
            self.add(code, sheet, row, column, **values)

    def warn(self, code: str, sheet: str | None = "survey", row: int | None = None,
             column: str | None = None, **values: Any) -> None:
        self.warnings.append(make_issue(code, sheet, row, column, **values))

    def fail_if_issues(self) -> None:
        if self.issues:
            raise XLSFormError(sorted(self.issues, key=lambda i: (i.sheet or "", i.row or 0)))

    def cell(self, sheet: str, row: int | None, *columns: str) -> str | None:
        """The raw value of the first of ``columns`` present in ``row`` of ``sheet``."""
        rows = (self.workbook.survey if sheet == "survey" else self.workbook.choices) or []
        values = rows[row - 2] if row is not None and 2 <= row < len(rows) + 2 else {}
        return next((values[c] for c in columns if c in values), None)

    # -- reading ---------------------------------------------------------------------------

    def run(self) -> FormDefinition:
        workbook = self.workbook
        check_sheets(workbook, self.add)
        if not workbook.survey or not any(workbook.survey):
            self.fail_if_issues()  # nothing more to read
        settings = workbook.settings[0] if workbook.settings else {}
        check_settings(settings, self.add, self.warn, REPORTS)
        check_rows(workbook, self.add, self.warn)
        marked = dataclasses.replace(
            workbook,
            survey=_mark(workbook.survey), survey_header=_marked_header(workbook.survey_header),
            choices=_mark(workbook.choices) if workbook.choices else None,
            choices_header=_marked_header(workbook.choices_header) if workbook.choices else None,
        )
        pyxform_warnings: list[str] = []
        try:
            result = workbook_to_json(marked, fallback_form_name=marked.fallback_form_name,
                                      warnings=pyxform_warnings)
        except PyXFormError as err:
            PyxformTranslator(self.add_unless_found, self.cell, self.has_name_column()).translate(str(err))
            self.fail_if_issues()
        except Exception as err:  # pyxform's own defect on an odd workbook: still an answer
            self.add("invalid_xlsform", None, detail=f"pyxform could not read it ({type(err).__name__})")
        self.fail_if_issues()
        for text in pyxform_warnings:
            self.warn("pyxform_warning", None, detail=text)
        self.read_external_choices(marked)
        self.map_choices(result.get("choices", {}), "choices")
        questions = self.map_questions(result["children"])
        titled = any(key.split("::")[0] in ("form_title", "title") for key in settings)
        title = self.languages.text(result["title"]) if titled else {}
        for key, value in settings.items():
            translated = _TITLE_IN.match(key)
            if translated:
                title[translated.group(1)] = str(value)
                self.languages.note(translated.group(1))
        self.read_looked_up_files(questions)
        default_language = self.languages.finish(settings.get("default_language"))
        form_id = str(result["id_string"])
        if not NAME_PATTERN.match(form_id):
            self.add("invalid_form_id", "settings", 2, "form_id", value=form_id)
        self.fail_if_issues()
        return FormDefinition(
            form_id=form_id,
            title=title or {default_language: form_id},
            version=str(result.get("version") or "1"),
            languages=self.languages.codes(),
            default_language=default_language,
            questions=questions,
            choices=self.choices,
            instance_name=settings.get("instance_name"),
            report=settings.get("report"),
            style=settings.get("style"),
            language_names=self.languages.names(),
            instances=self.instances,
        )

    def has_name_column(self) -> bool:
        header = (self.workbook.survey_header or [{}])[0]
        return any(c in header for c in ("name", "value", "tag"))

    # -- choices ---------------------------------------------------------------------------

    def read_external_choices(self, workbook: DefinitionData) -> None:
        """The external_choices sheet, as pyxform reads its headers; pyxform itself only
        writes it out as a CSV, so its lists are read here for select_one_external."""
        rows = _mark(workbook.external_choices)
        if not rows:
            return
        sheet = dealias_and_group_headers(
            sheet_name="external_choices", sheet_data=rows,
            sheet_header=_marked_header(workbook.external_choices_header),
            header_aliases=aliases.list_header, header_columns=set(Option.get_slot_names()))
        lists: dict[str, list[dict]] = {}
        for row in sheet.data:
            if row.get("list name") and row.get("name"):
                lists.setdefault(str(row["list name"]), []).append(row)
        self.map_choices(lists, "external_choices")

    def map_choices(self, lists: dict[str, list[dict]], sheet: str) -> None:
        for list_name, options in lists.items():
            mapped = self.choices.setdefault(list_name, [])
            for option in options:
                if ROW not in option:
                    continue  # the "other" choice pyxform adds for or_other
                extra = {}
                for key, value in option.items():
                    if key in ("name", "label", "media", "list name", ROW, "__row"):
                        continue
                    if isinstance(value, dict):
                        extra.update({f"{key}::{sub}": str(v) for sub, v in value.items()})
                    else:
                        extra[key] = str(value)
                mapped.append(Choice(
                    str(option["name"]), self.languages.text(option.get("label")),
                    extra, self.media_of(option.get("media"), sheet, int(option[ROW]))))

    def choices_from_file(self, filename: str, parameters: dict, row: int) -> str | None:
        """Read the choices of ``select_*_from_file filename``; the list's name, or None."""
        if filename in self.choices:
            return filename
        items = self.data_file(filename, row)
        if items is None:
            return None
        value_column, label_column = DEFAULT_COLUMNS[suffix(filename)]
        value_column = parameters.get("value", value_column)
        label_column = parameters.get("label", label_column)
        columns = set().union(*items) if items else set()
        if value_column not in columns:
            self.add("media_without_column", "survey", row, "type", value=filename, detail=value_column)
            return None
        labels = {c: c.split("::", 1)[1] for c in columns if c.startswith(label_column + "::")}
        choices = []
        for item in items:
            if not item.get(value_column):
                continue
            label = {lang: item[c] for c, lang in labels.items() if item.get(c)}
            if not label and item.get(label_column):
                label = {"default": item[label_column]}
            extra = {k: v for k, v in item.items() if k not in (value_column, label_column) and k not in labels}
            choices.append(Choice(item[value_column], self.languages.text(label), extra))
        self.choices[filename] = choices
        return filename

    def data_file(self, filename: str, row: int | None) -> list[dict[str, str]] | None:
        """The items of an uploaded data file, or None (and an issue) when it is missing or
        cannot be read."""
        if filename not in self.media:
            self.add("missing_media", "survey", row, "type", value=filename)
            return None
        try:
            return read_items(filename, self.media[filename])
        except ExternalDataError as problem:
            self.add("bad_media", "survey", row, "type", value=filename, detail=str(problem))
            return None

    def media_of(self, value: Any, sheet: str, row: int) -> dict[str, dict[str, str]]:
        """The media columns of a row (``media::image``, ``image::Lao (lo)`` …), each file
        by language; a file not uploaded with the form is a warning."""
        media: dict[str, dict[str, str]] = {}
        for kind, files in (value or {}).items():
            by_language = files if isinstance(files, dict) else {"default": files}
            for language, name in by_language.items():
                name = str(name)
                if name not in self.media:
                    self.warn("media_not_uploaded", sheet, row, f"media::{kind}", value=name)
                code = self.languages.code(language)
                media.setdefault(kind, {})[code] = name
        return media

    # -- questions -------------------------------------------------------------------------

    def map_questions(self, elements: list[dict]) -> list[Question]:
        questions = []
        for element in elements:
            if element.get("type") in EXTERNAL_INSTANCE_TYPES:
                self.external_instance(element)
            elif ROW in element:
                if element.get("type") == "loop":
                    questions.append(self.map_loop(element, int(element[ROW])))
                    continue
                question = self.map_question(element, int(element[ROW]))
                if question is not None:
                    questions.append(question)
            elif element.get("children"):
                # A container pyxform made (the meta group): keep what came from rows.
                questions.extend(self.map_questions(element["children"]))
        return questions

    def external_instance(self, element: dict) -> None:
        """``csv-external name`` / ``xml-external name``: the file name.csv (.xml) uploaded
        with the form is the secondary instance ``name`` its expressions read."""
        name = str(element["name"])
        items = self.data_file(name + EXTERNAL_INSTANCE_TYPES[element["type"]], int(element.get(ROW, 0)) or None)
        if items is not None:
            self.instances[name] = items

    def read_looked_up_files(self, questions: list[Question]) -> None:
        """``pulldata('prices', …)`` and ``instance('prices')`` read a file uploaded with
        the form (prices.csv, .xml or .geojson) unless ``prices`` is one of its choice lists:
        as in pyxform, naming it in an expression is enough to attach it."""
        wanted: dict[str, int] = {}
        for question in _every(questions):
            for text in (question.calculation, question.relevant, question.constraint,
                         question.dynamic_default, question.choice_filter, question.repeat_count,
                         question.required if isinstance(question.required, str) else None):
                for name in _LOOKUP.findall(text or ""):
                    wanted.setdefault(name, self.rows.get(id(question)))
        for name, row in wanted.items():
            if name in self.choices or name in self.instances:
                continue
            found = next((name + kind for kind in DATA_SUFFIXES if name + kind in self.media), name + ".csv")
            items = self.data_file(found, row)
            if items is not None:
                self.instances[name] = items

    def map_loop(self, element: dict, row: int) -> Question:
        """``begin loop over list``: a group holding, for each choice of the list, a group
        named after it with the loop's questions, %(name)s and %(label)s filled in — as
        pyxform expands it into the XForm."""
        loop = self.map_question({**element, "type": "group", "children": []}, row)
        for column in element.get("columns", []):
            if column.get("name") == "none":
                continue
            children = [_fill_loop(child, column) for child in element.get("children", [])]
            group = {"type": "group", "name": column["name"], "label": column.get("label"),
                     ROW: element[ROW], "children": children}
            loop.children.append(self.map_question(group, row))
        return loop

    def map_question(self, element: dict, row: int) -> Question | None:
        raw_type = self.cell("survey", row, "type") or element.get("type", "")
        kind = element.get("type", "")
        choice_list = element.get("list_name")
        if kind == "select one external":
            qtype, choice_list = "select_one", element.get("query")
        else:
            qtype = canonical_type(kind)
        if qtype is None:
            return None  # refused while the rows were checked
        parameters = element.get("parameters") or {}
        if isinstance(parameters, str):
            parameters = parse_parameters(parameters, row)
        itemset = element.get("itemset")
        if qtype in SELECT_TYPES and choice_list is None:
            if itemset and "${" in str(itemset):
                self.add("choices_from_answers", "survey", row, "type", value=raw_type)
                return None
            if itemset:
                choice_list = self.choices_from_file(str(itemset), parameters, row)
            if choice_list is None:
                return None
        name = str(element["name"])
        if not NAME_PATTERN.match(name):
            # pyxform accepts any XML name (Lao letters too); collect's names are ASCII.
            self.add("invalid_name", "survey", row, "name", value=name)
        bind = element.get("bind", {})
        label, hint = element.get("label"), element.get("hint")
        children = element.get("children", [])
        if children and ROW not in children[0] and children[0].get("type") == "note":
            # table-list: pyxform moved the group's label into a note of its own.
            label, hint = children[0].get("label"), children[0].get("hint")
        implied = pyxform_type(kind)
        dynamic = bool(element.get("_dynamic_default"))
        text = self.languages.text
        question = Question(
            name=name,
            type=qtype,
            label=text(label),
            hint=text(hint or implied.get("hint")),
            required=self.flag_or_expression(bind.get("required")),
            required_message=text(bind.get("jr:requiredMsg")),
            relevant=bind.get("relevant"),
            constraint=bind.get("constraint") or implied.get("bind", {}).get("constraint"),
            constraint_message=text(bind.get("jr:constraintMsg")),
            calculation=bind.get("calculate"),
            bind_type=bind.get("type") if qtype == "calculate" and bind.get("type") in NUMERIC_BIND_TYPES else None,
            default=None if dynamic else element.get("default"),
            dynamic_default=element.get("default") if dynamic else None,
            appearance=self.cell("survey", row, "appearance") if ROW in element else None,
            choice_list=choice_list,
            choice_filter=element.get("choice_filter"),
            or_other=bool(_OR_OTHER.search(raw_type)),
            read_only=self.yes_no(bind.get("readonly"), "read_only", row),
            parameters={str(k): str(v) for k, v in parameters.items()},
            repeat_count=self.cell("survey", row, "repeat_count", "jr:count", "count"),
            sensitive=self.yes_no(element.get("sensitive"), "sensitive", row),
            media=self.media_of(element.get("media"), "survey", row),
            trigger=_reference_name(element.get("trigger")),
            instance={str(k): str(v) for k, v in (element.get("instance") or {}).items()},
            guidance_hint=text(element.get("guidance_hint")),
            children=self.map_questions(children),
        )
        self.rows[id(question)] = row
        return question

    def flag_or_expression(self, value: str | None) -> bool | str:
        """XLSForm's required column: yes/no, or an expression (checked with the others)."""
        if value is None:
            return False
        return aliases.yes_no.get(value, value)

    def yes_no(self, value: str | None, column: str, row: int) -> bool:
        if value is None:
            return False
        if value in aliases.yes_no:
            return aliases.yes_no[value]
        self.add("not_yes_no", "survey", row, column, value=value)
        return False


def _every(questions: list[Question]):
    for question in questions:
        yield question
        yield from _every(question.children)


def _reference_name(value: Any) -> str | None:
    """The question a trigger names: pyxform hands over the names its ``${…}`` hold; the
    rows were checked to hold one."""
    return str(value[0]) if value else None


def _fill_loop(element: dict, column: dict) -> dict:
    """A copy of a loop's child with %(name)s and %(label)s of ``column`` filled in."""

    def fill(value: Any, language: str | None) -> Any:
        if isinstance(value, str):
            label = column.get("label")
            if isinstance(label, dict):
                label = label.get(language or "", next(iter(label.values()), ""))
            values = {"name": str(column.get("name", "")), "label": str(label or "")}
            return _LOOP_FIELD.sub(lambda m: values[m.group(1)], value)
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, language) for v in value]
        return value

    return {k: (fill(v, None) if k not in ("name", "type", ROW) else v) for k, v in element.items()}
