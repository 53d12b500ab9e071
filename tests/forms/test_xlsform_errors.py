"""Broken workbooks: each gives one specific issue naming its sheet, row and column.

Every case is a small workbook laid out as tables, the issue code it must produce, where
(sheet, 1-based spreadsheet row, column) and a phrase of the English message.
"""
from __future__ import annotations

import pytest

from forms.xlsform import MESSAGES, read_xlsform
from xlsform_tables import issues_of, only_issue, xlsx

HEAD = ["type", "name", "label"]
YES_NO = [
    ["list_name", "name", "label"],
    ["yn", "yes", "Yes"],
    ["yn", "no", "No"],
]

CASES = {
    "unknown type": (
        xlsx(survey=[HEAD,
                     ["textt", "a", "A"]]),
        ("unknown_type", "survey", 2, "type", "'textt'"),
    ),
    "a type collect refuses": (
        xlsx(survey=[HEAD,
                     ["osm", "a", "A"]]),
        ("refused_type", "survey", 2, "type", "'osm' needs OpenStreetMap"),
    ),
    "select from a file not uploaded with the form": (
        xlsx(survey=[HEAD,
                     ["select_one_from_file places.csv", "a", "A"]]),
        ("missing_media", "survey", 2, "type", "needs the file 'places.csv'"),
    ),
    "select_one without a list name": (
        xlsx(survey=[HEAD,
                     ["select_one", "a", "A"]], choices=YES_NO),
        ("select_without_list", "survey", 2, "type", "'select_one' needs the name of a choice list"),
    ),
    "missing choice list": (
        xlsx(survey=[HEAD,
                     ["select_one nope", "a", "A"]], choices=YES_NO),
        ("missing_choice_list", "survey", 2, "type", "'nope' is not on the choices sheet"),
    ),
    "select without a choices sheet": (
        xlsx(survey=[HEAD,
                     ["select_one yn", "a", "A"]]),
        ("no_choices_sheet", None, None, None, "needs a choices sheet"),
    ),
    "list that has no choices": (
        xlsx(survey=[HEAD,
                     ["select_one empty", "a", "A"]],
             choices=YES_NO + [["empty", None, "Nothing"]]),
        ("empty_choice_list", "choices", 4, "name", "'empty' has no choices"),
    ),
    "choice without a name": (
        xlsx(survey=[HEAD,
                     ["select_one yn", "a", "A"]],
             choices=YES_NO + [["yn", None, "Maybe"]]),
        ("choice_without_name", "choices", 4, "name", "no name"),
    ),
    "duplicate choice name in a list": (
        xlsx(survey=[HEAD,
                     ["select_one yn", "a", "A"]],
             choices=YES_NO + [["yn", "yes", "Yes again"]]),
        ("duplicate_choice", "choices", 4, "name", "'yes' appears more than once in the list 'yn'"),
    ),
    "duplicate name among siblings": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"],
                     ["text", "a", "B"]]),
        ("duplicate_name", "survey", 3, "name", "'a' is used more than once"),
    ),
    "invalid name characters": (
        xlsx(survey=[HEAD,
                     ["text", "1st question", "A"]]),
        ("invalid_name", "survey", 2, "name", "'1st question' is not valid"),
    ),
    "a name in Lao letters": (
        xlsx(survey=[HEAD,
                     ["text", "ຊື່", "Name"]]),
        ("invalid_name", "survey", 2, "name", "'ຊື່' is not valid"),
    ),
    "an entities sheet": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"]],
             entities=[["list_name", "label"],
                       ["people", "${a}"]]),
        ("unsupported_sheet", "entities", 1, None, "asks for ODK Entities"),
    ),
    "unclosed group": (
        xlsx(survey=[HEAD,
                     ["begin group", "g", "G"],
                     ["text", "a", "A"]]),
        ("unclosed_group", "survey", 2, "type", "'g' begins here but never ends"),
    ),
    "unclosed repeat": (
        xlsx(survey=[HEAD,
                     ["begin repeat", "r", "R"],
                     ["text", "a", "A"]]),
        ("unclosed_repeat", "survey", 2, "type", "'r' begins here but never ends"),
    ),
    "end group without begin": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"],
                     ["end group", None, None]]),
        ("end_without_begin", "survey", 3, "type", "no matching 'begin group'"),
    ),
    "end repeat closing a group": (
        xlsx(survey=[HEAD,
                     ["begin group", "g", "G"],
                     ["text", "a", "A"],
                     ["end repeat", None, None]]),
        ("end_without_begin", "survey", 4, "type", "no matching 'begin repeat'"),
    ),
    "reference to a missing question": (
        xlsx(survey=[HEAD + ["relevant"],
                     ["text", "a", "A", "${zz} = 'x'"]]),
        ("missing_reference", "survey", 2, "relevant", "no question is named 'zz'"),
    ),
    "reference to a missing question in instance_name": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"]],
             settings=[["instance_name"],
                       ["concat(${a}, ${nobody})"]]),
        ("missing_reference", "settings", 2, "instance_name", "no question is named 'nobody'"),
    ),
    "bad expression syntax": (
        xlsx(survey=[HEAD + ["relevant"],
                     ["text", "a", "A", None],
                     ["text", "b", "B", "${a} = = 'x'"]]),
        ("bad_expression", "survey", 3, "relevant", "cannot be read"),
    ),
    "unsupported function": (
        xlsx(survey=[HEAD + ["calculation"],
                     ["calculate", "c", None, "version()"]]),
        ("unsupported_function", "survey", 2, "calculation", "version()"),
    ),
    "calculate without a calculation": (
        xlsx(survey=[HEAD,
                     ["calculate", "c", None]]),
        ("missing_calculation", "survey", 2, "calculation", "needs a formula"),
    ),
    "header row only": (
        xlsx(survey=[HEAD]),
        ("empty_survey", "survey", 2, None, "has no questions"),
    ),
    "empty survey sheet": (
        xlsx(survey=[], choices=YES_NO),
        ("empty_survey", "survey", 2, None, "has no questions"),
    ),
    "no survey sheet": (
        xlsx(questions=[HEAD, ["text", "a", "A"]], choices=YES_NO),
        ("no_survey_sheet", None, None, None, "no sheet named 'survey'"),
    ),
    "random bytes": (
        bytes(range(256)) * 4,
        ("not_xlsform", None, None, None, "not an XLSForm"),
    ),
    "a CSV file that is not pyxform's CSV form": (
        "type,name,label\ntext,a,A\n".encode(),
        ("not_xlsform", None, None, None, "not an XLSForm"),
    ),
    "an empty file": (
        b"",
        ("not_xlsform", None, None, None, "not an XLSForm"),
    ),
    "a zip that is not a workbook": (
        b"PK\x03\x04" + bytes(100),
        ("not_xlsform", None, None, None, "not an XLSForm"),
    ),
    "missing name column": (
        xlsx(survey=[["type", "label"],
                     ["text", "A"]]),
        ("missing_column", "survey", 1, "name", "no 'name' column"),
    ),
    "missing type column": (
        xlsx(survey=[["name", "label"],
                     ["a", "A"]]),
        ("missing_column", "survey", 1, "type", "no 'type' column"),
    ),
    "question without a name": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"],
                     ["text", None, "B"]]),
        ("missing_name", "survey", 3, "name", "has no name"),
    ),
    "row without a type": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"],
                     [None, "b", "B"]]),
        ("missing_type", "survey", 3, "type", "no type"),
    ),
    "the same column twice": (
        xlsx(survey=[["type", "name", "label", "label"],
                     ["text", "a", "A", "A"]]),
        ("duplicate_column", None, None, "label", "appears twice"),
    ),
    "default_language not among the label languages": (
        xlsx(survey=[["type", "name", "label::Lao (lo)", "label::English (en)"],
                     ["text", "a", "ກ", "A"]],
             settings=[["default_language"],
                       ["French (fr)"]]),
        ("default_language_missing", "settings", 2, "default_language", "(lo, en)"),
    ),
    "range with a non-numeric parameter": (
        xlsx(survey=[HEAD + ["parameters"],
                     ["range", "r", "R", "start=one end=5 step=1"]]),
        ("range_not_number", "survey", 2, "parameters", "'start' must be a number"),
    ),
    "parameters this type does not take": (
        xlsx(survey=[HEAD + ["parameters"],
                     ["range", "r", "R", "colour=red"]]),
        ("unknown_parameter", "survey", 2, "parameters", "does not take the parameter colour"),
    ),
    "parameters that are not key=value pairs": (
        xlsx(survey=[HEAD + ["parameters"],
                     ["range", "r", "R", "start 1"]]),
        ("malformed_parameters", "survey", 2, "parameters", "key=value"),
    ),
    "required given as a condition with a bad expression": (
        xlsx(survey=[HEAD + ["required"],
                     ["text", "a", "A", None],
                     ["text", "b", "B", "${a} = = 'x'"]]),
        ("bad_expression", "survey", 3, "required", "cannot be read"),
    ),
    "read_only given as a condition": (
        xlsx(survey=[HEAD + ["read_only"],
                     ["text", "a", "A", None],
                     ["text", "b", "B", "${a} = 'x'"]]),
        ("not_yes_no", "survey", 3, "read_only", "must be yes or no"),
    ),
    "sensitive that is neither yes nor no": (
        xlsx(survey=[HEAD + ["sensitive"],
                     ["text", "a", "A", "maybe"]]),
        ("not_yes_no", "survey", 2, "sensitive", "'maybe'"),
    ),
    "an unknown report": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"]],
             settings=[["report"],
                       ["sales"]]),
        ("unknown_report", "settings", 2, "report", "'sales' is unknown"),
    ),
    "a form_id that is not a name": (
        xlsx(survey=[HEAD,
                     ["text", "a", "A"]],
             settings=[["form_id"],
                       ["my form"]]),
        ("invalid_form_id", "settings", 2, "form_id", "'my form' is not a valid name"),
    ),
}


