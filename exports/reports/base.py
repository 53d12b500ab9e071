"""What every SWG report shares: its interface text, the base class, the page layout.

A report sheet is pasted into an SWG report or printed as it is, so each one opens with a
title block (which SWG and sub-group, which events, which period, when it was produced),
holds its tables with their header rows repeated on every printed page, shows its
headline figure as a native chart, and ends with a method note: what each figure means,
how many responses it rests on, what was left out. :class:`ReportPage` lays that out;
:class:`Report` collects the title block's facts while the responses stream past.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from forms.definition import FormDefinition

from ..columns import Field, Table
from ..records import ResponseRecord
from ..sheet import BILINGUAL, DEFAULT_ROW_POINTS, Cursor, in_language, row_height
from ..stats import SMALL_N, wilson_interval
from ..styles import print_setup

CELL_LIMIT = 32000
#: Height of a report's headline chart in pixels (about 11 default rows).
CHART_HEIGHT = 220
#: The printed area of a landscape A4 page in points, inside the margins of
#: :func:`exports.styles.print_setup` and above its footer.
PAGE_WIDTH, PAGE_HEIGHT = 842 - 72, 595 - 86 - 30

LABELS = {
    "meeting": {"lo": "ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ", "en": "Sub-sector meeting"},
    "theme": {"lo": "ຫົວຂໍ້", "en": "Theme"},
    "overall": {"lo": "ລະດັບຄວາມເພິ່ງພໍໃຈ", "en": "Overall satisfaction"},
    "ci_low": {"lo": "95 % CI ຕ່ຳສຸດ", "en": "95 % CI from"},
    "ci_high": {"lo": "95 % CI ສູງສຸດ", "en": "95 % CI to"},
    "note": {"lo": "ໝາຍເຫດ", "en": "Note"},
    "small_n": {"lo": "n < 30", "en": "n < 30"},
    "satisfaction_title": {"lo": "ການປະເມີນຄວາມເພິ່ງພໍໃຈ", "en": "Satisfaction survey results"},
    "category": {"lo": "ປະເພດ", "en": "Category"},
    "mean_score": {"lo": "ຄະແນນສະເລ່ຍ", "en": "Mean score"},
    "explanation": {"lo": "ຄຳອະທິບາຍ", "en": "Explanation"},
    "recommendations": {"lo": "ຂໍ້ແນະນຳ", "en": "Recommendations"},
    "actions": {"lo": "ສະເໜີແຜນຕໍ່ໜ້າ", "en": "Proposed actions"},
    "activities": {"lo": "ກິດຈະກຳ", "en": "Activities"},
    "urgency": {"lo": "ຄວາມເລັ່ງດ່ວນ", "en": "Urgency level"},
    "capacity_title": {"lo": "ການປະເມີນຄວາມຕ້ອງການດ້ານຄວາມສາມາດ: ສິ່ງທີ່ຄົ້ນພົບ",
                       "en": "Capacity needs assessment: main findings"},
    "action_plan_title": {"lo": "ແຜນການເຄື່ອນໄຫວ", "en": "Action plan"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
    "level": {"lo": "ຂັ້ນ", "en": "Level"},
    "sector": {"lo": "ຂະແໜງການ", "en": "Sector"},
    "n_pre": {"lo": "n ກ່ອນ", "en": "n pre"},
    "pre": {"lo": "ຄະແນນກ່ອນ", "en": "Pre score"},
    "n_post": {"lo": "n ຫຼັງ", "en": "n post"},
    "post": {"lo": "ຄະແນນຫຼັງ", "en": "Post score"},
    "n_paired": {"lo": "n ຄູ່", "en": "n paired"},
    "gain": {"lo": "ຄວາມຮູ້ເພີ່ມຂຶ້ນ", "en": "Learning gain"},
    "gain_pct": {"lo": "% ເພີ່ມຂຶ້ນ", "en": "Gain %"},
    "sdg_title": {"lo": "ຜົນການທົດສອບກ່ອນ ແລະ ຫຼັງສຳມະນາ", "en": "Pre- and post-seminar scores"},
    "by_province": {"lo": "ແຍກຕາມແຂວງ", "en": "By province"},
    "by_level": {"lo": "ແຍກຕາມຂັ້ນ", "en": "By level"},
    "by_sector": {"lo": "ແຍກຕາມຂະແໜງການ", "en": "By sector"},
    "by_question": {"lo": "ແຍກຕາມຄຳຖາມ", "en": "By question"},
    "question": {"lo": "ຄຳຖາມ", "en": "Question"},
    "correct_pre": {"lo": "% ຕອບຖືກ ກ່ອນ", "en": "% correct before"},
    "correct_post": {"lo": "% ຕອບຖືກ ຫຼັງ", "en": "% correct after"},
    "change": {"lo": "ປ່ຽນແປງ (ຈຸດ)", "en": "Change (points)"},
    "rank": {"lo": "ອັນດັບ", "en": "Rank"},
    "priority": {"lo": "ບຸລິມະສິດ", "en": "Priority"},
    "points": {"lo": "ຄະແນນ", "en": "Points"},
    "mentions": {"lo": "ຈຳນວນເທື່ອ", "en": "Mentions"},
    "first_share": {"lo": "% ເລືອກເປັນອັນດັບ 1", "en": "% first choice"},
    "priorities_title": {"lo": "ບຸລິມະສິດ", "en": "Priorities"},
    "challenges": {"lo": "ສິ່ງທ້າທາຍ", "en": "Challenges"},
    "proposal": {"lo": "ຂໍ້ສະເໜີ", "en": "Proposal"},
    "total": {"lo": "ລວມ", "en": "Total"},
    "all_responses": {"lo": "ຄຳຕອບທັງໝົດ", "en": "All responses"},
    "none": {"lo": "(ບໍ່ມີ)", "en": "(none)"},
    # The title block and the method note.
    "form": {"lo": "ແບບຟອມ", "en": "Form"},
    "swg": {"lo": "ໜ່ວຍງານຂະແໜງການ", "en": "Sector working group"},
    "sub_group": {"lo": "ໜ່ວຍງານຍ່ອຍ", "en": "Sub-group"},
    "events": {"lo": "ກິດຈະກຳ", "en": "Events"},
    "period": {"lo": "ໄລຍະເວລາ", "en": "Period"},
    "produced": {"lo": "ວັນທີສ້າງລາຍງານ", "en": "Produced"},
    "method": {"lo": "ວິທີການ", "en": "Method"},
    "included": {"lo": "ຄຳຕອບທີ່ນັບ: {n}", "en": "Responses included: {n}"},
    "statuses": {"lo": "ສະຖານະ: {statuses}", "en": "status: {statuses}"},
    "excluded": {"lo": "ຄຳຕອບທີ່ຖືກປະຕິເສດ ແລະ ຄຳຕອບທີ່ຖືກລຶບ ບໍ່ໄດ້ນັບ.",
                 "en": "Rejected and deleted responses are not included."},
    "rejected_in": {"lo": "ຄຳຕອບທີ່ຖືກປະຕິເສດ ໄດ້ນັບນຳ (ຕາມທີ່ຂໍ); ຄຳຕອບທີ່ຖືກລຶບ ບໍ່ໄດ້ນັບ.",
                    "en": "Rejected responses are included, as asked; deleted responses are not."},
    "small_n_note": {"lo": "n < 30: ຊ່ວງຄວາມເຊື່ອໝັ້ນ 95 % ກວ້າງ (ປະມານ ±{points} ຈຸດ), ຄວນອ່ານດ້ວຍຄວາມລະມັດລະວັງ: {where}.",
                     "en": "n < 30: the 95 % interval is wide (up to ±{points} points); read with care: {where}."},
}

STATUS_LABELS = {
    "submitted": {"lo": "ສົ່ງແລ້ວ", "en": "submitted"},
    "approved": {"lo": "ອະນຸມັດແລ້ວ", "en": "approved"},
    "rejected": {"lo": "ຖືກປະຕິເສດ", "en": "rejected"},
}


def term(key: str, language: str, **values) -> str:
    text = in_language(LABELS[key], language)
    return text.format(**values) if values else text


def choice_labels(field: Field | None, language: str) -> dict:
    return {c.name: in_language(c.label, language) or c.name for c in field.choices} if field else {}


def place(record: ResponseRecord, name: str):
    return record.answers.get(name) or getattr(record.event, name) or None


@dataclass
class Scope:
    """What the export was asked to hold, as the report's method note states it.

    ``statuses``: the statuses the caller included (None: every status it stored).
    ``produced``: the date printed as the report's date (None: today).
    """

    statuses: tuple[str, ...] | None = None
    produced: date | None = None


@dataclass
class Context:
    """The facts of the title block, gathered from the responses as they stream past."""

    events: dict = field(default_factory=dict)
    swgs: dict = field(default_factory=dict)
    sub_groups: dict = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    responses: int = 0
    statuses: dict = field(default_factory=dict)

    def add(self, record: ResponseRecord) -> None:
        self.responses += 1
        self.statuses[record.status] = self.statuses.get(record.status, 0) + 1
        event = record.event
        key = event.id if event.id is not None else event.title
        if key and key not in self.events:
            self.events[key] = event
            if event.swg:
                self.swgs[event.swg] = None
            if event.sub_group:
                self.sub_groups[event.sub_group] = None
        day = event.date or (record.submitted_at.date() if record.submitted_at else None)
        if day is not None:
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last


class Report:
    """Accumulates what one report needs, then writes it on its own sheets."""

    #: The sheets the report writes, the first being the report itself: keys of
    #: ``exports.raw.SHEET_TITLES``, named in the export's language by the workbook.
    sheets: tuple[str, ...] = ("report",)

    def __init__(self, form: FormDefinition, tables: list[Table], language: str, scope: Scope | None = None):
        self.form = form
        self.language = language
        self.scope = scope or Scope()
        self.fields = {f.name: f for t in tables for f in t.fields}
        self.tables = tables
        self.context = Context()

    def observe(self, record: ResponseRecord) -> None:
        """Count ``record`` in the title block's facts, then in the report's own tables."""
        self.context.add(record)
        self.add(record)

    def add(self, record: ResponseRecord) -> None:
        raise NotImplementedError

    def write(self, pages: list["ReportPage"]) -> None:
        """Fill the pages (one per name in :attr:`sheets`, added before the data sheets)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release temporary files."""

    def term(self, key: str, **values) -> str:
        return term(key, self.language, **values)

    def method_lines(self, language: str) -> list[str]:
        """The report's own method note in one language (its definitions, its warnings)."""
        return []

    def method(self) -> list[str]:
        """The whole method note: per language of the export, the report's lines, then which
        responses were counted."""
        lines = []
        for part in self.language.split(BILINGUAL):
            lines += [line for line in self.method_lines(part) + self.included_note(part) if line]
        return lines

    def included_note(self, language: str) -> list[str]:
        """The method note's line on which responses were counted (in one language)."""
        ctx = self.context
        statuses = ", ".join(f"{in_language(STATUS_LABELS.get(s, {'en': s}), language)} {n}"
                             for s, n in sorted(ctx.statuses.items()))
        line = term("included", language, n=ctx.responses)
        if statuses:
            line += f" ({term('statuses', language, statuses=statuses)})"
        asked = self.scope.statuses
        rejected_in = "rejected" in ctx.statuses or (asked is not None and "rejected" in asked)
        return [f"{line}. {term('rejected_in' if rejected_in else 'excluded', language)}"]


