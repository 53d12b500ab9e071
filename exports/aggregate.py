"""Summary statistics accumulated in one streaming pass over the responses.

Rows are never kept. For each response the values of the grouping fields (event,
province, district, and grouping questions such as sex or kind of organisation) are
reduced to a small integer, the *group id* of that combination; every question then
counts ``(answer, group id)`` pairs. Frequencies, crosstabs by any one grouping field and
Likert scores are all sums over these counts afterwards, so memory grows with the number
of distinct answer/group combinations, never with the number of responses.

Two exceptions, both kept on disk rather than in memory (see :mod:`exports.spool`):
numeric answers (for an exact median, read back one question at a time at the end) and
open text answers (up to ``text_limit`` per question, listed with province and district).
"""
from __future__ import annotations

from .columns import Field, Table
from .groupings import Grouping
from .records import ResponseRecord
from .spool import NumberLog, TextBuffer
from .values import number_or_none


class FieldStats:
    """Counts for one question; ``feed(answers, gid)`` is called once per row of its table.

    Choice counts live in one flat list per question, one slot per (group id, choice),
    grown by :meth:`grow` when a new group combination appears: a few bytes per
    combination instead of a dictionary entry per (answer, group) pair. Answers that are
    not among the choices (an older version's choice, a value sent through the API) and
    rank positions go to ``extra``, keyed by (value, gid). Numbers keep n, sum, min and
    max per group and every value in a :class:`NumberLog`; dates and times keep n and the
    earliest and latest (ISO text sorts in time order); texts go to a :class:`TextBuffer`.
    """

    def __init__(self, field: Field, text_limit: int):
        self.field = field
        self.kind = field.kind
        choices = [c.name for c in field.choices] if self.kind in ("select_one", "select_multiple") else []
        self.width = len(choices)
        self.slots: list[int] = []
        self.extra: dict = {}
        self.answered: list[int] = []
        self.by_group: list[list] = [[], [], [], []]  # numbers: n, sum, min, max per gid
        self.numbers = NumberLog()
        self.count = 0
        self.low = self.high = None
        self.text_limit = text_limit
        self.text_count = 0
        self.text_buffer = TextBuffer()
        self._marginals: list[dict] | None = None
        feeder = getattr(self, f"_feeder_{self.kind}", self._feeder_text)
        self.feed = feeder(field.name, {c: i for i, c in enumerate(choices)})

    def grow(self) -> None:
        """Make room for one more group id."""
        if self.width:
            self.slots.extend([0] * self.width)
        self.answered.append(0)
        if self.kind == "number":
            for column, start in zip(self.by_group, (0, 0.0, None, None)):
                column.append(start)

    # Feeders: closures over what they touch, as they run for every answer.

    def _feeder_select_one(self, name, index):
        slots, extra, width = self.slots, self.extra, self.width

        def feed(answers, gid):
            value = answers.get(name)
            if value is not None:
                i = index.get(value) if value.__class__ is str else None
                if i is None:
                    key = (str(value), gid)
                    extra[key] = extra.get(key, 0) + 1
                else:
                    slots[gid * width + i] += 1

        return feed

    def _feeder_select_multiple(self, name, index):
        slots, extra, width, answered = self.slots, self.extra, self.width, self.answered

        def feed(answers, gid):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is str:
                value = value.split()
            answered[gid] += 1
            base = gid * width
            for choice in set(value) if len(value) > 1 else value:
                i = index.get(choice)
                if i is None:
                    key = (str(choice), gid)
                    extra[key] = extra.get(key, 0) + 1
                else:
                    slots[base + i] += 1

        return feed

    def _feeder_rank(self, name, index):
        extra, answered = self.extra, self.answered

        def feed(answers, gid):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is str:
                value = value.split()
            answered[gid] += 1
            for position, choice in enumerate(value, 1):
                key = ((str(choice), position), gid)
                extra[key] = extra.get(key, 0) + 1

        return feed

    def _feeder_number(self, name, index):
        counts, sums, lows, highs = self.by_group
        log = self.numbers.append

        def feed(answers, gid):
            value = answers.get(name)
            if value is None:
                return
            cls = value.__class__
            if cls is not int and not (cls is float and value - value == 0):
                value = number_or_none(value)
                if value is None:
                    return
            log(value)
            counts[gid] += 1
            sums[gid] += value
            low = lows[gid]
            if low is None:
                lows[gid] = highs[gid] = value
            elif value < low:
                lows[gid] = value
            elif value > highs[gid]:
                highs[gid] = value

        return feed

    def _feeder_date(self, name, index):
        def feed(answers, gid):
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
        answered, limit, buffer = self.answered, self.text_limit, self.text_buffer

        def feed(answers, gid):
            value = answers.get(name)
            if value is None or value == "":
                return
            self.text_count += 1
            answered[gid] += 1
            if self.text_count <= limit:
                buffer.add(str(gid), value if value.__class__ is str else str(value))

        return feed

    # Results, summed over groups after the pass.

    def _entries(self):
        """(value, gid, count) of every non-zero count."""
        width, slots = self.width, self.slots
        if width:
            choices = [c.name for c in self.field.choices]
            for position, n in enumerate(slots):
                if n:
                    gid, i = divmod(position, width)
                    yield choices[i], gid, n
        for (value, gid), n in self.extra.items():
            yield value, gid, n

    def value_counts(self) -> dict:
        """value -> count over all groups."""
        totals: dict = {}
        for value, _, n in self._entries():
            totals[value] = totals.get(value, 0) + n
        return totals

    def counts_by(self, index: int, groups: list[tuple]) -> dict:
        """group value -> {value -> count}, for the grouping at ``index``."""
        if self._marginals is None:
            # One sweep over the counts serves every grouping's crosstab.
            width = len(groups[0]) if groups else 0
            tables: list[dict] = [{} for _ in range(width)]
            for value, gid, n in self._entries():
                for table, key in zip(tables, groups[gid]):
                    row = table.get(key)
                    if row is None:
                        row = table[key] = {}
                    row[value] = row.get(value, 0) + n
            self._marginals = tables
        return self._marginals[index] if self._marginals else {}

    def answered_by(self, index: int, groups: list[tuple]) -> dict:
        """group value -> rows that answered (select_multiple, rank, text)."""
        table: dict = {}
        for gid, n in enumerate(self.answered):
            if n:
                key = groups[gid][index]
                table[key] = table.get(key, 0) + n
        return table

    def numbers_by(self, index: int, groups: list[tuple]) -> dict:
        """group value -> [n, sum, min, max] of a numeric question."""
        table: dict = {}
        for gid, (n, total, low, high) in enumerate(zip(*self.by_group)):
            if not n:
                continue
            key = groups[gid][index]
            found = table.get(key)
            if found is None:
                table[key] = [n, total, low, high]
            else:
                found[0] += n
                found[1] += total
                found[2] = min(found[2], low)
                found[3] = max(found[3], high)
        return table

    def texts(self):
        """(gid, text) of the buffered open answers, in the order they came."""
        for gid, text in self.text_buffer.rows():
            yield int(gid), text

    def close(self) -> None:
        self.text_buffer.close()
        self.numbers.close()


