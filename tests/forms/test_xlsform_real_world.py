"""What real XLSForms from KoboToolbox, ODK and Ona use: every file format pyxform reads,
names scoped by group, loops, external data, media, dynamic defaults, triggers, HXL tags
and the settings sheet. Each test lays out a small form as tables and names what it pins.
"""
from __future__ import annotations

import pytest

from forms.schema import dump_definition, load_definition
from forms.validation import validate_submission
from forms.xlsform import read_xlsform
from xlsform_tables import csv_form, issues_of, md_form, only_issue, xls, xlsx

HEAD = ["type", "name", "label::Lao (lo)"]
SURVEY = [HEAD, ["text", "village", "ບ້ານ"], ["integer", "people", "ຈຳນວນຄົນ"]]


@pytest.mark.parametrize("make, filename", [(xlsx, "ບ້ານ.xlsx"), (xls, "villages.xls"),
                                            (csv_form, "villages.csv"), (md_form, "villages.md")])
def test_every_format_pyxform_reads_gives_the_same_form(make, filename):
    form = read_xlsform(make(survey=SURVEY), filename=filename)
    assert [(q.name, q.type, q.label) for q in form.questions] == [
        ("village", "text", {"lo": "ບ້ານ"}), ("people", "integer", {"lo": "ຈຳນວນຄົນ"})]


def test_a_form_without_form_id_takes_its_file_name_made_a_name():
    assert read_xlsform(xlsx(survey=SURVEY), filename="Village survey (2).xlsx").form_id == "Village_survey_2"
    assert read_xlsform(xlsx(survey=SURVEY), filename="2024 roads.xlsx").form_id == "_2024_roads"


def test_legacy_single_colon_headers_name_their_language():
    form = read_xlsform(xlsx(survey=[["type", "name", "label:english", "label:lao"],
                                     ["text", "a", "Village", "ບ້ານ"]]))
    assert form.questions[0].label == {"en": "Village", "lo": "ບ້ານ"}


def test_the_same_name_in_two_groups_is_two_answers_keyed_by_path():
    form = read_xlsform(xlsx(survey=[HEAD,
                                     ["begin group", "head", "ຫົວໜ້າ"], ["text", "name", "ຊື່"], ["end group"],
                                     ["begin group", "spouse", "ຄູ່"], ["text", "name", "ຊື່"], ["end group"],
                                     ["integer", "age", "ອາຍຸ"]]))
    assert [q.key for q, _ in form.walk()] == ["head", "head/name", "spouse", "spouse/name", "age"]
    result = validate_submission(form, {"head/name": "ສົມ", "spouse/name": "ນາງ", "age": "x"}, "en")
    assert result.answers == {"head/name": "ສົມ", "spouse/name": "ນາງ"}
    assert list(result.errors) == ["age"]
    data = dump_definition(form)
    assert [q.key for q, _ in load_definition(data).walk()] == [q.key for q, _ in form.walk()]


def test_a_loop_is_expanded_over_its_choices_with_their_labels():
    form = read_xlsform(xlsx(survey=[HEAD,
                                     ["begin loop over crops", "harvest", "ການເກັບກ່ຽວ"],
                                     ["decimal", "tonnes", "ຈຳນວນໂຕນ %(label)s"],
                                     ["end loop"]],
                             choices=[["list_name", "name", "label::Lao (lo)"],
                                      ["crops", "rice", "ເຂົ້າ"], ["crops", "maize", "ສາລີ"]]))
    loop = form.questions[0]
    assert [(g.name, g.label) for g in loop.children] == [("rice", {"lo": "ເຂົ້າ"}), ("maize", {"lo": "ສາລີ"})]
    assert [(q.key, q.label["lo"]) for q, _ in form.walk() if q.type == "decimal"] == [
        ("harvest/rice/tonnes", "ຈຳນວນໂຕນ ເຂົ້າ"), ("harvest/maize/tonnes", "ຈຳນວນໂຕນ ສາລີ")]