@pytest.mark.parametrize("source, expected", CASES.values(), ids=CASES.keys())
def test_broken_workbook_gives_its_issue(source, expected):
    code, sheet, row, column, phrase = expected
    issue = only_issue(source)
    assert (issue.code, issue.sheet, issue.row, issue.column) == (code, sheet, row, column)
    assert phrase in issue.message_en
    assert issue.message_lo and issue.message_lo != issue.message_en


def test_every_issue_code_has_english_and_lao_text():
    for code, (english, lao) in MESSAGES.items():
        assert english and lao, code
        assert any("\u0e80" <= ch <= "\u0eff" for ch in lao), code


def test_every_problem_is_reported_at_once_though_pyxform_stops_at_its_first():
    issues = issues_of(xlsx(survey=[HEAD + ["relevant"],
                                    ["textt", "a", "A", None],
                                    ["text", "b", "B", "${b} = = 1"],
                                    ["osm", "c", "C", None],
                                    ["text", "d", "D", "${nobody} = 1"]]))
    assert [(i.code, i.row, i.column) for i in issues] == [
        ("unknown_type", 2, "type"), ("bad_expression", 3, "relevant"), ("refused_type", 4, "type"),
        ("missing_reference", 5, "relevant"),
    ]


def test_a_refused_row_is_reported_once_and_references_to_it_are_not():
    issues = issues_of(xlsx(survey=[HEAD + ["relevant", "hint"],
                                    ["osm", "map", "Map", None, None],
                                    ["text", "b", "B", "${map} != ''", "About ${map}"],
                                    ["text", "c", "C", "${map} = 'x'", None]]))
    assert [(i.code, i.row, i.column) for i in issues] == [("refused_type", 2, "type")]


