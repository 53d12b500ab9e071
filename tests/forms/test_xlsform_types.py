"""Every supported XLSForm type, column and setting maps onto the canonical model.

Each test lays out a small workbook as tables and names the behaviour it pins.
"""
from __future__ import annotations

import pytest

from forms.definition import Choice
from forms.schema import dump_definition, load_definition
from forms.types import SUPPORTED_TYPES
from forms.xlsform import read_xlsform
from xlsform_tables import xlsx

HEAD = ["type", "name", "label"]
CHOICES = [
    ["list_name", "name", "label"],
    ["colours", "red", "Red"],
    ["colours", "blue", "Blue"],
]


def one_question(*row, head=HEAD, choices=CHOICES):
    form = read_xlsform(xlsx(survey=[head, list(row)], choices=choices))
    return form.questions[0]


@pytest.mark.parametrize("xlsform_type, canonical", [
    ("text", "text"),
    ("integer", "integer"),
    ("int", "integer"),
    ("decimal", "decimal"),
    ("date", "date"),
    ("time", "time"),
    ("datetime", "datetime"),
    ("dateTime", "datetime"),
    ("note", "note"),
    ("acknowledge", "acknowledge"),
    ("geopoint", "geopoint"),
    ("image", "image"),
    ("file", "file"),
    ("hidden", "hidden"),
    ("range", "range"),
])
def test_input_types_map_to_their_canonical_name(xlsform_type, canonical):
    assert one_question(xlsform_type, "q", "Q").type == canonical


@pytest.mark.parametrize("metadata", ["start", "end", "today", "deviceid", "username", "phonenumber"])
def test_metadata_types_keep_their_name(metadata):
    question = one_question(metadata, metadata, None)
    assert (question.type, question.name) == (metadata, metadata)


def test_audit_comes_back_from_the_meta_group_to_the_top_level():
    form = read_xlsform(xlsx(survey=[HEAD,
                                     ["text", "a", "A"],
                                     ["audit", "audit", None]]))
    assert [(q.name, q.type) for q in form.questions] == [("a", "text"), ("audit", "audit")]


def test_calculate_keeps_its_calculation():
    question = one_question("calculate", "total", None, "1 + 2", head=HEAD + ["calculation"])
    assert (question.type, question.calculation) == ("calculate", "1 + 2")


@pytest.mark.parametrize("xlsform_type, canonical", [
    ("select_one colours", "select_one"),
    ("select_multiple colours", "select_multiple"),
    ("rank colours", "rank"),
])
def test_selects_name_their_choice_list(xlsform_type, canonical):
    question = one_question(xlsform_type, "q", "Q")
    assert (question.type, question.choice_list, question.or_other) == (canonical, "colours", False)


def test_or_other_is_a_flag_and_adds_neither_a_choice_nor_a_question():
    form = read_xlsform(xlsx(survey=[HEAD,
                                     ["select_multiple colours or_other", "q", "Q"],
                                     ["rank colours", "r", "R"]],
                             choices=CHOICES))
    assert [q.name for q in form.questions] == ["q", "r"]
    assert form.questions[0].or_other is True
    assert [c.name for c in form.choices["colours"]] == ["red", "blue"]


def test_range_keeps_start_end_and_step():
    question = one_question("range", "score", "Score", "start=1 end=5 step=1",
                            head=HEAD + ["parameters"])
    assert question.parameters == {"start": "1", "end": "5", "step": "1"}


def test_parameters_of_other_types_are_kept_as_written():
    question = one_question("image", "photo", "Photo", "max-pixels=1024", head=HEAD + ["parameters"])
    assert question.parameters == {"max-pixels": "1024"}


def test_groups_and_repeats_hold_their_children():
    form = read_xlsform(xlsx(survey=[HEAD + ["repeat_count"],
                                     ["begin group", "g", "Group", None],
                                     ["text", "a", "A", None],
                                     ["begin repeat", "r", "Repeat", "3"],
                                     ["integer", "n", "N", None],
                                     ["end repeat", None, None, None],
                                     ["end group", None, None, None],
                                     ["text", "b", "B", None]]))
    group, after = form.questions
    assert (group.type, [c.name for c in group.children]) == ("group", ["a", "r"])
    repeat = group.children[1]
    assert (repeat.type, repeat.repeat_count, [c.name for c in repeat.children]) == ("repeat", "3", ["n"])
    assert after.name == "b"


def test_repeat_count_may_reference_a_question():
    form = read_xlsform(xlsx(survey=[HEAD + ["repeat_count"],
                                     ["integer", "n", "N", None],
                                     ["begin_repeat", "r", "R", "${n} + 1"],
                                     ["text", "a", "A", None],
                                     ["end_repeat", None, None, None]]))
    assert form.question("r").repeat_count == "${n} + 1"
    assert [q.name for q in form.questions] == ["n", "r"]


