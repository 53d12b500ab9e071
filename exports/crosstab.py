"""Disaggregation: every closed question broken down by one grouping field per sheet.

SWG reports ask "how did women answer, and men?", "which provinces were least
satisfied?". For each grouping (event, province, district, sex, kind of organisation, or
any select_one question the caller names) a sheet holds one crosstab per question: a row
per group value, counts per answer, the row total, and row percentages; Likert questions
add % in the top two boxes and the mean score, multiple choice questions count
respondents, numbers give n, mean, min and max per group. Questions inside a repeat follow
under the repeat's title, each instance counted in the group of its response. All from
the streamed counts.
"""
from __future__ import annotations

from forms.definition import text_in

from .aggregate import Accumulator
from .columns import Field
from .groupings import Grouping
from .sheet import Cursor, percent, ui
from .styles import print_setup
from .stats import choice_values, likert_figures
from .summary import text_of


class CrosstabWriter:
    """One sheet of crosstabs for one grouping."""

    def __init__(self, workbook, formats, language: str, sheet_name: str, grouping: Grouping, index: int):
        self.ws = workbook.add_worksheet(sheet_name)
        self.cursor = Cursor(self.ws, formats)
        self.formats = formats
        self.language = language
        self.grouping = grouping
        self.index = index
        self.ws.set_column(0, 0, 34)
        self.ws.set_column(1, 40, 11)
        self.ws.freeze_panes(0, 1)

    def write(self, accumulator: Accumulator) -> bool:
        """Write the sheet; False (and nothing written) when the grouping has fewer than two
        values, as when every response came from one province: such a sheet would only
        repeat the summary."""
        lang = self.language
        values = accumulator.values[self.index]
        if len({v for v in values if v is not None}) < 2:
            return False
        print_setup(self.ws, (0, 0))
        self.cursor.heading(f"{ui('by', lang)}: {text_of(self.grouping.label, lang)}")
        self.cursor.skip()
        values = accumulator.values[self.index]
        for table in accumulator.tables:
            if table.repeat is not None:  # its answers counted per instance, grouped by their response
                name = text_in(table.repeat.label, lang) or table.name
                self.cursor.heading(f"{ui('repeat', lang)}: {name}")
                self.cursor.skip()
            # a question crossed with itself (province by province) is its own frequency table
            itself = self.grouping.key if table.repeat is None else None
            self._write_table([s for s in accumulator.stats[table.name] if s.field.name != itself], values)
        return True

    def _write_table(self, stats: list, values: list) -> None:
        for s in stats:
            if s.kind == "select_one":
                self._choices(s.field, s.counts_by(self.index, values), None)
            elif s.kind == "select_multiple":
                self._choices(s.field, s.counts_by(self.index, values), s.answered_by(self.index, values))
            elif s.kind == "number":
                self._numbers(s.field, s.numbers_by(self.index, values))

    def _choices(self, field: Field, table: dict, respondents: dict | None) -> None:
        """Counts and row % per group; ``respondents`` given for multiple choice questions."""
        c, lang, g = self.cursor, self.language, self.grouping
        totals: dict = {}
        for row in table.values():
            for value, n in row.items():
                totals[value] = totals.get(value, 0) + n
        values = choice_values(field, totals)
        labels = {ch.name: field.choice_label(ch, lang) for ch in field.choices}
        names = [labels.get(v, str(v)) for v in values]
        likert = field.is_likert
        c.heading(field.label(lang))
        base_label = ui("total", lang) if respondents is None else ui("responses", lang)
        extra = [ui("top_two", lang), ui("mean_score", lang)] if likert else []
        c.header(text_of(g.label, lang), *names, base_label, *[f"{n} %" for n in names], *extra)
        rows = [(g.label_of(key, lang), table[key], respondents.get(key, 0) if respondents else None)
                for key in g.sorted_values(table)]
        all_base = sum(respondents.values()) if respondents else sum(totals.values())
        rows.append((ui("total", lang), totals, all_base))
        for label, counts, base in rows:
            base = sum(counts.values()) if base is None else base
            cells = [counts.get(v, 0) for v in values]
            shares = [percent(n, base, self.formats) for n in cells]
            figures = likert_figures(field, counts) if likert else None
            tail = [(figures["top_two"], self.formats.percent), (figures["mean"], self.formats.decimal)] \
                if figures else []
            c.line(label, *cells, base, *shares, *tail)
        c.skip()

    def _numbers(self, field: Field, table: dict) -> None:
        c, lang, g = self.cursor, self.language, self.grouping
        c.heading(field.label(lang))
        c.header(text_of(g.label, lang), "n", ui("mean", lang), ui("min", lang), ui("max", lang))
        overall = [0, 0, None, None]
        for key in g.sorted_values(table):
            n, total, low, high = table[key]
            c.line(g.label_of(key, lang), n, (total / n, self.formats.decimal), low, high)
            overall = [overall[0] + n, overall[1] + total,
                       low if overall[2] is None else min(overall[2], low),
                       high if overall[3] is None else max(overall[3], high)]
        if overall[0]:
            c.line(ui("total", lang), overall[0], (overall[1] / overall[0], self.formats.decimal),
                   overall[2], overall[3])
        c.skip()