class Accumulator:
    """Feeds every question of every table, for one response at a time."""

    def __init__(self, tables: list[Table], groupings: list[Grouping], text_limit: int = 20000):
        self.groupings = groupings
        self.tables = tables
        self.stats = {t.name: [FieldStats(f, text_limit) for f in t.fields] for t in tables}
        self.group_ids: dict[tuple, int] = {}
        self.groups: list[tuple] = []
        self.responses = 0
        self._value_ofs = [g.value_of for g in groupings]
        self._all = [s for stats in self.stats.values() for s in stats]
        self._main_feeds = [s.feed for s in self.stats[tables[0].name]]
        self._repeats = [(t.path, [s.feed for s in self.stats[t.name]]) for t in tables[1:]]

    def add(self, record: ResponseRecord) -> None:
        groups = tuple([value_of(record) for value_of in self._value_ofs])
        gid = self.group_ids.get(groups)
        if gid is None:
            gid = self.group_ids[groups] = len(self.groups)
            self.groups.append(groups)
            for stats in self._all:
                stats.grow()
        self.responses += 1
        answers = record.answers
        for feed in self._main_feeds:
            feed(answers, gid)
        for path, feeds in self._repeats:
            for item in instances(answers, path):
                for feed in feeds:
                    feed(item, gid)

    def close(self) -> None:
        for stats in self.stats.values():
            for s in stats:
                s.close()


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
