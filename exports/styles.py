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

import os
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
            # top-aligned, so that a number sits on the first line of a row of wrapped text
            "default_format_properties": {"font_name": LAO_FONT, "font_size": FONT_SIZE, "valign": "top"},
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
    #: Smaller grey text of a method note or a title block line, wrapped.
    note: object
    #: A group of questions on the summary sheet.
    group: object
    #: The first cell of a report table's row: bold, wrapped.
    row_label: object
    #: A report sheet's title, across the table's width.
    report_title: object

    def wraps(self, fmt) -> bool:
        """Whether cells in ``fmt`` wrap their text (so their row must grow to show it)."""
        return fmt is not None and any(
            fmt is f for f in (self.header, self.wrap, self.note, self.row_label, self.report_title))

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
            decimal=workbook.add_format({"num_format": "0.0"}),
            wrap=workbook.add_format({"text_wrap": True, "valign": "top"}),
            note=workbook.add_format({"text_wrap": True, "valign": "top", "font_size": FONT_SIZE - 1,
                                      "font_color": "#404040"}),
            group=workbook.add_format({"bold": True, "font_size": FONT_SIZE + 1, "bottom": 1}),
            row_label=workbook.add_format({"text_wrap": True, "valign": "top", "bold": True}),
            report_title=workbook.add_format({"bold": True, "font_size": FONT_SIZE + 3, "text_wrap": True,
                                              "valign": "top"}),
        )


def print_setup(ws, repeat_rows: tuple[int, int] | None = None) -> None:
    """Landscape A4, one page wide (as many pages tall as it takes), the given header rows
    repeated at the top of every printed page, page numbers in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C&P / &N")
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)


def drop_worksheet(workbook: xlsxwriter.Workbook, ws) -> None:
    """Take a worksheet that turned out to carry nothing out of the workbook before it is
    closed (xlsxwriter has no call for it: sheets are numbered by their place in the list)."""
    workbook.worksheets_objs.remove(ws)
    del workbook.sheetnames[ws.name]
    for index, sheet in enumerate(workbook.worksheets_objs):
        sheet.index = index
    if ws.row_data_fh is not None:  # constant_memory: the sheet's rows went to a temporary file
        ws.row_data_fh.close()
        os.unlink(ws.row_data_filename)
