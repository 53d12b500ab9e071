"""Summary statistics accumulated in one streaming pass over the responses.

Rows are never kept. For each response, each grouping field (event, province, district,
and grouping questions such as sex or kind of organisation) gives a value, numbered in
the order values first appear; every question then adds its answer to one small table per
grouping, indexed by that number. Frequencies are the sums of any one grouping's table,
crosstabs are the tables themselves, Likert scores are computed from them afterwards.
Memory grows with the number of distinct group values times the number of choices, never
with the number of responses. (Counting each *combination* of group values instead would,
with half a dozen groupings, make nearly every response a combination of its own.)

Two things are kept on disk rather than in memory (see :mod:`exports.spool`): numeric
answers, for an exact median, read back one question at a time at the end; and open
text answers, up to ``text_limit`` per question, listed with event, province, district.
"""
from __future__ import annotations

from .columns import Field, Table
from .groupings import Grouping
from .records import ResponseRecord
from .spool import NumberLog, TextBuffer
from .values import number_or_none


class FieldStats:
    """Counts for one question; ``feed(answers, vis)`` is called once per row of its table,
    ``vis`` being the response's value number in each grouping.

    Choice counts live in flat lists, one per grouping, with a slot per (group value,
    choice); :meth:`grow` adds the slots of a new group value. Answers that are not among
    the choices (an older version's choice, a value sent through the API) go to
    ``extra``, keyed by (value, grouping, value number). Rank answers count
    (choice, position) pairs overall. Numbers keep n, sum, min and max per group value and
    every value in a :class:`NumberLog`; dates and times keep n, earliest and latest (ISO
    text sorts in time order); texts go to a :class:`TextBuffer`.
    """

    def __init__(self, field: Field, n_groupings: int, text_limit: int):
        self.field = field
        self.kind = field.kind
        choices = [c.name for c in field.choices] if self.kind in ("select_one", "select_multiple") else []
        self.choices = choices
        self.width = len(choices)
        self.slots: list[list[int]] = [[] for _ in range(n_groupings)]
        self.answered: list[list[int]] = [[] for _ in range(n_groupings)]
        self.extra: dict = {}
        self.ranks: dict = {}
        self.numbers_per_group: list[list[list]] = [[[], [], [], []] for _ in range(n_groupings)]
        self.numbers = NumberLog()
        self.count = 0
        self.low = self.high = None
        self.text_limit = text_limit
        self.text_count = 0
        self.text_buffer = TextBuffer()
        feeder = getattr(self, f"_feeder_{self.kind}", self._feeder_text)
        self.feed = feeder(field.name, {c: i for i, c in enumerate(choices)})

    def grow(self, grouping: int) -> None:
        """Make room for one more value of the grouping at index ``grouping``."""
        if self.width:
            self.slots[grouping].extend([0] * self.width)
        self.answered[grouping].append(0)
        if self.kind == "number":
            for column, start in zip(self.numbers_per_group[grouping], (0, 0.0, None, None)):
                column.append(start)

    # Feeders: closures over what they touch, as they run for every answer.

    def _count_extra(self, value, vis) -> None:
        extra = self.extra
        for grouping, vi in enumerate(vis):
            key = (value, grouping, vi)
            extra[key] = extra.get(key, 0) + 1

    def _feeder_select_one(self, name, index):
        tables, width, count_extra = self.slots, self.width, self._count_extra

        def feed(answers, vis):
            value = answers.get(name)
            if value is not None:
                i = index.get(value) if value.__class__ is str else None
                if i is None:
                    count_extra(str(value), vis)
                else:
                    for table, vi in zip(tables, vis):
                        table[vi * width + i] += 1

        return feed

    def _feeder_select_multiple(self, name, index):
        tables, width, answered, count_extra = self.slots, self.width, self.answered, self._count_extra

        def feed(answers, vis):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is str:
                value = value.split()
            for table, vi in zip(answered, vis):
                table[vi] += 1
            for choice in set(value) if len(value) > 1 else value:
                i = index.get(choice)
                if i is None:
                    count_extra(str(choice), vis)
                else:
                    for table, vi in zip(tables, vis):
                        table[vi * width + i] += 1

        return feed

    def _feeder_rank(self, name, index):
        ranks = self.ranks

        def feed(answers, vis):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is str:
                value = value.split()
            self.count += 1
            for position, choice in enumerate(value, 1):
                key = (str(choice), position)
                ranks[key] = ranks.get(key, 0) + 1

        return feed

    def _feeder_number(self, name, index):
        per_group, log = self.numbers_per_group, self.numbers.append

        def feed(answers, vis):
            value = answers.get(name)
            if value is None:
                return
            cls = value.__class__
            if cls is not int and not (cls is float and value - value == 0):
                value = number_or_none(value)
                if value is None:
                    return
            log(value)
            for (counts, sums, lows, highs), vi in zip(per_group, vis):
                counts[vi] += 1
                sums[vi] += value
                low = lows[vi]
                if low is None:
                    lows[vi] = highs[vi] = value
                elif value < low:
                    lows[vi] = value
                elif value > highs[vi]:
                    highs[vi] = value

        return feed

    def _feeder_date(self, name, index):
        def feed(answers, vis):
            value = answers.get(name)
            if value is not None:
                text = value if value.__class__ is str else str(value)
                self.count += 1
                if self.low is None:
                    self.low = self.high = text
                elif text < self.low:
                    self.low = text
                elif text > self.high:
                    self.high = text

        return feed

    _feeder_time = _feeder_datetime = _feeder_date

    def _feeder_text(self, name, index):
        limit, add = self.text_limit, self.text_buffer.add

        def feed(answers, vis):
            value = answers.get(name)
            if value is None or value == "":
                return
            self.text_count += 1
            if self.text_count <= limit:
                add(str(vis[0]), str(vis[1]), str(vis[2]), value if value.__class__ is str else str(value))

        return feed

    # Results, after the pass. ``values`` lists a grouping's values by their number.

    def counts_by(self, grouping: int, values: list) -> dict:
        """group value -> {answer -> count}, for the grouping at index ``grouping``."""
        table: dict = {}
        width, slots = self.width, self.slots[grouping]
        for vi, value in enumerate(values):
            row = {self.choices[i]: n for i, n in enumerate(slots[vi * width:(vi + 1) * width]) if n}
            if row:
                table[value] = row
        for (answer, g, vi), n in self.extra.items():
            if g == grouping:
                row = table.setdefault(values[vi], {})
                row[answer] = row.get(answer, 0) + n
        return table

    def value_counts(self) -> dict:
        """answer -> count over all responses (any grouping's table sums to it; the first)."""
        totals: dict = {}
        width, slots = self.width, self.slots[0]
        for position, n in enumerate(slots):
            if n:
                choice = self.choices[position % width]
                totals[choice] = totals.get(choice, 0) + n
        for (answer, g, _), n in self.extra.items():
            if g == 0:
                totals[answer] = totals.get(answer, 0) + n
        return totals

    def answered_by(self, grouping: int, values: list) -> dict:
        """group value -> rows that answered a multiple choice question."""
        return {values[vi]: n for vi, n in enumerate(self.answered[grouping]) if n}

    def answered_total(self) -> int:
        return sum(self.answered[0]) if self.kind == "select_multiple" else self.count

    def numbers_by(self, grouping: int, values: list) -> dict:
        """group value -> [n, sum, min, max] of a numeric question."""
        return {values[vi]: [n, total, low, high]
                for vi, (n, total, low, high) in enumerate(zip(*self.numbers_per_group[grouping])) if n}

    def texts(self):
        """(event, province, district value numbers, text) of the listed open answers."""
        for event, province, district, text in self.text_buffer.rows():
            yield int(event), int(province), int(district), text

    def close(self) -> None:
        self.text_buffer.close()
        self.numbers.close()


