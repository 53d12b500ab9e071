"""Small XLSForm workbooks built from inline tables, for the import tests."""
import io

import openpyxl


def xlsform(survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None) -> bytes:
    """A workbook from small tables; the first row of each table is its header."""
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in survey:
        book["survey"].append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows:
            sheet = book.create_sheet(name)
            for row in rows:
                sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SURVEY = [
    ["type", "name", "label::Lao (lo)", "label::English (en)", "required"],
    ["select_one yes_no", "attended", "ທ່ານໄດ້ເຂົ້າຮ່ວມບໍ?", "Did you attend?", "yes"],
    ["integer", "days", "ຈັກມື້?", "How many days?", ""],
]
CHOICES = [
    ["list_name", "name", "label::Lao (lo)", "label::English (en)"],
    ["yes_no", "yes", "ແມ່ນ", "Yes"],
    ["yes_no", "no", "ບໍ່", "No"],
]


def settings(version: str) -> list[list]:
    return [["form_id", "form_title", "version", "default_language"],
            ["attendance", "Attendance", version, "Lao (lo)"]]
