"""The summary sheet and the open answers sheet of the analyst workbook.

One block per question, in document order, each a small table that can be pasted into a
report: choices with n and % and a native Excel bar chart; a Likert battery (consecutive
Likert questions sharing a choice list) as one table of shares, % in the top two boxes
and mean score, with a 100 % stacked bar chart; numbers as n, mean, median, min, max;
dates as n, earliest, latest. Open text answers are listed on their own sheet with the
event, province and district they came from.

Everything is computed from :class:`exports.aggregate.Accumulator` counts after the
streaming pass; no response is read here.
"""
from __future__ import annotations

import math

from forms.definition import FormDefinition, text_in

from .aggregate import Accumulator, FieldStats
from .columns import Field, Table
from .sheet import Cursor, in_language, percent, ui
from .styles import print_setup
from .stats import choice_values, likert_batteries, likert_figures, number_summary
from .values import datetime_serial, date_serial, time_serial

_ROW_PX = 20


def _chart_rows(chart_height: int) -> int:
    return math.ceil(chart_height / _ROW_PX) + 1


class SummaryWriter:
    """Writes the summary blocks of every table, and the open answers."""

    def __init__(self, workbook, formats, language: str, sheet_name: str, form: FormDefinition | None = None):
        self.workbook = workbook
        self.formats = formats
        self.language = language
        self.sheet_name = sheet_name
        self.ws = workbook.add_worksheet(sheet_name)
        self.cursor = Cursor(self.ws, formats)
        self.ws.set_column(0, 0, 45)
        self.ws.set_column(1, 12, 12)
        print_setup(self.ws, (0, 0))
        #: Question key -> the labels of the groups it sits in (outermost first, within its table).
        self.groups = _group_paths(form) if form else {}

    def _bar_chart(self, title: str, cats: tuple, vals: tuple, n_bars: int, percent_axis: bool):
        chart = self.workbook.add_chart({"type": "bar"})
        chart.add_series({"name": title, "categories": [self.sheet_name, *cats],
                          "values": [self.sheet_name, *vals], "data_labels": {"value": True}})
        chart.set_title({"name": title, "name_font": {"size": 10}})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        if percent_axis:
            chart.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
        height = max(180, 40 + 28 * n_bars)
        chart.set_size({"width": 480, "height": height})
        return chart, height

    def write(self, accumulator: Accumulator) -> None:
        c = self.cursor
        c.line(ui("responses", self.language), accumulator.responses)
        c.skip()
        for table in accumulator.tables:
            stats = {s.field.name: s for s in accumulator.stats[table.name]}
            if table.repeat is not None:
                name = text_in(table.repeat.label, self.language) or table.name
                c.heading(f"{ui('repeat', self.language)}: {name}")
                c.skip()
            self._write_table(table, stats)

    def _write_table(self, table: Table, stats: dict[str, FieldStats]) -> None:
        batteries = {run[0].name: run for run in likert_batteries(table.fields)}
        in_battery = {f.name for run in batteries.values() for f in run}
        shown: tuple = ()
        for field in table.fields:
            path = self.groups.get(field.name, ())
            if path != shown and field.name not in in_battery - set(batteries):
                # the groups entered here: "Before the seminar" above its questions, "After" above its own
                common = next((i for i, (a, b) in enumerate(zip(path, shown)) if a != b), min(len(path), len(shown)))
                for label in path[common:]:
                    self.cursor.line((in_language(label, self.language), self.formats.group))
                    self.cursor.skip()
                shown = path
            if field.name in batteries:
                self._likert(batteries[field.name], stats)
            elif field.name not in in_battery:
                getattr(self, f"_{field.kind}", self._text)(field, stats[field.name])

    def _title(self, field: Field, answered: int) -> None:
        self.cursor.heading(field.label(self.language))
        self.cursor.line(f"{ui('answered', self.language)}: {answered}  ({field.name})")

    def _frequencies(self, field: Field, counts: dict, total: int, label_key: str) -> tuple[int, int]:
        """Choice | n | % rows; returns (first, last) data row."""
        c = self.cursor
        c.header(ui("choice", self.language), "n", ui(label_key, self.language))
        first = c.row
        labels = {ch.name: field.choice_label(ch, self.language) for ch in field.choices}
        for value in choice_values(field, counts):
            n = counts.get(value, 0)
            c.line(labels.get(value, str(value)), n, percent(n, total, self.formats))
        return first, c.row - 1

    def _choice_block(self, field: Field, counts: dict, total: int, label_key: str) -> None:
        c = self.cursor
        top = c.row
        self._title(field, total)
        first, last = self._frequencies(field, counts, total, label_key)
        chart, height = self._bar_chart(field.label(self.language), (first, 0, last, 0),
                                        (first, 2, last, 2), last - first + 1, True)
        self.ws.insert_chart(top, 4, chart)
        c.reserve(top + _chart_rows(height))
        c.skip()

    def _select_one(self, field: Field, s: FieldStats) -> None:
        counts = s.value_counts()
        self._choice_block(field, counts, sum(counts.values()), "percent")

    def _select_multiple(self, field: Field, s: FieldStats) -> None:
        self._choice_block(field, s.value_counts(), s.answered_total(), "percent_respondents")

    def _rank(self, field: Field, s: FieldStats) -> None:
        c = self.cursor
        top = c.row
        answered = s.answered_total()
        self._title(field, answered)
        by_choice: dict = {}
        for (choice, position), n in s.ranks.items():
            entry = by_choice.setdefault(choice, [0, 0, 0])
            entry[0] += n if position == 1 else 0
            entry[1] += n * position
            entry[2] += n
        c.header(ui("choice", self.language), ui("ranked_first", self.language),
                 ui("mean_position", self.language), ui("ranked", self.language))
        first = c.row
        labels = {ch.name: field.choice_label(ch, self.language) for ch in field.choices}
        for value in choice_values(field, by_choice):
            firsts, positions, n = by_choice.get(value, (0, 0, 0))
            c.line(labels.get(value, str(value)), firsts,
                   (positions / n, self.formats.decimal) if n else None, n)
        chart, height = self._bar_chart(field.label(self.language), (first, 0, c.row - 1, 0),
                                        (first, 1, c.row - 1, 1), c.row - first, False)
        self.ws.insert_chart(top, 5, chart)
        c.reserve(top + _chart_rows(height))
        c.skip()

    def _number(self, field: Field, s: FieldStats) -> None:
        figures = number_summary(s.numbers.values())
        self._title(field, figures["n"] if figures else 0)
        c = self.cursor
        c.header(ui("statistic", self.language), ui("value", self.language))
        if figures:
            c.line("n", figures["n"])
            for key in ("mean", "median", "min", "max"):
                c.line(ui(key, self.language), (figures[key], self.formats.decimal))
        c.skip()

    def _dated(self, field: Field, low, high, n: int, convert, fmt) -> None:
        self._title(field, n)
        c = self.cursor
        c.header(ui("statistic", self.language), ui("value", self.language))
        c.line("n", n)
        for key, value in (("earliest", low), ("latest", high)):
            serial = convert(value) if value is not None else None
            c.line(ui(key, self.language), (serial, fmt) if serial is not None else value)
        c.skip()

    def _date(self, field: Field, s: FieldStats) -> None:
        self._dated(field, s.low, s.high, s.count, date_serial, self.formats.date)

    def _time(self, field: Field, s: FieldStats) -> None:
        self._dated(field, s.low, s.high, s.count, time_serial, self.formats.time)

    def _datetime(self, field: Field, s: FieldStats) -> None:
        self._dated(field, s.low, s.high, s.count, datetime_serial, self.formats.datetime)

    def _text(self, field: Field, s: FieldStats) -> None:
        self._title(field, s.text_count)
        if s.text_count:
            self.cursor.line(ui("see_open", self.language))
        self.cursor.skip()

    def _likert(self, run: list[Field], stats: dict[str, FieldStats]) -> None:
        c = self.cursor
        lang = self.language
        choices = run[0].choices
        c.heading(ui("likert", lang))
        c.header(ui("question", lang), *[run[0].choice_label(ch, lang) for ch in choices], "n",
                 ui("top_two", lang), ui("mean_score", lang))
        first = c.row
        all_counts = {}
        for field in run:
            counts = all_counts[field.name] = stats[field.name].value_counts()
            figures = likert_figures(field, counts)
            n = sum(counts.get(ch.name, 0) for ch in choices)  # "don't know" too: the shares add up
            c.line(field.label(lang), *[percent(counts.get(ch.name, 0), n, self.formats) for ch in choices],
                   n, (figures["top_two"], self.formats.percent) if figures else None,
                   (figures["mean"], self.formats.decimal) if figures else None)
        last = c.row - 1
        chart = self.workbook.add_chart({"type": "bar", "subtype": "percent_stacked"})
        for i, choice in enumerate(choices, 1):
            chart.add_series({"name": [self.sheet_name, first - 1, i],
                              "categories": [self.sheet_name, first, 0, last, 0],
                              "values": [self.sheet_name, first, i, last, i]})
        chart.set_title({"name": ui("likert", lang), "name_font": {"size": 10}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "bottom"})
        height = max(220, 120 + 36 * len(run))
        chart.set_size({"width": 620, "height": height})
        c.skip()
        self.ws.insert_chart(c.row, 0, chart)
        c.skip(_chart_rows(height))
        for field in run:
            counts = all_counts[field.name]
            self._title(field, sum(counts.values()))
            self._frequencies(field, counts, sum(counts.values()), "percent")
            c.skip()


