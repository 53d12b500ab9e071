"""Every function of the expression language, written in an XLSForm as organisers write it:
the workbook imports (through pyxform), the expression is kept as written, and a good and a
bad answer are told apart by the server the way the form says.

One workbook holds a calculation per function; the table below is that survey sheet.
"""
from __future__ import annotations

import pytest

from forms.expressions import FUNCTIONS, calls, parse
from forms.validation import validate_submission
from forms.xlsform import read_xlsform
from xlsform_tables import xlsx

HEAD = ["type", "name", "label", "calculation", "constraint"]
CALLS = {
    "string": "string(${n})", "concat": "concat(${t}, ' ', ${n})", "join": "join(', ', ${t}, ${n})",
    "substr": "substr(${t}, -2)", "substring": "substring(${t}, 2, 3)",
    "substring-before": "substring-before(${t}, 'ບ')", "substring-after": "substring-after(${t}, 'ສ')",
    "translate": "translate(${t}, 'ສ', 'S')", "string-length": "string-length(${t})",
    "normalize-space": "normalize-space(${t})", "contains": "contains(${t}, 'ບາຍ')",
    "starts-with": "starts-with(${t}, 'ສ')", "ends-with": "ends-with(${t}, 'ດີ')", "uuid": "once(uuid(8))",
    "digest": "digest(${t}, 'SHA-256', 'hex')", "base64-decode": "base64-decode('4Lql4Lqy4Lqn')",
    "pulldata": "pulldata('yn', 'label', 'name', 'yes')", "regex": "regex(${t}, '^ສ')",
    "if": "if(${n} > 5, 'big', 'small')", "coalesce": "coalesce(${pick}, ${n})", "once": "once(random())",
    "true": "true()", "false": "false()", "boolean": "boolean(${t})", "boolean-from-string": "boolean-from-string('1')",
    "not": "not(${n} > 5)", "checklist": "checklist(1, 2, ${n} > 5, ${t} != '')",
    "weighted-checklist": "weighted-checklist(1, 9, ${n} > 5, 2)", "number": "number(${n})",
    "random": "once(random())", "int": "int(${n} div 4)", "round": "round(${n} div 3, 2)", "pow": "pow(${n}, 2)",
    "sqrt": "sqrt(${n})", "exp": "exp(1)", "exp10": "exp10(2)", "log": "log(${n})", "log10": "log10(${n})",
    "sin": "sin(pi() div 6)", "cos": "cos(0)", "tan": "tan(0)", "asin": "asin(1)", "acos": "acos(1)",
    "atan": "atan(1)", "atan2": "atan2(1, 1)", "pi": "pi()", "abs": "abs(-${n})", "floor": "floor(${n} div 4)",
    "ceiling": "ceiling(${n} div 4)", "min": "min(${n}, 3)", "max": "max(${n}, 3)", "sum": "sum(${age})",
    "count": "count(${member})", "count-non-empty": "count-non-empty(${age})", "position": None,
    "indexed-repeat": "indexed-repeat(${age}, ${member}, 1)", "randomize": "join(' ', randomize(${age}, 7))",
    "today": "once(today())", "now": "once(now())", "date": "date('2024-5-4')", "date-time": "date-time(0)",
    "decimal-date-time": "decimal-date-time('1970-01-02T00:00:00Z')", "decimal-time": "decimal-time('12:00')",
    "format-date": "format-date('2024-05-04', '%d/%m/%Y')", "format-date-time": "format-date-time(0, '%H:%M')",
    "selected": "selected(${pick}, 'yes')", "selected-at": "selected-at(${pick}, 0)",
    "count-selected": "count-selected(${pick})", "jr:choice-name": "jr:choice-name(${pick}, '${pick}')",
    "area": "area('0 0;0 0.01;0.01 0.01;0.01 0;0 0')", "distance": "distance('0 0;0 1')",
    "geofence": "geofence('0.5 0.5', '0 0;0 1;1 1;1 0;0 0')",
}
WORKBOOK = xlsx(
    survey=[HEAD,
            ["text", "t", "ຂໍ້ຄວາມ", None, None],
            ["integer", "n", "ຈຳນວນ", None, "sqrt(.) < 4 and pow(., 2) >= 4 and . = round(.)"],
            ["select_multiple yn", "pick", "ເລືອກ", None, None],
            ["begin repeat", "member", "ສະມາຊິກ", None, None],
            ["integer", "age", "ອາຍຸ", None, None],
            ["calculate", "place", None, "position(..)", None],
            ["end repeat", None, None, None, None],
            *(["calculate", f"c{i}", None, text, None] for i, text in enumerate(CALLS.values()) if text)],
    choices=[["list_name", "name", "label::English", "label::Lao (lo)"],
             ["yn", "yes", "Yes", "ແມ່ນ"], ["yn", "no", "No", "ບໍ່"]],
)


def test_the_table_calls_every_function():
    used = set()
    for text in filter(None, CALLS.values()):
        used |= calls(parse(text))
    assert used | {"position"} == set(FUNCTIONS)


@pytest.fixture(scope="module")
def form():
    return read_xlsform(WORKBOOK)


def test_a_workbook_calling_every_function_imports_with_its_expressions_as_written(form):
    calculations = {question.calculation for question, _ in form.walk() if question.calculation}
    assert calculations >= {text for text in CALLS.values() if text} | {"position(..)"}


@pytest.mark.parametrize("answers, error", [
    ({"t": "ສະບາຍດີ", "n": 9, "pick": "yes", "member": [{"age": 30}, {"age": 12}]}, False),
    ({"t": "ສະບາຍດີ", "n": 20, "pick": "yes", "member": [{"age": 30}]}, True),
], ids=["good answer", "bad answer: its constraint calls sqrt() and pow()"])
def test_the_server_computes_every_function_and_tells_good_from_bad(form, answers, error):
    result = validate_submission(form, answers, "lo")
    assert ("n" in result.errors) is error
    names = {question.calculation: question.name for question, _ in form.walk() if question.calculation}
    computed = {text: result.answers.get(names[text]) for text in CALLS.values() if text}
    assert computed["substr(${t}, -2)"] == "ດີ"
    assert computed["pulldata('yn', 'label', 'name', 'yes')"] == "ແມ່ນ"  # the label in the language used
    assert computed["jr:choice-name(${pick}, '${pick}')"] == "ແມ່ນ"
    assert computed["count(${member})"] == str(len(answers["member"]))
    assert computed["date('2024-5-4')"] == "2024-05-04"
    assert all(value not in (None, "") for text, value in computed.items()
               if not text.startswith("substring-before")), computed
