"""What collect says about a workbook it reads, in English and Lao.

Each issue code of ``forms.xlsform`` has one message template per language here, so
the importer's logic and its wording can each be read on their own. ``{placeholders}``
are filled from the issue: ``sheet``, ``column``, ``value``, ``detail``, ``list`` ….
"""
from __future__ import annotations

#: Issue code -> (English, Lao) message templates; {placeholders} come from the issue.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_xlsform": (
        "The file is not an XLSForm. Upload the form as an Excel workbook (.xlsx or .xls), "
        "or as pyxform's .csv or .md form.",
        "ໄຟລ໌ນີ້ບໍ່ແມ່ນແບບຟອມ XLSForm. ກະລຸນາອັບໂຫຼດແບບຟອມເປັນປຶ້ມວຽກ Excel (.xlsx ຫຼື .xls) "
        "ຫຼື ເປັນແບບຟອມ .csv ຫຼື .md ຂອງ pyxform.",
    ),
    "refused_type": (
        "The question type '{value}' needs {detail}, which collect cannot offer. Use another type or remove the row.",
        "ປະເພດຄຳຖາມ '{value}' ຕ້ອງການ {detail} ເຊິ່ງ collect ບໍ່ມີ. ກະລຸນາໃຊ້ປະເພດອື່ນ ຫຼື ລຶບແຖວນີ້.",
    ),
    "refused_setting": (
        "The setting {column} asks for {detail}, which collect does not offer. Remove it from the settings sheet.",
        "ການຕັ້ງຄ່າ {column} ຕ້ອງການ {detail} ເຊິ່ງ collect ບໍ່ມີ. ກະລຸນາລຶບມັນອອກຈາກແຜ່ນງານ settings.",
    ),
    "ignored_setting": (
        "The setting {column} does not apply to collect and is not used.",
        "ການຕັ້ງຄ່າ {column} ບໍ່ກ່ຽວກັບ collect ແລະ ບໍ່ໄດ້ໃຊ້.",
    ),
    "ignored_column": (
        "The column '{column}' does not apply to collect and is not used.",
        "ຖັນ '{column}' ບໍ່ກ່ຽວກັບ collect ແລະ ບໍ່ໄດ້ໃຊ້.",
    ),
    "missing_media": (
        "The form needs the file '{value}'. Upload it with the form.",
        "ແບບຟອມຕ້ອງການໄຟລ໌ '{value}'. ກະລຸນາອັບໂຫຼດມັນພ້ອມກັບແບບຟອມ.",
    ),
    "media_not_uploaded": (
        "The file '{value}' is named here but was not uploaded with the form; it will not be shown.",
        "ໄຟລ໌ '{value}' ຖືກກ່າວເຖິງຢູ່ນີ້ ແຕ່ບໍ່ໄດ້ອັບໂຫຼດພ້ອມແບບຟອມ; ມັນຈະບໍ່ຖືກສະແດງ.",
    ),
    "bad_media": (
        "The file '{value}' cannot be read: {detail}",
        "ບໍ່ສາມາດອ່ານໄຟລ໌ '{value}' ໄດ້: {detail}",
    ),
    "media_without_column": (
        "The file '{value}' has no column '{detail}', which the question reads its choices from.",
        "ໄຟລ໌ '{value}' ບໍ່ມີຖັນ '{detail}' ທີ່ຄຳຖາມນີ້ອ່ານຕົວເລືອກ.",
    ),
    "choices_from_answers": (
        "Choices taken from the answers of another question ('{value}') are not supported by collect. "
        "List the choices on the choices sheet.",
        "collect ບໍ່ຮອງຮັບຕົວເລືອກທີ່ເອົາມາຈາກຄຳຕອບຂອງຄຳຖາມອື່ນ ('{value}'). ກະລຸນາຂຽນຕົວເລືອກໃນແຜ່ນງານ choices.",
    ),
    "not_a_reference": (
        "The {column} must name one question as ${{name}}; '{value}' does not.",
        "ຖັນ {column} ຕ້ອງລະບຸຄຳຖາມໜຶ່ງເປັນ ${{name}}; '{value}' ບໍ່ແມ່ນ.",
    ),
    "pyxform_warning": (
        "pyxform warns: {detail}",
        "pyxform ເຕືອນ: {detail}",
    ),
    "unreadable_file": (
        "The file {value} cannot be read: {detail}",
        "ບໍ່ສາມາດອ່ານໄຟລ໌ {value} ໄດ້: {detail}",
    ),
    "no_survey_sheet": (
        "The workbook has no sheet named 'survey'. Add a sheet called survey that lists the questions.",
        "ປຶ້ມວຽກບໍ່ມີແຜ່ນງານຊື່ 'survey'. ກະລຸນາເພີ່ມແຜ່ນງານຊື່ survey ທີ່ມີລາຍການຄຳຖາມ.",
    ),
    "empty_survey": (
        "The survey sheet has no questions. Add the questions in the rows under the header row.",
        "ແຜ່ນງານ survey ບໍ່ມີຄຳຖາມ. ກະລຸນາເພີ່ມຄຳຖາມໃນແຖວລຸ່ມແຖວຫົວຂໍ້.",
    ),
    "missing_column": (
        "The {sheet} sheet has no '{column}' column. Add a column headed {column} in the first row.",
        "ແຜ່ນງານ {sheet} ບໍ່ມີຖັນ '{column}'. ກະລຸນາເພີ່ມຖັນທີ່ມີຫົວຂໍ້ {column} ໃນແຖວທຳອິດ.",
    ),
    "duplicate_column": (
        "The column '{column}' appears twice in a header row. Keep only one of them.",
        "ຖັນ '{column}' ມີສອງເທື່ອໃນແຖວຫົວຂໍ້. ກະລຸນາເກັບໄວ້ພຽງຖັນດຽວ.",
    ),
    "missing_type": (
        "This row has a name or a label but no type. Write the question type in the type column.",
        "ແຖວນີ້ມີຊື່ ຫຼື ປ້າຍ ແຕ່ບໍ່ມີປະເພດ. ກະລຸນາຂຽນປະເພດຄຳຖາມໃນຖັນ type.",
    ),
    "missing_name": (
        "This question has no name. Write a short name, different from every other, in the name column.",
        "ຄຳຖາມນີ້ບໍ່ມີຊື່. ກະລຸນາຂຽນຊື່ສັ້ນໆ ທີ່ບໍ່ຊ້ຳກັບຊື່ອື່ນ ໃນຖັນ name.",
    ),
    "invalid_name": (
        "The name '{value}' is not valid. A name starts with a letter or '_' and holds only "
        "letters, digits, '_', '-' or '.', without spaces.",
        "ຊື່ '{value}' ບໍ່ຖືກຕ້ອງ. ຊື່ຕ້ອງເລີ່ມດ້ວຍຕົວອັກສອນລາຕິນ ຫຼື '_' ແລະ ມີພຽງຕົວອັກສອນ, "
        "ຕົວເລກ, '_', '-' ຫຼື '.' ໂດຍບໍ່ມີຍະຫວ່າງ.",
    ),
    "duplicate_name": (
        "The name '{value}' is used more than once. Give every question, group and repeat its own name.",
        "ຊື່ '{value}' ຖືກໃຊ້ຫຼາຍກວ່າໜຶ່ງເທື່ອ. ກະລຸນາໃຫ້ທຸກຄຳຖາມ, ກຸ່ມ ແລະ ກຸ່ມຊ້ຳ ມີຊື່ຂອງຕົນເອງ.",
    ),
    "reserved_name": (
        "The name '{value}' is reserved. Choose another name.",
        "ຊື່ '{value}' ຖືກສະຫງວນໄວ້. ກະລຸນາເລືອກຊື່ອື່ນ.",
    ),
    "unknown_type": (
        "Unknown question type '{value}'. Check the spelling against the XLSForm types.",
        "ບໍ່ຮູ້ຈັກປະເພດຄຳຖາມ '{value}'. ກະລຸນາກວດການສະກົດ ທຽບກັບປະເພດ XLSForm.",
    ),
    "select_without_list": (
        "'{value}' needs the name of a choice list after it, for example 'select_one yes_no'.",
        "'{value}' ຕ້ອງມີຊື່ລາຍການຕົວເລືອກຕາມຫຼັງ, ຕົວຢ່າງ 'select_one yes_no'.",
    ),
    "missing_choice_list": (
        "The choice list '{value}' is not on the choices sheet. Add its choices there or correct the list name.",
        "ລາຍການຕົວເລືອກ '{value}' ບໍ່ມີໃນແຜ່ນງານ choices. ກະລຸນາເພີ່ມຕົວເລືອກ ຫຼື ແກ້ໄຂຊື່ລາຍການ.",
    ),
    "no_choices_sheet": (
        "A select question needs a choices sheet with the columns list_name, name and label.",
        "ຄຳຖາມແບບເລືອກ ຕ້ອງມີແຜ່ນງານ choices ທີ່ມີຖັນ list_name, name ແລະ label.",
    ),
    "empty_choice_list": (
        "The choice list '{value}' has no choices. Give each of its rows a name.",
        "ລາຍການຕົວເລືອກ '{value}' ບໍ່ມີຕົວເລືອກ. ກະລຸນາໃສ່ຊື່ໃຫ້ແຕ່ລະແຖວຂອງມັນ.",
    ),
    "choice_without_name": (
        "This choice has no name. Write the value to store in the name column.",
        "ຕົວເລືອກນີ້ບໍ່ມີຊື່. ກະລຸນາຂຽນຄ່າທີ່ຈະບັນທຶກ ໃນຖັນ name.",
    ),
    "duplicate_choice": (
        "The choice name '{value}' appears more than once in the list '{list}'. "
        "Each choice in a list needs its own name.",
        "ຊື່ຕົວເລືອກ '{value}' ຊ້ຳກັນໃນລາຍການ '{list}'. ແຕ່ລະຕົວເລືອກໃນລາຍການ ຕ້ອງມີຊື່ຂອງຕົນເອງ.",
    ),
    "choice_name_space": (
        "The choice name '{value}' in the list '{list}' contains a space, which a "
        "select_multiple cannot store. Replace the space with '_'.",
        "ຊື່ຕົວເລືອກ '{value}' ໃນລາຍການ '{list}' ມີຍະຫວ່າງ ເຊິ່ງ select_multiple ບັນທຶກບໍ່ໄດ້. "
        "ກະລຸນາປ່ຽນຍະຫວ່າງເປັນ '_'.",
    ),
    "unclosed_group": (
        "The group '{value}' begins here but never ends. Add an 'end group' row after its last question.",
        "ກຸ່ມ '{value}' ເລີ່ມຢູ່ນີ້ ແຕ່ບໍ່ມີບ່ອນສິ້ນສຸດ. ກະລຸນາເພີ່ມແຖວ 'end group' ຫຼັງຄຳຖາມສຸດທ້າຍຂອງກຸ່ມ.",
    ),
    "unclosed_repeat": (
        "The repeat '{value}' begins here but never ends. Add an 'end repeat' row after its last question.",
        "ກຸ່ມຊ້ຳ '{value}' ເລີ່ມຢູ່ນີ້ ແຕ່ບໍ່ມີບ່ອນສິ້ນສຸດ. ກະລຸນາເພີ່ມແຖວ 'end repeat' ຫຼັງຄຳຖາມສຸດທ້າຍຂອງມັນ.",
    ),
    "end_without_begin": (
        "This 'end {kind}' has no matching 'begin {kind}' above it. Remove the row or add the missing begin row.",
        "ແຖວ 'end {kind}' ນີ້ບໍ່ມີແຖວ 'begin {kind}' ທີ່ກົງກັນຢູ່ຂ້າງເທິງ. ກະລຸນາລຶບແຖວນີ້ ຫຼື ເພີ່ມແຖວເລີ່ມຕົ້ນທີ່ຂາດ.",
    ),
    "missing_reference": (
        "The {column} refers to ${{{value}}}, but no question is named '{value}'. Correct the name.",
        "ຖັນ {column} ອ້າງເຖິງ ${{{value}}} ແຕ່ບໍ່ມີຄຳຖາມຊື່ '{value}'. ກະລຸນາແກ້ໄຂຊື່.",
    ),
    "ambiguous_reference": (
        "The {column} refers to ${{{value}}}, but more than one question is named '{value}'. "
        "A question referred to needs a name of its own in the whole form.",
        "ຖັນ {column} ອ້າງເຖິງ ${{{value}}} ແຕ່ມີຫຼາຍກວ່າໜຶ່ງຄຳຖາມຊື່ '{value}'. "
        "ຄຳຖາມທີ່ຖືກອ້າງເຖິງ ຕ້ອງມີຊື່ທີ່ບໍ່ຊ້ຳໃນທັງແບບຟອມ.",
    ),
    "bad_reference": (
        "A reference in the {column} is written wrongly. Write a question name as ${{name}}.",
        "ການອ້າງອີງໃນຖັນ {column} ຂຽນບໍ່ຖືກ. ກະລຸນາຂຽນຊື່ຄຳຖາມເປັນ ${{name}}.",
    ),
    "bad_expression": (
        "The {column} '{value}' cannot be read: {detail}.",
        "ບໍ່ສາມາດອ່ານສູດໃນຖັນ {column} '{value}' ໄດ້: {detail_lo}.",
    ),
    "unsupported_function": (
        "The {column} uses the function {detail}(), which collect does not support.",
        "ຖັນ {column} ໃຊ້ຟັງຊັນ {detail}() ເຊິ່ງ collect ບໍ່ຮອງຮັບ.",
    ),
    "missing_calculation": (
        "A calculate question needs a formula in the calculation column.",
        "ຄຳຖາມປະເພດ calculate ຕ້ອງມີສູດ ໃນຖັນ calculation.",
    ),
    "range_not_number": (
        "The range parameter '{value}' must be a number, for example 'start=1 end=5 step=1'.",
        "ພາຣາມິເຕີ '{value}' ຂອງ range ຕ້ອງເປັນຕົວເລກ, ຕົວຢ່າງ 'start=1 end=5 step=1'.",
    ),
    "malformed_parameters": (
        "Write the parameters as key=value pairs separated by spaces, for example 'start=1 end=5 step=1'.",
        "ກະລຸນາຂຽນພາຣາມິເຕີເປັນ key=value ແຍກກັນດ້ວຍຍະຫວ່າງ, ຕົວຢ່າງ 'start=1 end=5 step=1'.",
    ),
    "unknown_parameter": (
        "This question type does not take the parameter {value}; it accepts {detail}.",
        "ຄຳຖາມປະເພດນີ້ບໍ່ຮັບພາຣາມິເຕີ {value}; ຮັບໄດ້ສະເພາະ {detail}.",
    ),
    "default_language_missing": (
        "The default_language '{value}' is not one of the languages of the labels ({detail}). "
        "Use one of them.",
        "ພາສາຫຼັກ '{value}' ບໍ່ແມ່ນໜຶ່ງໃນພາສາຂອງປ້າຍ ({detail}). ກະລຸນາໃຊ້ພາສາໃດໜຶ່ງໃນນັ້ນ.",
    ),
    "not_yes_no": (
        "The {column} column must be yes or no; '{value}' is not supported here.",
        "ຖັນ {column} ຕ້ອງເປັນ yes ຫຼື no; ບໍ່ຮອງຮັບ '{value}' ຢູ່ບ່ອນນີ້.",
    ),
    "invalid_form_id": (
        "The form_id '{value}' is not a valid name. Use letters, digits and '_', starting with a letter.",
        "form_id '{value}' ບໍ່ແມ່ນຊື່ທີ່ຖືກຕ້ອງ. ກະລຸນາໃຊ້ຕົວອັກສອນລາຕິນ, ຕົວເລກ ແລະ '_' ໂດຍເລີ່ມດ້ວຍຕົວອັກສອນ.",
    ),
    "unknown_report": (
        "The report '{value}' is unknown. Use one of: {detail}.",
        "ບໍ່ຮູ້ຈັກລາຍງານ '{value}'. ກະລຸນາໃຊ້ໜຶ່ງໃນ: {detail}.",
    ),
    "unsupported_sheet": (
        "The {sheet} sheet asks for {detail}, which collect does not offer. Remove it from the workbook.",
        "ແຜ່ນງານ {sheet} ຕ້ອງການ {detail} ເຊິ່ງ collect ບໍ່ມີ. ກະລຸນາລຶບມັນອອກຈາກປຶ້ມວຽກ.",
    ),
    "invalid_xlsform": (
        "The XLSForm is not valid: {detail}",
        "ແບບຟອມ XLSForm ບໍ່ຖືກຕ້ອງ: {detail}",
    ),
}