def test_the_exact_column_header_is_named():
    issues = issues_of(xlsx(survey=[["type", "name", "label::English (en)", "relevance", "instance::hxl"],
                                    ["text", "a", "A", "${zz} = 1", "#x"]]))
    assert [(i.code, i.column) for i in issues] == [("missing_reference", "relevance")]


def test_a_missing_file_is_an_issue(tmp_path):
    issue = only_issue(str(tmp_path / "nowhere.xlsx"))
    assert issue.code == "unreadable_file"


def test_the_error_message_names_sheet_row_and_column():
    with pytest.raises(Exception) as raised:
        read_xlsform(CASES["unknown type"][0])
    assert str(raised.value).startswith("[survey, row 2, type] Unknown question type 'textt'")


def test_rows_are_spreadsheet_rows_counting_blank_rows_and_groups():
    issue = only_issue(xlsx(survey=[HEAD,
                                    ["text", "a", "A"],
                                    [None, None, None],
                                    ["begin group", "g", "G"],
                                    [None, None, None],
                                    ["textt", "b", "B"],
                                    ["end group", None, None]]))
    assert (issue.code, issue.row) == ("unknown_type", 6)


def test_choice_rows_count_blank_rows_too():
    issue = only_issue(xlsx(survey=[HEAD,
                                    ["select_one yn", "a", "A"]],
                            choices=YES_NO + [[None, None, None], ["yn", "no", "No again"]]))
    assert (issue.code, issue.sheet, issue.row) == ("duplicate_choice", "choices", 5)


@pytest.mark.parametrize("calculation, english, lao", [
    ("concat(1) + string-length(1, 2)", "string-length() takes 0 to 1 arguments, not 2",
     "string-length() ຮັບຄ່າ 0 ຫາ 1 ຕົວ, ບໍ່ແມ່ນ 2 ຕົວ (ຕົວອັກສອນທີ 12)"),
    ("count(5)", "count() needs a question", "count() ຕ້ອງການຄຳຖາມ"),
    ("jr:itext('q1')", "jr:itext() is not supported by collect", "collect ບໍ່ຮອງຮັບ jr:itext()"),
])
def test_a_function_called_wrongly_is_told_in_english_and_lao(calculation, english, lao):
    issue = only_issue(xlsx(survey=[HEAD + ["calculation"],
                                    ["calculate", "c", None, calculation]]))
    assert (issue.code, issue.row, issue.column) == ("bad_expression", 2, "calculation")
    assert english in issue.message_en
    assert lao in issue.message_lo