class Accumulator:
    """Feeds every question of every table, for one response at a time."""

    def __init__(self, tables: list[Table], groupings: list[Grouping], text_limit: int = 20000):
        self.groupings = groupings
        self.tables = tables
        self.stats = {t.name: [FieldStats(f, len(groupings), text_limit) for f in t.fields] for t in tables}
        #: Per grouping: value -> its number, and the values by number.
        self.numbers: list[dict] = [{} for _ in groupings]
        self.values: list[list] = [[] for _ in groupings]
        self.responses = 0
        self._all = [s for stats in self.stats.values() for s in stats]
        self._getters = [(g.value_of, numbers) for g, numbers in zip(groupings, self.numbers)]
        self._main_feeds = [s.feed for s in self.stats[tables[0].name]]
        self._repeats = [(t.path, [s.feed for s in self.stats[t.name]]) for t in tables[1:]]

    def _new_value(self, grouping: int, value) -> int:
        vi = self.numbers[grouping][value] = len(self.values[grouping])
        self.values[grouping].append(value)
        for stats in self._all:
            stats.grow(grouping)
        return vi

    def add(self, record: ResponseRecord) -> None:
        vis = []
        for grouping, (value_of, numbers) in enumerate(self._getters):
            value = value_of(record)
            vi = numbers.get(value)
            vis.append(self._new_value(grouping, value) if vi is None else vi)
        self.responses += 1
        answers = record.answers
        for feed in self._main_feeds:
            feed(answers, vis)
        for path, feeds in self._repeats:
            for item in instances(answers, path):
                for feed in feeds:
                    feed(item, vis)

    def close(self) -> None:
        for stats in self._all:
            stats.close()


def instances(answers, path):
    """The repeat instances (mappings) at ``path`` (repeat names, outermost first)."""
    items = answers.get(path[0])
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, dict):
            if len(path) == 1:
                yield item
            else:
                yield from instances(item, path[1:])
