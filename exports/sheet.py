"""A worksheet written top to bottom, as constant_memory mode requires.

Summary, crosstab and report sheets are built of stacked blocks (a heading, a table, a
chart beside it). :class:`Cursor` keeps the next free row so blocks never have to know
where the previous one ended, and writes each cell with the method of its type: text
through ``write_string`` (never a formula), numbers through ``write_number``.
"""
from __future__ import annotations

import unicodedata

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


#: Joins the languages of a bilingual export ("lo+en"): each cell holds both, as seed 004's tables do.
BILINGUAL = "+"


def in_language(text, language: str) -> str:
    """``text`` (a {language: text} mapping or a plain string) in ``language``; for a
    bilingual export such as ``lo+en``, each language's text on its own line (once, where
    they are the same)."""
    if BILINGUAL not in language:
        return text_in(text, language, ["en"])
    parts = [text_in(text, part, ["en"]) for part in language.split(BILINGUAL)]
    return "\n".join(dict.fromkeys(p for p in parts if p))


def primary_language(language: str) -> str:
    """The first language of a bilingual export (data sheets are written in it)."""
    return language.split(BILINGUAL)[0]


def ui(key: str, language: str, **values) -> str:
    text = in_language(UI[key], language)
    return text.format(**values) if values else text


#: Height of a row that was not made taller (xlsxwriter's default).
DEFAULT_ROW_POINTS = 15.0
#: Points per line of 10-point text: Lao stacks vowels and tone marks above and below the
#: consonant, so its lines are taller than Latin ones.
LINE_POINTS = {"latin": 13.0, "lao": 16.5}


def _is_lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


def _width(ch: str) -> float:
    if _is_lao(ch):
        return 1.1
    return 0.8 if ch.islower() or ch in " .,;:'()-" else 1.0


def _paragraph_lines(paragraph: str, usable: float) -> int:
    line = 0.0
    count = 1
    for word in paragraph.split(" "):
        size = sum(_width(ch) for ch in word if unicodedata.category(ch) != "Mn")
        needed = size if line == 0 else line + 1 + size
        if needed <= usable or line == 0 or any(_is_lao(ch) for ch in word):  # Lao breaks within words
            line = needed
            while line > usable:  # a word longer than the line is broken
                count += 1
                line -= usable
        else:
            count += 1
            line = size
    return count


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide.

    Excel and LibreOffice store a row height, they do not compute one from wrapped text on
    opening (LibreOffice never does for xlsx files written without one), so the height is
    estimated here, in widths of the digit 0 (Excel's unit of column width): marks that
    combine with the letter before them take no width, a lower-case Latin letter 0.8 of a
    digit, a Lao letter 1.1 (Lao runs without spaces may break anywhere), and words wrap
    whole. Measured against LibreOffice's rendering of the seed 004 tables.
    """
    usable = max(width - 1.0, 1.0)
    return sum(_paragraph_lines(paragraph, usable) for paragraph in text.split("\n"))


def _text_points(text: str, width: float) -> tuple[float, int]:
    """(height in points, lines) of ``text`` wrapped at ``width``: Lao lines are taller."""
    usable = max(width - 1.0, 1.0)
    points, lines = 0.0, 0
    for paragraph in text.split("\n"):
        n = _paragraph_lines(paragraph, usable)
        lines += n
        points += n * LINE_POINTS["lao" if any(_is_lao(ch) for ch in paragraph) else "latin"]
    return points, lines


def row_height(cells: list[tuple[str, float]], scale: float = 1.0) -> float | None:
    """Height in points of a row holding the wrapped (text, column width) ``cells``, in a
    font ``scale`` times the default size; None when the default height will do."""
    best, most = 0.0, 1
    for text, width in cells:
        points, lines = _text_points(text, width / scale)
        best, most = max(best, points), max(most, lines)
    if most == 1 and best <= LINE_POINTS["latin"] and scale <= 1:
        return None
    if most >= 4:
        best += LINE_POINTS["latin"] / 2  # to spare: a long text clipped hides more than a blank costs
    return (best + 4) * max(scale, 1.0)


class Cursor:
    """The next free row of a worksheet, and typed writes of whole rows at it."""

    def __init__(self, ws, formats):
        self.ws = ws
        self.formats = formats
        self.row = 0
        #: Column widths in characters, where :meth:`columns` set them (for row heights).
        self.widths: dict[int, float] = {}
        #: Heights in points of the rows made taller than the default.
        self.heights: dict[int, float] = {}

    def columns(self, *widths: float) -> None:
        """Set the widths of columns A, B, ... and remember them to size wrapped rows."""
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)
            self.widths[col] = width

    def line(self, *cells, fmt=None) -> int:
        """Write one row of cells starting in column A; returns its row number.

        A cell is text, a number, None (left empty) or a ``(value, format)`` pair. Where
        the column widths are known, a row whose wrapped text needs more than one line is
        made tall enough to show all of it.
        """
        row = self.row
        if self.widths:
            wrapped = []
            for col, cell in enumerate(cells):
                text, cell_fmt = cell if isinstance(cell, tuple) else (cell, fmt)
                if isinstance(text, str) and self.formats.wraps(cell_fmt):
                    wrapped.append((text, self.widths.get(col, 8.43)))
            height = row_height(wrapped)
            if height:
                self.set_height(row, height)
        for col, cell in enumerate(cells):
            self.put(row, col, cell, fmt)
        self.row += 1
        return row

    def paragraph(self, text: str, last_col: int, fmt=None, scale: float = 1.0) -> int:
        """A text across columns A..``last_col`` (merged, wrapped, its row as tall as it
        needs; ``scale``: the format's font size over the default)."""
        fmt = fmt or self.formats.note
        row = self.row
        width = sum(self.widths.get(col, 8.43) for col in range(last_col + 1))
        height = row_height([(text, width)], scale)
        if height:
            self.set_height(row, height)
        if last_col:
            self.ws.merge_range(row, 0, row, last_col, "", fmt)
        self.ws.write_string(row, 0, text, fmt)  # as text, even when it starts with "="
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

    def set_height(self, row: int, height: float) -> None:
        self.ws.set_row(row, height)
        self.heights[row] = height

    def height_of(self, first: int, last: int) -> float:
        """Height in points of the rows ``first``..``last`` - 1."""
        return sum(self.heights.get(row, DEFAULT_ROW_POINTS) for row in range(first, last))

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def reserve(self, until_row: int) -> None:
        """Move below ``until_row`` (e.g. the bottom of a chart beside a short table)."""
        self.row = max(self.row, until_row)


def percent(n: int, total: int, formats):
    """A share as a percent-formatted cell, or None when nothing was answered."""
    return (n / total, formats.percent) if total else None
