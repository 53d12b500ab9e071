"""A worksheet written top to bottom, as constant_memory mode requires.

Summary, crosstab and report sheets are built of stacked blocks (a heading, a table, a
chart beside it). :class:`Cursor` keeps the next free row so blocks never have to know
where the previous one ended, and writes each cell with the method of its type: text
through ``write_string`` (never a formula), numbers through ``write_number``.
"""
from __future__ import annotations

from forms.definition import text_in

#: Interface text of the generated sheets, in every language the project supports.
UI = {
    "responses": {"lo": "ຈຳນວນຄຳຕອບ", "en": "Responses"},
    "answered": {"lo": "ຕອບ", "en": "Answered"},
    "choice": {"lo": "ທາງເລືອກ", "en": "Choice"},
    "question": {"lo": "ຄຳຖາມ", "en": "Question"},
    "percent": {"lo": "%", "en": "%"},
    "percent_respondents": {"lo": "% ຂອງຜູ້ຕອບ", "en": "% of respondents"},
    "statistic": {"lo": "ສະຖິຕິ", "en": "Statistic"},
    "value": {"lo": "ຄ່າ", "en": "Value"},
    "mean": {"lo": "ຄ່າສະເລ່ຍ", "en": "Mean"},
    "median": {"lo": "ຄ່າກາງ", "en": "Median"},
    "min": {"lo": "ຕ່ຳສຸດ", "en": "Minimum"},
    "max": {"lo": "ສູງສຸດ", "en": "Maximum"},
    "earliest": {"lo": "ທຳອິດ", "en": "Earliest"},
    "latest": {"lo": "ສຸດທ້າຍ", "en": "Latest"},
    "top_two": {"lo": "% ສອງລະດັບສູງສຸດ", "en": "% top two boxes"},
    "mean_score": {"lo": "ຄະແນນສະເລ່ຍ", "en": "Mean score"},
    "likert": {"lo": "ຊຸດຄຳຖາມແບບລະດັບ", "en": "Likert battery"},
    "ranked_first": {"lo": "ຈັດອັນດັບ 1", "en": "Ranked first"},
    "mean_position": {"lo": "ອັນດັບສະເລ່ຍ", "en": "Mean position"},
    "ranked": {"lo": "ຈັດອັນດັບ", "en": "Ranked"},
    "total": {"lo": "ລວມ", "en": "Total"},
    "see_open": {"lo": "ເບິ່ງແຜ່ນ 'ຄຳຕອບແບບເປີດ'", "en": "See the sheet 'Open answers'"},
    "answer": {"lo": "ຄຳຕອບ", "en": "Answer"},
    "shown_first": {"lo": "ສະແດງ {shown} ຄຳຕອບທຳອິດ ຈາກທັງໝົດ {total}; ທັງໝົດຢູ່ໃນແຜ່ນຂໍ້ມູນ",
                    "en": "Showing the first {shown} of {total} answers; all are in the data sheet"},
    "repeat": {"lo": "ກຸ່ມຄຳຖາມຊ້ຳ", "en": "Repeat"},
    "by": {"lo": "ແຍກຕາມ", "en": "By"},
}


def ui(key: str, language: str, **values) -> str:
    text = text_in(UI[key], language, ["en"])
    return text.format(**values) if values else text


class Cursor:
    """The next free row of a worksheet, and typed writes of whole rows at it."""

    def __init__(self, ws, formats):
        self.ws = ws
        self.formats = formats
        self.row = 0

    def line(self, *cells, fmt=None) -> int:
        """Write one row of cells starting in column A; returns its row number.

        A cell is text, a number, None (left empty) or a ``(number, format)`` pair.
        """
        row = self.row
        for col, cell in enumerate(cells):
            self.put(row, col, cell, fmt)
        self.row += 1
        return row

    def put(self, row, col, cell, fmt=None):
        if cell is None:
            return
        if isinstance(cell, tuple):
            cell, fmt = cell
        if isinstance(cell, str):
            self.ws.write_string(row, col, cell, fmt)
        else:
            self.ws.write_number(row, col, cell, fmt)

    def heading(self, text: str) -> int:
        return self.line(text, fmt=self.formats.title)

    def header(self, *cells) -> int:
        return self.line(*cells, fmt=self.formats.header)

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def reserve(self, until_row: int) -> None:
        """Move below ``until_row`` (e.g. the bottom of a chart beside a short table)."""
        self.row = max(self.row, until_row)


def percent(n: int, total: int, formats):
    """A share as a percent-formatted cell, or None when nothing was answered."""
    return (n / total, formats.percent) if total else None