def test_table_list_group_keeps_its_label_and_appearance():
    form = read_xlsform(xlsx(survey=[HEAD + ["appearance"],
                                     ["begin group", "g", "Rate these", "table-list"],
                                     ["select_one colours", "a", "A", None],
                                     ["end group", None, None, None]],
                             choices=CHOICES))
    group = form.questions[0]
    assert (group.label, group.appearance) == ({"en": "Rate these"}, "table-list")
    assert [(c.name, c.appearance) for c in group.children] == [("a", None)]


def test_every_column_maps_to_its_field():
    head = ["type", "name", "label", "hint", "required", "required_message", "relevant",
            "constraint", "constraint_message", "default", "appearance", "read_only", "sensitive"]
    form = read_xlsform(xlsx(survey=[head,
                                     ["text", "a", "A"],
                                     ["integer", "n", "N", "A number", "yes", "Say a number",
                                      "${a} != ''", ". > 0", "Positive please", "3", "thousands-sep",
                                      "true", "yes"]]))
    question = form.question("n")
    assert question.hint == {"en": "A number"}
    assert question.required is True
    assert question.required_message == {"en": "Say a number"}
    assert question.relevant == "${a} != ''"
    assert question.constraint == ". > 0"
    assert question.constraint_message == {"en": "Positive please"}
    assert question.default == "3"
    assert question.appearance == "thousands-sep"
    assert question.read_only is True
    assert question.sensitive is True
    untouched = form.question("a")
    assert (untouched.required, untouched.read_only, untouched.sensitive) == (False, False, False)


def test_required_may_be_an_expression_and_round_trips_through_the_schema():
    form = read_xlsform(xlsx(survey=[HEAD + ["required"],
                                     ["select_one colours", "colour", "Colour", "true()"],
                                     ["text", "why", "Why?", "${colour} = 'red'"]],
                             choices=CHOICES))
    assert form.question("colour").required is True
    assert form.question("why").required == "${colour} = 'red'"
    data = dump_definition(form)
    assert data["questions"][1]["required"] == "${colour} = 'red'"
    assert dump_definition(load_definition(data)) == data


def test_choice_filter_and_extra_choice_columns():
    form = read_xlsform(xlsx(
        survey=[HEAD + ["choice_filter"],
                ["select_one provinces", "province", "Province", None],
                ["select_one districts", "district", "District", "province=${province}"]],
        choices=[["list_name", "name", "label", "province"],
                 ["provinces", "LA-VT", "Vientiane Capital", None],
                 ["districts", "chanthabuly", "Chanthabuly", "LA-VT"]],
    ))
    assert form.question("district").choice_filter == "province=${province}"
    assert form.choices["districts"] == [
        Choice("chanthabuly", {"en": "Chanthabuly"}, {"province": "LA-VT"}),
    ]
    assert form.choices["provinces"][0].extra == {}


def test_language_columns_map_to_the_code_in_brackets():
    head = ["type", "name", "label::Lao (lo)", "label::English (en)", "hint::Lao (lo)",
            "hint::English (en)", "constraint", "constraint_message::Lao (lo)",
            "constraint_message::English (en)", "required", "required_message::Lao (lo)",
            "required_message::English (en)"]
    form = read_xlsform(xlsx(
        survey=[head,
                ["integer", "age", "ອາຍຸ", "Age", "ເປັນປີ", "In years", ". < 120", "ອາຍຸບໍ່ຖືກ",
                 "Not a real age", "yes", "ກະລຸນາຕອບ", "Please answer"]],
        settings=[["default_language"], ["Lao (lo)"]],
    ))
    question = form.questions[0]
    assert question.label == {"lo": "ອາຍຸ", "en": "Age"}
    assert question.hint == {"lo": "ເປັນປີ", "en": "In years"}
    assert question.constraint_message == {"lo": "ອາຍຸບໍ່ຖືກ", "en": "Not a real age"}
    assert question.required_message == {"lo": "ກະລຸນາຕອບ", "en": "Please answer"}
    assert (form.languages, form.default_language) == (["lo", "en"], "lo")


@pytest.mark.parametrize("header, code", [
    ("label::Lao (lo)", "lo"),
    ("label::English (en)", "en"),
    ("label::lo", "lo"),
    ("label::English", "en"),
    ("label::Lao", "lo"),
    ("label::ພາສາລາວ", "lo"),
    ("label::Français (fr)", "fr"),
    ("label::Swahili", "sw"),
    ("label::Kiswahili", "sw"),
    ("label::ລາວ", "lo"),
    ("label::Klingon", "tlh"),
    ("label::Ruritanian", "und-x-ruritani"),
])
def test_a_language_is_known_by_its_code_or_its_name(header, code):
    form = read_xlsform(xlsx(survey=[["type", "name", header], ["text", "a", "A"]]))
    assert form.questions[0].label == {code: "A"}
    assert (form.languages, form.default_language) == ([code], code)


