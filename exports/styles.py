"""One place that opens workbooks and owns their cell formats.

Every workbook this package writes must render Lao script, never turn an answer into a
formula or a link, and stream rows to disk. Those choices are made here once, so the
raw export, the summaries and the report sheets cannot drift apart.

Font: the workbook default font is "Phetsarath OT", the Lao government's standard Unicode
font, which also carries Latin glyphs. Where it is not installed, Excel and LibreOffice
substitute per glyph from a font that has Lao (Noto Sans Lao, Lao UI on Windows), so text
still renders; it is never shown as boxes only because the font name is unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

import xlsxwriter

LAO_FONT = "Phetsarath OT"
FONT_SIZE = 10

#: Written as real Excel dates; the display format is ISO so no locale misreads a day.
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
TIME_FORMAT = "hh:mm:ss"


def open_workbook(out) -> xlsxwriter.Workbook:
    """A constant-memory workbook (``out`` a path or binary file) that writes text as text."""
    return xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": LAO_FONT, "font_size": FONT_SIZE},
        },
    )


@dataclass
class Formats:
    """The cell formats shared by every sheet of one workbook."""

    header: object
    title: object
    date: object
    datetime: object
    time: object
    percent: object
    percent_whole: object
    decimal: object
    wrap: object

    @classmethod
    def add_to(cls, workbook: xlsxwriter.Workbook) -> "Formats":
        return cls(
            header=workbook.add_format(
                {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
            ),
            title=workbook.add_format({"bold": True, "font_size": FONT_SIZE + 2}),
            date=workbook.add_format({"num_format": DATE_FORMAT}),
            datetime=workbook.add_format({"num_format": DATETIME_FORMAT}),
            time=workbook.add_format({"num_format": TIME_FORMAT}),
            percent=workbook.add_format({"num_format": "0.0%"}),
            percent_whole=workbook.add_format({"num_format": "0%"}),
            decimal=workbook.add_format({"num_format": "0.00"}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
        )
