"""``consultation``: priorities ranked by province and by sector, and the challenges listed."""
from __future__ import annotations

from ..aggregate import instances
from ..sheet import Cursor
from ..spool import TextBuffer
from .base import Report, choice_labels, place, term


class ConsultationReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        self.priorities = self.fields.get("priorities")
        self.k = len(self.priorities.choices) if self.priorities else 0
        #: grouping -> group value -> priority -> [points, mentions]
        self.by = {"province": {}, "sector": {}}
        self.challenges = TextBuffer()
        where = next(((t, f.name) for t in tables for f in t.fields if f.name in ("challenge", "challenges")),
                     (None, None))
        self.challenge_table, self.challenge = where

    def add(self, record):
        answers = record.answers
        province, sector = place(record, "province"), answers.get("sector")
        value = answers.get("priorities")
        if value is not None and self.priorities is not None:
            chosen = value.split() if isinstance(value, str) and self.priorities.kind != "select_one" else value
            chosen = chosen if isinstance(chosen, list) else [chosen]
            is_rank = self.priorities.kind == "rank"
            for position, priority in enumerate(chosen):
                points = max(self.k - position, 1) if is_rank else 1
                for key, group in (("province", province), ("sector", sector)):
                    entry = self.by[key].setdefault(group, {}).setdefault(priority, [0, 0])
                    entry[0] += points
                    entry[1] += 1
        if self.challenge is None:
            return
        table = self.challenge_table
        items = [answers] if table.repeat is None else instances(answers, table.path)
        district = place(record, "district")
        for item in items:
            text = item.get(self.challenge)
            if text:
                self.challenges.add(str(province or ""), str(district or ""),
                                    str(item.get("topic_sector") or sector or ""), str(text),
                                    str(item.get("proposal") or ""))

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 2, 22)
        ws.set_column(3, 4, 55)
        c = Cursor(ws, formats)
        c.heading(term("priorities_title", lang))
        c.skip()
        priority_labels = choice_labels(self.priorities, lang)
        for key, title in (("province", "by_province"), ("sector", "by_sector")):
            group_labels = choice_labels(self.fields.get(key), lang)
            c.heading(term(title, lang))
            c.header(term(key, lang), term("rank", lang), term("priority", lang), term("points", lang),
                     term("mentions", lang))
            order = {name: i for i, name in enumerate(group_labels)}
            for group in sorted(self.by[key], key=lambda v: (v is None, order.get(v, len(order)), str(v))):
                ranked = sorted(self.by[key][group].items(), key=lambda kv: (-kv[1][0], -kv[1][1], str(kv[0])))
                name = group_labels.get(group, group) if group is not None else term("none", lang)
                for rank, (priority, (points, mentions)) in enumerate(ranked, 1):
                    c.line(str(name), rank, priority_labels.get(priority, str(priority)), points, mentions)
            c.skip()
        c.heading(term("challenges", lang))
        c.header(term("province", lang), term("district", lang), term("sector", lang), term("challenges", lang),
                 term("proposal", lang))
        labels = {key: choice_labels(self.fields.get(key), lang) for key in ("province", "district", "sector")}
        for province, district, sector, text, proposal in self.challenges.rows():
            c.line(labels["province"].get(province, province) or None,
                   labels["district"].get(district, district) or None,
                   labels["sector"].get(sector, sector) or None, (text, formats.wrap),
                   (proposal, formats.wrap) if proposal else None)

    def close(self):
        self.challenges.close()
