"""``sdg_seminar``: pre and post knowledge scores and the learning gain, by province and level."""
from __future__ import annotations

from ..sheet import Cursor
from ..values import number_or_none
from .base import Report, choice_labels, mean_cell, place, term


class SdgSeminarReport(Report):
    def __init__(self, form, tables, language):
        super().__init__(form, tables, language)
        self.by = {"province": {}, "level": {}}

    def add(self, record):
        answers = record.answers
        pre = answers.get("pre_score")
        post = answers.get("post_score")
        pre = number_or_none(pre) if pre is not None else None
        post = number_or_none(post) if post is not None else None
        if pre is None and post is None:
            return
        for key, value in (("province", place(record, "province")), ("level", answers.get("level"))):
            # [n pre, sum pre, n post, sum post, n paired, sum paired pre, sum gain]
            s = self.by[key].setdefault(value, [0, 0.0, 0, 0.0, 0, 0.0, 0.0])
            if pre is not None:
                s[0] += 1
                s[1] += pre
            if post is not None:
                s[2] += 1
                s[3] += post
            if pre is not None and post is not None:
                s[4] += 1
                s[5] += pre
                s[6] += post - pre

    def write(self, ws, formats):
        lang = self.language
        ws.set_column(0, 0, 30)
        ws.set_column(1, 7, 13)
        c = Cursor(ws, formats)
        c.heading(term("sdg_title", lang))
        c.skip()
        for key, title, choices_of in (("province", "by_province", self.fields.get("province")),
                                       ("level", "by_level", self.fields.get("level"))):
            c.heading(term(title, lang))
            c.header(term(key, lang), term("n_pre", lang), term("pre", lang), term("n_post", lang), term("post", lang),
                     term("n_paired", lang), term("gain", lang), term("gain_pct", lang))
            labels = choice_labels(choices_of, lang)
            order = {name: i for i, name in enumerate(labels)}
            groups = self.by[key]
            total = [sum(s[i] for s in groups.values()) for i in range(7)]
            rows = [(labels.get(v, v) if v is not None else term("none", lang), groups[v])
                    for v in sorted(groups, key=lambda v: (v is None, order.get(v, len(order)), str(v)))]
            for label, s in rows + [(term("total", lang), total)]:
                c.line(str(label), s[0], mean_cell(s[1], s[0], formats), s[2], mean_cell(s[3], s[2], formats),
                       s[4], mean_cell(s[6], s[4], formats),
                       (s[6] / s[5], formats.percent) if s[4] and s[5] else None)
            c.skip()