@pytest.mark.parametrize("label, code", [("ຊື່", "lo"), ("Name", "en")])
def test_labels_without_a_language_are_lao_when_written_in_lao(label, code):
    form = read_xlsform(xlsx(survey=[HEAD, ["text", "a", label]]))
    assert form.questions[0].label == {code: label}
    assert form.default_language == code


def test_labels_without_a_language_are_in_the_default_language():
    form = read_xlsform(xlsx(survey=[["type", "name", "label", "label::English (en)"],
                                     ["text", "a", "ຊື່", "Name"],
                                     ["text", "b", "ອາຍຸ", None]],
                             settings=[["default_language"], ["Lao (lo)"]]))
    assert [q.label for q in form.questions] == [{"lo": "ຊື່", "en": "Name"}, {"lo": "ອາຍຸ"}]


def test_choice_labels_are_multilingual_too():
    form = read_xlsform(xlsx(
        survey=[["type", "name", "label::Lao (lo)", "label::English (en)"],
                ["select_one sex", "sex", "ເພດ", "Sex"]],
        choices=[["list_name", "name", "label::Lao (lo)", "label::English (en)"],
                 ["sex", "female", "ຍິງ", "Female"]],
    ))
    assert form.choices["sex"] == [Choice("female", {"lo": "ຍິງ", "en": "Female"})]


def test_settings_map_to_the_form():
    form = read_xlsform(xlsx(
        survey=[["type", "name", "label::Lao (lo)", "label::English (en)"],
                ["text", "who", "ຊື່", "Name"]],
        settings=[["form_id", "form_title::Lao (lo)", "form_title::English (en)", "version",
                   "default_language", "instance_name", "report"],
                  ["pre_rtm", "ກອງປະຊຸມ", "Consultation", "2024.1", "English (en)",
                   "concat('RTM ', ${who})", "consultation"]],
    ))
    assert form.form_id == "pre_rtm"
    assert form.title == {"lo": "ກອງປະຊຸມ", "en": "Consultation"}
    assert form.version == "2024.1"
    assert (form.languages, form.default_language) == (["en", "lo"], "en")
    assert form.instance_name == "concat('RTM ', ${who})"
    assert form.report == "consultation"


def test_a_form_without_settings_gets_sensible_defaults():
    form = read_xlsform(xlsx(survey=[HEAD, ["text", "a", "A"]]))
    assert (form.form_id, form.title, form.version, form.report) == ("data", {"en": "data"}, "1", None)


def test_a_form_id_falls_back_to_the_file_name(tmp_path):
    path = tmp_path / "district_survey.xlsx"
    path.write_bytes(xlsx(survey=[HEAD, ["text", "a", "A"]]))
    assert read_xlsform(path).form_id == "district_survey"
    assert read_xlsform(str(path)).form_id == "district_survey"


def test_unknown_extra_columns_are_ignored_and_blank_rows_skipped():
    form = read_xlsform(xlsx(survey=[HEAD + ["notes for the organiser"],
                                     ["text", "a", "A", "ask politely"],
                                     [None, None, None, None],
                                     ["text", "b", "B", None]]))
    assert [q.name for q in form.questions] == ["a", "b"]


def test_pyxform_warnings_are_collected_when_asked():
    warnings = []
    read_xlsform(xlsx(survey=[HEAD, ["begin repeat", "r", None], ["text", "a", "A"], ["end repeat"]]),
                 warnings=warnings)
    assert any("Repeat has no label" in warning.message_en for warning in warnings)


def test_every_supported_type_can_be_imported_and_round_trips():
    rows = [HEAD + ["calculation", "parameters", "trigger"]]
    for qtype in sorted(SUPPORTED_TYPES - {"group", "repeat", "select_one", "select_multiple", "rank"}):
        rows.append([qtype, qtype, qtype.title(), "1" if qtype == "calculate" else None, None,
                     "${text}" if qtype == "background-geopoint" else None])
    rows += [["select_one colours", "s1", "S1"], ["select_multiple colours", "sm", "SM"],
             ["rank colours", "rk", "RK"], ["begin group", "grp", "G"], ["text", "in_group", "T"],
             ["end group"], ["begin repeat", "rep", "R"], ["text", "in_repeat", "T"], ["end repeat"]]
    form = read_xlsform(xlsx(survey=rows, choices=CHOICES))
    assert {q.type for q, _ in form.walk()} == SUPPORTED_TYPES
    data = dump_definition(form)
    assert dump_definition(load_definition(data)) == data