def test_select_one_external_takes_its_choices_from_the_external_choices_sheet():
    form = read_xlsform(xlsx(survey=[HEAD + ["choice_filter"],
                                     ["select_one provinces", "province", "ແຂວງ", None],
                                     ["select_one_external districts", "district", "ເມືອງ", "province=${province}"]],
                             choices=[["list_name", "name", "label::Lao (lo)"],
                                      ["provinces", "LA-VT", "ນະຄອນຫຼວງ"], ["provinces", "LA-SV", "ສະຫວັນນະເຂດ"]],
                             external_choices=[["list_name", "name", "label::Lao (lo)", "province"],
                                               ["districts", "xaysetha", "ໄຊເສດຖາ", "LA-VT"],
                                               ["districts", "kaysone", "ໄກສອນ", "LA-SV"]]))
    district = form.questions[1]
    assert (district.type, district.choice_list) == ("select_one", "districts")
    assert [(c.name, c.extra) for c in form.choices["districts"]] == [
        ("xaysetha", {"province": "LA-VT"}), ("kaysone", {"province": "LA-SV"})]
    assert validate_submission(form, {"province": "LA-VT", "district": "xaysetha"}, "en").ok
    assert not validate_submission(form, {"province": "LA-VT", "district": "kaysone"}, "en").ok


def test_select_from_file_reads_the_columns_its_parameters_name():
    csv = "code,name_lo,name_en\nvt,ນະຄອນຫຼວງ,Vientiane\n".encode()
    form = read_xlsform(xlsx(survey=[HEAD + ["parameters"],
                                     ["select_one_from_file places.csv", "p", "ບ່ອນ", "value=code label=name_lo"]]),
                        media={"places.csv": csv})
    assert [(c.name, c.label, c.extra) for c in form.choices["places.csv"]] == [
        ("vt", {"lo": "ນະຄອນຫຼວງ"}, {"name_en": "Vientiane"})]


def test_a_data_file_without_the_column_read_is_refused_by_name():
    issue = only_issue_with_media(xlsx(survey=[HEAD, ["select_one_from_file places.csv", "p", "ບ່ອນ"]]),
                                  {"places.csv": b"code,label\nvt,VT\n"})
    assert (issue.code, issue.row, issue.column) == ("media_without_column", 2, "type")
    assert "'name'" in issue.message_en


def only_issue_with_media(book: bytes, media: dict):
    from forms.xlsform import XLSFormError

    with pytest.raises(XLSFormError) as raised:
        read_xlsform(book, media=media)
    assert len(raised.value.issues) == 1, raised.value.issues
    return raised.value.issues[0]


def test_media_columns_on_labels_and_choices_name_uploaded_files_by_language():
    form = read_xlsform(xlsx(survey=[HEAD + ["media::image::Lao (lo)", "audio"],
                                     ["select_one yn", "a", "ກ", "flag.png", "ask.mp3"]],
                             choices=[["list_name", "name", "label::Lao (lo)", "image"],
                                      ["yn", "yes", "ແມ່ນ", "tick.png"], ["yn", "no", "ບໍ່", None]]),
                        media={"flag.png": b"png", "ask.mp3": b"mp3", "tick.png": b"png"})
    assert form.questions[0].media == {"image": {"lo": "flag.png"}, "audio": {"": "ask.mp3"}}
    assert form.choices["yn"][0].media == {"image": {"": "tick.png"}}


def test_a_media_file_not_uploaded_is_a_warning_not_a_refusal():
    warnings = []
    read_xlsform(xlsx(survey=[HEAD + ["image"], ["note", "n", "ເບິ່ງ", "map.jpg"]]), warnings=warnings)
    assert [(w.code, w.row, w.column) for w in warnings if w.code != "pyxform_warning"] == [
        ("media_not_uploaded", 2, "media::image")]


def test_dynamic_defaults_triggers_hxl_tags_and_guidance_are_kept():
    form = read_xlsform(xlsx(survey=[HEAD + ["default", "trigger", "calculation", "instance::hxl", "guidance_hint"],
                                     ["date", "day", "ມື້", "today()", None, None, "#date", None],
                                     ["integer", "age", "ອາຍຸ", "18", None, None, "#age", "ປີເຕັມ"],
                                     ["calculate", "asked_at", None, None, "${age}", "now()", None, None]]))
    day, age, asked_at = form.questions[:3]
    assert (day.default, day.dynamic_default, day.instance) == (None, "today()", {"hxl": "#date"})
    assert (age.default, age.dynamic_default, age.guidance_hint) == ("18", None, {"lo": "ປີເຕັມ"})
    assert (asked_at.trigger, asked_at.calculation) == ("age", "now()")


