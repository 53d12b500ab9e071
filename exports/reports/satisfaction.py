"""``satisfaction``: overall satisfaction per meeting and theme (seed 004's table)."""
from __future__ import annotations

from ..sheet import Cursor
from ..stats import likert_scores, top_two
from .base import Report, term


class SatisfactionReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        overall = self.fields.get("overall")
        if overall is None:
            overall = next((f for f in tables[0].fields if f.is_likert), None)
        self.question = overall
        self.top = top_two(overall) if overall else set()
        #: Answers that count: those on the scale ("don't know" is not satisfied nor unsatisfied).
        self.scale = set(likert_scores(overall)) if overall else set()
        #: event key -> [EventInfo, answered on the scale, top two, order of first appearance]
        self.events: dict = {}

    def add(self, record):
        event = record.event
        key = event.id if event.id is not None else event.title
        entry = self.events.get(key)
        if entry is None:
            entry = self.events[key] = [event, 0, 0, len(self.events)]
        value = record.answers.get(self.question.name) if self.question else None
        if value is not None and str(value) in self.scale:
            entry[1] += 1
            entry[2] += str(value) in self.top

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 1, 45)
        ws.set_column(2, 3, 16)
        c = Cursor(ws, formats)
        c.heading(term("satisfaction_title", lang))
        c.header(term("meeting", lang), term("theme", lang), term("overall", lang), "n")
        ordered = sorted(self.events.values(), key=lambda e: (e[0].date is None, e[0].date or 0, e[3]))
        for event, answered, top, _ in ordered:
            c.line((event.title, formats.wrap), (event.theme, formats.wrap) if event.theme else None,
                   (top / answered, formats.percent_whole) if answered else None, answered)