def small_n_note(rows: list[tuple[str, int, int]], language: str) -> str | None:
    """The warning for the rows (label, k, n) of shares resting on fewer than 30 answers."""
    small = [(label, k, n) for label, k, n in rows if 0 < n < SMALL_N]
    if not small:
        return None
    widest = max((wilson_interval(k, n)[1] - wilson_interval(k, n)[0]) / 2 for _, k, n in small)
    where = "; ".join(f"{label.splitlines()[0] if label else '-'} (n = {n})" for label, _, n in small)
    return term("small_n_note", language, points=round(widest * 100), where=where)


class ReportPage:
    """One report worksheet, laid out for print: title block, tables, chart, method note."""

    def __init__(self, workbook, ws, formats, language: str):
        self.workbook = workbook
        self.ws = ws
        self.name = ws.name
        self.formats = formats
        self.language = language
        self.cursor = Cursor(ws, formats)
        self.last_col = 0
        self._repeat = None
        self._breaks: list[int] = []
        self._page_height = PAGE_HEIGHT

    def columns(self, *widths: float) -> None:
        self.cursor.columns(*widths)
        self.last_col = len(widths) - 1
        # printed one page wide: a sheet wider than the page is scaled down, its pages taller
        width = sum((w * 7 + 5) * 0.75 for w in widths)
        self._page_height = PAGE_HEIGHT / min(1.0, PAGE_WIDTH / width)

    def keep_together(self, height: float) -> None:
        """Start a new printed page here unless ``height`` points still fit on this one
        (a chart or the method note is not cut in two)."""
        c = self.cursor
        start = self._breaks[-1] if self._breaks else 0
        used = c.height_of(start, c.row)
        if start and self._repeat:
            used += c.height_of(self._repeat[0], self._repeat[1] + 1)  # printed again on top
        if used + height > self._page_height and c.row > start:
            self._breaks.append(c.row)

    def title_block(self, title: str, report: Report) -> None:
        """Title, form, SWG and sub-group, events, period and the date it was produced."""
        c, lang, ctx = self.cursor, self.language, report.context
        c.paragraph(title, self.last_col, self.formats.report_title, scale=1.3)
        lines = [(term("form", lang), in_language(report.form.title, lang))]
        if ctx.swgs:
            lines.append((term("swg", lang), ", ".join(ctx.swgs)))
        if ctx.sub_groups:
            lines.append((term("sub_group", lang), ", ".join(ctx.sub_groups)))
        if ctx.events:
            titles = [e.title for e in ctx.events.values() if e.title]
            lines.append((f"{term('events', lang)} ({len(ctx.events)})", "; ".join(titles)))
        if ctx.first:
            period = ctx.first.isoformat() + ("" if ctx.last == ctx.first else f" – {ctx.last.isoformat()}")
            lines.append((term("period", lang), period))
        produced = report.scope.produced or date.today()
        lines.append((term("produced", lang), produced.isoformat()))
        for label, value in lines:
            c.paragraph(f"{label.replace(chr(10), ' / ')}: {value}", self.last_col)
        c.skip()

    def heading(self, text: str, keep: float = 120) -> None:
        """A table's title, with room above its header row; printed on the next page unless
        ``keep`` points (its header and first rows) still fit below it on this one."""
        self.keep_together(20 + keep)
        row = self.cursor.line((text, self.formats.title))
        self.ws.set_row(row, 20)

    def header(self, *cells: str, repeat: bool = False) -> None:
        """A table's header row; ``repeat`` prints it again at the top of every page (for
        the one long table of a sheet: a sheet of stacked short tables repeats none, as
        one table's header above another's rows would mislead)."""
        row = self.cursor.line(*cells, fmt=self.formats.header)
        if repeat and self._repeat is None:
            self._repeat = (row, row)

    def line(self, *cells) -> int:
        return self.cursor.line(*cells)

    def skip(self, rows: int = 1) -> None:
        self.cursor.skip(rows)

    def bar_chart(self, title: str, first: int, last: int, label_col: int, value_cols: list[int],
                  percent_axis: bool = False, horizontal: bool = False) -> None:
        """A native column chart of the table rows ``first``..``last``, placed below them
        (``horizontal``: bars, for long category labels, top to bottom as in the table)."""
        if last < first:
            return
        chart = self.workbook.add_chart({"type": "bar" if horizontal else "column"})
        for col in value_cols:
            chart.add_series({"name": [self.name, first - 1, col],
                              "categories": [self.name, first, label_col, last, label_col],
                              "values": [self.name, first, col, last, col],
                              "data_labels": {"value": True, "num_format": "0%" if percent_axis else "0.0"}})
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom"} if len(value_cols) > 1 else {"none": True})
        # values from zero, so that the bars' lengths compare
        values = {"num_format": "0%", "min": 0, "max": 1} if percent_axis else {"min": 0}
        labels = {"num_font": {"size": 8}}
        bars = (last - first + 1) * len(value_cols)
        if horizontal:
            chart.set_x_axis({**values, "major_gridlines": {"visible": True}})
            chart.set_y_axis({**labels, "reverse": True, "interval_unit": 1})
            size = {"width": 720, "height": max(CHART_HEIGHT, 60 + 44 * bars)}
        else:
            chart.set_y_axis({**values, "major_gridlines": {"visible": True}})
            chart.set_x_axis(labels)
            size = {"width": min(900, 260 + 60 * bars), "height": CHART_HEIGHT}
        chart.set_size(size)
        self.cursor.skip()
        self.keep_together(size["height"] * 0.75)
        self.ws.insert_chart(self.cursor.row, 0, chart, {"object_position": 3})
        self.cursor.skip(math.ceil(size["height"] / 20) + 1)

    def method_note(self, lines: list[str]) -> None:
        """The method note: one wrapped paragraph per line, under a heading."""
        self.cursor.skip()
        width = sum(self.cursor.widths.get(col, 8.43) for col in range(self.last_col + 1))
        self.keep_together(20 + sum(row_height([(text, width)]) or DEFAULT_ROW_POINTS for text in lines if text))
        self.cursor.line((term("method", self.language), self.formats.title))
        for text in lines:
            if text:
                self.cursor.paragraph(text, self.last_col)

    def finish(self) -> None:
        print_setup(self.ws, self._repeat)
        if self._breaks:
            self.ws.set_h_pagebreaks(self._breaks)


def mean_cell(total, n, formats):
    return (total / n, formats.decimal) if n else None