def test_a_trigger_that_is_not_one_reference_is_refused():
    issue = only_issue(xlsx(survey=[HEAD + ["trigger", "calculation"],
                                    ["integer", "age", "ອາຍຸ", None, None],
                                    ["calculate", "c", None, "age", "now()"]]))
    assert (issue.code, issue.row, issue.column) == ("not_a_reference", 3, "trigger")


def test_a_calculation_with_a_trigger_keeps_the_value_the_phone_set():
    form = read_xlsform(xlsx(survey=[HEAD + ["trigger", "calculation"],
                                     ["integer", "age", "ອາຍຸ", None, None],
                                     ["calculate", "doubled", None, "${age}", "${age} * 2"]]))
    assert validate_submission(form, {"age": "4", "doubled": "6"}, "en").answers["doubled"] == "6"
    assert validate_submission(form, {"age": "4"}, "en").answers["doubled"] == "8"
    assert "doubled" not in validate_submission(form, {}, "en").answers


def test_settings_collect_uses_ignores_and_refuses():
    warnings = []
    form = read_xlsform(xlsx(survey=SURVEY,
                             settings=[["form_title", "default_language", "style", "submission_url",
                                        "allow_choice_duplicates", "instance_name"],
                                       ["ບ້ານ", "Lao (lo)", "pages", "https://kc.example/submission",
                                        "yes", "concat(${village}, '-', ${people})"]]),
                        warnings=warnings)
    assert (form.default_language, form.style, form.instance_name) == (
        "lo", "pages", "concat(${village}, '-', ${people})")
    assert [(w.code, w.column) for w in warnings] == [("ignored_setting", "submission_url")]
    refused = only_issue(xlsx(survey=SURVEY, settings=[["public_key"], ["MIIBIjANBgkq"]]))
    assert (refused.code, refused.sheet, refused.row, refused.column) == (
        "refused_setting", "settings", 2, "public_key")
    assert "encrypted submissions" in refused.message_en


def test_allow_choice_duplicates_lets_a_list_repeat_a_name():
    form = read_xlsform(xlsx(survey=SURVEY + [["select_one l", "s", "ເລືອກ"]],
                             choices=[["list_name", "name", "label::Lao (lo)"], ["l", "a", "ກ"], ["l", "a", "ຂ"]],
                             settings=[["allow_choice_duplicates"], ["yes"]]))
    assert [c.name for c in form.choices["l"]] == ["a", "a"]


def test_columns_pyxform_knows_but_collect_does_not_use_are_named_in_a_warning():
    warnings = []
    read_xlsform(xlsx(survey=[HEAD + ["body::accuracyThreshold", "sms_field", "notes to self"],
                              ["geopoint", "g", "ທີ່ຕັ້ງ", "5", "G", "ask the chief"]]), warnings=warnings)
    assert sorted(w.column for w in warnings if w.code == "ignored_column") == [
        "body::accuracyThreshold", "sms_field"]


def test_osm_and_entities_are_refused_by_name_with_their_row():
    issues = issues_of(xlsx(survey=[HEAD, ["text", "a", "ກ"], ["osm building", "b", "ເຮືອນ"]],
                            osm=[["list_name", "name", "label"], ["building", "b", "Building"]]))
    assert [(i.code, i.sheet, i.row) for i in issues] == [("unsupported_sheet", "osm", 1)]


def test_choices_from_an_earlier_repeat_are_refused_by_name():
    issue = only_issue(xlsx(survey=[HEAD,
                                    ["begin repeat", "members", "ສະມາຊິກ"], ["text", "member", "ຊື່"],
                                    ["end repeat"],
                                    ["select_one ${member}", "head", "ຫົວໜ້າ"]]))
    assert (issue.code, issue.row, issue.column) == ("choices_from_answers", 5, "type")