class OpenAnswersWriter:
    """Lists every buffered open answer with the event, province and district."""

    def __init__(self, workbook, formats, language: str, sheet_name: str):
        self.ws = workbook.add_worksheet(sheet_name)
        self.cursor = Cursor(self.ws, formats)
        self.formats = formats
        self.language = language
        self.ws.set_column(0, 0, 70)
        self.ws.set_column(1, 3, 22)

    def write(self, accumulator: Accumulator) -> None:
        c, lang = self.cursor, self.language
        event, province, district = accumulator.groupings[:3]
        for table in accumulator.tables:
            for s in accumulator.stats[table.name]:
                if s.kind != "text" or not s.text_count:
                    continue
                c.heading(s.field.label(lang))
                if s.text_count > s.text_limit:
                    c.line(ui("shown_first", lang, shown=s.text_limit, total=s.text_count))
                c.header(ui("answer", lang), text_of(event.label, lang), text_of(province.label, lang),
                         text_of(district.label, lang))
                for *numbers, text in s.texts():
                    places = [accumulator.values[i][vi] for i, vi in enumerate(numbers)]
                    c.line((text, self.formats.wrap), *[
                        g.short_label_of(value, lang) if value is not None else None
                        for g, value in zip((event, province, district), places)])
                c.skip()


def text_of(label, language: str) -> str:
    return text_in(label, language, ["en"])


def _group_paths(form: FormDefinition) -> dict[str, tuple]:
    """Question key -> labels of the (non-repeat) groups around it, inside its nearest repeat."""
    paths: dict[str, tuple] = {}
    for question, ancestors in form.walk():
        if question.carries_answer:
            inner = ancestors
            for i, ancestor in enumerate(ancestors):
                if ancestor.is_repeat:
                    inner = ancestors[i + 1:]
            paths[question.key] = tuple(a.label or {"en": a.name} for a in inner if a.is_container)
    return paths
